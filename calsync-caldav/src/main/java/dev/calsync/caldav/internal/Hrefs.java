package dev.calsync.caldav.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules for hrefs a server sends (RFC 4918 §8.3): resolve them against the request URI (after
 * redirects), put them in one canonical form so that equal resources compare equal, and accept one
 * as a calendar object resource only if it lies directly inside the collection asked about.
 *
 * <p>The canonical form: scheme and host in lower case, the default port dropped ({@code :443} for
 * https, {@code :80} for http), each path segment percent-decoded and re-encoded the same way (so
 * {@code a%40b%20c.ics} and {@code a@b c.ics} are the same href, while an encoded slash {@code %2F}
 * stays part of its segment), hex digits in upper case, no fragment. The servers tested accept this
 * form in requests (Radicale and Xandikos take {@code @} or {@code %40} alike).
 *
 * <p>Refused outright: hrefs with dot segments ({@code .}, {@code ..}, also percent-encoded; RFC 4918
 * says senders MUST NOT use them), with user info, with a scheme other than http and https, with
 * percent escapes that are not UTF-8.
 */
public final class Hrefs {
    private static final String HEX = "0123456789ABCDEF";

    private Hrefs() {}

    /**
     * Resolves an href against the URI of the request it answered and returns its canonical form.
     *
     * @param base the request URI (after redirects), absolute
     * @param href the href as the server sent it: an absolute URI, an absolute path, or a relative
     *     reference
     * @return the canonical absolute URI, or empty if the href is refused (see the class comment) or
     *     cannot be read
     */
    public static Optional<URI> resolve(URI base, String href) {
        Objects.requireNonNull(base, "base");
        if (href == null || href.isBlank()) {
            return Optional.empty();
        }
        URI ref;
        try {
            ref = new URI(escapeIllegal(href.strip()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (ref.getRawUserInfo() != null || hasDotSegment(ref.getRawPath())) {
            return Optional.empty();
        }
        URI resolved;
        try {
            resolved = ref.isAbsolute() ? ref : base.resolve(ref);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return canonicalOrEmpty(resolved);
    }

    /**
     * The canonical form of an absolute http(s) URI (see the class comment).
     *
     * @throws IllegalArgumentException if the URI is not absolute http(s) with a host, has user info
     *     or dot segments, or holds percent escapes that are not UTF-8
     */
    public static URI canonical(URI uri) {
        return canonicalOrEmpty(uri)
                .orElseThrow(() -> new IllegalArgumentException("not a usable http(s) URI: " + redacted(uri)));
    }

    /**
     * Whether {@code resource} lies directly inside {@code collection}: same scheme, host and port, a
     * path one segment below the collection's, not the collection itself and not a sub-collection
     * (no trailing slash). Both are put in canonical form first.
     */
    public static boolean isMember(URI collection, URI resource) {
        Optional<URI> c = canonicalOrEmpty(collection);
        Optional<URI> r = canonicalOrEmpty(resource);
        if (c.isEmpty() || r.isEmpty() || !sameOrigin(c.get(), r.get())) {
            return false;
        }
        String parent = withSlash(c.get().getRawPath());
        String path = r.get().getRawPath();
        if (!path.startsWith(parent)) {
            return false;
        }
        String rest = path.substring(parent.length());
        return !rest.isEmpty() && rest.indexOf('/') < 0;
    }

    /**
     * Resolves an href from a response to a request on {@code collection} and returns it only if it
     * names a calendar object resource of that collection.
     *
     * @param collection the calendar collection
     * @param base the URI the response came from (after redirects)
     * @param href the href as sent
     */
    public static Optional<URI> member(URI collection, URI base, String href) {
        return resolve(base, href).filter(uri -> isMember(collection, uri));
    }

    /** Whether the two URIs name the same resource: equal canonical forms, trailing slash ignored. */
    public static boolean sameResource(URI a, URI b) {
        Optional<URI> ca = canonicalOrEmpty(a);
        Optional<URI> cb = canonicalOrEmpty(b);
        if (ca.isEmpty() || cb.isEmpty() || !sameOrigin(ca.get(), cb.get())) {
            return false;
        }
        return withSlash(ca.get().getRawPath()).equals(withSlash(cb.get().getRawPath()))
                && Objects.equals(ca.get().getRawQuery(), cb.get().getRawQuery());
    }

    /** Whether the two absolute URIs have the same scheme, host and port (default ports filled in). */
    public static boolean sameOrigin(URI a, URI b) {
        if (a.getScheme() == null || b.getScheme() == null || a.getHost() == null || b.getHost() == null) {
            return false;
        }
        return a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    /**
     * The URI of a new member of {@code collection} named {@code name}, the name percent-encoded as
     * one path segment.
     *
     * @throws IllegalArgumentException if the name is empty, {@code .} or {@code ..}
     */
    public static URI child(URI collection, String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a resource name: " + name);
        }
        URI c = canonical(collection);
        return URI.create(origin(c) + withSlash(c.getRawPath()) + encodeSegment(name));
    }

    /** A path segment percent-encoded in canonical form (a {@code /} becomes {@code %2F}). */
    public static String encodeSegment(String segment) {
        StringBuilder sb = new StringBuilder(segment.length() + 8);
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (keep(c)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return sb.toString();
    }

    /** The URI without user info, query or fragment, for messages and logs. */
    public static String redacted(URI uri) {
        if (uri == null) {
            return "null";
        }
        if (uri.getHost() == null) {
            return uri.getRawPath() == null ? "(opaque URI)" : uri.getRawPath();
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + path;
    }

    static int effectivePort(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : -1;
    }

    private static Optional<URI> canonicalOrEmpty(URI uri) {
        if (uri == null || !uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
            return Optional.empty();
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.empty();
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (hasDotSegment(rawPath)) {
            return Optional.empty();
        }
        StringBuilder path = new StringBuilder(rawPath.length());
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                path.append('/');
            }
            Optional<String> decoded = decode(segments[i]);
            if (decoded.isEmpty()) {
                return Optional.empty();
            }
            path.append(encodeSegment(decoded.get()));
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        if (port == effectivePortOf(scheme)) {
            port = -1;
        }
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        try {
            return Optional.of(new URI(scheme + "://" + host + (port == -1 ? "" : ":" + port) + path + query));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static int effectivePortOf(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }

    private static String origin(URI c) {
        return c.getScheme() + "://" + c.getHost() + (c.getPort() == -1 ? "" : ":" + c.getPort());
    }

    private static String withSlash(String path) {
        return path.endsWith("/") ? path : path + "/";
    }

    /** Whether a raw path holds a {@code .} or {@code ..} segment, also when percent-encoded. */
    private static boolean hasDotSegment(String rawPath) {
        if (rawPath == null) {
            return false;
        }
        for (String segment : rawPath.split("/", -1)) {
            String s = segment.replace("%2e", ".").replace("%2E", ".");
            if (s.equals(".") || s.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** RFC 3986 unreserved characters, sub-delims, ':' and '@': left as they are in a segment. */
    private static boolean keep(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
    }

    private static Optional<String> decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return Optional.of(segment);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char ch = segment.charAt(i);
            if (ch == '%') {
                if (i + 2 >= segment.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(segment.charAt(i + 1), 16);
                int lo = Character.digit(segment.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * Percent-encodes the characters a URI may not hold at all (spaces, non-ASCII, quotes...), so
     * that hrefs a lax server sent unencoded can still be read. Reserved characters and existing
     * escapes are left alone.
     */
    private static String escapeIllegal(String href) {
        StringBuilder sb = null;
        for (int i = 0; i < href.length(); i++) {
            char ch = href.charAt(i);
            boolean legal = ch < 0x80 && (keep(ch) || "%/?#[]".indexOf(ch) >= 0);
            if (legal) {
                if (sb != null) {
                    sb.append(ch);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(href.length() + 16).append(href, 0, i);
            }
            int cp = href.codePointAt(i);
            if (Character.charCount(cp) == 2) {
                i++;
            }
            for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                int c = b & 0xff;
                sb.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return sb == null ? href : sb.toString();
    }
}
