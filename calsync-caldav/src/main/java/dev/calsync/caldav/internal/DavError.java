package dev.calsync.caldav.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * The pre- and postconditions a server named in a {@code DAV:error} body (RFC 4918 §16), e.g. {@code
 * <D:error><D:valid-sync-token/></D:error>} or {@code <D:error><C:no-uid-conflict><D:href>…}. Read
 * leniently: a missing, plain-text or HTML body, or one that is not a {@code DAV:error}, gives {@link
 * #NONE} rather than an exception, because error bodies are advice and the status says what happened.
 *
 * @param conditions the condition elements, in order (sabre/dav's own {@code s:*} details excluded)
 * @param message sabre/dav's {@code s:message}, or null
 * @param exception sabre/dav's {@code s:exception} (e.g. {@code Sabre\DAV\Exception\ReportNotSupported}),
 *     or null
 */
public record DavError(List<Condition> conditions, String message, String exception) {

    /** {@code DAV:valid-sync-token}: the sync token is not (or no longer) valid (RFC 6578 §3.2). */
    public static final QName VALID_SYNC_TOKEN = new QName(DavXml.DAV, "valid-sync-token");
    /** {@code DAV:number-of-matches-within-limits}: a truncated result (RFC 6578 §3.6, RFC 5323). */
    public static final QName NUMBER_OF_MATCHES_WITHIN_LIMITS =
            new QName(DavXml.DAV, "number-of-matches-within-limits");
    /** {@code DAV:supported-report}: the report is not supported here (sabre/dav's ReportNotSupported). */
    public static final QName SUPPORTED_REPORT = new QName(DavXml.DAV, "supported-report");
    /** {@code DAV:resource-must-be-null}: MKCALENDAR on something that exists. */
    public static final QName RESOURCE_MUST_BE_NULL = new QName(DavXml.DAV, "resource-must-be-null");
    /** {@code C:no-uid-conflict}: another resource holds the UID (RFC 4791 §5.3.2.1). */
    public static final QName NO_UID_CONFLICT = new QName(DavXml.CALDAV, "no-uid-conflict");
    /** {@code C:valid-calendar-data}. */
    public static final QName VALID_CALENDAR_DATA = new QName(DavXml.CALDAV, "valid-calendar-data");
    /** {@code C:valid-calendar-object-resource}. */
    public static final QName VALID_CALENDAR_OBJECT_RESOURCE =
            new QName(DavXml.CALDAV, "valid-calendar-object-resource");
    /** {@code C:supported-calendar-component}. */
    public static final QName SUPPORTED_CALENDAR_COMPONENT = new QName(DavXml.CALDAV, "supported-calendar-component");

    /** No conditions named. */
    public static final DavError NONE = new DavError(List.of(), null, null);

    /**
     * One condition.
     *
     * @param name the element, e.g. {@code {urn:ietf:params:xml:ns:caldav}no-uid-conflict}
     * @param hrefs the {@code DAV:href}s inside it, as sent (no-uid-conflict SHOULD name the
     *     resource already holding the UID)
     */
    public record Condition(QName name, List<String> hrefs) {
        /** Copies the hrefs. */
        public Condition {
            hrefs = List.copyOf(hrefs);
        }
    }

    /** Copies the conditions. */
    public DavError {
        conditions = List.copyOf(conditions);
    }

    /**
     * Reads an error body.
     *
     * @param body the body, or null
     * @return the conditions named, or {@link #NONE} if the body is absent, not XML, has a DOCTYPE, or
     *     is not a {@code DAV:error}
     */
    public static DavError parse(String body) {
        if (body == null || body.isBlank() || !body.stripLeading().startsWith("<")) {
            return NONE;
        }
        Element root;
        try {
            root = DavXml.parse(body, "an error answer");
        } catch (DavProtocolException notXml) {
            return NONE;
        }
        if (!DavXml.is(root, DavXml.DAV, "error")) {
            return NONE;
        }
        return fromElement(root);
    }

    /** Reads a {@code DAV:error} element (also the one inside a multistatus response). */
    static DavError fromElement(Element error) {
        List<Condition> conditions = new ArrayList<>();
        String message = null;
        String exception = null;
        for (Element e : DavXml.elements(error)) {
            if (DavXml.SABRE.equals(e.getNamespaceURI())) {
                if ("message".equals(e.getLocalName())) {
                    message = DavXml.trimmedText(e);
                } else if ("exception".equals(e.getLocalName())) {
                    exception = DavXml.trimmedText(e);
                }
                continue;
            }
            List<String> hrefs = new ArrayList<>();
            for (Element h : DavXml.children(e, DavXml.DAV, "href")) {
                String href = DavXml.trimmedText(h);
                if (href != null) {
                    hrefs.add(href);
                }
            }
            conditions.add(new Condition(DavXml.name(e), hrefs));
        }
        return new DavError(conditions, message, exception);
    }

    /** Whether the condition was named. */
    public boolean has(QName condition) {
        return find(condition).isPresent();
    }

    /** The condition, if named. */
    public Optional<Condition> find(QName condition) {
        return conditions.stream().filter(c -> c.name().equals(condition)).findFirst();
    }

    /** Whether the server said the sync token is invalid ({@code DAV:valid-sync-token}). */
    public boolean invalidSyncToken() {
        return has(VALID_SYNC_TOKEN);
    }

    /**
     * Whether the server said it does not support the report: {@code DAV:supported-report}, or
     * sabre/dav's {@code ReportNotSupported} exception (some sabre versions name no condition). A 403
     * with this means "use the fallback", not "invalid token".
     */
    public boolean reportNotSupported() {
        return has(SUPPORTED_REPORT) || (exception != null && exception.endsWith("ReportNotSupported"));
    }

    /** Whether another resource holds the UID ({@code C:no-uid-conflict}). */
    public boolean uidConflict() {
        return has(NO_UID_CONFLICT);
    }

    /** The href of the resource holding the UID, when the server named it. */
    public Optional<String> uidConflictHref() {
        return find(NO_UID_CONFLICT).flatMap(c -> c.hrefs().stream().findFirst());
    }
}
