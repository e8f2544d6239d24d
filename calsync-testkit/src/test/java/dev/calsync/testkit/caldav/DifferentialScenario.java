package dev.calsync.testkit.caldav;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A scripted list of raw protocol steps, run by {@link DifferentialRunner} against a CalDAV server in
 * a fresh calendar. Paths are relative to a {@link Base}; paths, header values and bodies may hold
 * placeholders filled from earlier answers of the same run:
 *
 * <ul>
 *   <li>{@code {etag:ev1.ics}}: the latest ETag seen for that member (PUT/GET {@code ETag} header or a
 *       {@code getetag} in a multistatus); {@code {etag~1:ev1.ics}} the one before it (a stale ETag)
 *   <li>{@code {token}}: the latest sync token seen (REPORT or the {@code sync-token} property); {@code
 *       {token:unknown}} the same with every character after its last {@code /} replaced by {@code 0}
 *       (well-formed for this server, never issued)
 *   <li>{@code {href:ev1.ics}}: the member's absolute path; {@code {url:ev1.ics}} its absolute URL
 *   <li>{@code {cal}}: the calendar's absolute path; {@code {calname}}: its name
 * </ul>
 */
record DifferentialScenario(String name, String description, List<Step> steps) {

    /** What a step's path is relative to. */
    enum Base {
        /** The server root ({@code /}); the path is absolute. */
        ROOT,
        /** The current user's principal. */
        PRINCIPAL,
        /** The calendar home. */
        HOME,
        /** The scenario's calendar. */
        CALENDAR
    }

    /** The credentials a step sends. */
    enum Auth {
        USER,
        NONE,
        WRONG_PASSWORD
    }

    /** One request. {@code headers} alternate name, value. */
    record Step(String label, String method, Base base, String path, List<String> headers, String body, Auth auth) {
        Step {
            Objects.requireNonNull(label, "label");
            headers = List.copyOf(headers);
        }

        @Override
        public String toString() {
            return method + " " + base + ":" + path + (headers.isEmpty() ? "" : " " + headers)
                    + (auth == Auth.USER ? "" : " auth=" + auth);
        }
    }

    static Builder scenario(String name, String description) {
        return new Builder(name, description);
    }

    static final String DAV_PROPFIND_HEAD =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:propfind xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\""
                    + " xmlns:cs=\"http://calendarserver.org/ns/\"><d:prop>";

    /** Builds a scenario step by step. */
    static final class Builder {
        private final String name;
        private final String description;
        private final List<Step> steps = new ArrayList<>();

        private Builder(String name, String description) {
            this.name = name;
            this.description = description;
        }

        Builder raw(String label, String method, Base base, String path, String body, Auth auth, String... headers) {
            steps.add(new Step(label, method, base, path, List.of(headers), body, auth));
            return this;
        }

        Builder request(String label, String method, Base base, String path, String body, String... headers) {
            return raw(label, method, base, path, body, Auth.USER, headers);
        }

        /** PROPFIND with a {@code <d:prop>} of {@code props} (prefixes d, c, cs). */
        Builder propfind(String label, Base base, String path, String depth, String props) {
            return request(
                    label,
                    "PROPFIND",
                    base,
                    path,
                    DAV_PROPFIND_HEAD + props + "</d:prop></d:propfind>",
                    "Depth",
                    depth,
                    "Content-Type",
                    "application/xml; charset=utf-8");
        }

        /** PUT of a calendar member with optional condition headers. */
        Builder put(String label, String member, String ics, String... conditions) {
            String[] headers = new String[conditions.length + 2];
            headers[0] = "Content-Type";
            headers[1] = "text/calendar; charset=utf-8";
            System.arraycopy(conditions, 0, headers, 2, conditions.length);
            return request(label, "PUT", Base.CALENDAR, member, ics, headers);
        }

        Builder get(String label, String member) {
            return request(label, "GET", Base.CALENDAR, member, null);
        }

        Builder delete(String label, String member, String... conditions) {
            return request(label, "DELETE", Base.CALENDAR, member, null, conditions);
        }

        /** sync-collection with {@code token} ({@code ""} = initial; placeholders allowed), getetag only. */
        Builder sync(String label, String token) {
            String tokenElement = token.isEmpty() ? "<d:sync-token/>" : "<d:sync-token>" + token + "</d:sync-token>";
            return request(
                    label,
                    "REPORT",
                    Base.CALENDAR,
                    "",
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?><d:sync-collection xmlns:d=\"DAV:\">" + tokenElement
                            + "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>",
                    "Depth",
                    "0",
                    "Content-Type",
                    "application/xml; charset=utf-8");
        }

        /** calendar-multiget of getetag + calendar-data for these hrefs (placeholders allowed). */
        Builder multiget(String label, String... hrefs) {
            StringBuilder body = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                    + "<c:calendar-multiget xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
                    + "<d:prop><d:getetag/><c:calendar-data/></d:prop>");
            for (String h : hrefs) {
                body.append("<d:href>").append(h).append("</d:href>");
            }
            body.append("</c:calendar-multiget>");
            return request(
                    label,
                    "REPORT",
                    Base.CALENDAR,
                    "",
                    body.toString(),
                    "Depth",
                    "1",
                    "Content-Type",
                    "application/xml; charset=utf-8");
        }

        /** calendar-query VCALENDAR > VEVENT with a time-range, getetag only, Depth 1. */
        Builder query(String label, String start, String end) {
            return request(
                    label,
                    "REPORT",
                    Base.CALENDAR,
                    "",
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                            + "<c:calendar-query xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\">"
                            + "<d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name=\"VCALENDAR\">"
                            + "<c:comp-filter name=\"VEVENT\"><c:time-range start=\"" + start + "\" end=\"" + end
                            + "\"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>",
                    "Depth",
                    "1",
                    "Content-Type",
                    "application/xml; charset=utf-8");
        }

        DifferentialScenario build() {
            return new DifferentialScenario(name, description, List.copyOf(steps));
        }
    }

    // ------------------------------------------------------------------------------------------
    // iCalendar bodies

    static String event(String uid, String summary) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calsync//differential test//EN\r\nBEGIN:VEVENT\r\n"
                + "UID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T090000Z\r\n"
                + "DTEND:20260105T100000Z\r\nSUMMARY:" + summary + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    /** A daily series of three (5, 6, 7 Jan 2026 09:00Z) whose 6 Jan instance is moved to 10 Feb. */
    static String recurringWithMovedOverride(String uid) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calsync//differential test//EN\r\n"
                + "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T090000Z\r\n"
                + "DTEND:20260105T100000Z\r\nRRULE:FREQ=DAILY;COUNT=3\r\nSUMMARY:series\r\nEND:VEVENT\r\n"
                + "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\n"
                + "RECURRENCE-ID:20260106T090000Z\r\nDTSTART:20260210T090000Z\r\nDTEND:20260210T100000Z\r\n"
                + "SUMMARY:moved\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    static String overrideOnly(String uid) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calsync//differential test//EN\r\n"
                + "BEGIN:VEVENT\r\nUID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\n"
                + "RECURRENCE-ID:20260106T090000Z\r\nDTSTART:20260210T090000Z\r\nDTEND:20260210T100000Z\r\n"
                + "SUMMARY:orphan\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    static String twoUids(String uid1, String uid2) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calsync//differential test//EN\r\n"
                + "BEGIN:VEVENT\r\nUID:" + uid1 + "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T090000Z\r\n"
                + "DTEND:20260105T100000Z\r\nSUMMARY:one\r\nEND:VEVENT\r\n"
                + "BEGIN:VEVENT\r\nUID:" + uid2 + "\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260106T090000Z\r\n"
                + "DTEND:20260106T100000Z\r\nSUMMARY:two\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    }

    static String todo(String uid) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calsync//differential test//EN\r\n"
                + "BEGIN:VTODO\r\nUID:" + uid + "\r\nDTSTAMP:20260101T000000Z\r\nSUMMARY:task\r\n"
                + "END:VTODO\r\nEND:VCALENDAR\r\n";
    }
}
