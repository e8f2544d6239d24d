package dev.calsync.caldav.internal;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * The XML request bodies of the CalDAV provider. Every body starts with the XML declaration, with no
 * white space before it (iCloud answers 400 otherwise), and every value is XML-escaped. Send them as
 * {@code application/xml; charset=utf-8} ({@link DavClient} does).
 */
public final class DavRequests {
    private static final String DECL = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    private static final String NS_ALL = " xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\""
            + " xmlns:cs=\"http://calendarserver.org/ns/\" xmlns:ic=\"http://apple.com/ns/ical/\"";
    private static final String NS_DC = " xmlns:d=\"DAV:\" xmlns:c=\"urn:ietf:params:xml:ns:caldav\"";
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private DavRequests() {}

    /**
     * PROPFIND (Depth 0) for {@code current-user-principal} and {@code calendar-home-set}: on the
     * context path to find the principal (RFC 6764 §6, RFC 5397), and on the principal to find the
     * home set (RFC 4791 §6.2.1).
     */
    public static String propfindPrincipal() {
        return DECL + "<d:propfind" + NS_DC + "><d:prop>"
                + "<d:current-user-principal/><c:calendar-home-set/>"
                + "</d:prop></d:propfind>";
    }

    /** PROPFIND (Depth 0) on a principal for {@code calendar-home-set} and its display name. */
    public static String propfindHomeSet() {
        return DECL + "<d:propfind" + NS_DC + "><d:prop>"
                + "<c:calendar-home-set/><d:displayname/>"
                + "</d:prop></d:propfind>";
    }

    /**
     * PROPFIND (Depth 1 on a home set, or Depth 0 on one calendar) listing calendars: {@code
     * resourcetype}, {@code displayname}, {@code supported-calendar-component-set}, {@code getctag},
     * {@code sync-token}, {@code supported-report-set}, {@code current-user-privilege-set}, {@code
     * calendar-color}.
     */
    public static String propfindCalendars() {
        return DECL + "<d:propfind" + NS_ALL + "><d:prop>"
                + "<d:resourcetype/><d:displayname/><c:supported-calendar-component-set/>"
                + "<cs:getctag/><d:sync-token/><d:supported-report-set/><d:current-user-privilege-set/>"
                + "<ic:calendar-color/>"
                + "</d:prop></d:propfind>";
    }

    /**
     * PROPFIND (Depth 0 on a calendar) for the change markers at the start of a sync: {@code getctag},
     * {@code sync-token}, {@code supported-report-set}.
     */
    public static String propfindCollectionState() {
        return DECL + "<d:propfind" + NS_ALL + "><d:prop>"
                + "<cs:getctag/><d:sync-token/><d:supported-report-set/>"
                + "</d:prop></d:propfind>";
    }

    /**
     * PROPFIND (Depth 1 on a calendar) for every member's {@code getetag} and {@code resourcetype}:
     * the fallback listing when sync-collection is not supported.
     */
    public static String propfindEtags() {
        return DECL + "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>";
    }

    /**
     * REPORT sync-collection (RFC 6578 §3.2; send with Depth 0): sync-level 1, {@code getetag}, and
     * no {@code DAV:limit} (Apple CalendarServer refuses any limit with 507; others ignore it).
     *
     * @param syncToken the last token verbatim, or null or empty for an initial sync
     */
    public static String syncCollection(String syncToken) {
        String token = syncToken == null || syncToken.isEmpty()
                ? "<d:sync-token/>"
                : "<d:sync-token>" + DavXml.escape(syncToken) + "</d:sync-token>";
        return DECL + "<d:sync-collection xmlns:d=\"DAV:\">" + token
                + "<d:sync-level>1</d:sync-level>"
                + "<d:prop><d:getetag/></d:prop>"
                + "</d:sync-collection>";
    }

    /**
     * REPORT calendar-multiget (RFC 4791 §7.9; send without Depth) for {@code getetag} and {@code
     * calendar-data} of the given resources. Each href is sent as the URI's raw path (and query), so
     * the resources must be on the host the REPORT goes to (the members of the calendar are).
     *
     * @param resources the resources, at least one
     */
    public static String calendarMultiget(List<URI> resources) {
        Objects.requireNonNull(resources, "resources");
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("a calendar-multiget needs at least one href");
        }
        StringBuilder sb = new StringBuilder(DECL.length() + 200 + resources.size() * 80);
        sb.append(DECL)
                .append("<c:calendar-multiget")
                .append(NS_DC)
                .append("><d:prop><d:getetag/><c:calendar-data/></d:prop>");
        for (URI uri : resources) {
            sb.append("<d:href>").append(DavXml.escape(hrefOf(uri))).append("</d:href>");
        }
        return sb.append("</c:calendar-multiget>").toString();
    }

    /**
     * REPORT calendar-query (RFC 4791 §7.8; send with Depth 1) for the VEVENTs overlapping a time
     * range, always with the inner VEVENT comp-filter (iCloud refuses a bare VCALENDAR filter).
     *
     * @param start the range start (inclusive), or null for unbounded
     * @param end the range end (exclusive), or null for unbounded
     * @param withData whether to ask for {@code calendar-data} too, not only {@code getetag}
     * @throws IllegalArgumentException if start is not before end
     */
    public static String calendarQuery(Instant start, Instant end, boolean withData) {
        if (start != null && end != null && !start.isBefore(end)) {
            throw new IllegalArgumentException("the time range must start before it ends");
        }
        StringBuilder sb = new StringBuilder(DECL)
                .append("<c:calendar-query")
                .append(NS_DC)
                .append("><d:prop><d:getetag/>");
        if (withData) {
            sb.append("<c:calendar-data/>");
        }
        sb.append("</d:prop><c:filter><c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"VEVENT\">");
        if (start != null || end != null) {
            sb.append("<c:time-range");
            if (start != null) {
                sb.append(" start=\"").append(UTC.format(start)).append('"');
            }
            if (end != null) {
                sb.append(" end=\"").append(UTC.format(end)).append('"');
            }
            sb.append("/>");
        }
        return sb.append("</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>")
                .toString();
    }

    /**
     * REPORT calendar-query (RFC 4791 §7.8, §9.7.5; send with Depth 1) for the VEVENT resources whose
     * UID contains {@code uid} ({@code prop-filter} with an {@code i;octet} {@code text-match}),
     * asking for {@code getetag} and {@code calendar-data}. Servers that ignore the prop-filter answer
     * with every VEVENT resource, so the caller must still compare the UIDs it reads.
     *
     * @param uid the UID, matched octet for octet
     */
    public static String calendarQueryByUid(String uid) {
        Objects.requireNonNull(uid, "uid");
        return DECL + "<c:calendar-query" + NS_DC + "><d:prop><d:getetag/><c:calendar-data/></d:prop>"
                + "<c:filter><c:comp-filter name=\"VCALENDAR\"><c:comp-filter name=\"VEVENT\">"
                + "<c:prop-filter name=\"UID\">"
                + "<c:text-match collation=\"i;octet\">" + DavXml.escape(uid)
                + "</c:text-match></c:prop-filter>"
                + "</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>";
    }

    /**
     * MKCALENDAR body (RFC 4791 §5.3.1): the display name and a VEVENT-only component set.
     *
     * @param displayName the calendar's name
     */
    public static String mkcalendar(String displayName) {
        Objects.requireNonNull(displayName, "displayName");
        return DECL + "<c:mkcalendar" + NS_DC + "><d:set><d:prop>"
                + "<d:displayname>" + DavXml.escape(displayName) + "</d:displayname>"
                + "<c:supported-calendar-component-set><c:comp name=\"VEVENT\"/></c:supported-calendar-component-set>"
                + "</d:prop></d:set></c:mkcalendar>";
    }

    private static String hrefOf(URI uri) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("not a resource URI: " + Hrefs.redacted(uri));
        }
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }
}
