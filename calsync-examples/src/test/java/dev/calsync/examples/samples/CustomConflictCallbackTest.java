package dev.calsync.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.Side;
import dev.calsync.core.conflict.Conflict;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.conflict.Resolution;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Organizer;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.SyncOperation;
import dev.calsync.core.sync.SyncEngine;
import dev.calsync.core.sync.SyncReport;
import dev.calsync.testkit.memory.InMemoryCalendarProvider;
import dev.calsync.testkit.memory.InMemoryMappingStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CustomConflictCallback} deciding real conflicts in a sync: both sides edit the same event
 * between two syncs, the CalDAV side with a higher SEQUENCE (so the standard rules would pick it).
 */
class CustomConflictCallbackTest {
    private static final String UID = "planning-7@example.com";
    private static final Instant START = Instant.parse("2030-05-06T09:00:00Z");

    private InMemoryCalendarProvider google;
    private InMemoryCalendarProvider icloud;
    private InMemoryMappingStore store;
    private SyncEngine engine;

    @BeforeEach
    void pairWithGoogleOnSideA() {
        google = InMemoryCalendarProvider.googleLike();
        icloud = InMemoryCalendarProvider.caldavLike();
        google.createCalendar("work");
        icloud.createCalendar("home");
        store = new InMemoryMappingStore();
        store.useTransaction(tx -> tx.putPair(CalendarPair.of("work-home", "work", "home")));
        engine = SyncEngine.builder()
                .sideA(google)
                .sideB(icloud)
                .store(store)
                .conflictResolver(CustomConflictCallback.googleWinsFor("example.com", Side.A))
                .build();
    }

    private static EventComponent meeting(String organizerEmail, String summary, long sequence) {
        return EventComponent.builder(UID, EventTime.utc(START))
                .end(EventTime.utc(START.plusSeconds(3600)))
                .summary(summary)
                .organizer(new Organizer(organizerEmail, null))
                .sequence(sequence)
                .build();
    }

    /** Mirrors a meeting, then edits it on both sides and syncs again. */
    private SyncReport conflictOver(String organizerEmail) {
        google.userPut("work", EventSeries.of(meeting(organizerEmail, "Planning", 0)));
        assertThat(engine.sync("work-home").count(Side.B, SyncOperation.Kind.CREATE))
                .isEqualTo(1);
        google.userEdit("work", UID, s -> EventSeries.of(meeting(organizerEmail, "Planning (edited in Google)", 0)));
        icloud.userEdit("home", UID, s -> EventSeries.of(meeting(organizerEmail, "Planning (edited on iPhone)", 3)));
        return engine.sync("work-home");
    }

    private String summaryOn(InMemoryCalendarProvider side, String calendar) {
        return side.series(calendar).get(UID).master().summary();
    }

    @Test
    void aMeetingOrganisedInTheDomainGoesToGoogleAndIsRecordedAsDecidedByTheCallback() {
        SyncReport report = conflictOver("Boss@Example.com");

        assertThat(summaryOn(icloud, "home")).isEqualTo("Planning (edited in Google)");
        assertThat(summaryOn(google, "work")).isEqualTo("Planning (edited in Google)");
        assertThat(report.conflictsByRule()).isEqualTo(Map.of(DecidingRule.CALLBACK, 1L));
        List<SyncOperation> journal = store.inTransaction(tx -> tx.operations("work-home", Instant.EPOCH));
        assertThat(journal).filteredOn(op -> op.rule() != null).singleElement().satisfies(op -> {
            assertThat(op.rule()).isEqualTo(DecidingRule.CALLBACK);
            assertThat(op.target()).isEqualTo(Side.B);
            assertThat(op.kind()).isEqualTo(SyncOperation.Kind.UPDATE);
        });
    }

    @Test
    void aMeetingOrganisedElsewhereIsLeftToTheStandardRules() {
        SyncReport report = conflictOver("someone@partner.org");

        assertThat(summaryOn(google, "work")).isEqualTo("Planning (edited on iPhone)");
        assertThat(summaryOn(icloud, "home")).isEqualTo("Planning (edited on iPhone)");
        assertThat(report.conflictsByRule()).isEqualTo(Map.of(DecidingRule.SEQUENCE, 1L));
        List<SyncOperation> journal = store.inTransaction(tx -> tx.operations("work-home", Instant.EPOCH));
        assertThat(journal)
                .extracting(SyncOperation::rule)
                .contains(DecidingRule.SEQUENCE)
                .doesNotContain(DecidingRule.CALLBACK);
    }

    @Test
    void onlyTheDomainItselfCountsNotLookalikesOrSubdomains() {
        CustomConflictCallback policy = CustomConflictCallback.googleWinsFor("example.com", Side.B);
        for (String email : List.of("x@evil-example.com", "x@sub.example.com", "example.com@other.org")) {
            Conflict c = new Conflict(null, meeting(email, "A", 5), meeting(email, "B", 0), Side.B);
            assertThat(policy.resolve(c)).as(email).isEqualTo(Resolution.won(Side.A, DecidingRule.SEQUENCE));
        }
        Conflict ours = new Conflict(null, meeting("x@example.com", "A", 5), meeting("x@example.com", "B", 0), Side.A);
        assertThat(policy.resolve(ours)).isEqualTo(Resolution.won(Side.B, DecidingRule.CALLBACK));
        Conflict same = new Conflict(null, meeting("x@example.com", "A", 5), meeting("x@example.com", "A", 5), Side.A);
        assertThat(policy.resolve(same)).isEqualTo(Resolution.contentEqual());
    }

    @Test
    void aDomainWithAnAtSignIsRefused() {
        assertThatThrownBy(() -> CustomConflictCallback.googleWinsFor("@example.com", Side.A))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
