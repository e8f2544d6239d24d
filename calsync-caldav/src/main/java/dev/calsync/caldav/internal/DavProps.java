package dev.calsync.caldav.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.namespace.QName;
import org.w3c.dom.Element;

/**
 * The WebDAV properties of one {@code DAV:prop} (or several merged), typed. Every field is null, or
 * an empty collection, when the property was not there; {@link #names()} lists every property
 * element present, even an empty one (a 404 propstat names the properties the server does not have).
 *
 * @param names every property element present
 * @param etag {@code DAV:getetag}, exactly as sent
 * @param calendarData {@code C:calendar-data}, the text untouched (CDATA merged; note that XML
 *     parsing turns CRLF line ends into LF)
 * @param ctag {@code CS:getctag}, as sent (Radicale quotes it, Xandikos does not)
 * @param syncToken the {@code DAV:sync-token} property, as sent
 * @param displayName {@code DAV:displayname}
 * @param resourceType the child elements of {@code DAV:resourcetype}
 * @param supportedComponents the {@code name}s in {@code C:supported-calendar-component-set}
 * @param supportedReports the reports in {@code DAV:supported-report-set}, with or without the
 *     {@code DAV:report} wrapper (Xandikos omits it)
 * @param privileges the privileges in {@code DAV:current-user-privilege-set}
 * @param currentUserPrincipal the href in {@code DAV:current-user-principal}, as sent
 * @param calendarHomeSet the hrefs in {@code C:calendar-home-set}, as sent (may be absolute URLs on
 *     another host: iCloud)
 * @param calendarColor {@code ICAL:calendar-color}, e.g. {@code #FF2968FF}
 */
public record DavProps(
        Set<QName> names,
        DavETag etag,
        String calendarData,
        String ctag,
        String syncToken,
        String displayName,
        Set<QName> resourceType,
        Set<String> supportedComponents,
        Set<QName> supportedReports,
        Set<QName> privileges,
        String currentUserPrincipal,
        List<String> calendarHomeSet,
        String calendarColor) {

    /** {@code DAV:getetag}. */
    public static final QName GETETAG = new QName(DavXml.DAV, "getetag");
    /** {@code C:calendar-data}. */
    public static final QName CALENDAR_DATA = new QName(DavXml.CALDAV, "calendar-data");
    /** {@code CS:getctag}. */
    public static final QName GETCTAG = new QName(DavXml.CALENDARSERVER, "getctag");
    /** {@code DAV:sync-token}. */
    public static final QName SYNC_TOKEN = new QName(DavXml.DAV, "sync-token");
    /** {@code DAV:displayname}. */
    public static final QName DISPLAYNAME = new QName(DavXml.DAV, "displayname");
    /** {@code DAV:resourcetype}. */
    public static final QName RESOURCETYPE = new QName(DavXml.DAV, "resourcetype");
    /** {@code C:supported-calendar-component-set}. */
    public static final QName SUPPORTED_CALENDAR_COMPONENT_SET =
            new QName(DavXml.CALDAV, "supported-calendar-component-set");
    /** {@code DAV:supported-report-set}. */
    public static final QName SUPPORTED_REPORT_SET = new QName(DavXml.DAV, "supported-report-set");
    /** {@code DAV:current-user-privilege-set}. */
    public static final QName CURRENT_USER_PRIVILEGE_SET = new QName(DavXml.DAV, "current-user-privilege-set");
    /** {@code DAV:current-user-principal}. */
    public static final QName CURRENT_USER_PRINCIPAL = new QName(DavXml.DAV, "current-user-principal");
    /** {@code C:calendar-home-set}. */
    public static final QName CALENDAR_HOME_SET = new QName(DavXml.CALDAV, "calendar-home-set");
    /** {@code ICAL:calendar-color}. */
    public static final QName CALENDAR_COLOR = new QName(DavXml.APPLE_ICAL, "calendar-color");
    /** {@code DAV:collection} (a resource type). */
    public static final QName COLLECTION = new QName(DavXml.DAV, "collection");
    /** {@code C:calendar} (a resource type). */
    public static final QName CALENDAR = new QName(DavXml.CALDAV, "calendar");
    /** {@code DAV:sync-collection} (a report). */
    public static final QName SYNC_COLLECTION = new QName(DavXml.DAV, "sync-collection");
    /** {@code C:calendar-multiget} (a report). */
    public static final QName CALENDAR_MULTIGET = new QName(DavXml.CALDAV, "calendar-multiget");

    /** No properties at all. */
    public static final DavProps EMPTY = new DavProps(
            Set.of(), null, null, null, null, null, Set.of(), Set.of(), Set.of(), Set.of(), null, List.of(), null);

    /** Copies the collections; nulls become empty. */
    public DavProps {
        names = names == null ? Set.of() : Set.copyOf(names);
        resourceType = resourceType == null ? Set.of() : Set.copyOf(resourceType);
        supportedComponents = supportedComponents == null ? Set.of() : Set.copyOf(supportedComponents);
        supportedReports = supportedReports == null ? Set.of() : Set.copyOf(supportedReports);
        privileges = privileges == null ? Set.of() : Set.copyOf(privileges);
        calendarHomeSet = calendarHomeSet == null ? List.of() : List.copyOf(calendarHomeSet);
    }

    /** Whether the property element was present (possibly empty). */
    public boolean has(QName property) {
        return names.contains(property);
    }

    /** Whether {@code DAV:resourcetype} holds {@code DAV:collection}. */
    public boolean isCollection() {
        return resourceType.contains(COLLECTION);
    }

    /** Whether {@code DAV:resourcetype} holds {@code C:calendar}. */
    public boolean isCalendar() {
        return resourceType.contains(CALENDAR);
    }

    /**
     * Whether the calendar accepts the component type (e.g. {@code VEVENT}). True when {@code
     * supported-calendar-component-set} was absent: RFC 4791 §5.2.3 says all types are accepted then.
     */
    public boolean supportsComponent(String component) {
        return !has(SUPPORTED_CALENDAR_COMPONENT_SET) || supportedComponents.contains(component);
    }

    /** Whether {@code DAV:supported-report-set} lists {@code DAV:sync-collection}. */
    public boolean supportsSyncCollection() {
        return supportedReports.contains(SYNC_COLLECTION);
    }

    /**
     * Whether the current user may change the calendar's members: {@code DAV:all}, {@code write},
     * {@code write-content} or {@code bind} in {@code current-user-privilege-set}. True when the
     * property was absent (the server does not say; writes will tell).
     */
    public boolean canWrite() {
        if (!has(CURRENT_USER_PRIVILEGE_SET)) {
            return true;
        }
        for (String p : List.of("all", "write", "write-content", "bind")) {
            if (privileges.contains(new QName(DavXml.DAV, p))) {
                return true;
            }
        }
        return false;
    }

    /** Reads the children of a {@code DAV:prop} element. */
    static DavProps parse(Element prop) {
        Set<QName> names = new LinkedHashSet<>();
        DavETag etag = null;
        String calendarData = null;
        String ctag = null;
        String syncToken = null;
        String displayName = null;
        Set<QName> resourceType = new LinkedHashSet<>();
        Set<String> components = new LinkedHashSet<>();
        Set<QName> reports = new LinkedHashSet<>();
        Set<QName> privileges = new LinkedHashSet<>();
        String principal = null;
        List<String> homeSet = new ArrayList<>();
        String color = null;
        for (Element e : DavXml.elements(prop)) {
            QName name = DavXml.name(e);
            names.add(name);
            if (name.equals(GETETAG)) {
                etag = DavETag.of(DavXml.text(e));
            } else if (name.equals(CALENDAR_DATA)) {
                calendarData = DavXml.text(e);
            } else if (name.equals(GETCTAG)) {
                ctag = DavXml.trimmedText(e);
            } else if (name.equals(SYNC_TOKEN)) {
                syncToken = DavXml.trimmedText(e);
            } else if (name.equals(DISPLAYNAME)) {
                displayName = DavXml.trimmedText(e);
            } else if (name.equals(RESOURCETYPE)) {
                for (Element t : DavXml.elements(e)) {
                    resourceType.add(DavXml.name(t));
                }
            } else if (name.equals(SUPPORTED_CALENDAR_COMPONENT_SET)) {
                for (Element comp : DavXml.children(e, DavXml.CALDAV, "comp")) {
                    String n = comp.getAttribute("name");
                    if (!n.isBlank()) {
                        components.add(n.strip().toUpperCase(java.util.Locale.ROOT));
                    }
                }
            } else if (name.equals(SUPPORTED_REPORT_SET)) {
                for (Element sr : DavXml.children(e, DavXml.DAV, "supported-report")) {
                    Element report = DavXml.child(sr, DavXml.DAV, "report");
                    for (Element r : DavXml.elements(report != null ? report : sr)) {
                        reports.add(DavXml.name(r));
                    }
                }
            } else if (name.equals(CURRENT_USER_PRIVILEGE_SET)) {
                for (Element p : DavXml.children(e, DavXml.DAV, "privilege")) {
                    for (Element q : DavXml.elements(p)) {
                        privileges.add(DavXml.name(q));
                    }
                }
            } else if (name.equals(CURRENT_USER_PRINCIPAL)) {
                principal = DavXml.trimmedText(DavXml.child(e, DavXml.DAV, "href"));
            } else if (name.equals(CALENDAR_HOME_SET)) {
                for (Element h : DavXml.children(e, DavXml.DAV, "href")) {
                    String href = DavXml.trimmedText(h);
                    if (href != null) {
                        homeSet.add(href);
                    }
                }
            } else if (name.equals(CALENDAR_COLOR)) {
                color = DavXml.trimmedText(e);
            }
        }
        return new DavProps(
                names,
                etag,
                calendarData,
                ctag,
                syncToken,
                displayName,
                resourceType,
                components,
                reports,
                privileges,
                principal,
                homeSet,
                color);
    }

    /**
     * Merges several property sets (e.g. every 2xx propstat of a response): for each property the
     * first set that has it wins; the names are united.
     */
    static DavProps merge(List<DavProps> all) {
        if (all.isEmpty()) {
            return EMPTY;
        }
        if (all.size() == 1) {
            return all.get(0);
        }
        Set<QName> names = new LinkedHashSet<>();
        DavETag etag = null;
        String calendarData = null;
        String ctag = null;
        String syncToken = null;
        String displayName = null;
        Set<QName> resourceType = null;
        Set<String> components = null;
        Set<QName> reports = null;
        Set<QName> privileges = null;
        String principal = null;
        List<String> homeSet = null;
        String color = null;
        for (DavProps p : all) {
            names.addAll(p.names);
            etag = etag != null ? etag : p.etag;
            calendarData = calendarData != null ? calendarData : p.calendarData;
            ctag = ctag != null ? ctag : p.ctag;
            syncToken = syncToken != null ? syncToken : p.syncToken;
            displayName = displayName != null ? displayName : p.displayName;
            resourceType = resourceType == null && p.has(RESOURCETYPE) ? p.resourceType : resourceType;
            components =
                    components == null && p.has(SUPPORTED_CALENDAR_COMPONENT_SET) ? p.supportedComponents : components;
            reports = reports == null && p.has(SUPPORTED_REPORT_SET) ? p.supportedReports : reports;
            privileges = privileges == null && p.has(CURRENT_USER_PRIVILEGE_SET) ? p.privileges : privileges;
            principal = principal != null ? principal : p.currentUserPrincipal;
            homeSet = homeSet == null && p.has(CALENDAR_HOME_SET) ? p.calendarHomeSet : homeSet;
            color = color != null ? color : p.calendarColor;
        }
        return new DavProps(
                names,
                etag,
                calendarData,
                ctag,
                syncToken,
                displayName,
                resourceType,
                components,
                reports,
                privileges,
                principal,
                homeSet,
                color);
    }
}
