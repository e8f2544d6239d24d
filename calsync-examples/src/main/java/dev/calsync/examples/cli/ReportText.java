package dev.calsync.examples.cli;

import dev.calsync.core.Side;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.sync.SyncReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link SyncReport} as the few lines a person reads after a sync. */
public final class ReportText {
    private ReportText() {}

    /**
     * The summary of one sync: per side what was read and written, then conflicts with the rule that
     * decided them, deletions with the evidence they rest on, and what was left alone.
     *
     * @param report the sync's report
     * @param nameA how to call side A (e.g. {@code "Google"})
     * @param nameB how to call side B (e.g. {@code "iCloud"})
     */
    public static List<String> summary(SyncReport report, String nameA, String nameB) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                "pair %s: %s%s in %d ms",
                report.pairId(),
                report.dryRun() ? "dry run, would write " : "",
                report.writes() + (report.dryRun() ? "" : " writes"),
                report.duration().toMillis()));
        if (report.dryRun()) {
            lines.set(
                    0,
                    String.format(
                            "pair %s: dry run, %d operations planned, nothing written, in %d ms",
                            report.pairId(),
                            report.plan().size(),
                            report.duration().toMillis()));
        }
        for (Side side : Side.values()) {
            String name = side == Side.A ? nameA : nameB;
            SyncReport.SideSummary s = report.side(side);
            lines.add(String.format(
                    "  %-8s read %d components%s, %d deletions reported; %d requests; wrote %d created, %d updated, %d deleted%s",
                    name,
                    s.componentsRead(),
                    s.fullListing()
                            ? " (full listing" + (s.tokenRejected() ? ", token rejected)" : ")")
                            : " (changes since last sync)",
                    s.tombstonesRead(),
                    s.calls(),
                    planned(report, side, SyncOperation.Kind.CREATE),
                    planned(report, side, SyncOperation.Kind.UPDATE),
                    planned(report, side, SyncOperation.Kind.DELETE),
                    s.tokenStored() || report.dryRun() ? "" : "; sync token NOT stored"));
        }
        Map<DecidingRule, Long> conflicts = report.conflictsByRule();
        conflicts.forEach((rule, n) -> {
            if (n > 0 && rule != DecidingRule.CONTENT_EQUAL) {
                lines.add(String.format("  conflicts decided by %s: %d", rule, n));
            }
        });
        Map<DeletionEvidence, Long> deletions = report.deletionsByEvidence();
        deletions.forEach((evidence, n) -> {
            if (n > 0) {
                lines.add(String.format("  deletions on evidence %s: %d", evidence, n));
            }
        });
        if (!report.quarantined().isEmpty()) {
            lines.add("  quarantined (unreadable, left alone): "
                    + report.quarantined().size());
        }
        if (!report.duplicates().isEmpty()) {
            lines.add("  duplicates (one used, the other left alone): "
                    + report.duplicates().size());
        }
        if (!report.parked().isEmpty()) {
            lines.add("  parked until the next sync after repeated failures: "
                    + report.parked().size());
        }
        report.wouldBeRefused().ifPresent(why -> lines.add("  a real run would refuse this plan: " + why));
        return lines;
    }

    /** Operations of {@code kind} on {@code target}: applied ones, or planned ones for a dry run. */
    private static long planned(SyncReport report, Side target, SyncOperation.Kind kind) {
        if (report.dryRun()) {
            return report.plan().stream()
                    .filter(p -> p.kind() == kind && p.target() == target)
                    .count();
        }
        return report.count(target, kind);
    }
}
