package dev.calsync.testkit.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.calsync.testkit.google.GoogleEmulatorOptions.ImportOfExistingUid;
import dev.calsync.testkit.google.GoogleEmulatorOptions.InsertWithIdAndICalUid;
import dev.calsync.testkit.google.GoogleEmulatorOptions.InstanceIdFormat;
import dev.calsync.testkit.google.GoogleEmulatorOptions.SequenceBump;
import dev.calsync.testkit.google.GoogleEmulatorOptions.UpdateOfDeleted;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The emulator's state and the semantics of the events resource (GOOGLE-API.md §3–§12). Every
 * public-facing operation runs under this object's monitor.
 */
final class Engine {

    /** One logical request, after transport decoding (gzip, method override, batch unwrapping). */
    record Request(
            String method,
            List<String> segments,
            Map<String, List<String>> query,
            Map<String, String> headers,
            byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String param(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        List<String> params(String name) {
            return query.getOrDefault(name, List.of());
        }
    }

    /** A response: status, headers (besides Content-Type/Length) and body (empty for none). */
    record Response(int status, Map<String, String> headers, byte[] body) {
        static Response json(int status, JsonNode body) {
            return new Response(status, Map.of(), Json.bytes(body));
        }

        static Response event(ObjectNode event) {
            return new Response(200, Map.of("ETag", event.path("etag").asText()), Json.bytes(event));
        }

        static Response empty(int status) {
            return new Response(status, Map.of(), new byte[0]);
        }
    }

    static final class Cal {
        final String id;
        final ZoneId zone;
        String accessRole = "owner";
        long seq;
        int epoch;
        long purgedMaxSeq;
        Instant updated;
        final LinkedHashMap<String, Stored> events = new LinkedHashMap<>();

        Cal(String id, ZoneId zone, Instant now) {
            this.id = id;
            this.zone = zone;
            this.updated = now;
        }
    }

    static final class Stored {
        final String id;
        ObjectNode body;
        final long createSeq;
        long changeSeq;
        Instant updated;
        final boolean raw;

        Stored(String id, ObjectNode body, long createSeq, boolean raw) {
            this.id = id;
            this.body = body;
            this.createSeq = createSeq;
            this.raw = raw;
        }

        boolean cancelled() {
            return "cancelled".equals(body.path("status").asText());
        }

        boolean exception() {
            return !raw && body.hasNonNull("recurringEventId");
        }

        boolean master() {
            return !raw
                    && !exception()
                    && body.path("recurrence").isArray()
                    && body.path("recurrence").size() > 0;
        }

        String recurringEventId() {
            return body.path("recurringEventId").asText(null);
        }
    }

    /** What an event id resolves to: a stored item, or a virtual instance of a master. */
    record Target(Stored stored, Stored master, EventTime originalStart, String id) {
        boolean virtual() {
            return stored == null;
        }
    }

    private static final Pattern CLIENT_ID = Pattern.compile("[a-v0-9]{5,1024}");
    private static final DateTimeFormatter UPDATED =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter BASIC_UTC =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final char[] BASE32HEX = "0123456789abcdefghijklmnopqrstuv".toCharArray();
    private static final List<String> FIELD_ORDER = List.of(
            "kind",
            "etag",
            "id",
            "status",
            "htmlLink",
            "created",
            "updated",
            "summary",
            "description",
            "location",
            "colorId",
            "creator",
            "organizer",
            "start",
            "end",
            "endTimeUnspecified",
            "recurrence",
            "recurringEventId",
            "originalStartTime",
            "transparency",
            "visibility",
            "iCalUID",
            "sequence",
            "attendees",
            "extendedProperties",
            "reminders",
            "source",
            "eventType");
    /** Read-only or server-managed fields a client body cannot set. */
    private static final Set<String> SERVER_FIELDS = Set.of(
            "kind",
            "etag",
            "id",
            "htmlLink",
            "created",
            "updated",
            "creator",
            "organizer",
            "iCalUID",
            "recurringEventId",
            "originalStartTime",
            "sequence",
            "eventType",
            "privateCopy");

    final GoogleEmulatorOptions options;
    private final Map<String, Cal> calendars = new LinkedHashMap<>();
    private String primary;
    private long createCounter;
    private long lastEtag;
    private final Random random = new Random(0x5eed_ca1eL);

    Engine(GoogleEmulatorOptions options) {
        this.options = options;
    }

    // ------------------------------------------------------------------------------------------
    // calendars

    synchronized String createCalendar(String calendarId, ZoneId zone) {
        Objects.requireNonNull(calendarId, "calendarId");
        Objects.requireNonNull(zone, "zone");
        if (calendarId.isBlank() || calendarId.equals("primary")) {
            throw new IllegalArgumentException("not a usable calendar id: " + calendarId);
        }
        if (calendars.containsKey(calendarId)) {
            throw new IllegalArgumentException("calendar exists: " + calendarId);
        }
        calendars.put(calendarId, new Cal(calendarId, zone, now()));
        if (primary == null) {
            primary = calendarId;
        }
        return calendarId;
    }

    synchronized void setAccessRole(String calendarId, String accessRole) {
        Cal cal = calendars.get(calendarId);
        if (cal == null) {
            throw new IllegalArgumentException("no calendar " + calendarId);
        }
        cal.accessRole = Objects.requireNonNull(accessRole, "accessRole");
    }

    synchronized void invalidateSyncTokens(String calendarId) {
        Cal cal = calendars.get(calendarId);
        if (cal == null) {
            throw new IllegalArgumentException("no calendar " + calendarId);
        }
        cal.epoch++;
    }

    private Cal cal(String id) {
        Cal cal = calendars.get("primary".equals(id) ? primary : id);
        if (cal == null) {
            throw ApiException.notFound();
        }
        purge(cal);
        return cal;
    }

    private Cal writable(String id) {
        Cal cal = cal(id);
        if (!cal.accessRole.equals("owner") && !cal.accessRole.equals("writer")) {
            throw ApiException.requiredAccessLevel();
        }
        return cal;
    }

    private Cal calOrThrow(String calendarId) {
        Cal cal = calendars.get("primary".equals(calendarId) ? primary : calendarId);
        if (cal == null) {
            throw new IllegalArgumentException("no calendar " + calendarId);
        }
        purge(cal);
        return cal;
    }

    // ------------------------------------------------------------------------------------------
    // routing

    synchronized Response handle(Request r) {
        try {
            return route(r);
        } catch (ApiException e) {
            return Response.json(e.status, e.body());
        }
    }

    private Response route(Request r) {
        List<String> s = r.segments();
        String m = r.method();
        if (s.size() == 2 && s.get(0).equals("calendars") && m.equals("GET")) {
            return Response.json(200, calendarResource(cal(s.get(1))));
        }
        if (s.size() < 3 || !s.get(0).equals("calendars") || !s.get(2).equals("events")) {
            throw ApiException.notFound();
        }
        String calId = s.get(1);
        if (s.size() == 3) {
            return switch (m) {
                case "GET" -> Response.json(200, list(r, calId));
                case "POST" -> Response.event(insert(r, calId));
                default -> throw methodNotAllowed();
            };
        }
        String id = s.get(3);
        if (s.size() == 4) {
            if (m.equals("POST")) {
                return switch (id) {
                    case "import" -> Response.event(importEvent(r, calId));
                    case "quickAdd", "watch" -> throw notImplemented();
                    default -> throw methodNotAllowed();
                };
            }
            return switch (m) {
                case "GET" -> get(r, calId, id);
                case "PUT" -> Response.event(write(r, calId, id, false, false));
                case "PATCH" -> Response.event(write(r, calId, id, true, false));
                case "DELETE" -> {
                    delete(calId, id, r.header("If-Match"), false);
                    yield Response.empty(204);
                }
                default -> throw methodNotAllowed();
            };
        }
        if (s.size() == 5 && s.get(4).equals("instances") && m.equals("GET")) {
            return Response.json(200, instances(r, calId, id));
        }
        if (s.size() == 5 && s.get(4).equals("move") && m.equals("POST")) {
            throw notImplemented();
        }
        throw ApiException.notFound();
    }

    private static ApiException notImplemented() {
        return new ApiException(501, "global", "notImplemented", "Not implemented by the calsync emulator.");
    }

    private static ApiException methodNotAllowed() {
        return new ApiException(405, "global", "httpMethodNotAllowed", "Method Not Allowed");
    }

    private ObjectNode calendarResource(Cal cal) {
        ObjectNode n = Json.object();
        n.put("kind", "calendar#calendar");
        n.put("etag", "\"" + micros(cal.updated) + "\"");
        n.put("id", cal.id);
        n.put("summary", cal.id);
        n.put("timeZone", cal.zone.getId());
        return n;
    }

    // ------------------------------------------------------------------------------------------
    // time, etags, ids

    Instant now() {
        return options.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    private String nextEtag(Instant now) {
        long v = Math.max(2 * micros(now), lastEtag + 1);
        lastEtag = v;
        return "\"" + v + "\"";
    }

    /** Marks {@code s} as changed now: new etag, updated (unless {@code keepUpdated}), change seq. */
    private void stamp(Cal cal, Stored s, boolean keepUpdated) {
        Instant now = now();
        if (!keepUpdated || s.updated == null) {
            s.updated = now;
        }
        s.body.put("etag", nextEtag(now));
        s.body.put("updated", UPDATED.format(s.updated));
        s.changeSeq = ++cal.seq;
        cal.updated = now;
        s.body = ordered(s.body);
    }

    private String generateId() {
        StringBuilder b = new StringBuilder(26);
        for (int i = 0; i < 26; i++) {
            b.append(BASE32HEX[random.nextInt(32)]);
        }
        return b.toString();
    }

    /** {@code "_"} + lowercase unpadded base32hex of the UTF-8 bytes of the iCalUID (§4). */
    static String idFromICalUid(String uid) {
        return "_" + base32hex(uid.getBytes(StandardCharsets.UTF_8));
    }

    static String base32hex(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32HEX[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32HEX[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }

    private static String htmlLink(String eventId, String calendarId) {
        return "https://www.google.com/calendar/event?eid="
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString((eventId + " " + calendarId).getBytes(StandardCharsets.UTF_8));
    }

    String instanceId(String masterId, EventTime originalStart) {
        if (options.instanceIdFormat() == InstanceIdFormat.CLASSIC) {
            return masterId + "_"
                    + (originalStart.allDay()
                            ? BASIC_DATE.format(originalStart.date())
                            : BASIC_UTC.format(originalStart.instant()));
        }
        String key = originalStart.allDay()
                ? originalStart.date().toString()
                : Long.toString(originalStart.instant().getEpochSecond());
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((masterId + "|" + key).getBytes(StandardCharsets.UTF_8));
            return masterId + "_" + base32hex(java.util.Arrays.copyOf(h, 10));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // recurrence

    private static List<String> recurrence(ObjectNode body) {
        List<String> lines = new ArrayList<>();
        body.path("recurrence").forEach(n -> lines.add(n.asText()));
        return lines;
    }

    /** The zone a master's series expands in: its start.timeZone, else the calendar's. */
    private static ZoneId seriesZone(Cal cal, ObjectNode master) {
        String tz = master.path("start").path("timeZone").asText(null);
        try {
            return tz == null ? cal.zone : ZoneId.of(tz);
        } catch (DateTimeException e) {
            return cal.zone;
        }
    }

    /** How many occurrences of a series that ends are expanded at most. */
    static final int BOUNDED_SERIES_LIMIT = 10_000;

    private Instant horizonEnd(EventTime start, ZoneId zone) {
        Instant base = start.begin(zone);
        Instant now = now();
        return (base.isAfter(now) ? base : now).plus(options.expansionHorizon());
    }

    /**
     * The original starts of a master's occurrences: all of them for a series that ends (every RRULE
     * has COUNT or UNTIL, up to {@value #BOUNDED_SERIES_LIMIT}), within the horizon for an open-ended
     * one.
     */
    private List<EventTime> occurrences(Cal cal, Stored master) {
        EventTime start = EventTime.stored(master.body.get("start"));
        if (start == null) {
            return List.of();
        }
        ZoneId zone = seriesZone(cal, master.body);
        List<String> lines = recurrence(master.body);
        boolean ends = lines.stream()
                .filter(l -> l.toUpperCase(java.util.Locale.ROOT).startsWith("RRULE"))
                .allMatch(l -> l.toUpperCase(java.util.Locale.ROOT).contains("COUNT=")
                        || l.toUpperCase(java.util.Locale.ROOT).contains("UNTIL="));
        Instant end = ends ? start.begin(zone).plus(Duration.ofDays(366L * 200)) : horizonEnd(start, zone);
        try {
            return Recurrences.expand(lines, start, zone, end, ends ? BOUNDED_SERIES_LIMIT : Integer.MAX_VALUE);
        } catch (RuntimeException e) {
            return List.of(start);
        }
    }

    private Duration duration(ObjectNode body) {
        EventTime s = EventTime.stored(body.get("start"));
        EventTime e = EventTime.stored(body.get("end"));
        if (s == null || e == null) {
            return Duration.ZERO;
        }
        if (s.allDay() && e.allDay()) {
            return Duration.ofDays(ChronoUnit.DAYS.between(s.date(), e.date()));
        }
        return Duration.between(s.begin(ZoneOffset.UTC), e.begin(ZoneOffset.UTC));
    }

    /** The stored form of a virtual instance of {@code master} at {@code originalStart}. */
    private ObjectNode virtualInstance(Cal cal, Stored master, EventTime originalStart) {
        ObjectNode n = master.body.deepCopy();
        n.remove("recurrence");
        String id = instanceId(master.id, originalStart);
        n.put("id", id);
        n.put("htmlLink", htmlLink(id, cal.id));
        String masterEtag = master.body.path("etag").asText("\"0\"");
        long base = Long.parseLong(masterEtag.replace("\"", ""));
        long offset = originalStart.allDay()
                ? originalStart.date().toEpochDay()
                : originalStart.instant().getEpochSecond() / 60;
        n.put("etag", "\"" + (base + 1 + Math.floorMod(offset, 999_983L)) + "\"");
        n.put("recurringEventId", master.id);
        EventTime tzStart = EventTime.stored(master.body.get("start"));
        EventTime original = originalStart.allDay()
                ? originalStart
                : EventTime.ofInstant(originalStart.instant(), tzStart == null ? null : tzStart.timeZone());
        n.set("originalStartTime", original.toStored());
        n.set("start", original.toStored());
        EventTime masterEnd = EventTime.stored(master.body.get("end"));
        Duration d = duration(master.body);
        EventTime end = originalStart.allDay()
                ? EventTime.ofDate(originalStart.date().plusDays(d.toDays()))
                : EventTime.ofInstant(originalStart.instant().plus(d), masterEnd == null ? null : masterEnd.timeZone());
        n.set("end", end.toStored());
        return ordered(n);
    }

    /** Every instance of a master: exceptions in place of their virtual instances, plus moved-out ones. */
    private List<Target> instancesOf(Cal cal, Stored master) {
        Map<String, Stored> exceptions = new LinkedHashMap<>();
        for (Stored s : cal.events.values()) {
            if (s.exception() && master.id.equals(s.recurringEventId())) {
                exceptions.put(s.id, s);
            }
        }
        List<Target> out = new ArrayList<>();
        for (EventTime t : occurrences(cal, master)) {
            String id = instanceId(master.id, t);
            Stored ex = exceptions.remove(id);
            out.add(new Target(ex, master, t, id));
        }
        for (Stored ex : exceptions.values()) {
            out.add(new Target(ex, master, EventTime.stored(ex.body.get("originalStartTime")), ex.id));
        }
        return out;
    }

    private Optional<Target> resolve(Cal cal, String eventId) {
        Stored s = cal.events.get(eventId);
        if (s != null) {
            Stored master = s.exception() ? cal.events.get(s.recurringEventId()) : null;
            return Optional.of(new Target(
                    s, master, s.exception() ? EventTime.stored(s.body.get("originalStartTime")) : null, s.id));
        }
        for (Stored m : cal.events.values()) {
            if (m.master() && eventId.startsWith(m.id + "_")) {
                for (EventTime t : occurrences(cal, m)) {
                    if (instanceId(m.id, t).equals(eventId)) {
                        return Optional.of(new Target(null, m, t, eventId));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The stored (or virtual) representation of a target. */
    private ObjectNode bodyOf(Cal cal, Target t) {
        return t.virtual() ? virtualInstance(cal, t.master(), t.originalStart()) : t.stored().body;
    }

    /** Whether the target is (part of) a deleted event rather than a cancelled exception of a live series. */
    private static boolean deletedSeriesOrEvent(Target t) {
        if (t.master() != null && t.master().cancelled()) {
            return true;
        }
        return t.stored() != null && !t.stored().exception() && t.stored().cancelled();
    }

    // ------------------------------------------------------------------------------------------
    // rendering

    private static ObjectNode ordered(ObjectNode n) {
        ObjectNode out = Json.object();
        for (String f : FIELD_ORDER) {
            if (n.has(f)) {
                out.set(f, n.get(f));
            }
        }
        n.fields().forEachRemaining(e -> {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    /** The full representation for output, dateTimes in {@code zone}. */
    private static ObjectNode render(ObjectNode stored, boolean raw, ZoneId zone) {
        ObjectNode n = stored.deepCopy();
        if (raw) {
            return n;
        }
        for (String f : List.of("start", "end", "originalStartTime")) {
            EventTime t = EventTime.stored(n.get(f));
            if (t != null) {
                n.set(f, t.render(zone));
            }
        }
        return n;
    }

    private static ObjectNode minimalDeleted(ObjectNode stored) {
        ObjectNode n = Json.object();
        n.put("kind", "calendar#event");
        n.set("etag", stored.get("etag"));
        n.set("id", stored.get("id"));
        n.put("status", "cancelled");
        return n;
    }

    private static ObjectNode minimalCancelledInstance(ObjectNode stored, ZoneId zone) {
        ObjectNode n = minimalDeleted(stored);
        n.set("recurringEventId", stored.get("recurringEventId"));
        EventTime t = EventTime.stored(stored.get("originalStartTime"));
        if (t != null) {
            n.set("originalStartTime", t.render(zone));
        }
        return n;
    }

    private ZoneId outputZone(Cal cal, Request r) {
        String tz = r.param("timeZone");
        if (tz == null) {
            return cal.zone;
        }
        try {
            return ZoneId.of(tz);
        } catch (DateTimeException e) {
            throw ApiException.invalid("Invalid time zone definition.");
        }
    }

    // ------------------------------------------------------------------------------------------
    // get

    private Response get(Request r, String calId, String eventId) {
        Cal cal = cal(calId);
        Target t = resolve(cal, eventId).orElseThrow(ApiException::notFound);
        ObjectNode body = bodyOf(cal, t);
        String inm = r.header("If-None-Match");
        if (inm != null && (inm.equals(body.path("etag").asText()) || inm.equals("*"))) {
            return new Response(304, Map.of("ETag", body.path("etag").asText()), new byte[0]);
        }
        boolean raw = t.stored() != null && t.stored().raw;
        return Response.event(render(body, raw, outputZone(cal, r)));
    }

    // ------------------------------------------------------------------------------------------
    // client bodies

    /**
     * The client-settable part of a body, validated and normalised: start/end parsed (E15), status,
     * recurrence (lines checked; E15 without start.timeZone). Nulls dropped.
     */
    private ObjectNode clientFields(Cal cal, ObjectNode input, boolean keepOrganizer) {
        ObjectNode in = Json.withoutNulls(input);
        ObjectNode out = Json.object();
        in.fields().forEachRemaining(e -> {
            if (!SERVER_FIELDS.contains(e.getKey())
                    || (keepOrganizer && e.getKey().equals("organizer"))) {
                out.set(e.getKey(), e.getValue());
            }
        });
        EventTime start = EventTime.parse(in.get("start"), "start");
        EventTime end = EventTime.parse(in.get("end"), "end");
        if (start.allDay() != end.allDay()) {
            throw ApiException.invalid("Invalid start time.");
        }
        if (end.begin(cal.zone).isBefore(start.begin(cal.zone))) {
            throw new ApiException(400, "calendar", "timeRangeEmpty", "The specified time range is empty.");
        }
        out.set("start", start.toStored());
        out.set("end", end.toStored());
        String status = Json.text(in, "status");
        if (status != null && !Set.of("confirmed", "tentative", "cancelled").contains(status)) {
            throw ApiException.invalid("Invalid Value");
        }
        JsonNode rec = in.get("recurrence");
        if (rec != null) {
            if (!rec.isArray()) {
                throw ApiException.invalid("Invalid recurrence rule.");
            }
            if (rec.size() == 0) {
                out.remove("recurrence");
            } else {
                List<String> lines = new ArrayList<>();
                rec.forEach(n -> lines.add(n.asText()));
                if (!start.allDay() && start.timeZone() == null) {
                    throw ApiException.missingTimeZone("start");
                }
                Recurrences.validate(lines, start, start.allDay() ? cal.zone : ZoneId.of(start.timeZone()));
            }
        }
        if (!out.has("status")) {
            out.put("status", "confirmed");
        }
        if (!out.has("reminders")) {
            out.putObject("reminders").put("useDefault", true);
        }
        return out;
    }

    private static ObjectNode self(String calendarId) {
        ObjectNode n = Json.object();
        n.put("email", calendarId);
        n.put("self", true);
        return n;
    }

    private static Integer sequenceOf(ObjectNode body) {
        JsonNode n = body.get("sequence");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToInt()) {
            throw ApiException.invalid("Invalid Value");
        }
        return n.asInt();
    }

    private static String eventType(ObjectNode body) {
        String type = Json.text(body, "eventType");
        if (type == null) {
            return "default";
        }
        if (!Set.of("default", "birthday", "focusTime", "outOfOffice", "workingLocation")
                .contains(type)) {
            throw ApiException.invalid("Invalid event type.");
        }
        return type;
    }

    // ------------------------------------------------------------------------------------------
    // insert

    private ObjectNode insert(Request r, String calId) {
        Cal cal = writable(calId);
        ObjectNode body = Json.parseObject(r.body());
        return render(create(cal, body, false).body, false, cal.zone);
    }

    private Stored create(Cal cal, ObjectNode body, boolean asUser) {
        String id = Json.text(body, "id");
        String uid = Json.text(body, "iCalUID");
        if (id != null) {
            if (!asUser && !CLIENT_ID.matcher(id).matches()) {
                throw ApiException.invalidResourceId();
            }
            if (!asUser && uid != null && options.insertWithIdAndICalUid() == InsertWithIdAndICalUid.REJECT) {
                throw ApiException.invalidResourceId();
            }
            if (cal.events.containsKey(id)) {
                throw ApiException.duplicate();
            }
        } else if (asUser && uid != null) {
            id = idFromICalUid(uid);
            if (cal.events.containsKey(id)) {
                throw ApiException.duplicate();
            }
        }
        String recurringEventId = Json.text(body, "recurringEventId");
        if (recurringEventId != null) {
            Stored m = cal.events.get(recurringEventId);
            if (m == null || !m.master()) {
                throw ApiException.invalidRecurringEventId();
            }
        }
        ObjectNode fields = clientFields(cal, body, false);
        String type = eventType(body);
        if (id == null) {
            do {
                id = generateId();
            } while (cal.events.containsKey(id));
        }
        Integer seq = sequenceOf(body);
        ObjectNode n = fields;
        n.put("kind", "calendar#event");
        n.put("id", id);
        n.put("htmlLink", htmlLink(id, cal.id));
        n.put("created", UPDATED.format(now().truncatedTo(ChronoUnit.SECONDS)));
        n.set("creator", self(cal.id));
        n.set("organizer", self(cal.id));
        n.put("iCalUID", uid != null ? uid : id + "@google.com");
        n.put("sequence", seq == null ? 0 : Math.max(0, seq));
        n.put("eventType", type);
        Stored s = new Stored(id, n, ++createCounter, false);
        cal.events.put(id, s);
        stamp(cal, s, false);
        return s;
    }

    // ------------------------------------------------------------------------------------------
    // import

    private ObjectNode importEvent(Request r, String calId) {
        return importEvent(writable(calId), Json.parseObject(r.body()));
    }

    synchronized ObjectNode userImport(String calendarId, ObjectNode event) {
        Cal cal = calOrThrow(calendarId);
        try {
            return importEvent(cal, event);
        } catch (ApiException e) {
            throw userError(e);
        }
    }

    private ObjectNode importEvent(Cal cal, ObjectNode body) {
        String uid = Json.text(body, "iCalUID");
        if (uid == null || uid.isBlank()) {
            throw ApiException.invalidICalUid();
        }
        ObjectNode clean = body.deepCopy();
        clean.remove(List.of(
                "id",
                "birthdayProperties",
                "focusTimeProperties",
                "outOfOfficeProperties",
                "workingLocationProperties"));
        clean.put("eventType", "default");
        if (clean.hasNonNull("originalStartTime")) {
            return importException(cal, clean, uid);
        }
        Stored live = null;
        Stored dead = null;
        for (Stored s : cal.events.values()) {
            if (!s.raw && !s.exception() && uid.equals(s.body.path("iCalUID").asText())) {
                if (s.cancelled()) {
                    dead = s;
                } else {
                    live = s;
                }
            }
        }
        if (options.importOfExistingUid() == ImportOfExistingUid.CONFLICT && (live != null || dead != null)) {
            throw ApiException.duplicate();
        }
        if (live == null) {
            if (dead != null) {
                throw ApiException.duplicate();
            }
            String id = idFromICalUid(uid);
            if (cal.events.containsKey(id)) {
                throw ApiException.duplicate();
            }
            ObjectNode fields = clientFields(cal, clean, true);
            Integer seq = sequenceOf(clean);
            fields.put("kind", "calendar#event");
            fields.put("id", id);
            fields.put("htmlLink", htmlLink(id, cal.id));
            fields.put("created", UPDATED.format(now().truncatedTo(ChronoUnit.SECONDS)));
            fields.set("creator", self(cal.id));
            if (!fields.has("organizer")) {
                fields.set("organizer", self(cal.id));
            }
            fields.put("iCalUID", uid);
            fields.put("sequence", seq == null ? 0 : Math.max(0, seq));
            fields.put("eventType", "default");
            Stored s = new Stored(id, fields, ++createCounter, false);
            cal.events.put(id, s);
            stamp(cal, s, false);
            return render(s.body, false, cal.zone);
        }
        int clientSeq = Objects.requireNonNullElse(sequenceOf(clean), 0);
        int stored = live.body.path("sequence").asInt();
        if (clientSeq < stored) {
            throw ApiException.invalidSequence();
        }
        ObjectNode fields = clientFields(cal, clean, true);
        ObjectNode old = live.body;
        for (String f : List.of("kind", "id", "htmlLink", "created", "creator", "iCalUID", "eventType")) {
            fields.set(f, old.get(f));
        }
        if (!fields.has("organizer")) {
            fields.set("organizer", old.get("organizer"));
        }
        fields.put("sequence", clientSeq);
        live.body = fields;
        stamp(cal, live, false);
        cancelOrphanedExceptions(cal, live);
        return render(live.body, false, cal.zone);
    }

    private ObjectNode importException(Cal cal, ObjectNode body, String uid) {
        Stored master = null;
        for (Stored s : cal.events.values()) {
            if (s.master()
                    && !s.cancelled()
                    && uid.equals(s.body.path("iCalUID").asText())) {
                master = s;
            }
        }
        if (master == null) {
            throw ApiException.invalidRecurringEventId();
        }
        EventTime original = EventTime.parse(body.get("originalStartTime"), "originalStart");
        for (Target t : instancesOf(cal, master)) {
            if (sameTime(t.originalStart(), original)) {
                return render(modify(cal, t, body, false, false, null), false, cal.zone);
            }
        }
        throw ApiException.invalid("Invalid originalStartTime value.");
    }

    private static boolean sameTime(EventTime a, EventTime b) {
        if (a == null || b == null || a.allDay() != b.allDay()) {
            return false;
        }
        return a.allDay() ? a.date().equals(b.date()) : a.instant().equals(b.instant());
    }

    // ------------------------------------------------------------------------------------------
    // update / patch

    private ObjectNode write(Request r, String calId, String eventId, boolean patch, boolean asUser) {
        Cal cal = writable(calId);
        ObjectNode body = Json.parseObject(r.body());
        Target t = resolve(cal, eventId).orElseThrow(ApiException::notFound);
        return render(modify(cal, t, body, patch, asUser, r.header("If-Match")), false, outputZone(cal, r));
    }

    private static void checkIfMatch(String ifMatch, ObjectNode current) {
        if (ifMatch != null
                && !ifMatch.trim().equals("*")
                && !ifMatch.trim().equals(current.path("etag").asText())) {
            throw ApiException.conditionNotMet();
        }
    }

    /** Applies a PUT (full replacement) or PATCH (merge) to a target; returns the new stored body. */
    private ObjectNode modify(Cal cal, Target t, ObjectNode body, boolean patch, boolean asUser, String ifMatch) {
        if (t.stored() != null && t.stored().raw) {
            throw ApiException.invalid("Invalid Value");
        }
        ObjectNode current = bodyOf(cal, t);
        if (!asUser) {
            checkIfMatch(ifMatch, current);
        }
        boolean deleted = deletedSeriesOrEvent(t);
        if (deleted && options.updateOfDeleted() == UpdateOfDeleted.FORBIDDEN && !asUser) {
            throw ApiException.forbidden();
        }
        String newUid = Json.text(body, "iCalUID");
        if (newUid != null && !newUid.equals(current.path("iCalUID").asText())) {
            throw ApiException.invalidICalUid();
        }
        String newType = Json.text(body, "eventType");
        if (newType != null && !newType.equals(current.path("eventType").asText("default"))) {
            throw ApiException.invalid("The event type cannot be changed.");
        }
        int storedSeq = current.path("sequence").asInt();
        Integer clientSeq = sequenceOf(body);
        if (!patch && clientSeq == null) {
            clientSeq = 0;
        }
        if (!asUser && clientSeq != null && clientSeq < storedSeq) {
            throw ApiException.invalidSequence();
        }
        ObjectNode merged;
        if (patch) {
            ObjectNode clientView = current.deepCopy();
            merged = Json.merge(clientView, body);
            if (deleted && !body.hasNonNull("status")) {
                merged.put("status", "cancelled");
            }
        } else {
            merged = body;
            if (deleted && !body.hasNonNull("status")) {
                merged = body.deepCopy();
                merged.put("status", "confirmed");
            }
        }
        if (t.virtual() || (t.stored() != null && t.stored().exception())) {
            // instances cannot carry a recurrence
            merged = merged.deepCopy();
            merged.remove("recurrence");
        }
        ObjectNode fields = clientFields(cal, merged, false);
        for (String f : List.of(
                "kind",
                "id",
                "htmlLink",
                "created",
                "creator",
                "organizer",
                "iCalUID",
                "recurringEventId",
                "originalStartTime",
                "eventType",
                "privateCopy")) {
            if (current.has(f)) {
                fields.set(f, current.get(f));
            }
        }
        if (!fields.has("eventType")) {
            fields.put("eventType", "default");
        }
        int newSeq = storedSeq;
        if (t.virtual()) {
            newSeq = storedSeq + 1;
            if (clientSeq != null && clientSeq > newSeq) {
                newSeq = clientSeq;
            }
        } else if (clientSeq != null && clientSeq > storedSeq) {
            newSeq = clientSeq;
        } else if (significantChange(current, fields)) {
            newSeq = storedSeq + 1;
        }
        fields.put("sequence", newSeq);
        boolean remindersOnly = !t.virtual() && onlyRemindersChanged(current, fields);
        boolean wasMaster = t.stored() != null && t.stored().master();
        Stored s;
        if (t.virtual()) {
            s = new Stored(t.id(), fields, ++createCounter, false);
            cal.events.put(s.id, s);
        } else {
            s = t.stored();
            s.body = fields;
        }
        stamp(cal, s, remindersOnly);
        if (wasMaster || s.master()) {
            cancelOrphanedExceptions(cal, s);
        }
        return s.body;
    }

    private boolean significantChange(ObjectNode before, ObjectNode after) {
        List<String> fields = options.sequenceBump() == SequenceBump.TIME_ONLY
                ? List.of("start", "end")
                : List.of("start", "end", "recurrence", "status", "location", "summary", "description");
        for (String f : fields) {
            JsonNode a = before.get(f);
            JsonNode b = after.get(f);
            if (f.equals("start") || f.equals("end")) {
                if (!sameTime(EventTime.stored(a), EventTime.stored(b))) {
                    return true;
                }
            } else if (!Objects.equals(a, b)) {
                return true;
            }
        }
        return false;
    }

    private static boolean onlyRemindersChanged(ObjectNode before, ObjectNode after) {
        ObjectNode a = before.deepCopy();
        ObjectNode b = after.deepCopy();
        if (Objects.equals(a.get("reminders"), b.get("reminders"))) {
            return false;
        }
        for (ObjectNode n : List.of(a, b)) {
            n.remove(List.of("reminders", "etag", "updated", "sequence"));
        }
        return a.equals(b);
    }

    /** §10.3 [REC]: exceptions that are no longer instances of their (changed) master become cancelled. */
    private void cancelOrphanedExceptions(Cal cal, Stored master) {
        Set<String> ids = new HashSet<>();
        for (EventTime t : occurrences(cal, master)) {
            ids.add(instanceId(master.id, t));
        }
        for (Stored s : List.copyOf(cal.events.values())) {
            if (s.exception() && master.id.equals(s.recurringEventId()) && !s.cancelled() && !ids.contains(s.id)) {
                s.body.put("status", "cancelled");
                stamp(cal, s, false);
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // delete

    private void delete(String calId, String eventId, String ifMatch, boolean asUser) {
        Cal cal = writable(calId);
        Target t = resolve(cal, eventId).orElseThrow(ApiException::notFound);
        ObjectNode current = bodyOf(cal, t);
        if (!asUser) {
            checkIfMatch(ifMatch, current);
        }
        if ((t.stored() != null && t.stored().cancelled())
                || (t.master() != null && t.master().cancelled())) {
            throw ApiException.deleted();
        }
        boolean bump = options.sequenceBump() == SequenceBump.SIGNIFICANT;
        if (t.virtual()) {
            ObjectNode n = current.deepCopy();
            n.put("status", "cancelled");
            n.put("sequence", t.master().body.path("sequence").asInt() + 1);
            Stored s = new Stored(t.id(), n, ++createCounter, false);
            cal.events.put(s.id, s);
            stamp(cal, s, false);
            return;
        }
        Stored s = t.stored();
        s.body.put("status", "cancelled");
        if (bump && !s.raw) {
            s.body.put("sequence", s.body.path("sequence").asInt() + 1);
        }
        stamp(cal, s, false);
        if (s.master()) {
            for (Stored e : List.copyOf(cal.events.values())) {
                if (e.exception() && s.id.equals(e.recurringEventId()) && !e.cancelled()) {
                    e.body.put("status", "cancelled");
                    stamp(cal, e, false);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // tombstones and tokens

    private void purge(Cal cal) {
        Instant limit = now().minus(options.tombstoneRetention());
        List<String> gone = new ArrayList<>();
        for (Stored s : cal.events.values()) {
            if (s.cancelled() && !s.exception() && s.updated.isBefore(limit)) {
                gone.add(s.id);
            }
        }
        if (gone.isEmpty()) {
            return;
        }
        for (Stored s : cal.events.values()) {
            if (s.exception() && gone.contains(s.recurringEventId())) {
                gone.add(s.id);
            }
        }
        for (String id : gone) {
            Stored s = cal.events.remove(id);
            if (s != null) {
                cal.purgedMaxSeq = Math.max(cal.purgedMaxSeq, s.changeSeq);
            }
        }
    }

    private record SyncToken(int epoch, long seq, long issuedMillis) {}

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String token) {
        try {
            return new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private String syncToken(Cal cal, int epoch, long seq) {
        return encode("S|" + cal.id + "|" + epoch + "|" + seq + "|" + now().toEpochMilli());
    }

    private SyncToken parseSyncToken(Cal cal, String token) {
        String[] p = decode(token).split("\\|", -1);
        if (p.length != 5 || !p[0].equals("S") || !p[1].equals(cal.id)) {
            throw ApiException.invalidSyncToken();
        }
        SyncToken t;
        try {
            t = new SyncToken(Integer.parseInt(p[2]), Long.parseLong(p[3]), Long.parseLong(p[4]));
        } catch (NumberFormatException e) {
            throw ApiException.invalidSyncToken();
        }
        if (t.seq() > cal.seq) {
            throw ApiException.invalidSyncToken();
        }
        checkAlive(cal, t);
        return t;
    }

    private void checkAlive(Cal cal, SyncToken t) {
        Instant issued = Instant.ofEpochMilli(t.issuedMillis());
        if (t.epoch() != cal.epoch
                || issued.isBefore(now().minus(options.tombstoneRetention()))
                || t.seq() < cal.purgedMaxSeq) {
            throw ApiException.fullSyncRequired();
        }
    }

    /** A page token: where the listing stands (snapshot, delta base) and the last key served. */
    private record PageToken(int epoch, long snap, long since, long sinceIssued, String lastKey) {}

    private static String pageToken(Cal cal, PageToken p) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("P|" + cal.id + "|" + p.epoch() + "|" + p.snap() + "|" + p.since() + "|"
                                + p.sinceIssued() + "|" + p.lastKey())
                        .getBytes(StandardCharsets.UTF_8));
    }

    private static PageToken parsePageToken(Cal cal, String token) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("Invalid page token value.");
        }
        String[] p = text.split("\\|", 7);
        if (p.length != 7 || !p[0].equals("P") || !p[1].equals(cal.id)) {
            throw ApiException.invalid("Invalid page token value.");
        }
        try {
            return new PageToken(
                    Integer.parseInt(p[2]), Long.parseLong(p[3]), Long.parseLong(p[4]), Long.parseLong(p[5]), p[6]);
        } catch (NumberFormatException e) {
            throw ApiException.invalid("Invalid page token value.");
        }
    }

    // ------------------------------------------------------------------------------------------
    // list

    private record Entry(String key, ObjectNode item) {}

    private static Instant parseTime(Request r, String name) {
        String v = r.param(name);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "global", "invalid", "Invalid Value", "parameter", name);
        }
    }

    private static boolean flag(Request r, String name) {
        String v = r.param(name);
        if (v == null) {
            return false;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new ApiException(400, "global", "invalid", "Invalid Value", "parameter", name);
        }
        return v.equals("true");
    }

    private static int maxResults(Request r) {
        String v = r.param("maxResults");
        if (v == null) {
            return 250;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return Math.min(n, 2500);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "global", "invalid", "Invalid Value", "parameter", "maxResults");
        }
    }

    private static String key(long a, long b, String id) {
        return String.format(Locale.ROOT, "%020d|%020d|%s", a + 5_000_000_000_000L, b + 5_000_000_000_000L, id);
    }

    private ObjectNode list(Request r, String calId) {
        Cal cal = cal(calId);
        ZoneId zone = outputZone(cal, r);
        int max = maxResults(r);
        boolean single = flag(r, "singleEvents");
        String syncTokenParam = r.param("syncToken");
        String orderBy = r.param("orderBy");
        boolean restricted = false;
        for (String p :
                List.of("iCalUID", "orderBy", "privateExtendedProperty", "q", "sharedExtendedProperty", "updatedMin")) {
            restricted |= r.query().containsKey(p);
        }
        if (syncTokenParam != null) {
            boolean forbidden =
                    restricted || r.query().containsKey("timeMin") || r.query().containsKey("timeMax");
            if (forbidden || "false".equals(r.param("showDeleted"))) {
                throw ApiException.syncTokenWithRestrictions();
            }
        }
        boolean showDeleted = flag(r, "showDeleted");
        if (orderBy != null && !orderBy.equals("startTime") && !orderBy.equals("updated")) {
            throw new ApiException(400, "global", "invalid", "Invalid Value", "parameter", "orderBy");
        }
        if ("startTime".equals(orderBy) && !single) {
            throw ApiException.orderingNotAvailable();
        }
        Instant timeMin = parseTime(r, "timeMin");
        Instant timeMax = parseTime(r, "timeMax");
        if (timeMin != null && timeMax != null && !timeMin.isBefore(timeMax)) {
            throw ApiException.timeRangeEmpty();
        }
        Instant updatedMin = parseTime(r, "updatedMin");
        if (updatedMin != null && updatedMin.isBefore(now().minus(options.updatedMinLimit()))) {
            throw ApiException.updatedMinTooLongAgo();
        }
        String pageTokenParam = r.param("pageToken");
        PageToken page = pageTokenParam == null ? null : parsePageToken(cal, pageTokenParam);
        long since = -1;
        long sinceIssued = 0;
        int epoch = cal.epoch;
        if (syncTokenParam != null) {
            SyncToken st = parseSyncToken(cal, syncTokenParam);
            since = st.seq();
            sinceIssued = st.issuedMillis();
            epoch = st.epoch();
        }
        long snap = cal.seq;
        if (page != null) {
            if (page.since() != since && syncTokenParam != null) {
                throw ApiException.invalid("Invalid page token value.");
            }
            snap = page.snap();
            since = page.since();
            sinceIssued = page.sinceIssued();
            epoch = page.epoch();
            if (since >= 0) {
                checkAlive(cal, new SyncToken(epoch, since, sinceIssued));
            }
        }
        boolean delta = since >= 0;
        boolean includeDeleted = showDeleted || updatedMin != null;
        Filters filters = new Filters(r, timeMin, timeMax, updatedMin, zone);
        List<Entry> entries = new ArrayList<>();
        Map<String, Entry> byId = new LinkedHashMap<>();
        for (Stored s : cal.events.values()) {
            if (s.changeSeq > snap) {
                continue;
            }
            if (delta) {
                if (s.changeSeq <= since) {
                    continue;
                }
                if (!single || s.raw) {
                    byId.put(s.id, new Entry(defaultKey(s, null, s.id), listForm(s.body, s, zone, true)));
                } else if (s.master()) {
                    for (Target t : instancesOf(cal, s)) {
                        if (t.stored() != null && t.stored().changeSeq > snap) {
                            continue;
                        }
                        ObjectNode b = bodyOf(cal, t);
                        boolean cancelled = s.cancelled()
                                || "cancelled".equals(b.path("status").asText());
                        ObjectNode item = cancelled ? minimalCancelledInstance(b, zone) : render(b, false, zone);
                        byId.put(t.id(), new Entry(defaultKey(s, t.originalStart(), t.id()), item));
                    }
                } else if (s.exception()) {
                    Stored m = cal.events.get(s.recurringEventId());
                    byId.put(
                            s.id,
                            new Entry(
                                    defaultKey(
                                            m == null ? s : m, EventTime.stored(s.body.get("originalStartTime")), s.id),
                                    listForm(s.body, s, zone, true)));
                } else {
                    byId.put(s.id, new Entry(defaultKey(s, null, s.id), listForm(s.body, s, zone, true)));
                }
                continue;
            }
            // full listing
            if (s.raw) {
                entries.add(new Entry(defaultKey(s, null, s.id), render(s.body, true, zone)));
                continue;
            }
            if (!filters.matches(s.body, s.updated)) {
                continue;
            }
            boolean deletedItem = s.cancelled() && !s.exception();
            if (!single) {
                if (deletedItem && !includeDeleted) {
                    continue;
                }
                if (s.exception()) {
                    Stored m = cal.events.get(s.recurringEventId());
                    if (m != null && m.cancelled() && !includeDeleted) {
                        continue;
                    }
                }
                if (!deletedItem && !filters.overlaps(cal, s)) {
                    continue;
                }
                entries.add(new Entry(sortKey(orderBy, s, null, s.id, s.body), listForm(s.body, s, zone, false)));
            } else if (s.master()) {
                if (deletedItem && !includeDeleted) {
                    continue;
                }
                for (Target t : instancesOf(cal, s)) {
                    if (t.stored() != null && t.stored().changeSeq > snap) {
                        continue;
                    }
                    ObjectNode b = bodyOf(cal, t);
                    boolean cancelled =
                            deletedItem || "cancelled".equals(b.path("status").asText());
                    if (cancelled && !includeDeleted) {
                        continue;
                    }
                    if (!filters.overlapsTimes(b, cal.zone)) {
                        continue;
                    }
                    ObjectNode item = cancelled ? minimalCancelledInstance(b, zone) : render(b, false, zone);
                    entries.add(new Entry(sortKey(orderBy, s, t.originalStart(), t.id(), b), item));
                }
            } else if (s.exception()) {
                continue; // served through its master
            } else {
                if (deletedItem && !includeDeleted) {
                    continue;
                }
                if (!deletedItem && !filters.overlaps(cal, s)) {
                    continue;
                }
                entries.add(new Entry(sortKey(orderBy, s, null, s.id, s.body), listForm(s.body, s, zone, false)));
            }
        }
        if (delta) {
            entries.addAll(byId.values());
        }
        entries.sort(Comparator.comparing(Entry::key));
        String after = page == null ? null : page.lastKey();
        List<Entry> rest = new ArrayList<>();
        for (Entry e : entries) {
            if (after == null || e.key().compareTo(after) > 0) {
                rest.add(e);
            }
        }
        ObjectNode out = envelope(cal, zone);
        ArrayNode items = Json.MAPPER.createArrayNode();
        List<Entry> pageEntries = rest.subList(0, Math.min(max, rest.size()));
        pageEntries.forEach(e -> items.add(e.item()));
        if (rest.size() > max) {
            out.put(
                    "nextPageToken",
                    pageToken(
                            cal,
                            new PageToken(
                                    epoch,
                                    snap,
                                    since,
                                    sinceIssued,
                                    pageEntries.get(max - 1).key())));
        } else if (delta || !restricted || options.syncTokenWhenRestricted()) {
            out.put("nextSyncToken", syncToken(cal, epoch, snap));
        }
        out.set("items", items);
        return out;
    }

    private static String defaultKey(Stored s, EventTime original, String id) {
        long b = original == null
                ? 0
                : (original.allDay()
                        ? original.date().toEpochDay() * 86400
                        : original.instant().getEpochSecond());
        return key(s.createSeq, b, id);
    }

    private String sortKey(String orderBy, Stored s, EventTime original, String id, ObjectNode body) {
        if ("startTime".equals(orderBy)) {
            EventTime st = EventTime.stored(body.get("start"));
            long start = st == null ? 0 : st.begin(ZoneOffset.UTC).toEpochMilli();
            return key(start, 0, id);
        }
        if ("updated".equals(orderBy)) {
            return key(s.updated.toEpochMilli(), 0, id);
        }
        return defaultKey(s, original, id);
    }

    /** An item as a listing shows it: deleted events and cancelled exceptions in their minimal forms. */
    private static ObjectNode listForm(ObjectNode body, Stored s, ZoneId zone, boolean delta) {
        if (s.raw) {
            return render(body, true, zone);
        }
        if (s.cancelled()) {
            return s.exception() ? minimalCancelledInstance(body, zone) : minimalDeleted(body);
        }
        return render(body, false, zone);
    }

    private ObjectNode envelope(Cal cal, ZoneId zone) {
        ObjectNode out = Json.object();
        out.put("kind", "calendar#events");
        out.put("etag", "\"" + micros(cal.updated) + "\"");
        out.put("summary", cal.id);
        out.put("updated", UPDATED.format(cal.updated));
        out.put("timeZone", cal.zone.getId());
        out.put("accessRole", cal.accessRole);
        out.putArray("defaultReminders");
        return out;
    }

    /** The list filters of a full listing (time window, q, iCalUID, extended properties, types, updatedMin). */
    private final class Filters {
        final Instant timeMin;
        final Instant timeMax;
        final Instant updatedMin;
        final String q;
        final String uid;
        final List<String> priv;
        final List<String> shared;
        final List<String> types;

        Filters(Request r, Instant timeMin, Instant timeMax, Instant updatedMin, ZoneId zone) {
            this.timeMin = timeMin;
            this.timeMax = timeMax;
            this.updatedMin = updatedMin;
            this.q = r.param("q") == null ? null : r.param("q").toLowerCase(Locale.ROOT);
            this.uid = r.param("iCalUID");
            this.priv = r.params("privateExtendedProperty");
            this.shared = r.params("sharedExtendedProperty");
            this.types = r.params("eventTypes");
        }

        boolean matches(ObjectNode b, Instant updated) {
            if (updatedMin != null && updated.isBefore(updatedMin)) {
                return false;
            }
            if (uid != null && !uid.equals(b.path("iCalUID").asText())) {
                return false;
            }
            if (!types.isEmpty() && !types.contains(b.path("eventType").asText("default"))) {
                return false;
            }
            if (!props(b.path("extendedProperties").path("private"), priv)
                    || !props(b.path("extendedProperties").path("shared"), shared)) {
                return false;
            }
            if (q != null) {
                StringBuilder text = new StringBuilder();
                for (String f : List.of("summary", "description", "location")) {
                    text.append(b.path(f).asText("")).append('\n');
                }
                for (JsonNode a : b.path("attendees")) {
                    text.append(a.path("email").asText(""))
                            .append(a.path("displayName").asText(""))
                            .append('\n');
                }
                text.append(b.path("organizer").path("email").asText(""))
                        .append(b.path("organizer").path("displayName").asText(""));
                return text.toString().toLowerCase(Locale.ROOT).contains(q);
            }
            return true;
        }

        private boolean props(JsonNode map, List<String> wanted) {
            for (String w : wanted) {
                int eq = w.indexOf('=');
                if (eq < 0) {
                    throw ApiException.invalid("Invalid Value");
                }
                if (!w.substring(eq + 1).equals(map.path(w.substring(0, eq)).asText(null))) {
                    return false;
                }
            }
            return true;
        }

        boolean overlapsTimes(ObjectNode b, ZoneId zone) {
            if (timeMin == null && timeMax == null) {
                return true;
            }
            EventTime s = EventTime.stored(b.get("start"));
            EventTime e = EventTime.stored(b.get("end"));
            if (s == null || e == null) {
                return true;
            }
            Instant start = s.begin(zone);
            Instant end = e.begin(zone);
            if (end.equals(start)) {
                end = end.plusMillis(1); // zero-length events still overlap the window they sit in
            }
            return (timeMin == null || end.isAfter(timeMin)) && (timeMax == null || start.isBefore(timeMax));
        }

        boolean overlaps(Cal cal, Stored s) {
            if (timeMin == null && timeMax == null) {
                return true;
            }
            if (!s.master()) {
                return overlapsTimes(s.body, cal.zone);
            }
            for (Target t : instancesOf(cal, s)) {
                if (overlapsTimes(bodyOf(cal, t), cal.zone)) {
                    return true;
                }
            }
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------
    // instances

    private ObjectNode instances(Request r, String calId, String eventId) {
        Cal cal = cal(calId);
        ZoneId zone = outputZone(cal, r);
        int max = maxResults(r);
        boolean showDeleted = flag(r, "showDeleted");
        Instant timeMin = parseTime(r, "timeMin");
        Instant timeMax = parseTime(r, "timeMax");
        if (timeMin != null && timeMax != null && !timeMin.isBefore(timeMax)) {
            throw ApiException.timeRangeEmpty();
        }
        String originalStartParam = r.param("originalStart");
        Instant originalStart = parseTime(r, "originalStart");
        Stored master = cal.events.get(eventId);
        if (master == null || master.exception()) {
            throw ApiException.notFound();
        }
        Filters filters = new Filters(
                new Request("GET", List.of(), Map.of(), Map.of(), new byte[0]), timeMin, timeMax, null, zone);
        List<Entry> entries = new ArrayList<>();
        if (master.master()) {
            for (Target t : instancesOf(cal, master)) {
                ObjectNode b = bodyOf(cal, t);
                boolean cancelled = master.cancelled()
                        || "cancelled".equals(b.path("status").asText());
                if (cancelled && !showDeleted) {
                    continue;
                }
                if (originalStartParam != null
                        && (t.originalStart() == null
                                || !t.originalStart().begin(cal.zone).equals(originalStart))
                        && !(t.originalStart() != null
                                && t.originalStart().allDay()
                                && t.originalStart().date().toString().equals(originalStartParam))) {
                    continue;
                }
                if (!filters.overlapsTimes(b, cal.zone)) {
                    continue;
                }
                ObjectNode item = cancelled ? minimalCancelledInstance(b, zone) : render(b, false, zone);
                entries.add(new Entry(defaultKey(master, t.originalStart(), t.id()), item));
            }
        }
        entries.sort(Comparator.comparing(Entry::key));
        String pageTokenParam = r.param("pageToken");
        String after = pageTokenParam == null
                ? null
                : parsePageToken(cal, pageTokenParam).lastKey();
        List<Entry> rest = new ArrayList<>();
        for (Entry e : entries) {
            if (after == null || e.key().compareTo(after) > 0) {
                rest.add(e);
            }
        }
        ObjectNode out = envelope(cal, zone);
        ArrayNode items = Json.MAPPER.createArrayNode();
        List<Entry> pageEntries = rest.subList(0, Math.min(max, rest.size()));
        pageEntries.forEach(e -> items.add(e.item()));
        if (rest.size() > max) {
            out.put(
                    "nextPageToken",
                    pageToken(
                            cal,
                            new PageToken(
                                    cal.epoch,
                                    cal.seq,
                                    -1,
                                    0,
                                    pageEntries.get(max - 1).key())));
        }
        out.set("items", items);
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // acting as another client, and inspection

    private static RuntimeException userError(ApiException e) {
        if (e.status == 404) {
            return new java.util.NoSuchElementException(e.status + " " + e.reason + ": " + e.getMessage());
        }
        return new IllegalStateException(e.status + " " + e.reason + ": " + e.getMessage());
    }

    synchronized ObjectNode userInsert(String calendarId, ObjectNode event) {
        Cal cal = calOrThrow(calendarId);
        try {
            return render(create(cal, event, true).body, false, cal.zone);
        } catch (ApiException e) {
            throw userError(e);
        }
    }

    synchronized ObjectNode userWrite(String calendarId, String eventId, ObjectNode body, boolean patch) {
        Cal cal = calOrThrow(calendarId);
        try {
            Target t = resolve(cal, eventId).orElseThrow(ApiException::notFound);
            return render(modify(cal, t, body, patch, true, null), false, cal.zone);
        } catch (ApiException e) {
            throw userError(e);
        }
    }

    synchronized void userDelete(String calendarId, String eventId) {
        calOrThrow(calendarId);
        try {
            delete(calendarId, eventId, null, true);
        } catch (ApiException e) {
            throw userError(e);
        }
    }

    synchronized void putRaw(String calendarId, String eventId, String rawJsonObject) {
        Cal cal = calOrThrow(calendarId);
        ObjectNode n = Json.parseObject(rawJsonObject);
        n.put("kind", "calendar#event");
        n.put("id", eventId);
        Stored old = cal.events.get(eventId);
        Stored s = new Stored(eventId, n, old == null ? ++createCounter : old.createSeq, true);
        cal.events.put(eventId, s);
        stamp(cal, s, false);
    }

    synchronized Optional<ObjectNode> event(String calendarId, String eventId) {
        Cal cal = calOrThrow(calendarId);
        return resolve(cal, eventId).map(t -> render(bodyOf(cal, t), t.stored() != null && t.stored().raw, cal.zone));
    }

    synchronized List<ObjectNode> storedEvents(String calendarId) {
        Cal cal = calOrThrow(calendarId);
        List<ObjectNode> out = new ArrayList<>();
        for (Stored s : cal.events.values()) {
            out.add(render(s.body, s.raw, cal.zone));
        }
        return out;
    }
}
