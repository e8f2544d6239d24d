package dev.calsync.properties;

import static dev.calsync.testkit.generate.CalendarGens.gen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.calsync.core.Side;
import dev.calsync.core.conflict.Conflict;
import dev.calsync.core.conflict.ConflictResolver;
import dev.calsync.core.conflict.ConflictResolvers;
import dev.calsync.core.conflict.DecidingRule;
import dev.calsync.core.conflict.Resolution;
import dev.calsync.core.event.EventComponent;
import dev.calsync.testkit.generate.DetailGenerators;
import dev.calsync.testkit.generate.EventGenerators;
import dev.calsync.testkit.generate.Generator;
import dev.calsync.testkit.generate.Source;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Conflict resolution does not depend on which calendar is called A, equal content is never a
 * conflict, and the documented rules (SEQUENCE, then modification time, then the preferred side)
 * decide in that order. Whether contents are equal is known by construction: B is a
 * meaning-preserving rewrite of A ({@link Rewrites}) or a single-field change ({@link Mutations}).
 */
class ConflictResolverProperties {

    /** A conflict and whether its two states were built to hold the same content. */
    record Case(Conflict conflict, boolean sameContent, long rawSequenceA, long rawSequenceB, String how) {
        @Override
        public String toString() {
            return how + ", same content " + sameContent + ", sequences " + rawSequenceA + "/" + rawSequenceB
                    + ", modified " + conflict.a().lastModified() + "/"
                    + conflict.b().lastModified() + ", preferred "
                    + conflict.preferredSide();
        }
    }

    private static final Generator<Case> CASE = source -> {
        EventComponent a = EventGenerators.components().apply(source);
        boolean same = source.bool();
        EventComponent b;
        String how;
        if (same) {
            List<String> applied = new ArrayList<>();
            b = Rewrites.some(source, a, applied);
            how = "rewritten by " + applied;
        } else {
            List<String> names = new ArrayList<>(Mutations.of(a).keySet());
            names.removeIf(n -> n.equals("uid") || n.equals("recurrence id")); // a conflict is about one key
            how = source.pick(names);
            b = Mutations.of(a).get(how);
        }
        long seqA = DetailGenerators.sequences().apply(source);
        long seqB = source.chance(40) ? seqA : DetailGenerators.sequences().apply(source);
        Instant modA = DetailGenerators.lastModified().apply(source);
        Instant modB;
        switch (source.weighted(3, 1, 4)) {
            case 0:
                modB = modA;
                break;
            case 1:
                // Differs below a millisecond only: both sides store milliseconds, so this is a tie.
                modB = modA == null ? null : modA.plusNanos(source.between(1, 999_999));
                break;
            default:
                modB = DetailGenerators.lastModified().apply(source);
                break;
        }
        EventComponent base = source.bool() ? null : a;
        return new Case(
                new Conflict(
                        base,
                        a.toBuilder().sequence(seqA).lastModified(modA).build(),
                        b.toBuilder().sequence(seqB).lastModified(modB).build(),
                        source.bool() ? Side.A : Side.B),
                same,
                seqA,
                seqB,
                how);
    };

    private static final Gen<Case> CASES = gen(CASE);

    @Test
    void theStandardResolverDoesNotDependOnWhichSideIsCalledA() {
        ConflictResolver standard = ConflictResolvers.standard();
        qt().withExamples(1000)
                .forAll(CASES)
                .checkAssert(c -> assertThat(standard.resolve(c.conflict().mirrored()))
                        .as("%s", c)
                        .isEqualTo(standard.resolve(c.conflict()).mirrored()));
    }

    @Test
    void preferAIsPreferBWithTheSidesSwapped() {
        qt().withExamples(500).forAll(CASES).checkAssert(c -> {
            Resolution a = ConflictResolvers.preferA().resolve(c.conflict());
            assertThat(ConflictResolvers.preferB().resolve(c.conflict().mirrored()))
                    .as("%s", c)
                    .isEqualTo(a.mirrored());
            assertThat(a.winningSide()).isEqualTo(c.sameContent() ? Optional.empty() : Optional.of(Side.A));
        });
    }

    @Test
    void equalContentIsNeverAConflictWhateverTheSequencesAndTimes() {
        AtomicInteger asked = new AtomicInteger();
        ConflictResolver callback = ConflictResolvers.callback(conflict -> {
            asked.incrementAndGet();
            return Side.B;
        });
        qt().withExamples(1000).forAll(CASES).checkAssert(c -> {
            List<ConflictResolver> all = List.of(
                    ConflictResolvers.standard(), ConflictResolvers.preferA(), ConflictResolvers.preferB(), callback);
            int before = asked.get();
            for (ConflictResolver r : all) {
                Resolution res = r.resolve(c.conflict());
                assertThat(res.rule() == DecidingRule.CONTENT_EQUAL)
                        .as("%s: %s", c, res)
                        .isEqualTo(c.sameContent());
            }
            assertThat(asked.get() - before).as("callback asked").isEqualTo(c.sameContent() ? 0 : 1);
        });
    }

    @Test
    void theCallbackDecidesEveryRealConflict() {
        qt().withExamples(500).forAll(CASES).checkAssert(c -> {
            Side chosen = c.conflict().preferredSide().opposite();
            Resolution res = ConflictResolvers.callback(conflict -> chosen).resolve(c.conflict());
            if (!c.sameContent()) {
                assertThat(res).isEqualTo(Resolution.won(chosen, DecidingRule.CALLBACK));
            }
        });
    }

    @Test
    void theHigherSequenceAlwaysWinsWhenContentsDiffer() {
        qt().withExamples(1000).forAll(CASES).checkAssert(c -> {
            long a = clamp(c.rawSequenceA());
            long b = clamp(c.rawSequenceB());
            if (c.sameContent() || a == b) {
                return;
            }
            assertThat(ConflictResolvers.standard().resolve(c.conflict()))
                    .as("%s", c)
                    .isEqualTo(Resolution.won(a > b ? Side.A : Side.B, DecidingRule.SEQUENCE));
        });
    }

    @Test
    void withEqualSequencesTheLaterModificationWinsAndOtherwiseThePreferredSide() {
        qt().withExamples(1000).forAll(CASES).checkAssert(c -> {
            if (c.sameContent() || clamp(c.rawSequenceA()) != clamp(c.rawSequenceB())) {
                return;
            }
            Instant a = millis(c.conflict().a().lastModified());
            Instant b = millis(c.conflict().b().lastModified());
            Resolution expected = a != null && b != null && !a.equals(b)
                    ? Resolution.won(a.isAfter(b) ? Side.A : Side.B, DecidingRule.TIMESTAMP)
                    : Resolution.won(c.conflict().preferredSide(), DecidingRule.PREFERRED_SIDE);
            assertThat(ConflictResolvers.standard().resolve(c.conflict()))
                    .as("%s", c)
                    .isEqualTo(expected);
        });
    }

    @Test
    void theCasesCoverEveryRule() {
        // Guards the properties above against passing vacuously.
        Source source = Source.of(new Random(5));
        EnumSet<DecidingRule> seen = EnumSet.noneOf(DecidingRule.class);
        for (int i = 0; i < 1000; i++) {
            seen.add(ConflictResolvers.standard()
                    .resolve(CASE.apply(source).conflict())
                    .rule());
        }
        assertThat(seen)
                .contains(
                        DecidingRule.CONTENT_EQUAL,
                        DecidingRule.SEQUENCE,
                        DecidingRule.TIMESTAMP,
                        DecidingRule.PREFERRED_SIDE);
    }

    private static long clamp(long raw) {
        return Math.max(0, Math.min(raw, Integer.MAX_VALUE));
    }

    private static Instant millis(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }
}
