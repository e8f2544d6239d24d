package dev.calsync.caldav.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * A parsed {@code 207 Multi-Status} body (RFC 4918 §13): the responses in document order, the
 * response-level {@code DAV:sync-token} (RFC 6578; before or after the responses), and whether the
 * result was truncated (RFC 6578 §3.6: a response for the request URI with status 507).
 *
 * <p>Responses are kept as sent, duplicates and foreign hrefs included; {@link #members(URI)} gives
 * the ones a sync may use.
 *
 * @param requestUri the URI the multistatus came from (after redirects), which hrefs are resolved
 *     against
 * @param responses every {@code DAV:response}, one entry per href, in document order
 * @param syncToken the response-level {@code DAV:sync-token}, as sent, or null
 * @param truncated whether the server truncated the result (507 on the request URI, or a 507 with
 *     {@code DAV:number-of-matches-within-limits}): ask again with {@link #syncToken()}
 */
public record DavMultiStatus(URI requestUri, List<Entry> responses, String syncToken, boolean truncated) {
    private static final Logger log = LoggerFactory.getLogger(DavMultiStatus.class);

    /**
     * One href of a {@code DAV:response}.
     *
     * @param href the href as sent
     * @param uri the href resolved against the request URI in {@link Hrefs} canonical form, or null if
     *     it was refused (dot segments, user info, unreadable)
     * @param status the response's own {@code DAV:status} code (e.g. 404 for a removed member), or 0
     *     when it has propstats instead
     * @param propStats the propstats, in order
     * @param error the response's {@code DAV:error}, or {@link DavError#NONE}
     * @param description {@code DAV:responsedescription}, or null
     */
    public record Entry(
            String href, URI uri, int status, List<PropStat> propStats, DavError error, String description) {

        /** Copies the propstats. */
        public Entry {
            Objects.requireNonNull(href, "href");
            propStats = List.copyOf(propStats);
            error = error == null ? DavError.NONE : error;
        }

        /**
         * The properties of every 2xx propstat, merged (iCloud adds a 404 propstat with empty values
         * for the same names: those are ignored).
         */
        public DavProps props() {
            List<DavProps> ok = new ArrayList<>();
            for (PropStat ps : propStats) {
                if (ps.status() / 100 == 2) {
                    ok.add(ps.props());
                }
            }
            return DavProps.merge(ok);
        }

        /** The {@code getetag} under a 2xx propstat, or null. */
        public DavETag etag() {
            return props().etag();
        }

        /** Whether the entry says the resource is gone: its own status is 404 or 410. */
        public boolean notFound() {
            return status == 404 || status == 410;
        }

        /**
         * Whether the entry is a success: its own status is 2xx, or it has no status and at least one
         * 2xx propstat.
         */
        public boolean succeeded() {
            if (status != 0) {
                return status / 100 == 2;
            }
            return propStats.stream().anyMatch(ps -> ps.status() / 100 == 2);
        }
    }

    /**
     * One {@code DAV:propstat}.
     *
     * @param status the propstat's status code, or 0 if absent or unreadable
     * @param props the properties listed under it
     */
    public record PropStat(int status, DavProps props) {}

    /** Copies the responses. */
    public DavMultiStatus {
        Objects.requireNonNull(requestUri, "requestUri");
        responses = List.copyOf(responses);
    }

    /**
     * Parses a multistatus body.
     *
     * @param body the body
     * @param requestUri the URI it came from (after redirects)
     * @throws DavProtocolException if the body is not XML, has a DOCTYPE, or is not a {@code
     *     DAV:multistatus}
     */
    public static DavMultiStatus parse(String body, URI requestUri) {
        String what = "a request to " + Hrefs.redacted(requestUri);
        Element root = DavXml.parse(body, what);
        if (!DavXml.is(root, DavXml.DAV, "multistatus")) {
            throw new DavProtocolException("the answer to " + what + " is not a DAV:multistatus but {"
                    + DavXml.name(root).getNamespaceURI() + "}"
                    + DavXml.name(root).getLocalPart());
        }
        List<Entry> entries = new ArrayList<>();
        String syncToken = null;
        boolean truncated = false;
        for (Element e : DavXml.elements(root)) {
            if (DavXml.is(e, DavXml.DAV, "sync-token")) {
                syncToken = syncToken != null ? syncToken : DavXml.trimmedText(e);
            } else if (DavXml.is(e, DavXml.DAV, "response")) {
                for (Entry entry : entries(e, requestUri)) {
                    entries.add(entry);
                    if (entry.status() == 507
                            && ((entry.uri() != null && Hrefs.sameResource(entry.uri(), requestUri))
                                    || entry.error().has(DavError.NUMBER_OF_MATCHES_WITHIN_LIMITS))) {
                        truncated = true;
                    }
                }
            }
        }
        return new DavMultiStatus(requestUri, entries, syncToken, truncated);
    }

    private static List<Entry> entries(Element response, URI requestUri) {
        int status = DavXml.statusCode(DavXml.trimmedText(DavXml.child(response, DavXml.DAV, "status")));
        List<PropStat> propStats = new ArrayList<>();
        for (Element ps : DavXml.children(response, DavXml.DAV, "propstat")) {
            int psStatus = DavXml.statusCode(DavXml.trimmedText(DavXml.child(ps, DavXml.DAV, "status")));
            List<DavProps> props = new ArrayList<>();
            for (Element prop : DavXml.children(ps, DavXml.DAV, "prop")) {
                props.add(DavProps.parse(prop));
            }
            propStats.add(new PropStat(psStatus, DavProps.merge(props)));
        }
        Element errorElement = DavXml.child(response, DavXml.DAV, "error");
        DavError error = errorElement == null ? DavError.NONE : DavError.fromElement(errorElement);
        String description = DavXml.trimmedText(DavXml.child(response, DavXml.DAV, "responsedescription"));
        List<Entry> out = new ArrayList<>();
        for (Element h : DavXml.children(response, DavXml.DAV, "href")) {
            String href = DavXml.trimmedText(h);
            if (href == null) {
                continue;
            }
            URI uri = Hrefs.resolve(requestUri, href).orElse(null);
            out.add(new Entry(href, uri, status, propStats, error, description));
        }
        return out;
    }

    /**
     * The entries naming calendar object resources of {@code collection} (see {@link
     * Hrefs#isMember}): entries for other hosts, other paths, the collection itself, sub-collections
     * and refused hrefs are dropped (and logged at DEBUG); a duplicated href keeps its last entry, at
     * the place of its first.
     *
     * @param collection the calendar collection the request was about
     */
    public List<Entry> members(URI collection) {
        Map<URI, Entry> byUri = new LinkedHashMap<>();
        for (Entry e : responses) {
            if (e.uri() == null || !Hrefs.isMember(collection, e.uri())) {
                if (e.uri() == null || !Hrefs.sameResource(e.uri(), collection)) {
                    log.debug("ignoring href {} outside {}", e.href(), Hrefs.redacted(collection));
                }
                continue;
            }
            if (e.props().isCollection()) {
                continue;
            }
            byUri.put(e.uri(), e);
        }
        return List.copyOf(byUri.values());
    }

    /**
     * Whether every entry succeeded (see {@link Entry#succeeded()}); true for no entries. A 207 to a
     * PUT, DELETE or MKCALENDAR is a failure unless this holds (Xandikos answers a refused PUT with a
     * 207 holding a 412).
     */
    public boolean allSucceeded() {
        return responses.stream().allMatch(Entry::succeeded);
    }

    /** The first entry that did not succeed, if any. */
    public java.util.Optional<Entry> firstFailure() {
        return responses.stream().filter(e -> !e.succeeded()).findFirst();
    }
}
