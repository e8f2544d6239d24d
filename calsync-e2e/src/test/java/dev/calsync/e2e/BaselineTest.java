package dev.calsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.sync.SyncReport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The suite's harness without faults: a first sync in a child JVM copies both users' series across,
 * the invariants hold, and the next sync writes nothing. Every scenario starts from here.
 */
@ExtendWith(NoSecretsInLogs.class)
class BaselineTest {

    @Test
    void aChildProcessSyncsBothCalendarsAndTheNextSyncWritesNothing(@TempDir Path dir) {
        try (World world = World.start(dir)) {
            List<String> uids = world.populate(7L, 40);

            try (ChildJvm child = ChildJvm.sync(world, world.direct())) {
                assertThat(child.await(120)).as(child.output()).isZero();
                assertThat(child.output()).contains("synced writes=");
            }
            Outcome outcome = world.check().assertClean("after the first sync");
            assertThat(outcome.liveSeries()).isEqualTo(uids.size());

            SyncReport second = world.sync();
            assertThat(second.writes()).isZero();
            Figures.record("0. baseline", "none", 0, 2, outcome);
        }
    }
}
