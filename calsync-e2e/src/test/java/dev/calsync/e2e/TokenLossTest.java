package dev.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.Side;
import dev.calsync.core.spi.DeletionEvidence;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.store.jdbi.JdbiMappingStore;
import dev.calsync.testkit.google.GoogleApiFault;
import dev.calsync.testkit.google.RecordedRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 3, token loss, against the Google emulator and a real Radicale with the store on disk:
 * in the middle of rounds of user edits on both sides (renames, deletions, creations, each followed
 * by a sync), a stored sync token stops being accepted (Google 410 fullSyncRequired, Google 400
 * invalid sync token, CalDAV 403 DAV:valid-sync-token from Radicale, or both sides at once). The
 * users keep working while the token is invalid: they delete series on the side whose next listing
 * is a full one (so there is no tombstone), rename series, and create series on both sides.
 *
 * <p>It proves that the refusal was met and answered with a full listing; that a series missing from
 * a full listing is deleted on the other side only once a direct lookup confirmed it gone (journal
 * evidence {@code DIRECT_LOOKUP}, never the listing alone); that when the lookup fails the series is
 * kept (ORPHANED) and deleted by a later sync whose lookup confirms it; that a live series a full
 * listing leaves out is looked up, found and left alone; and, after the settling syncs, that no series
 * was lost, none duplicated, every deletion applied on both sides, every rename arrived, and the
 * store's mappings match both sides.
 */
@ExtendWith(NoSecretsInLogs.class)
class TokenLossTest {
    private static final String SCENARIO = "3. token loss";
    private static final int SERIES = 40;

    @ParameterizedTest
    @EnumSource(TokenFault.class)
    void aTokenLostMidSequenceDeletesOnlyWhatALookupConfirms(TokenFault fault, @TempDir Path dir) {
        try (World world = World.start(dir)) {
            world.populate(31L, SERIES);
            int syncs = 0;
            world.sync();
            syncs++;
            world.check().assertClean("after the first mirror");
            TokenRound rounds = new TokenRound(world, 310L + fault.ordinal());

            rounds.play("round 1", 3, 2, 2);
            SyncReport normal = world.sync();
            syncs++;
            assertThat(normal.sideA().fullListing() || normal.sideB().fullListing())
                    .as("a sync before the fault reads deltas")
                    .isFalse();

            int refusedBefore = TokenFault.refusals(world);
            int answeredBefore = fault.answered(world);
            fault.inject(world);
            TokenRound.Done whileInvalid = rounds.play("round 2", 3, 3, 3);
            SyncReport faulted = world.sync();
            syncs++;
            int refused = TokenFault.refusals(world) - refusedBefore;
            assertThat(fault.answered(world) - answeredBefore)
                    .as("refusals of the kind injected")
                    .isEqualTo(refused);

            for (Side side : Side.values()) {
                boolean hit = fault.sides().contains(side);
                assertThat(faulted.side(side).tokenRejected())
                        .as("side %s rejected its token", side)
                        .isEqualTo(hit);
                assertThat(faulted.side(side).fullListing())
                        .as("side %s listed fully", side)
                        .isEqualTo(hit);
            }
            assertThat(refused)
                    .as("token refusals the servers answered")
                    .isEqualTo(fault.sides().size());
            assertDeletionEvidence(faulted, whileInvalid, fault);
            Outcome afterFault = world.check();
            assertThat(afterFault.lost())
                    .as("lost by the sync that met the fault")
                    .isEmpty();
            assertThat(afterFault.duplicates())
                    .as("duplicated by the sync that met the fault")
                    .isEmpty();
            assertThat(afterFault.resurrected())
                    .as("deletions the sync that met the fault did not apply")
                    .isEmpty();

            rounds.play("round 3", 3, 2, 2);
            syncs += world.syncUntilQuiet(5);
            Outcome outcome = world.check().assertClean("after token loss: " + fault.label());
            rounds.assertRenamesArrived(fault.label());
            assertThat(TokenFault.refusals(world) - refusedBefore)
                    .as("the syncs after the fault stored fresh tokens")
                    .isEqualTo(refused);
            Figures.record(
                    SCENARIO, fault.label() + ", with deletions and creations meanwhile", refused, syncs, outcome);
        }
    }

    /**
     * Google tokens invalidated, and the user deletes four series; the lookups that would confirm two
     * of those deletions fail (the emulator answers 400 to their GETs). The two confirmed are deleted
     * on CalDAV; the two unconfirmed are kept there and marked ORPHANED; the next sync looks them up
     * again, now with an answer, and deletes them.
     */
    @Test
    void anAbsenceALookupCannotConfirmIsKeptUntilALaterLookupConfirmsIt(@TempDir Path dir) {
        try (World world = World.start(dir)) {
            world.populate(32L, SERIES);
            int syncs = 0;
            world.sync();
            syncs++;
            TokenRound rounds = new TokenRound(world, 320L);
            rounds.play("round 1", 3, 2, 2);
            world.sync();
            syncs++;

            world.google().invalidateSyncTokens(World.GOOGLE_CALENDAR);
            List<String> untouched = new ArrayList<>(world.ledger().live());
            untouched.removeAll(rounds.expectedTitles().keySet());
            List<String> deleted = untouched.subList(0, 4);
            List<String> unconfirmed = List.copyOf(deleted.subList(0, 2));
            Set<String> unanswered = new HashSet<>();
            for (String uid : unconfirmed) {
                unanswered.add("/events/" + world.googleUser().eventIdOf(uid));
            }
            deleted.forEach(world::deleteOnGoogle);
            world.google()
                    .faults()
                    .failNext(
                            Integer.MAX_VALUE,
                            new GoogleApiFault(400, "global", "badRequest", "Bad Request", null),
                            r -> r.method().equals("GET") && unanswered.stream().anyMatch(r.path()::endsWith));
            SyncReport faulted;
            try {
                faulted = world.sync();
                syncs++;
            } finally {
                world.google().faults().clear();
            }
            int failedLookups = failedLookups(world, unanswered);

            assertThat(faulted.sideA().tokenRejected()).isTrue();
            assertThat(failedLookups).as("lookups answered with an error").isPositive();
            assertThat(deletes(faulted, Side.B))
                    .as("deleted on CalDAV by the sync whose lookups failed")
                    .containsExactlyInAnyOrderElementsOf(deleted.subList(2, 4));
            assertThat(orphaned(faulted)).containsExactlyInAnyOrderElementsOf(unconfirmed);
            for (String uid : unconfirmed) {
                assertThat(world.davUser().get(world.davUser().resourceOf(uid)))
                        .as("unconfirmed deletion %s still on CalDAV", uid)
                        .isPresent();
                assertThat(statuses(world, uid)).as("mappings of %s", uid).containsOnly(SyncStatus.ORPHANED);
            }
            Outcome meanwhile = world.check();
            assertThat(meanwhile.lost()).isEmpty();
            assertThat(meanwhile.resurrected())
                    .as("only the unconfirmed deletions wait")
                    .containsExactlyInAnyOrderElementsOf(
                            unconfirmed.stream().map(u -> "caldav:" + u).toList());

            SyncReport confirming = world.sync();
            syncs++;
            assertThat(confirming.sideA().fullListing())
                    .as("the next sync reads a delta again")
                    .isFalse();
            assertThat(deletes(confirming, Side.B)).containsExactlyInAnyOrderElementsOf(unconfirmed);
            assertThat(evidence(confirming, unconfirmed)).containsOnly(DeletionEvidence.DIRECT_LOOKUP);

            syncs += world.syncUntilQuiet(5);
            Outcome outcome = world.check().assertClean("after unconfirmed absences");
            rounds.assertRenamesArrived("after unconfirmed absences");
            Figures.record(
                    SCENARIO,
                    "Google 410, series deleted meanwhile, the confirming lookups fail (400)",
                    failedLookups,
                    syncs,
                    outcome);
        }
    }

    /**
     * Both tokens lost (Google 410, Radicale's token state gone), and each side's full listing then
     * leaves out three live series, while the users delete two series on each side. The live series
     * left out are looked up, found, and left alone; only the real deletions are applied.
     */
    @Test
    void aLiveSeriesAFullListingLeavesOutIsLookedUpAndKept(@TempDir Path dir) {
        try (World world = World.start(dir)) {
            world.populate(33L, SERIES);
            int syncs = 0;
            world.sync();
            syncs++;
            TokenRound rounds = new TokenRound(world, 330L);
            rounds.play("round 1", 3, 2, 2);
            world.sync();
            syncs++;

            TokenFault.BOTH.inject(world);
            int refusedBefore = TokenFault.refusals(world);
            TokenRound.Done whileInvalid = rounds.play("round 2", 2, 2, 2);
            // Series calsync mapped before (renamed meanwhile or not): a listing that leaves out a series
            // calsync never saw hides it from any client, and no sync could find it.
            List<String> mapped = new ArrayList<>(world.ledger().live());
            mapped.removeAll(whileInvalid.createdOnGoogle());
            mapped.removeAll(whileInvalid.createdOnCalDav());
            TokenPartialListing google = new TokenPartialListing(new TreeSet<>(mapped.subList(0, 3)));
            TokenPartialListing caldav = new TokenPartialListing(new TreeSet<>(mapped.subList(3, 6)));
            SyncReport faulted = ConcurrentSync.run(world, google::around, caldav::around);
            syncs++;

            assertThat(faulted.sideA().tokenRejected() && faulted.sideB().tokenRejected())
                    .isTrue();
            assertThat(google.leftOut()).hasSize(3);
            assertThat(caldav.leftOut()).hasSize(3);
            assertThat(google.lookedUp())
                    .as("left out of Google's listing, then looked up")
                    .isEqualTo(google.leftOut());
            assertThat(caldav.lookedUp())
                    .as("left out of CalDAV's listing, then looked up")
                    .isEqualTo(caldav.leftOut());
            List<String> deleted = new ArrayList<>(whileInvalid.deletedOnGoogle());
            deleted.addAll(whileInvalid.deletedOnCalDav());
            List<String> deletedByCalsync = new ArrayList<>(deletes(faulted, Side.A));
            deletedByCalsync.addAll(deletes(faulted, Side.B));
            assertThat(deletedByCalsync).containsExactlyInAnyOrderElementsOf(deleted);
            assertThat(evidence(faulted, deleted)).containsOnly(DeletionEvidence.DIRECT_LOOKUP);
            Outcome afterFault = world.check();
            assertThat(afterFault.lost()).isEmpty();
            assertThat(afterFault.resurrected()).isEmpty();

            syncs += world.syncUntilQuiet(5);
            Outcome outcome = world.check().assertClean("after partial full listings");
            rounds.assertRenamesArrived("after partial full listings");
            int refused = TokenFault.refusals(world) - refusedBefore;
            assertThat(refused).isEqualTo(2);
            Figures.record(
                    SCENARIO,
                    "Google 410 and CalDAV 403, each full listing leaves out 3 live series",
                    refused + google.leftOut().size() + caldav.leftOut().size(),
                    syncs,
                    outcome);
        }
    }

    /**
     * Every series the users deleted while a token was invalid is deleted on the other side on the
     * evidence the design asks for: a direct lookup when the deleting side was listed fully (no
     * tombstone), the tombstone when it was read as a delta.
     */
    private static void assertDeletionEvidence(SyncReport report, TokenRound.Done done, TokenFault fault) {
        assertThat(deletes(report, Side.B)).containsExactlyInAnyOrderElementsOf(done.deletedOnGoogle());
        assertThat(deletes(report, Side.A)).containsExactlyInAnyOrderElementsOf(done.deletedOnCalDav());
        assertThat(evidence(report, done.deletedOnGoogle()))
                .containsOnly(
                        fault.sides().contains(Side.A) ? DeletionEvidence.DIRECT_LOOKUP : DeletionEvidence.TOKEN_DELTA);
        assertThat(evidence(report, done.deletedOnCalDav()))
                .containsOnly(
                        fault.sides().contains(Side.B) ? DeletionEvidence.DIRECT_LOOKUP : DeletionEvidence.TOKEN_DELTA);
    }

    /** The series a sync deleted on {@code target}. */
    private static List<String> deletes(SyncReport report, Side target) {
        return report.operations().stream()
                .filter(o -> o.kind() == SyncOperation.Kind.DELETE
                        && o.target() == target
                        && o.outcome() == SyncOperation.Outcome.APPLIED)
                .map(SyncOperation::uid)
                .toList();
    }

    /** The evidence of the deletions a sync applied to {@code uids}. */
    private static List<DeletionEvidence> evidence(SyncReport report, List<String> uids) {
        return report.operations().stream()
                .filter(o -> o.kind() == SyncOperation.Kind.DELETE && uids.contains(o.uid()))
                .map(SyncOperation::evidence)
                .toList();
    }

    /** The series a sync marked orphaned. */
    private static List<String> orphaned(SyncReport report) {
        return report.operations().stream()
                .filter(o -> o.kind() == SyncOperation.Kind.ORPHAN)
                .map(SyncOperation::uid)
                .toList();
    }

    private static Set<SyncStatus> statuses(World world, String uid) {
        try (JdbiMappingStore store = JdbiMappingStore.sqlite(world.storeFile())) {
            Set<SyncStatus> out = new HashSet<>();
            for (EventMapping m : store.inTransaction(tx -> tx.mappingsOfUid(World.PAIR, uid))) {
                out.add(m.status());
            }
            return out;
        }
    }

    /** GETs of the given event paths the emulator answered with an error. */
    private static int failedLookups(World world, Set<String> paths) {
        int n = 0;
        for (RecordedRequest r : world.google().requests()) {
            if (r.method().equals("GET") && r.status() >= 400 && paths.stream().anyMatch(r.path()::endsWith)) {
                n++;
            }
        }
        return n;
    }
}
