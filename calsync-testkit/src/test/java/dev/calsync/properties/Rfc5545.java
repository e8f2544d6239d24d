package dev.calsync.properties;

import dev.calsync.core.event.EventTime;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * Independent computations of what calendar values mean, written from RFC 5545 and RFC 3339
 * directly with {@link ZoneRules}, not with the code under test.
 */
final class Rfc5545 {
    private Rfc5545() {}

    /**
     * The instant a local time in {@code zone} denotes (RFC 5545 §3.3.5): the only offset when there
     * is one; in an overlap the offset before the transition (the earlier instant); in a gap the
     * local time moved forward by the gap's length.
     */
    static Instant instant(LocalDateTime local, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.size() == 1) {
            return local.toInstant(offsets.get(0));
        }
        ZoneOffsetTransition t = rules.getTransition(local);
        if (offsets.size() == 2) {
            return local.toInstant(t.getOffsetBefore());
        }
        return local.plus(t.getDuration()).toInstant(t.getOffsetAfter());
    }

    /** The instant of a zoned or UTC time; the floating and all-day ones placed in {@code viewer}. */
    static Instant instant(EventTime t, ZoneId viewer) {
        if (t instanceof EventTime.Zoned z) {
            return instant(z.local(), z.zone());
        }
        if (t instanceof EventTime.Utc u) {
            return u.instant();
        }
        if (t instanceof EventTime.Floating f) {
            return instant(f.local(), viewer);
        }
        return instant(((EventTime.AllDay) t).date().atStartOfDay(), viewer);
    }

    /** {@code yyyyMMdd'T'HHmmss} of {@code t}. */
    static String basic(LocalDateTime t) {
        return String.format(
                "%04d%02d%02dT%02d%02d%02d",
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
    }

    /** {@code yyyyMMdd'T'HHmmss'Z'} of {@code instant}. */
    static String basicUtc(Instant instant) {
        return basic(LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC)) + "Z";
    }

    /**
     * An RFC 3339 date-time for {@code instant} written with the offset {@code zone} has at that
     * instant, as Google writes {@code dateTime}: {@code 2025-03-30T09:00:00+02:00}, optionally with
     * milliseconds, and {@code Z} or {@code +00:00} for a zero offset.
     */
    static String rfc3339(Instant instant, ZoneId zone, boolean millis, boolean zeroAsZ) {
        ZoneOffset offset = zone.getRules().getOffset(instant);
        LocalDateTime local = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, offset);
        int total = offset.getTotalSeconds();
        String off;
        if (total == 0 && zeroAsZ) {
            off = "Z";
        } else {
            int abs = Math.abs(total);
            off = String.format("%s%02d:%02d", total < 0 ? "-" : "+", abs / 3600, abs / 60 % 60);
        }
        return String.format(
                "%04d-%02d-%02dT%02d:%02d:%02d%s%s",
                local.getYear(),
                local.getMonthValue(),
                local.getDayOfMonth(),
                local.getHour(),
                local.getMinute(),
                local.getSecond(),
                millis ? ".000" : "",
                off);
    }
}
