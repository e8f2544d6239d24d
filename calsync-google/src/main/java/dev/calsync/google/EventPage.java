package dev.calsync.google;

import com.google.api.client.json.GenericJson;
import com.google.api.client.json.JsonFactory;
import com.google.api.services.calendar.model.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One page of an events listing, parsed item by item: an item that does not parse as an event is
 * kept as text with the parser's message, so that it can be quarantined while the rest is read.
 */
record EventPage(
        List<Event> events, List<Unreadable> unreadable, String nextPageToken, String nextSyncToken, String timeZone) {

    /** An item of the page that is not a readable event. */
    record Unreadable(String id, String reason) {}

    static EventPage parse(JsonFactory json, String body) throws IOException {
        GenericJson page = json.fromString(body, GenericJson.class);
        List<Event> events = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        Object items = page.get("items");
        if (items instanceof List<?> list) {
            for (Object item : list) {
                String text = json.toString(item);
                String id = item instanceof Map<?, ?> map && map.get("id") instanceof String s ? s : null;
                try {
                    events.add(json.fromString(text, Event.class));
                } catch (IOException | RuntimeException e) {
                    unreadable.add(new Unreadable(id, "unreadable event JSON: " + e.getMessage()));
                }
            }
        }
        return new EventPage(
                events,
                unreadable,
                string(page.get("nextPageToken")),
                string(page.get("nextSyncToken")),
                string(page.get("timeZone")));
    }

    private static String string(Object value) {
        return value instanceof String s ? s : null;
    }
}
