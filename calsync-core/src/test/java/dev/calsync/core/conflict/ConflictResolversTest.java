package dev.calsync.core.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calsync.core.Side;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.RecurrenceId;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConflictResolversTest {

    private static final Instant MAY_1 = Instant.parse("2025-05-01T10:00:00Z");
    private static final Instant MAY_2 = Instant.parse("2025-05-02T10:00:00Z");

    private static EventComponent.Builder event(String summary) {
        return EventComponent.builder("u@example.org", EventTime.utc(Instant.parse("2025-06-02T09:00:00Z")))
                .summary(summary);
    }

    private static final EventComponent BASE =
            event("Planning").sequence(1).lastModified(MAY_1).build();

    private static Conflict conflict(EventComponent a, EventComponent b, Side preferred) {
        return new Conflict(BASE, a, b, preferred);
    }

    private static Resolution standard(EventComponent a, EventComponent b, Side preferred) {
        return ConflictResolvers.standard().resolve(conflict(a, b, preferred));
    }

    @Test
    void sameContentIsNotAConflictWhateverTheSequenceAndTimestamps() {
        EventComponent a = event("Planning")
                .sequence(7)
                .lastModified(MAY_2)
                .extra("colorId", "3")
                .build();
        EventComponent b = event("Planning").sequence(2).lastModified(MAY_1).build();

        Resolution r = standard(a, b, Side.A);

        assertThat(r.rule()).isEqualTo(DecidingRule.CONTENT_EQUAL);
        assertThat(r.winner()).isNull();
        assertThat(r.winningSide()).isEmpty();
        assertThat(r).isEqualTo(Resolution.contentEqual());
    }

    @Test
    void higherSequenceWins() {
        EventComponent a = event("From A").sequence(3).lastModified(MAY_1).build();
        EventComponent b = event("From B").sequence(2).lastModified(MAY_2).build();

        assertThat(standard(a, b, Side.B)).isEqualTo(Resolution.won(Side.A, DecidingRule.SEQUENCE));
        assertThat(standard(b.toBuilder().sequence(9).build(), a, Side.A))
                .isEqualTo(Resolution.won(Side.A, DecidingRule.SEQUENCE));
        assertThat(standard(b, a, Side.A)).isEqualTo(Resolution.won(Side.B, DecidingRule.SEQUENCE));
    }

    @Test
    void withEqualSequenceTheLaterModificationWins() {
        EventComponent a = event("From A").sequence(2).lastModified(MAY_1).build();
        EventComponent b = event("From B").sequence(2).lastModified(MAY_2).build();

        assertThat(standard(a, b, Side.A)).isEqualTo(Resolution.won(Side.B, DecidingRule.TIMESTAMP));
        assertThat(standard(b, a, Side.B)).isEqualTo(Resolution.won(Side.A, DecidingRule.TIMESTAMP));
    }

    @Test
    void oneMillisecondLaterIsLater() {
        EventComponent a = event("From A").lastModified(MAY_1.plusMillis(1)).build();
        EventComponent b = event("From B").lastModified(MAY_1).build();

        assertThat(standard(a, b, Side.B)).isEqualTo(Resolution.won(Side.A, DecidingRule.TIMESTAMP));
    }

    @Test
    void withEqualSequenceAndTimestampThePreferredSideWins() {
        EventComponent a = event("From A").sequence(2).lastModified(MAY_1).build();
        EventComponent b = event("From B").sequence(2).lastModified(MAY_1).build();

        assertThat(standard(a, b, Side.A)).isEqualTo(Resolution.won(Side.A, DecidingRule.PREFERRED_SIDE));
        assertThat(standard(a, b, Side.B)).isEqualTo(Resolution.won(Side.B, DecidingRule.PREFERRED_SIDE));
    }

    @Test
    void timestampsEqualToTheMillisecondFallThroughToThePreferredSide() {
        // Google reports `updated` to the millisecond; finer differences are noise.
        EventComponent a =
                event("From A").lastModified(MAY_1.plusNanos(900_000)).build();
        EventComponent b = event("From B").lastModified(MAY_1).build();

        assertThat(standard(a, b, Side.B)).isEqualTo(Resolution.won(Side.B, DecidingRule.PREFERRED_SIDE));
    }

    @Test
    void aMissingTimestampOnEitherSideFallsThroughToThePreferredSide() {
        EventComponent withTime = event("From A").lastModified(MAY_2).build();
        EventComponent without = event("From B").build();

        assertThat(standard(withTime, without, Side.B)).isEqualTo(Resolution.won(Side.B, DecidingRule.PREFERRED_SIDE));
        assertThat(standard(without, withTime, Side.A)).isEqualTo(Resolution.won(Side.A, DecidingRule.PREFERRED_SIDE));
        assertThat(standard(event("x").build(), event("y").build(), Side.B))
                .isEqualTo(Resolution.won(Side.B, DecidingRule.PREFERRED_SIDE));
    }

    @Test
    void sequencesBeyondInt32AreClampedAndThenCompareEqual() {
        // A CalDAV client that writes a timestamp as SEQUENCE does not beat Google's int32 maximum.
        EventComponent a =
                event("From A").sequence(5_000_000_000L).lastModified(MAY_1).build();
        EventComponent b =
                event("From B").sequence(Integer.MAX_VALUE).lastModified(MAY_2).build();

        assertThat(a.sequence()).isEqualTo(b.sequence());
        assertThat(standard(a, b, Side.A)).isEqualTo(Resolution.won(Side.B, DecidingRule.TIMESTAMP));
    }

    @Test
    void standardResolverGivesTheMirroredAnswerForTheMirroredConflict() {
        List<Conflict> conflicts = List.of(
                conflict(event("A").sequence(3).build(), event("B").sequence(2).build(), Side.A),
                conflict(
                        event("A").lastModified(MAY_1).build(),
                        event("B").lastModified(MAY_2).build(),
                        Side.A),
                conflict(event("A").build(), event("B").build(), Side.B),
                conflict(event("same").sequence(4).build(), event("same").build(), Side.A));
        ConflictResolver standard = ConflictResolvers.standard();

        for (Conflict c : conflicts) {
            assertThat(standard.resolve(c.mirrored()))
                    .as("%s", c)
                    .isEqualTo(standard.resolve(c).mirrored());
        }
    }

    @Test
    void preferAWinsEveryRealConflict() {
        EventComponent a = event("From A").sequence(0).lastModified(MAY_1).build();
        EventComponent b = event("From B").sequence(9).lastModified(MAY_2).build();

        assertThat(ConflictResolvers.preferA().resolve(conflict(a, b, Side.B)))
                .isEqualTo(Resolution.won(Side.A, DecidingRule.PREFERRED_SIDE));
    }

    @Test
    void preferBWinsEveryRealConflict() {
        EventComponent a = event("From A").sequence(9).lastModified(MAY_2).build();
        EventComponent b = event("From B").sequence(0).lastModified(MAY_1).build();

        assertThat(ConflictResolvers.preferB().resolve(conflict(a, b, Side.A)))
                .isEqualTo(Resolution.won(Side.B, DecidingRule.PREFERRED_SIDE));
    }

    @Test
    void preferringPoliciesStillSeeEqualContent() {
        EventComponent a = event("Same").sequence(1).build();
        EventComponent b = event("Same").sequence(5).build();

        assertThat(ConflictResolvers.preferA().resolve(conflict(a, b, Side.A))).isEqualTo(Resolution.contentEqual());
        assertThat(ConflictResolvers.preferB().resolve(conflict(a, b, Side.A))).isEqualTo(Resolution.contentEqual());
    }

    @Test
    void callbackDecidesRealConflicts() {
        ConflictResolver resolver = ConflictResolvers.callback(c -> c.a().sequence() > 0 ? Side.A : Side.B);

        assertThat(resolver.resolve(conflict(
                        event("A").sequence(1).build(), event("B").sequence(5).build(), Side.B)))
                .isEqualTo(Resolution.won(Side.A, DecidingRule.CALLBACK));
        assertThat(resolver.resolve(conflict(event("A").build(), event("B").build(), Side.A)))
                .isEqualTo(Resolution.won(Side.B, DecidingRule.CALLBACK));
    }

    @Test
    void callbackIsNotAskedWhenContentIsEqual() {
        AtomicInteger calls = new AtomicInteger();
        ConflictResolver resolver = ConflictResolvers.callback(c -> {
            calls.incrementAndGet();
            return Side.A;
        });

        assertThat(resolver.resolve(conflict(
                        event("Same").build(), event("Same").sequence(3).build(), Side.A)))
                .isEqualTo(Resolution.contentEqual());
        assertThat(calls).hasValue(0);
    }

    @Test
    void callbackReturningNullIsAClearError() {
        ConflictResolver resolver = ConflictResolvers.callback(c -> null);

        assertThatThrownBy(() ->
                        resolver.resolve(conflict(event("A").build(), event("B").build(), Side.A)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("callback returned null");
    }

    @Test
    void callbackMustBeGiven() {
        assertThatThrownBy(() -> ConflictResolvers.callback(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void resolutionHasAWinnerExactlyWhenContentDiffers() {
        assertThatThrownBy(() -> new Resolution(DecidingRule.CONTENT_EQUAL, Side.A))
                .isInstanceOf(IllegalArgumentException.class);
        for (DecidingRule rule : DecidingRule.values()) {
            if (rule != DecidingRule.CONTENT_EQUAL) {
                assertThatThrownBy(() -> new Resolution(rule, null))
                        .as("%s", rule)
                        .isInstanceOf(IllegalArgumentException.class);
                assertThat(Resolution.won(Side.B, rule).winningSide()).contains(Side.B);
            }
        }
        assertThatThrownBy(() -> new Resolution(null, Side.A)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Resolution.won(null, DecidingRule.SEQUENCE)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void mirroredResolutionSwapsTheWinnerAndKeepsTheRule() {
        assertThat(Resolution.won(Side.A, DecidingRule.TIMESTAMP).mirrored())
                .isEqualTo(Resolution.won(Side.B, DecidingRule.TIMESTAMP));
        assertThat(Resolution.contentEqual().mirrored()).isEqualTo(Resolution.contentEqual());
    }

    @Test
    void conflictBetweenDifferentComponentsIsRefused() {
        EventComponent a = event("A").build();
        EventComponent otherUid = EventComponent.builder("other@example.org", EventTime.utc(MAY_1))
                .build();
        EventComponent occurrence = event("A")
                .recurrenceId(new RecurrenceId.AtInstant(Instant.parse("2025-06-09T09:00:00Z")))
                .build();

        assertThatThrownBy(() -> new Conflict(null, a, otherUid, Side.A))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("u@example.org")
                .hasMessageContaining("other@example.org");
        assertThatThrownBy(() -> new Conflict(null, a, occurrence, Side.A))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void conflictNeedsBothSidesAndAPreferredSideButNoBase() {
        EventComponent a = event("A").build();

        assertThat(new Conflict(null, a, event("B").build(), Side.A).base()).isNull();
        assertThatThrownBy(() -> new Conflict(BASE, null, a, Side.A)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Conflict(BASE, a, null, Side.A)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Conflict(BASE, a, a, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void mirroredConflictSwapsSidesAndPreference() {
        EventComponent a = event("A").build();
        EventComponent b = event("B").build();
        Conflict c = new Conflict(BASE, a, b, Side.A);

        Conflict m = c.mirrored();

        assertThat(m.a()).isEqualTo(b);
        assertThat(m.b()).isEqualTo(a);
        assertThat(m.preferredSide()).isEqualTo(Side.B);
        assertThat(m.base()).isEqualTo(BASE);
        assertThat(c.state(Side.A)).isEqualTo(a);
        assertThat(c.state(Side.B)).isEqualTo(b);
        assertThat(c.key()).isEqualTo(a.key());
    }
}
