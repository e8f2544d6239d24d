package dev.calsync.core.conflict;

import dev.calsync.core.Side;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventComponent;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * The conflict policies calsync ships. Each first checks whether both sides hold the same mapped
 * content ({@link DecidingRule#CONTENT_EQUAL}: nothing to decide, nothing to write).
 */
public final class ConflictResolvers {
    private ConflictResolvers() {}

    /**
     * The default, the seed's rule made precise: the higher SEQUENCE wins ({@link
     * DecidingRule#SEQUENCE}); with equal SEQUENCE the later modification time wins ({@link
     * DecidingRule#TIMESTAMP}) when both sides report one; otherwise the pair's preferred side wins
     * ({@link DecidingRule#PREFERRED_SIDE}). SEQUENCE values are clamped to {@code [0, 2^31-1]}, a
     * missing one is 0. ETags never decide: they guard writes.
     *
     * @return the standard resolver
     */
    public static ConflictResolver standard() {
        return ConflictResolvers::standardRule;
    }

    /** {@return a resolver by which side A always wins a real conflict ({@link DecidingRule#PREFERRED_SIDE})} */
    public static ConflictResolver preferA() {
        return prefer(Side.A);
    }

    /** {@return a resolver by which side B always wins a real conflict ({@link DecidingRule#PREFERRED_SIDE})} */
    public static ConflictResolver preferB() {
        return prefer(Side.B);
    }

    /**
     * The host application decides each real conflict ({@link DecidingRule#CALLBACK}), e.g. by
     * asking the user. The callback must be pure and must not return null.
     *
     * @param callback given the conflict, names the winning side
     * @return a resolver that asks {@code callback}
     * @throws NullPointerException at resolution time if the callback returns null
     */
    public static ConflictResolver callback(Function<Conflict, Side> callback) {
        Objects.requireNonNull(callback, "callback");
        return conflict -> {
            if (sameContent(conflict)) {
                return Resolution.contentEqual();
            }
            Side side = Objects.requireNonNull(callback.apply(conflict), "the conflict callback returned null");
            return Resolution.won(side, DecidingRule.CALLBACK);
        };
    }

    private static ConflictResolver prefer(Side side) {
        return conflict ->
                sameContent(conflict) ? Resolution.contentEqual() : Resolution.won(side, DecidingRule.PREFERRED_SIDE);
    }

    private static Resolution standardRule(Conflict conflict) {
        if (sameContent(conflict)) {
            return Resolution.contentEqual();
        }
        EventComponent a = conflict.a();
        EventComponent b = conflict.b();
        if (a.sequence() != b.sequence()) {
            return Resolution.won(a.sequence() > b.sequence() ? Side.A : Side.B, DecidingRule.SEQUENCE);
        }
        Instant ma = a.lastModified();
        Instant mb = b.lastModified();
        if (ma != null && mb != null && !ma.equals(mb)) {
            return Resolution.won(ma.isAfter(mb) ? Side.A : Side.B, DecidingRule.TIMESTAMP);
        }
        return Resolution.won(conflict.preferredSide(), DecidingRule.PREFERRED_SIDE);
    }

    private static boolean sameContent(Conflict conflict) {
        return ContentHash.of(conflict.a()).equals(ContentHash.of(conflict.b()));
    }
}
