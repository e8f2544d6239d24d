package dev.calsync.caldav.internal;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses XML from CalDAV servers with the JDK's own DOM parser, hardened: a document with a DOCTYPE
 * is refused outright (so no external entity, no entity expansion, no external DTD can ever be
 * processed), secure processing is on, XInclude is off. Parsing is namespace-aware: elements are
 * matched on (namespace, local name) whatever the prefixes, and CDATA is merged into text.
 *
 * <p>Also holds the namespaces and the XML escaping used by {@link DavRequests}. Thread-safe.
 */
public final class DavXml {
    /** WebDAV, RFC 4918. */
    public static final String DAV = "DAV:";
    /** CalDAV, RFC 4791. */
    public static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
    /** Apple CalendarServer extensions ({@code getctag}). */
    public static final String CALENDARSERVER = "http://calendarserver.org/ns/";
    /** Apple iCal extensions ({@code calendar-color}, {@code calendar-order}). */
    public static final String APPLE_ICAL = "http://apple.com/ns/ical/";
    /** sabre/dav's error details ({@code s:exception}, {@code s:message}). */
    public static final String SABRE = "http://sabredav.org/ns";

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";

    private static final DocumentBuilderFactory FACTORY = secureFactory();

    private static final ErrorHandler STRICT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // nothing: warnings are not failures, and the default handler would print them
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private DavXml() {}

    private static DocumentBuilderFactory secureFactory() {
        // newDefaultInstance: the JDK's built-in parser, whatever else is on the class path, so that
        // the features below are known to be supported and honoured.
        DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
        try {
            f.setNamespaceAware(true);
            f.setValidating(false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setCoalescing(true);
            f.setIgnoringComments(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature(DISALLOW_DOCTYPE, true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the JDK XML parser cannot be hardened: " + e.getMessage(), e);
        }
        return f;
    }

    /**
     * Parses a server's XML body and returns its root element.
     *
     * @param body the body, already decoded to text
     * @param what the request it answered, for messages (e.g. {@code "REPORT https://host/cal/"})
     * @throws DavProtocolException if the body is empty, is not well-formed XML, or has a DOCTYPE
     */
    public static Element parse(String body, String what) {
        if (body == null || body.isBlank()) {
            throw new DavProtocolException("the answer to " + what + " has no XML body");
        }
        DocumentBuilder builder;
        try {
            builder = FACTORY.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML parser: " + e.getMessage(), e);
        }
        builder.setErrorHandler(STRICT);
        builder.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entity refused");
        });
        try {
            Document doc = builder.parse(new InputSource(new StringReader(body)));
            return doc.getDocumentElement();
        } catch (SAXParseException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("DOCTYPE")) {
                throw new DavProtocolException("the answer to " + what
                        + " has a DOCTYPE declaration, which is refused (WebDAV never needs DTDs or entities)");
            }
            throw new DavProtocolException(
                    "the answer to " + what + " is not well-formed XML (line " + e.getLineNumber() + ", column "
                            + e.getColumnNumber() + ": " + m + ")",
                    e);
        } catch (SAXException e) {
            throw new DavProtocolException("the answer to " + what + " is not usable XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("reading a string failed", e);
        }
    }

    /** The element's (namespace, local name); the empty namespace if it has none. */
    public static QName name(Element e) {
        String ns = e.getNamespaceURI();
        return new QName(ns == null ? "" : ns, e.getLocalName() == null ? e.getTagName() : e.getLocalName());
    }

    /** Whether the element is {@code {ns}local}. */
    public static boolean is(Element e, String ns, String local) {
        return e != null && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
    }

    /** The element children of {@code parent}, in document order. */
    public static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The element children of {@code parent} named {@code {ns}local}, in document order. */
    public static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Element e : elements(parent)) {
            if (is(e, ns, local)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first element child of {@code parent} named {@code {ns}local}, or null. */
    public static Element child(Element parent, String ns, String local) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && is(e, ns, local)) {
                return e;
            }
        }
        return null;
    }

    /** The element's text, untouched (CDATA included); "" if it has none. */
    public static String text(Element e) {
        String t = e.getTextContent();
        return t == null ? "" : t;
    }

    /** The element's text with surrounding white space removed; null if that leaves nothing. */
    public static String trimmedText(Element e) {
        if (e == null) {
            return null;
        }
        String t = text(e).strip();
        return t.isEmpty() ? null : t;
    }

    /**
     * Escapes text for an XML element or a double- or single-quoted attribute.
     *
     * @throws IllegalArgumentException if the text holds a character XML 1.0 cannot carry (most
     *     control characters, lone surrogates)
     */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            boolean legal = cp == 0x9
                    || cp == 0xA
                    || cp == 0xD
                    || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD)
                    || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (!legal) {
                throw new IllegalArgumentException(
                        "character U+" + Integer.toHexString(cp).toUpperCase() + " cannot be sent in XML");
            }
            switch (cp) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\r' -> sb.append("&#13;");
                default -> sb.appendCodePoint(cp);
            }
        }
        return sb.toString();
    }

    /**
     * The status code of a WebDAV status line ({@code HTTP/1.1 404 Not Found}); 0 if the line is
     * absent or unreadable.
     */
    public static int statusCode(String statusLine) {
        if (statusLine == null) {
            return 0;
        }
        String[] parts = statusLine.strip().split("\\s+");
        if (parts.length < 2) {
            return 0;
        }
        try {
            int code = Integer.parseInt(parts[1]);
            return code >= 100 && code <= 999 ? code : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
