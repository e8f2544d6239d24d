package dev.calsync.sync;

import static dev.calsync.sync.Events.weeklyRid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.calsync.core.Side;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.RemoteRef;
import dev.calsync.core.spi.RemoteSeries;
import dev.calsync.core.spi.SyncListener;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.sync.SyncFixture.Pairing;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Rule 7: a recurring series (master, overrides, cancelled occurrences) is reconciled and written as
 * a unit, whichever way it goes between a Google-like calendar (one entity per component) and a
 * CalDAV-like one (one resource per series).
 */
class SeriesAsUnitTest {

    private static final String UID = "weekly";

    private static SyncFixture googleOnA() {
        SyncFixture f = new SyncFixture(Pairing.GOOGLE_A_CALDAV_B);
        f.put(Side.A, Events.weeklySeries(UID));
        f.syncUntilQuiet();
        return f;
    }

    /** The CalDAV-like side holds the series whole, with its master, as one resource. */
    private static void assertWholeOnCalDav(SyncFixture f, Side caldav) {
        EventSeries s = f.series(caldav, UID);
        assertThat(s).isNotNull();
        assertThat(s.master()).as("the master on the CalDAV-like side").isNotNull();
        assertThat(f.hashes(caldav, UID)).isEqualTo(f.hashes(caldav.opposite(), UID));
        RemoteSeries stored =
                f.provider(caldav).stored(SyncFixture.calendar(caldav), UID).orElseThrow();
        assertThat(stored.refs().values())
                .extracting(RemoteRef::remoteId)
                .containsOnly(InMemoryCalendarProvider.hrefFor(SyncFixture.calendar(caldav), UID));
    }

    @Test
    void aSeriesCreatedOnGoogleArrivesWholeOnCalDav() {
        SyncFixture f = googleOnA();

        EventSeries onB = f.series(Side.B, UID);
        assertThat(onB.overrides()).hasSize(2);
        assertThat(onB.allCancelledOccurrences()).containsExactly(weeklyRid(5), weeklyRid(7));
        assertWholeOnCalDav(f, Side.B);
        assertThat(f.hashes(Side.B, UID))
                .as("master, two overrides, two cancellations")
                .hasSize(5);
    }

    @Test
    void aSeriesCreatedOnCalDavArrivesOnGoogleAsMasterOverridesAndCancelledInstances() {
        SyncFixture f = new SyncFixture(Pairing.CALDAV_A_GOOGLE_B);
        f.put(Side.A, Events.weeklySeries(UID));

        f.syncUntilQuiet();

        EventSeries onB = f.series(Side.B, UID);
        assertThat(onB.master()).isNotNull();
        assertThat(onB.overrides()).hasSize(2);
        assertThat(onB.allCancelledOccurrences()).containsExactly(weeklyRid(5), weeklyRid(7));
        assertThat(f.hashes(Side.B, UID)).isEqualTo(f.hashes(Side.A, UID));
        RemoteSeries stored = f.b.stored(SyncFixture.CAL_B, UID).orElseThrow();
        assertThat(stored.refs().values())
                .extracting(RemoteRef::remoteId)
                .as("one entity per master, override and cancelled instance")
                .doesNotHaveDuplicates()
                .hasSize(5);
        assertThat(f.mappingsOf(UID))
                .hasSize(5)
                .allSatisfy(m -> assertThat(m.status()).isEqualTo(SyncStatus.ACTIVE));
    }

    @Test
    void editingOneOverrideOnGoogleRewritesTheWholeCalDavResource() {
        SyncFixture f = googleOnA();
        f.edit(Side.A, UID, s -> Events.overrideRetitled(s, weeklyRid(4), "Stand-up with the new team"));

        SyncReport report = f.sync();

        assertThat(report.side(Side.A).componentsRead())
                .as("Google's delta holds only the edited instance")
                .isEqualTo(1);
        assertThat(report.count(Side.B, SyncOperation.Kind.UPDATE)).isEqualTo(1);
        EventSeries onB = f.series(Side.B, UID);
        assertThat(onB.override(weeklyRid(4)).orElseThrow().summary()).isEqualTo("Stand-up with the new team");
        assertThat(onB.override(weeklyRid(2)).orElseThrow().summary()).isEqualTo("Stand-up (moved)");
        assertThat(onB.master().summary()).isEqualTo("Stand-up");
        assertThat(onB.allCancelledOccurrences()).containsExactly(weeklyRid(5), weeklyRid(7));
        assertWholeOnCalDav(f, Side.B);
        assertThat(f.sync().writes()).isZero();
    }

    @Test
    void cancellingOneOccurrenceOnGoogleAddsTheCancellationToTheCalDavResource() {
        SyncFixture f = googleOnA();
        f.edit(Side.A, UID, s -> Events.withCancelled(s, weeklyRid(3)));

        f.sync();

        EventSeries onB = f.series(Side.B, UID);
        assertThat(onB.allCancelledOccurrences()).containsExactly(weeklyRid(3), weeklyRid(5), weeklyRid(7));
        assertThat(onB.overrides()).hasSize(2);
        assertWholeOnCalDav(f, Side.B);
        assertThat(f.sync().writes()).isZero();
    }

    @Test
    void cancellingAnOverriddenOccurrenceOnGoogleRemovesTheOverrideOnCalDav() {
        SyncFixture f = googleOnA();
        f.edit(Side.A, UID, s -> Events.withCancelled(s, weeklyRid(2)));

        f.sync();

        EventSeries onB = f.series(Side.B, UID);
        assertThat(onB.override(weeklyRid(2))).isEmpty();
        assertThat(onB.allCancelledOccurrences()).contains(weeklyRid(2));
        assertWholeOnCalDav(f, Side.B);
    }

    @Test
    void anOverrideRemovedOnGoogleIsRemovedFromTheCalDavResourceAndTheMasterStays() {
        SyncFixture f = googleOnA();
        f.edit(
                Side.A,
                UID,
                s -> new EventSeries(
                        s.uid(),
                        s.master(),
                        s.overrides().stream()
                                .filter(o -> !o.recurrenceId().equals(weeklyRid(4)))
                                .toList(),
                        s.cancelledOccurrences()));

        SyncReport report = f.sync();

        assertThat(report.side(Side.A).tombstonesRead()).isEqualTo(1);
        assertThat(report.count(Side.B, SyncOperation.Kind.UPDATE)).isEqualTo(1);
        assertThat(report.count(Side.B, SyncOperation.Kind.DELETE))
                .as("an instance gone is no series gone")
                .isZero();
        EventSeries onB = f.series(Side.B, UID);
        assertThat(onB.override(weeklyRid(4))).isEmpty();
        assertThat(onB.overrides()).hasSize(1);
        assertWholeOnCalDav(f, Side.B);
        assertThat(f.mappingsOf(UID))
                .filteredOn(m -> m.status() == SyncStatus.ACTIVE)
                .extracting(EventMapping::key)
                .doesNotContain(EventKey.occurrence(UID, weeklyRid(4)));
        assertThat(f.sync().writes()).isZero();
    }

    @Test
    void editingAnOverrideOnCalDavWritesOnlyThatInstanceOnGoogle() {
        SyncFixture f = new SyncFixture(Pairing.CALDAV_A_GOOGLE_B);
        f.put(Side.A, Events.weeklySeries(UID));
        f.syncUntilQuiet();
        RemoteSeries before = f.b.stored(SyncFixture.CAL_B, UID).orElseThrow();
        f.edit(Side.A, UID, s -> Events.overrideRetitled(s, weeklyRid(2), "Stand-up (moved again)"));

        f.sync();

        RemoteSeries after = f.b.stored(SyncFixture.CAL_B, UID).orElseThrow();
        EventKey edited = EventKey.occurrence(UID, weeklyRid(2));
        assertThat(after.series().override(weeklyRid(2)).orElseThrow().summary())
                .isEqualTo("Stand-up (moved again)");
        assertThat(after.refs().get(edited).etag())
                .isNotEqualTo(before.refs().get(edited).etag());
        assertThat(after.refs().get(EventKey.master(UID)))
                .as("the master was not rewritten")
                .isEqualTo(before.refs().get(EventKey.master(UID)));
        assertThat(f.hashes(Side.B, UID)).isEqualTo(f.hashes(Side.A, UID));
    }

    @Test
    void aSeriesNeverSyncedBeforeWhoseMasterAloneIsInAGoogleDeltaArrivesWholeOnCalDav() {
        SyncFixture f = new SyncFixture(Pairing.GOOGLE_A_CALDAV_B);
        f.put(Side.A, Events.weeklySeries(UID));
        f.put(Side.A, Events.meeting("other", "Review"));
        // A server that silently truncated its first full listing left the series out.
        f.a.faults().omitFromFullListings(UID);
        f.syncUntilQuiet();
        assertThat(f.series(Side.B)).containsOnlyKeys("other");
        f.a.faults().clear();
        f.edit(Side.A, UID, s -> Events.retitled(s, "Stand-up, new room"));

        SyncReport report = f.sync();

        assertThat(report.side(Side.A).componentsRead())
                .as("Google's delta holds only the edited master")
                .isEqualTo(1);
        EventSeries onB = f.series(Side.B, UID);
        assertThat(onB).isNotNull();
        assertThat(onB.master().summary()).isEqualTo("Stand-up, new room");
        assertThat(onB.overrides()).as("overrides on B").hasSize(2);
        assertThat(onB.allCancelledOccurrences()).as("cancellations on B").containsExactly(weeklyRid(5), weeklyRid(7));
        assertWholeOnCalDav(f, Side.B);
    }

    @Test
    void anOverrideOnlySeriesCreatedOnGoogleArrivesOnCalDavWithoutAMaster() {
        SyncFixture f = new SyncFixture(Pairing.GOOGLE_A_CALDAV_B);
        f.put(Side.A, Events.invitation("invite"));

        f.syncUntilQuiet();

        assertThat(f.series(Side.B, "invite").master()).isNull();
        assertThat(f.series(Side.B, "invite").overrides()).hasSize(2);
        assertThat(f.hashes(Side.B, "invite")).isEqualTo(f.hashes(Side.A, "invite"));
    }

    @Test
    void oneOccurrenceRemovedFromAnOverrideOnlySeriesOnGoogleDoesNotDeleteTheOtherOnCalDav() {
        SyncFixture f = new SyncFixture(Pairing.GOOGLE_A_CALDAV_B);
        f.put(Side.A, Events.invitation("invite"));
        f.syncUntilQuiet();
        // The guest is no longer invited to part 2: Google deletes that instance, part 1 stays.
        f.edit(
                Side.A,
                "invite",
                s -> new EventSeries(
                        s.uid(),
                        null,
                        s.overrides().stream()
                                .filter(o -> !o.recurrenceId().equals(weeklyRid(4)))
                                .toList(),
                        s.cancelledOccurrences()));

        SyncReport report = f.sync();

        assertThat(f.series(Side.A)).containsKey("invite");
        assertThat(report.count(Side.B, SyncOperation.Kind.DELETE))
                .as("a deleted instance is no evidence that the whole series is gone")
                .isZero();
        assertThat(f.series(Side.B)).containsKey("invite");
        assertThat(f.series(Side.B, "invite").overrides())
                .extracting(o -> o.summary())
                .containsExactly("Guest talk, part 1");
        assertThat(f.hashes(Side.B, "invite")).isEqualTo(f.hashes(Side.A, "invite"));
    }

    @Test
    void anOccurrenceMovedOnGoogleBecomesAnOverrideInTheCalDavResource() {
        SyncFixture f = new SyncFixture(Pairing.CALDAV_A_GOOGLE_B);
        f.put(Side.A, Events.weeklySeries(UID));
        f.syncUntilQuiet();
        f.edit(Side.B, UID, s -> {
            List<EventComponent> overrides = new ArrayList<>(s.overrides());
            overrides.add(EventComponent.builder(
                            UID, EventTime.of(Events.WEEKLY_START.plusWeeks(6).plusHours(3), Events.BERLIN))
                    .recurrenceId(weeklyRid(6))
                    .end(EventTime.of(
                            Events.WEEKLY_START.plusWeeks(6).plusHours(3).plusMinutes(30), Events.BERLIN))
                    .summary("Stand-up (afternoon)")
                    .build());
            return new EventSeries(s.uid(), s.master(), overrides, s.cancelledOccurrences());
        });

        SyncReport report = f.sync();

        assertThat(report.side(Side.B).componentsRead()).isEqualTo(1);
        EventSeries onA = f.series(Side.A, UID);
        assertThat(onA.override(weeklyRid(6)).orElseThrow().summary()).isEqualTo("Stand-up (afternoon)");
        assertThat(onA.overrides()).hasSize(3);
        assertWholeOnCalDav(f, Side.A);
        assertThat(f.sync().writes()).isZero();
    }

    @Test
    void anOccurrenceRestoredOnGoogleIsNoLongerCancelledOnCalDav() {
        SyncFixture f = googleOnA();
        f.edit(Side.A, UID, s -> new EventSeries(s.uid(), s.master(), s.overrides(), new TreeSet<>()));

        SyncReport report = f.sync();

        assertThat(report.count(Side.B, SyncOperation.Kind.DELETE)).isZero();
        EventSeries onB = f.series(Side.B, UID);
        assertThat(onB.allCancelledOccurrences())
                .as("Google holds the EXDATE of occurrence 7 as a cancelled instance too: both restored")
                .isEmpty();
        assertWholeOnCalDav(f, Side.B);
        assertThat(f.sync().writes()).isZero();
    }

    @Test
    void anOccurrenceRestoredOnCalDavIsNoLongerCancelledOnGoogle() {
        SyncFixture f = new SyncFixture(Pairing.CALDAV_A_GOOGLE_B);
        f.put(Side.A, Events.weeklySeries(UID));
        f.syncUntilQuiet();
        f.edit(Side.A, UID, s -> new EventSeries(s.uid(), s.master(), s.overrides(), new TreeSet<>()));

        f.sync();

        EventSeries onB = f.series(Side.B, UID);
        assertThat(onB.allCancelledOccurrences()).containsExactly(weeklyRid(7));
        assertThat(f.hashes(Side.B, UID)).isEqualTo(f.hashes(Side.A, UID));
        assertThat(f.sync().writes()).isZero();
    }

    @Test
    void whenGoogleListsOnlyAnInstanceAndTheSeriesCannotBeReadCalDavIsLeftAlone() {
        AtomicReference<SyncFixture> fixture = new AtomicReference<>();
        AtomicBoolean failLookups = new AtomicBoolean();
        SyncFixture f = new SyncFixture(Pairing.GOOGLE_A_CALDAV_B, new SyncListener() {
            @Override
            public void pageRead(String pairId, Side side, int components) {
                if (side == Side.A && failLookups.getAndSet(false)) {
                    fixture.get().a.faults().rateLimitNext(5, null);
                }
            }
        });
        fixture.set(f);
        f.put(Side.A, Events.weeklySeries(UID));
        f.syncUntilQuiet();
        EventSeries before = f.series(Side.B, UID);
        f.edit(Side.A, UID, s -> Events.overrideRetitled(s, weeklyRid(4), "Stand-up with the new team"));
        failLookups.set(true);

        SyncReport report = f.sync();

        assertThat(report.writes()).isZero();
        assertThat(f.series(Side.B, UID)).as("no partial series written").isEqualTo(before);
        assertThat(f.series(Side.B, UID).master()).isNotNull();

        f.sync();

        assertThat(f.series(Side.B, UID).override(weeklyRid(4)).orElseThrow().summary())
                .isEqualTo("Stand-up with the new team");
        assertWholeOnCalDav(f, Side.B);
    }
}
