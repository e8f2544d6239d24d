package dev.calsync.caldav;

import dev.calsync.caldav.internal.DavMultiStatus;
import dev.calsync.caldav.internal.DavRequests;
import dev.calsync.caldav.internal.ICalendarCodec;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.MalformedEventException;
import dev.calsync.testkit.contract.ProviderTestHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Acts on a CalDAV server as another client would, over plain HTTP with the JDK's HttpClient (a new
 * client per request: Radicale speaks HTTP/1.0 and closes connections the JDK client would reuse).
 * New series go to {@code <random uuid>.ics}, as Apple Calendar and Thunderbird name them, so the
 * provider has to find them by UID; series are found with a calendar-query and rendered with
 * {@link ICalendarCodec} over the body read.
 */
final class CalDavHarness implements ProviderTestHarness {
    /** Bodies every server tested stores but calsync's codec refuses, tried in this order. */
    static final String[] MALFORMED = {
        // DTEND before DTSTART
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//harness//EN\r\nBEGIN:VEVENT\r\nUID:%s\r\n"
                + "DTSTAMP:20300101T000000Z\r\nDTSTART:20300304T100000Z\r\nDTEND:20300304T090000Z\r\n"
                + "SUMMARY:ends before it starts\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        // an unknown STATUS
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//harness//EN\r\nBEGIN:VEVENT\r\nUID:%s\r\n"
                + "DTSTAMP:20300101T000000Z\r\nDTSTART:20300304T100000Z\r\nDTEND:20300304T110000Z\r\n"
                + "STATUS:NOT-A-STATUS\r\nSUMMARY:unknown status\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    };

    private final String authorization;
    private final Predicate<String> invalidator;

    /**
     * @param username the user, or null for a server without authentication
     * @param password the password, or null
     * @param invalidator invalidates the sync tokens of a calendar URL and says whether it could, or null
     */
    CalDavHarness(String username, String password, Predicate<String> invalidator) {
        this.authorization = username == null
                ? null
                : "Basic "
                        + Base64.getEncoder()
                                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.invalidator = invalidator;
    }

    /** A resource holding a series, as found on the server. */
    record Found(URI uri, String etag, String body, EventSeries series) {}

    @Override
    public void userPut(String calendarId, EventSeries series) {
        Optional<Found> existing = find(calendarId, series.uid());
        if (existing.isPresent()) {
            put(
                    existing.get().uri(),
                    ICalendarCodec.render(series, existing.get().body()),
                    existing.get().etag());
        } else {
            URI uri = URI.create(calendarId).resolve(UUID.randomUUID() + ".ics");
            put(uri, ICalendarCodec.render(series, null), null);
        }
    }

    @Override
    public void userDelete(String calendarId, String uid) {
        Found f = find(calendarId, uid).orElseThrow(() -> new NoSuchElementException(uid + " in " + calendarId));
        HttpResponse<String> r = send("DELETE", f.uri(), null, null);
        check(r, "DELETE " + f.uri());
    }

    @Override
    public void userEdit(String calendarId, String uid, UnaryOperator<EventSeries> edit) {
        Found f = find(calendarId, uid).orElseThrow(() -> new NoSuchElementException(uid + " in " + calendarId));
        EventSeries edited = edit.apply(f.series());
        put(f.uri(), ICalendarCodec.render(edited, f.body()), f.etag());
    }

    @Override
    public boolean userPutMalformed(String calendarId, String name) {
        URI uri = URI.create(calendarId).resolve(name + ".ics");
        for (String template : MALFORMED) {
            String body = String.format(template, name + "@calsync.test");
            HttpResponse<String> r = send("PUT", uri, body, "text/calendar; charset=utf-8");
            if (r.statusCode() / 100 == 2 && r.statusCode() != 207) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean invalidateSyncTokens(String calendarId) {
        return invalidator != null && invalidator.test(calendarId);
    }

    /**
     * The issued token with every digit of its trailing hex run changed: Radicale's tokens end in a
     * SHA-256 of the collection's state, Xandikos' are git commit ids, so this is a token of their
     * form that they never issued (both answer it as they answer a forgotten one).
     */
    @Override
    public Optional<String> forgottenSyncToken(String calendarId, String issuedToken) {
        int start = issuedToken.length();
        while (start > 0 && Character.digit(issuedToken.charAt(start - 1), 16) >= 0) {
            start--;
        }
        if (issuedToken.length() - start < 16) {
            return Optional.empty();
        }
        StringBuilder forgotten = new StringBuilder(issuedToken.substring(0, start));
        for (int i = start; i < issuedToken.length(); i++) {
            forgotten.append(Character.forDigit((Character.digit(issuedToken.charAt(i), 16) + 1) % 16, 16));
        }
        return Optional.of(forgotten.toString());
    }

    /** The resource holding {@code uid}, found with a calendar-query over every VEVENT resource. */
    Optional<Found> find(String calendarId, String uid) {
        URI collection = URI.create(calendarId);
        HttpResponse<String> r = send(
                "REPORT", collection, DavRequests.calendarQuery(null, null, true), "application/xml; charset=utf-8");
        check(r, "REPORT calendar-query " + collection);
        for (DavMultiStatus.Entry e : DavMultiStatus.parse(r.body(), collection).members(collection)) {
            String data = e.props().calendarData();
            if (data == null) {
                continue;
            }
            try {
                Optional<EventSeries> s = ICalendarCodec.parse(data);
                if (s.isPresent() && s.get().uid().equals(uid)) {
                    return Optional.of(new Found(e.uri(), e.etag().value(), data, s.get()));
                }
            } catch (MalformedEventException notOurs) {
                // someone else's broken resource
            }
        }
        return Optional.empty();
    }

    private void put(URI uri, String body, String ifMatch) {
        HttpRequest.Builder b = request(uri)
                .header("Content-Type", "text/calendar; charset=utf-8")
                .method("PUT", HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        } else {
            b.header("If-None-Match", "*");
        }
        HttpResponse<String> r = send(b.build());
        if (r.statusCode() == 207 || r.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT " + uri + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private HttpResponse<String> send(String method, URI uri, String body, String contentType) {
        HttpRequest.Builder b = request(uri);
        if (method.equals("REPORT")) {
            b.header("Depth", "1");
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(b.build());
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void check(HttpResponse<String> r, String what) {
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
