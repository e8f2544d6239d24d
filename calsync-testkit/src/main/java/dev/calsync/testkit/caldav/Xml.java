package dev.calsync.testkit.caldav;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Request parsing (namespace-aware, any DOCTYPE rejected) and response writing helpers. */
final class Xml {
    static final String DAV = "DAV:";
    static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
    static final String CS = "http://calendarserver.org/ns/";
    static final String ICAL = "http://apple.com/ns/ical/";

    /** The root of every multistatus and error body: the four namespaces with fixed prefixes. */
    static final String NS_DECL =
            " xmlns:D=\"DAV:\" xmlns:C=\"" + CALDAV + "\" xmlns:CS=\"" + CS + "\" xmlns:ICAL=\"" + ICAL + "\"";

    private Xml() {}

    /** A request body that is not acceptable XML (malformed, or carrying a DOCTYPE). */
    static final class BadXml extends Exception {
        private static final long serialVersionUID = 1L;

        BadXml(String message) {
            super(message, null, false, false);
        }
    }

    /** A property name. */
    record Name(String ns, String local) {
        /** Serialised as an empty element, with a prefix for the four known namespaces. */
        String empty() {
            return open().replace(">", "/>");
        }

        String open() {
            String p = prefix(ns);
            return p == null ? "<X:" + local + " xmlns:X=\"" + escape(ns) + "\">" : "<" + p + ":" + local + ">";
        }

        String close() {
            String p = prefix(ns);
            return "</" + (p == null ? "X" : p) + ":" + local + ">";
        }
    }

    static String prefix(String ns) {
        return switch (ns) {
            case DAV -> "D";
            case CALDAV -> "C";
            case CS -> "CS";
            case ICAL -> "ICAL";
            default -> null;
        };
    }

    /** Parses a request body; a DOCTYPE anywhere fails (no DTD, no entities, no XXE). */
    static Document parse(byte[] body) throws BadXml {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(body));
        } catch (Exception e) {
            throw new BadXml(String.valueOf(e.getMessage()));
        }
    }

    static boolean is(Node n, String ns, String local) {
        return n instanceof Element && ns.equals(n.getNamespaceURI()) && local.equals(n.getLocalName());
    }

    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    static Element child(Element parent, String ns, String local) {
        for (Element e : children(parent)) {
            if (is(e, ns, local)) {
                return e;
            }
        }
        return null;
    }

    static List<Element> all(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Element e : children(parent)) {
            if (is(e, ns, local)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The property names under {@code <D:prop>} of {@code parent}, or null if it has no prop element. */
    static List<Name> props(Element parent) {
        Element prop = child(parent, DAV, "prop");
        if (prop == null) {
            return null;
        }
        List<Name> out = new ArrayList<>();
        for (Element e : children(prop)) {
            out.add(new Name(e.getNamespaceURI() == null ? "" : e.getNamespaceURI(), e.getLocalName()));
        }
        return out;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** {@code <D:error>} with one precondition element such as {@code <D:valid-sync-token/>}. */
    static String error(String preconditionElement) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<D:error" + NS_DECL + ">" + preconditionElement
                + "</D:error>";
    }
}
