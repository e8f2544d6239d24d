package dev.calsync.e2e;

import dev.calsync.core.recurrence.DuplicateComponent;
import dev.calsync.core.spi.QuarantinedItem;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.sync.SyncReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class of a child JVM that syncs one pair once, as {@link SyncProcess} does, and prints
 * what scenario 6 checks of the report, one item a line: {@code quarantined<TAB>remote
 * id<TAB>reason}, {@code duplicate<TAB>key}, {@code operation<TAB>kind<TAB>side<TAB>UID<TAB>outcome},
 * then {@code synced writes=N parked=N heapMb=N}. Exits 1 with the exception on standard error.
 *
 * <p>Arguments: Google root URL, CalDAV server URI, CalDAV user, store file, pair id; credentials
 * from the environment as for {@link SyncProcess}.
 */
public final class BadSyncProcess {
    private BadSyncProcess() {}

    /** Parses the lines this process printed. */
    record Printed(List<String[]> quarantined, List<String> duplicates, List<String[]> operations) {
        static Printed of(String output) {
            List<String[]> q = new ArrayList<>();
            List<String> d = new ArrayList<>();
            List<String[]> o = new ArrayList<>();
            for (String line : output.split("\n")) {
                String[] parts = line.split("\t");
                switch (parts[0]) {
                    case "quarantined" -> q.add(parts);
                    case "duplicate" -> d.add(parts[1]);
                    case "operation" -> o.add(parts);
                    default -> {
                        // a log line
                    }
                }
            }
            return new Printed(q, d, o);
        }
    }

    public static void main(String[] args) {
        try {
            SyncReport report = SyncProcess.syncOnce(args);
            StringBuilder out = new StringBuilder();
            for (QuarantinedItem q : report.quarantined()) {
                out.append("quarantined\t")
                        .append(q.remoteId())
                        .append('\t')
                        .append(q.reason().replaceAll("[\t\r\n]", " "))
                        .append('\n');
            }
            for (DuplicateComponent d : report.duplicates()) {
                out.append("duplicate\t").append(d.key().uid()).append('\n');
            }
            for (SyncOperation o : report.operations()) {
                out.append("operation\t")
                        .append(o.kind())
                        .append('\t')
                        .append(o.target())
                        .append('\t')
                        .append(o.uid())
                        .append('\t')
                        .append(o.outcome())
                        .append('\n');
            }
            Runtime rt = Runtime.getRuntime();
            out.append("synced writes=")
                    .append(report.writes())
                    .append(" parked=")
                    .append(report.parked().size())
                    .append(" heapMb=")
                    .append(rt.maxMemory() / (1024 * 1024))
                    .append('\n');
            System.out.print(out);
            System.out.flush();
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }
}
