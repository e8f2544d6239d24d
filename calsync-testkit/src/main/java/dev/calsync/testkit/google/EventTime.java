package dev.calsync.testkit.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * A start, end or originalStartTime: an all-day {@code date} or a {@code dateTime} instant with an
 * optional {@code timeZone} (the zone it was given in, echoed on output).
 */
record EventTime(LocalDate date, Instant instant, String timeZone) {

    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    static EventTime ofDate(LocalDate date) {
        return new EventTime(date, null, null);
    }

    static EventTime ofInstant(Instant instant, String timeZone) {
        return new EventTime(null, instant, timeZone);
    }

    boolean allDay() {
        return date != null;
    }

    /** The instant this time begins at, all-day dates taken at midnight in {@code zone}. */
    Instant begin(ZoneId zone) {
        return allDay() ? date.atStartOfDay(zone).toInstant() : instant;
    }

    /** Parses a client's {@code {date}} or {@code {dateTime, timeZone}}; which is "start" or "end". */
    static EventTime parse(JsonNode node, String which) {
        if (node == null || !node.isObject()) {
            throw ApiException.required("Missing " + which + " time.");
        }
        String tz = text(node, "timeZone");
        if (tz != null) {
            try {
                ZoneId.of(tz);
            } catch (DateTimeException e) {
                throw ApiException.invalid("Invalid time zone definition for " + which + " time.");
            }
        }
        String date = text(node, "date");
        String dateTime = text(node, "dateTime");
        if (date != null && dateTime == null) {
            try {
                return new EventTime(LocalDate.parse(date), null, null);
            } catch (DateTimeParseException e) {
                throw ApiException.invalid("Invalid " + which + " time.");
            }
        }
        if (dateTime == null) {
            throw ApiException.required("Missing " + which + " time.");
        }
        try {
            return new EventTime(null, OffsetDateTime.parse(dateTime).toInstant(), tz);
        } catch (DateTimeParseException e) {
            // no offset: needs the timeZone
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(dateTime);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("Invalid " + which + " time.");
        }
        if (tz == null) {
            throw ApiException.missingTimeZone(which);
        }
        return new EventTime(null, local.atZone(ZoneId.of(tz)).toInstant(), tz);
    }

    /** Parses a stored time (always well-formed), or null. */
    static EventTime stored(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        try {
            String date = text(node, "date");
            if (date != null) {
                return ofDate(LocalDate.parse(date));
            }
            String dateTime = text(node, "dateTime");
            return dateTime == null
                    ? null
                    : ofInstant(OffsetDateTime.parse(dateTime).toInstant(), text(node, "timeZone"));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The stored form: the instant in UTC. */
    ObjectNode toStored() {
        return render(ZoneOffset.UTC);
    }

    /** The output form: the instant with the offset of {@code zone}, {@code timeZone} echoed. */
    ObjectNode render(ZoneId zone) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (allDay()) {
            n.put("date", date.toString());
        } else {
            n.put("dateTime", OUT.format(instant.atZone(zone)));
            if (timeZone != null) {
                n.put("timeZone", timeZone);
            }
        }
        return n;
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
