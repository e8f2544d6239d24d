package dev.calsync.testkit.caldav;

import dev.calsync.testkit.caldav.DifferentialScenario.Auth;
import dev.calsync.testkit.caldav.DifferentialScenario.Step;
import dev.calsync.testkit.internal.PercentDecoding;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Runs a {@link DifferentialScenario} over real HTTP (the JDK HttpClient, a new client per request
 * because Radicale answers HTTP/1.0 and closes the connection without saying so) against one server
 * and reduces every answer to a normalised, server-independent observation: a canonical text of
 * the facts a client relies on, without values that legitimately differ between servers (ETag and
 * token values, user names, absolute paths, XML prefixes, element order).
 */
final class DifferentialRunner {

    /** A server to run against. {@code createCalendar} makes a calendar of that name and returns its URI. */
    record Target(
            String name,
            URI baseUri,
            URI principalUri,
            URI homeUri,
            String username,
            String password,
            Function<String, URI> createCalendar) {}

    /** What one step sent and what came back: the normalised observation and the raw answer. */
    record Observed(Step step, String request, String observation, String raw) {}

    static final String DAV = "DAV:";
    static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
    static final String CS = "http://calendarserver.org/ns/";
    static final String ICAL = "http://apple.com/ns/ical/";

    /** The reports a calsync client uses; other advertised reports are not compared. */
    private static final Set<String> CLIENT_REPORTS =
            Set.of("D:sync-collection", "C:calendar-multiget", "C:calendar-query");

    private static final Pattern PLACEHOLDER =
            Pattern.compile("\\{(etag|etag~1|href|url):([^}]+)}|\\{(token|token:unknown|cal|calname)}");

    private final Target target;
    private final String calName;
    private final URI calendar;
    private final String calPath;
    private final String principalPath;
    private final String homePath;
    private final Map<String, List<String>> etags = new HashMap<>();
    private final List<String> tokens = new ArrayList<>();
    private final List<String> ctags = new ArrayList<>();

    private DifferentialRunner(Target target, String calName) {
        this.target = target;
        this.calName = calName;
        this.calendar = target.createCalendar().apply(calName);
        this.calPath = calendar.getRawPath();
        this.principalPath = target.principalUri().getRawPath();
        this.homePath = target.homeUri().getRawPath();
    }

    /** Runs every step of {@code scenario} in a new calendar {@code calName} of {@code target}. */
    static List<Observed> run(Target target, DifferentialScenario scenario, String calName) {
        DifferentialRunner r = new DifferentialRunner(target, calName);
        List<Observed> out = new ArrayList<>();
        for (Step step : scenario.steps()) {
            out.add(r.step(step));
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------
    // requests

    private Observed step(Step step) {
        URI uri = switch (step.base()) {
            case ROOT -> target.baseUri().resolve(fill(step.path()));
            case PRINCIPAL -> target.principalUri().resolve(fill(step.path()));
            case HOME -> target.homeUri().resolve(fill(step.path()));
            case CALENDAR -> calendar.resolve(fill(step.path()));
        };
        String body = step.body() == null ? null : fill(step.body());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20))
                .method(
                        step.method(),
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        List<String> sentHeaders = new ArrayList<>();
        for (int i = 0; i < step.headers().size(); i += 2) {
            String value = fill(step.headers().get(i + 1));
            b.header(step.headers().get(i), value);
            sentHeaders.add(step.headers().get(i) + ": " + value);
        }
        if (step.auth() != Auth.NONE) {
            String password = step.auth() == Auth.USER ? target.password() : target.password() + "-wrong";
            b.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(
                                            (target.username() + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(target.name() + ": " + step.method() + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String request = step.method() + " " + uri.getRawPath() + " " + sentHeaders;
        String raw = response.statusCode() + " " + response.headers().map() + "\n" + abbreviate(response.body());
        return new Observed(step, request, observe(step, response), raw);
    }

    private String fill(String s) {
        Matcher m = PLACEHOLDER.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(1) != null) {
                String member = m.group(2);
                value = switch (m.group(1)) {
                    case "etag" -> latest(etags.get(member), 0, "{etag:" + member + "}");
                    case "etag~1" -> latest(etags.get(member), 1, "{etag~1:" + member + "}");
                    case "href" -> calPath + member;
                    default -> calendar.resolve(member).toString();
                };
            } else {
                value = switch (m.group(3)) {
                    case "token" -> latest(tokens, 0, "{token}");
                    case "token:unknown" -> {
                        String t = latest(tokens, 0, "{token:unknown}");
                        int slash = t.lastIndexOf('/');
                        yield t.substring(0, slash + 1) + "0".repeat(t.length() - slash - 1);
                    }
                    case "cal" -> calPath;
                    default -> calName;
                };
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String latest(List<String> values, int back, String what) {
        if (values == null || values.size() <= back) {
            throw new IllegalStateException(target.name() + ": nothing seen yet for " + what);
        }
        return values.get(values.size() - 1 - back);
    }

    // ------------------------------------------------------------------------------------------
    // normalisation

    private String observe(Step step, HttpResponse<String> r) {
        List<String> facts = new ArrayList<>();
        facts.add("status " + r.statusCode());
        String member = memberOf(step);
        String etag = r.headers().firstValue("ETag").orElse(null);
        facts.add("ETag header " + (etag == null ? "absent" : relation(etags, member, etag)));
        r.headers().firstValue("Location").ifPresent(l -> facts.add("Location " + href(l)));
        r.headers()
                .firstValue("WWW-Authenticate")
                .ifPresent(w -> facts.add("WWW-Authenticate " + w.trim().split(" ")[0]));
        r.headers()
                .firstValue("DAV")
                .ifPresent(d -> facts.add(
                        "DAV header " + (d.contains("calendar-access") ? "has" : "lacks") + " calendar-access"));
        String contentType = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String body = r.body();
        if (contentType.startsWith("text/calendar")) {
            facts.add("calendar body UID " + uid(body));
        } else if (body != null && body.trim().startsWith("<")) {
            Element root = parse(body);
            if (root == null) {
                facts.add("unparsable XML body");
            } else if (is(root, DAV, "error")) {
                facts.add("error " + names(children(root)));
            } else if (is(root, DAV, "multistatus")) {
                multistatus(root, facts);
            } else {
                facts.add("XML body " + name(root));
            }
        }
        return String.join("\n", facts);
    }

    private void multistatus(Element root, List<String> facts) {
        Element token = first(root, DAV, "sync-token");
        if (token != null) {
            facts.add("sync-token " + relation(tokens, text(token)));
        }
        List<String> members = new ArrayList<>();
        int foreign = 0;
        for (Element response : childrenNamed(root, DAV, "response")) {
            List<Element> hrefs = childrenNamed(response, DAV, "href");
            String href = hrefs.isEmpty() ? "(no href)" : href(text(hrefs.get(0)));
            if (href.startsWith("{home}/") && !href.startsWith("{home}/" + calName)) {
                foreign++; // another scenario's calendar: not this scenario's business
                continue;
            }
            StringBuilder m = new StringBuilder("  ").append(href);
            if (hrefs.size() > 1) {
                m.append(" +").append(hrefs.size() - 1).append(" more hrefs");
            }
            Element status = first(response, DAV, "status");
            if (status != null) {
                m.append(" status ").append(statusCode(text(status)));
            }
            String key = memberKey(href);
            List<String> propstats = new ArrayList<>();
            for (Element propstat : childrenNamed(response, DAV, "propstat")) {
                String code = statusCode(text(first(propstat, DAV, "status")));
                List<String> props = new ArrayList<>();
                for (Element p : children(first(propstat, DAV, "prop"))) {
                    props.add(code.equals("200") ? name(p) + "=" + value(p, key) : name(p));
                }
                props.sort(null);
                propstats.add(code + " " + props);
            }
            propstats.sort(null);
            propstats.forEach(p -> m.append(" | ").append(p));
            Element error = first(response, DAV, "error");
            if (error != null) {
                m.append(" | error ").append(names(children(error)));
            }
            members.add(m.toString());
        }
        members.sort(null);
        facts.add("multistatus, " + members.size() + " responses" + (foreign > 0 ? " (other calendars ignored)" : ""));
        facts.addAll(members);
    }

    /** The normalised value of a property that came back with 200. */
    private String value(Element p, String member) {
        String n = name(p);
        return switch (n) {
            case "D:resourcetype" -> names(children(p)).toString();
            case "C:supported-calendar-component-set" ->
                new TreeSet<>(children(p).stream()
                                .map(c -> c.getAttribute("name"))
                                .toList())
                        .toString();
            case "D:supported-report-set" -> {
                TreeSet<String> reports = new TreeSet<>();
                for (Element e : descendants(p)) {
                    if (CLIENT_REPORTS.contains(name(e))) {
                        reports.add(name(e));
                    }
                }
                yield reports.toString();
            }
            case "D:current-user-principal", "C:calendar-home-set", "D:principal-URL" ->
                childrenNamed(p, DAV, "href").stream()
                        .map(h -> href(text(h)))
                        .toList()
                        .toString();
            case "D:displayname" -> "'" + text(p) + "'";
            case "D:getetag" -> text(p).isEmpty() ? "empty" : relation(etags, member, text(p));
            case "CS:getctag" -> text(p).isEmpty() ? "empty" : relation(ctags, text(p));
            case "D:sync-token" -> text(p).isEmpty() ? "empty" : relation(tokens, text(p));
            case "C:calendar-data" -> text(p).isEmpty() ? "empty" : "UID " + uid(text(p));
            default -> "present";
        };
    }

    /** first / same (as the latest seen) / earlier (an older one seen again) / new; then remembers it. */
    private static String relation(List<String> seen, String value) {
        String rel;
        if (seen.isEmpty()) {
            rel = "first";
        } else if (seen.get(seen.size() - 1).equals(value)) {
            rel = "same";
        } else if (seen.contains(value)) {
            rel = "earlier";
        } else {
            rel = "new";
        }
        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(value)) {
            seen.add(value);
        }
        return rel;
    }

    private static String relation(Map<String, List<String>> byMember, String member, String value) {
        if (member == null) {
            return "present";
        }
        return relation(byMember.computeIfAbsent(member, k -> new ArrayList<>()), value);
    }

    /** The calendar member a step addresses (its decoded name), or null. */
    private String memberOf(Step step) {
        if (step.base() != DifferentialScenario.Base.CALENDAR || step.path().contains("/")) {
            return null;
        }
        return step.path().isEmpty() ? "{cal}" : PercentDecoding.decode(fill(step.path()));
    }

    /** The member name for a normalised href under the calendar, {@code {cal}} for the calendar, else null. */
    private static String memberKey(String href) {
        if (href.equals("{cal}/")) {
            return "{cal}";
        }
        if (href.startsWith("{cal}/") && href.indexOf('/', 6) < 0) {
            return PercentDecoding.decode(href.substring(6));
        }
        return null;
    }

    /** An href (absolute URL or path) relative to the calendar, principal or home. */
    private String href(String raw) {
        String path = raw.trim();
        if (path.startsWith("http://") || path.startsWith("https://")) {
            try {
                URI u = URI.create(path);
                String origin =
                        target.baseUri().getScheme() + "://" + target.baseUri().getRawAuthority();
                path = (origin.equals(u.getScheme() + "://" + u.getRawAuthority()) ? "" : "(other origin)")
                        + u.getRawPath();
            } catch (IllegalArgumentException e) {
                return "(not a URI) " + path;
            }
        }
        if (path.startsWith(calPath)) {
            return "{cal}/" + path.substring(calPath.length());
        }
        if (path.equals(principalPath)) {
            return "{principal}";
        }
        if (path.equals(homePath)) {
            return "{home}";
        }
        if (path.startsWith(homePath)) {
            return "{home}/" + path.substring(homePath.length());
        }
        return path;
    }

    private static String statusCode(String statusLine) {
        if (statusLine == null) {
            return "(none)";
        }
        String[] parts = statusLine.trim().split("\\s+");
        return parts.length > 1 ? parts[1] : statusLine;
    }

    private static String uid(String ics) {
        String unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "");
        TreeSet<String> uids = new TreeSet<>();
        for (String line : unfolded.split("\r?\n")) {
            if (line.toUpperCase(Locale.ROOT).startsWith("UID:")) {
                uids.add(line.substring(4).trim());
            }
        }
        return uids.isEmpty() ? "(none)" : String.join(",", uids);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 1500 ? s : s.substring(0, 1500) + "…";
    }

    // ------------------------------------------------------------------------------------------
    // XML

    private static Element parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            return d.getDocumentElement();
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean is(Element e, String ns, String local) {
        return e != null && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
    }

    /** {@code D:}, {@code C:}, {@code CS:}, {@code ICAL:} for the known namespaces, else {@code {ns}}. */
    static String name(Element e) {
        String ns = e.getNamespaceURI() == null ? "" : e.getNamespaceURI();
        String prefix = switch (ns) {
            case DAV -> "D:";
            case CALDAV -> "C:";
            case CS -> "CS:";
            case ICAL -> "ICAL:";
            default -> "{" + ns + "}";
        };
        return prefix + e.getLocalName();
    }

    private static TreeSet<String> names(List<Element> elements) {
        return elements.stream().map(DifferentialRunner::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Element> childrenNamed(Element parent, String ns, String local) {
        return children(parent).stream().filter(e -> is(e, ns, local)).toList();
    }

    private static Element first(Element parent, String ns, String local) {
        List<Element> all = childrenNamed(parent, ns, local);
        return all.isEmpty() ? null : all.get(0);
    }

    private static List<Element> descendants(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Element c : children(parent)) {
            out.add(c);
            out.addAll(descendants(c));
        }
        return out;
    }

    private static String text(Element e) {
        return e == null ? "" : e.getTextContent().trim();
    }
}
