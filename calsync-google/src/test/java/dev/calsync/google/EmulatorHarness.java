package dev.calsync.google;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.client.json.jackson2.JacksonFactory;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.id.GoogleEventIds;
import dev.calsync.core.spi.RemoteRef;
import dev.calsync.core.spi.RemoteSeries;
import dev.calsync.google.internal.GoogleEventMapper;
import dev.calsync.testkit.contract.ProviderTestHarness;
import dev.calsync.testkit.google.GoogleCalendarEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Acts on the Google emulator as a user of Google Calendar would (through the emulator's "another
 * client" operations): series are put where calsync would put them, with new ETags and the
 * sequence Google would give.
 */
final class EmulatorHarness implements ProviderTestHarness {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GoogleCalendarEmulator emulator;
    private final GoogleCalendarProvider reader;

    /**
     * @param emulator the emulator
     * @param reader a provider on the emulator, used to read series the way calsync sees them
     */
    EmulatorHarness(GoogleCalendarEmulator emulator, GoogleCalendarProvider reader) {
        this.emulator = emulator;
        this.reader = reader;
    }

    @Override
    public void userPut(String calendarId, EventSeries series) {
        EventSeries s = series.normalized();
        ZoneId zone = ZoneOffset.UTC;
        Optional<RemoteSeries> before = reader.fetchSeries(calendarId, s.uid(), List.of());
        // An existing series is edited where it lives (an imported one has Google's id, not calsync's).
        String masterId = before.flatMap(b -> b.ref(EventKey.master(s.uid())))
                .map(RemoteRef::remoteId)
                .orElseGet(() -> GoogleEventIds.forUid(s.uid()));
        ObjectNode master = node(GoogleEventMapper.toEvent(s.master(), zone));
        if (emulator.event(calendarId, masterId).isPresent()) {
            emulator.userUpdate(calendarId, masterId, master);
        } else if (s.master().organizer() != null) {
            // Someone else's event (an invitation) reaches a Google calendar by import: Google
            // keeps its organizer there, and sets the calendar itself as organizer of an insert.
            master.put("iCalUID", s.uid());
            masterId = emulator.userImport(calendarId, master).path("id").asText();
        } else {
            master.put("id", masterId);
            emulator.userInsert(calendarId, master);
        }
        for (EventComponent o : s.overrides()) {
            emulator.userPatch(
                    calendarId,
                    instanceId(calendarId, before, o.key(), masterId),
                    node(GoogleEventMapper.toPatch(o, zone, null)));
        }
        for (RecurrenceId rid : s.cancelledOccurrences()) {
            EventKey key = EventKey.occurrence(s.uid(), rid);
            boolean alreadyCancelled = before.map(
                            b -> b.series().cancelledOccurrences().contains(rid))
                    .orElse(false);
            if (!alreadyCancelled) {
                emulator.userDelete(calendarId, instanceId(calendarId, before, key, masterId));
            }
        }
    }

    @Override
    public void userDelete(String calendarId, String uid) {
        RemoteSeries s = reader.fetchSeries(calendarId, uid, List.of())
                .orElseThrow(() -> new NoSuchElementException("no series " + uid + " in " + calendarId));
        emulator.userDelete(
                calendarId, s.ref(EventKey.master(uid)).orElseThrow().remoteId());
    }

    @Override
    public void userEdit(String calendarId, String uid, UnaryOperator<EventSeries> edit) {
        RemoteSeries s = reader.fetchSeries(calendarId, uid, List.of())
                .orElseThrow(() -> new NoSuchElementException("no series " + uid + " in " + calendarId));
        userPut(calendarId, edit.apply(s.series()));
    }

    @Override
    public boolean userPutMalformed(String calendarId, String name) {
        emulator.putRaw(
                calendarId,
                name,
                "{\"status\":\"confirmed\",\"summary\":\"broken\",\"iCalUID\":\"" + name
                        + "@calsync.test\",\"start\":{\"dateTime\":\"the thirtieth of February\"},"
                        + "\"end\":{\"dateTime\":\"2030-03-01T11:00:00Z\"}}");
        return true;
    }

    @Override
    public boolean invalidateSyncTokens(String calendarId) {
        emulator.invalidateSyncTokens(calendarId);
        return true;
    }

    /** The id of an occurrence: where it already lives, else what Google's instances listing says. */
    private String instanceId(String calendarId, Optional<RemoteSeries> before, EventKey key, String masterId) {
        return before.flatMap(s -> s.ref(key))
                .map(RemoteRef::remoteId)
                .filter(id -> !id.equals(masterId))
                .orElseGet(() -> {
                    String documented = GoogleEventIds.instanceId(masterId, key.recurrenceId());
                    return emulator.event(calendarId, documented).isPresent()
                            ? documented
                            : lookUp(calendarId, masterId, key.recurrenceId());
                });
    }

    private String lookUp(String calendarId, String masterId, RecurrenceId rid) {
        String originalStart = rid instanceof RecurrenceId.OnDate d
                ? new DateTime(d.date().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()).toStringRfc3339()
                : new DateTime(((RecurrenceId.AtInstant) rid).instant().toEpochMilli()).toStringRfc3339();
        try {
            Events found = reader.client()
                    .events()
                    .instances(calendarId, masterId)
                    .setOriginalStart(originalStart)
                    .setShowDeleted(true)
                    .execute();
            if (found.getItems() == null || found.getItems().isEmpty()) {
                throw new NoSuchElementException("no occurrence " + rid + " of " + masterId);
            }
            return found.getItems().get(0).getId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode node(Event event) {
        try {
            return (ObjectNode)
                    JSON.readTree(JacksonFactory.getDefaultInstance().toString(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
