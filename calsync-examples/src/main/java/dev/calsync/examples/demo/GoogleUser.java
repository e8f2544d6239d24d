package dev.calsync.examples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calsync.google.GoogleCalendarProvider;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A Google Calendar user acting on the Google emulator as Google's own apps do: events go in as the
 * JSON bodies of the Calendar API (a {@code dateTime} with its offset and a {@code timeZone}, or a
 * {@code date}; {@code recurrence} lines; reminders), without {@code id} or {@code iCalUID}, so
 * Google picks the id and the UID ({@code <id>@google.com}). A changed occurrence is a patch of its
 * instance, a cancelled one a delete of its instance. None of this goes through calsync.
 */
public final class GoogleUser {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final DateTimeFormatter UTC_BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");
    private static final DateTimeFormatter DATE_BASIC = DateTimeFormatter.BASIC_ISO_DATE;

    private final GoogleCalendarEmulator google;
    private final String calendarId;
    private final Map<String, String> idsByKey = new HashMap<>();
    private final Map<String, String> uidsByKey = new HashMap<>();

    /**
     * @param google the emulator
     * @param calendarId the user's calendar there
     */
    public GoogleUser(GoogleCalendarEmulator google, String calendarId) {
        this.google = Objects.requireNonNull(google, "google");
        this.calendarId = Objects.requireNonNull(calendarId, "calendarId");
    }

    /** The calendar this user works in. */
    public String calendarId() {
        return calendarId;
    }

    /**
     * Creates {@code event}: its master or single event, then each changed occurrence as a patch of
     * its instance and each cancelled occurrence as a delete of its instance.
     *
     * @return the UID Google gave it
     */
    public String create(DemoEvent event) {
        ObjectNode body = JSON.objectNode();
        body.put("summary", event.summary());
        if (event.location() != null) {
            body.put("location", event.location());
        }
        if (event.description() != null) {
            body.put("description", event.description());
        }
        body.set("start", time(event, event.start()));
        body.set("end", time(event, event.end()));
        if (event.recurring()) {
            body.set("recurrence", JSON.arrayNode().add("RRULE:" + event.rrule()));
        }
        ObjectNode reminders = body.putObject("reminders");
        if (event.reminderMinutes() == null) {
            reminders.put("useDefault", true);
        } else {
            reminders.put("useDefault", false);
            reminders.putArray("overrides").addObject().put("method", "popup").put("minutes", event.reminderMinutes());
        }
        ObjectNode stored = google.userInsert(calendarId, body);
        String id = stored.path("id").asText();
        idsByKey.put(event.key(), id);
        uidsByKey.put(event.key(), stored.path("iCalUID").asText());
        event.overrides().forEach((index, change) -> {
            LocalDateTime original = event.occurrence(index);
            ObjectNode patch = JSON.objectNode();
            if (!change.shift().isZero()) {
                patch.set("start", time(event, original.plus(change.shift())));
                patch.set("end", time(event, original.plus(change.shift()).plus(event.length())));
            }
            if (change.summary() != null) {
                patch.put("summary", change.summary());
            }
            google.userPatch(calendarId, instanceId(id, event, original), patch);
        });
        for (int index : event.cancelled()) {
            google.userDelete(calendarId, instanceId(id, event, event.occurrence(index)));
        }
        return uidsByKey.get(event.key());
    }

    /** The UID Google gave the event this user created for {@code key}. */
    public String uid(String key) {
        return Objects.requireNonNull(uidsByKey.get(key), key);
    }

    /**
     * The id of the (master or single) event holding series {@code uid}, wherever it came from: the
     * user's own events are known by their {@code iCalUID}, events calsync wrote by its private
     * extended property.
     *
     * @throws NoSuchElementException if the calendar holds no such live event
     */
    public String eventIdOf(String uid) {
        for (ObjectNode e : google.storedEvents(calendarId)) {
            if (e.hasNonNull("recurringEventId")
                    || "cancelled".equals(e.path("status").asText())) {
                continue;
            }
            JsonNode calsyncUid =
                    e.path("extendedProperties").path("private").path(GoogleCalendarProvider.UID_PROPERTY);
            if (uid.equals(e.path("iCalUID").asText()) || uid.equals(calsyncUid.asText(null))) {
                return e.path("id").asText();
            }
        }
        throw new NoSuchElementException("no event " + uid + " in " + calendarId);
    }

    /** Renames series {@code uid} (Google leaves {@code sequence} as it is). */
    public void rename(String uid, String summary) {
        ObjectNode patch = JSON.objectNode();
        patch.put("summary", summary);
        google.userPatch(calendarId, eventIdOf(uid), patch);
    }

    /** Moves single event {@code event} (series {@code uid}) by {@code shift}; Google bumps {@code sequence}. */
    public void move(String uid, DemoEvent event, Duration shift) {
        ObjectNode patch = JSON.objectNode();
        patch.set("start", time(event, event.start().plus(shift)));
        patch.set("end", time(event, event.end().plus(shift)));
        google.userPatch(calendarId, eventIdOf(uid), patch);
    }

    /** Moves occurrence {@code index} of series {@code uid} (shape {@code event}) by {@code shift}. */
    public void moveOccurrence(String uid, DemoEvent event, int index, Duration shift) {
        LocalDateTime original = event.occurrence(index);
        ObjectNode patch = JSON.objectNode();
        patch.set("start", time(event, original.plus(shift)));
        patch.set("end", time(event, original.plus(shift).plus(event.length())));
        google.userPatch(calendarId, instanceId(eventIdOf(uid), event, original), patch);
    }

    /** Cancels occurrence {@code index} of series {@code uid} (shape {@code event}). */
    public void cancelOccurrence(String uid, DemoEvent event, int index) {
        google.userDelete(calendarId, instanceId(eventIdOf(uid), event, event.occurrence(index)));
    }

    /** Deletes series {@code uid}. */
    public void delete(String uid) {
        google.userDelete(calendarId, eventIdOf(uid));
    }

    /** The {@code sequence} Google holds for series {@code uid}. */
    public int sequence(String uid) {
        return google.event(calendarId, eventIdOf(uid))
                .orElseThrow()
                .path("sequence")
                .asInt();
    }

    /** A start or end as Google's apps send it. */
    static ObjectNode time(DemoEvent event, LocalDateTime local) {
        ObjectNode t = JSON.objectNode();
        if (event.allDay()) {
            t.put("date", local.toLocalDate().toString());
        } else {
            ZoneId zone = event.zone();
            OffsetDateTime at = local.atZone(zone).toOffsetDateTime();
            t.put("dateTime", at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            t.put("timeZone", zone.getId());
        }
        return t;
    }

    /** The documented id of the instance of {@code masterId} that originally starts at {@code original}. */
    static String instanceId(String masterId, DemoEvent event, LocalDateTime original) {
        if (event.allDay()) {
            return masterId + "_" + original.toLocalDate().format(DATE_BASIC);
        }
        return masterId + "_"
                + original.atZone(event.zone())
                        .withZoneSameInstant(ZoneOffset.UTC)
                        .format(UTC_BASIC);
    }
}
