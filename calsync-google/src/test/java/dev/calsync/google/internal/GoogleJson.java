package dev.calsync.google.internal;

import com.google.api.client.json.JsonFactory;
import com.google.api.client.json.jackson2.JacksonFactory;
import com.google.api.services.calendar.model.Event;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Google events to and from JSON, as the Google client puts them on the wire. */
final class GoogleJson {
    @SuppressWarnings("deprecation") // the factory the provider's client uses
    static final JsonFactory FACTORY = JacksonFactory.getDefaultInstance();

    private GoogleJson() {}

    /** Parses {@code json} (an event resource) as the client parses a response. */
    static Event parse(String json) {
        try {
            return FACTORY.fromString(json, Event.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code event} as the client serialises a request body. */
    static String json(Event event) {
        try {
            return FACTORY.toString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code event} serialised and parsed again: what a trip over the wire leaves of it. */
    static Event wire(Event event) {
        return parse(json(event));
    }
}
