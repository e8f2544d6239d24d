package dev.calsync.e2e;

import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.examples.demo.DemoEvent;
import dev.calsync.examples.demo.ICloudUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Another client of the CalDAV calendar (Apple Calendar on a phone, say): creates, edits and deletes
 * resources over HTTP, straight to the server, with the ETags it read. It is how the tests make
 * changes on the CalDAV side that calsync must carry over.
 */
final class DavUser {
    private static final Pattern HREF = Pattern.compile("<(?:[A-Za-z]+:)?href>([^<]+)</(?:[A-Za-z]+:)?href>");

    /** A stored resource: its body and ETag. */
    record Resource(String name, String body, String etag) {}

    private final URI calendar;
    private final String authorization;
    private final Ledger ledger;

    DavUser(URI calendar, String user, String password, Ledger ledger) {
        this.calendar = calendar;
        this.authorization =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.ledger = ledger;
    }

    /** The UID this user gives the series of {@code key}. */
    static String uidFor(String key) {
        return UUID.nameUUIDFromBytes(("calsync-e2e/" + key).getBytes(StandardCharsets.UTF_8))
                .toString()
                .toUpperCase(Locale.ROOT);
    }

    /** Creates {@code event} as one resource named after its UID, as Apple Calendar does. */
    String create(DemoEvent event) {
        String uid = uidFor(event.key());
        int status = put(uid + ".ics", ICloudUser.render(uid, event, Instant.now()), null);
        if (status != 201 && status != 204) {
            throw new IllegalStateException("PUT " + uid + ".ics answered " + status);
        }
        ledger.created(uid);
        return uid;
    }

    /**
     * Writes {@code body} as resource {@code name}: a create (If-None-Match: *) when {@code etag} is
     * null, else an update that only succeeds at that ETag.
     *
     * @return the HTTP status
     */
    int put(String name, String body, String etag) {
        HttpRequest.Builder request = request(name)
                .header("Content-Type", "text/calendar; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (etag == null) {
            request.header("If-None-Match", "*");
        } else {
            request.header("If-Match", etag);
        }
        return send(request.build()).statusCode();
    }

    /** The resource {@code name}, if stored. */
    Optional<Resource> get(String name) {
        HttpResponse<String> response = send(request(name).GET().build());
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + name + " answered " + response.statusCode());
        }
        return Optional.of(new Resource(
                name, response.body(), response.headers().firstValue("ETag").orElse(null)));
    }

    /** The name of the resource holding {@code uid}: this user's own, or the one calsync created. */
    String resourceOf(String uid) {
        String own = uid + ".ics";
        return get(own).isPresent() ? own : CalDavCalendarProvider.resourceNameFor(uid);
    }

    /**
     * Sets the SUMMARY of every component of series {@code uid} and raises its SEQUENCE, retrying
     * on 412 (calsync wrote it in between) up to 5 times.
     *
     * @return whether the edit was stored (false when the series is gone)
     */
    boolean rename(String uid, String summary) {
        String name = resourceOf(uid);
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Resource> current = get(name);
            if (current.isEmpty()) {
                return false;
            }
            String body = unfold(current.get().body())
                    .replaceAll("(?m)^SUMMARY[;:][^\r\n]*", Matcher.quoteReplacement("SUMMARY:" + summary));
            body = bumpSequence(body);
            int status = put(name, body, current.get().etag());
            if (status == 204 || status == 200 || status == 201) {
                return true;
            }
            if (status != 412) {
                throw new IllegalStateException("PUT " + name + " answered " + status);
            }
        }
        throw new IllegalStateException("PUT " + name + " kept answering 412");
    }

    /** Deletes series {@code uid} (unconditionally, as a user's client does after a fresh read). */
    void delete(String uid) {
        String name = resourceOf(uid);
        int status = send(request(name).DELETE().build()).statusCode();
        if (status != 204 && status != 200 && status != 404) {
            throw new IllegalStateException("DELETE " + name + " answered " + status);
        }
        ledger.deleted(uid);
    }

    /** The names of every resource of the calendar (PROPFIND, depth 1). */
    List<String> names() {
        String body = "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop><d:getetag/></d:prop></d:propfind>";
        HttpResponse<String> response = send(request("")
                .header("Depth", "1")
                .header("Content-Type", "application/xml")
                .method("PROPFIND", HttpRequest.BodyPublishers.ofString(body))
                .build());
        if (response.statusCode() != 207) {
            throw new IllegalStateException("PROPFIND answered " + response.statusCode());
        }
        List<String> out = new ArrayList<>();
        Matcher m = HREF.matcher(response.body());
        String self = calendar.getPath();
        while (m.find()) {
            String path = m.group(1).trim();
            if (!path.equals(self) && !path.equals(self.substring(0, self.length() - 1))) {
                out.add(path.substring(path.lastIndexOf('/') + 1));
            }
        }
        return out;
    }

    static String unfold(String ics) {
        return ics.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "").replace("\n\t", "");
    }

    private static String bumpSequence(String body) {
        Matcher m = Pattern.compile("(?m)^SEQUENCE:(\\d+)").matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, "SEQUENCE:" + (Integer.parseInt(m.group(1)) + 1));
        }
        m.appendTail(out);
        return out.toString();
    }

    private HttpRequest.Builder request(String name) {
        return HttpRequest.newBuilder(calendar.resolve(name))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization);
    }

    /**
     * Sends with a client per request: Radicale closes the connection after each response, and a
     * pooled connection would fail the next request.
     */
    private static HttpResponse<String> send(HttpRequest request) {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
