package dev.calsync.e2e;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Just enough HTTP/1.1 framing for {@link NetFaultProxy}: reads one request or response off a
 * stream, head and body, keeping the bytes exactly as they came (chunked bodies stay chunked), so
 * that the proxy can forward them unchanged, hold them back, or cut them.
 */
final class NetHttp {
    private static final int MAX_HEAD = 64 * 1024;
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "PROPFIND", "REPORT");
    /** A request line inside a Google batch body, e.g. {@code PATCH /calendar/v3/... HTTP/1.1}. */
    private static final Pattern PART_REQUEST_LINE =
            Pattern.compile("(?m)^([A-Z]+) (?:https?://[^/ ]+)?/calendar/v3/\\S* HTTP/1\\.1\r?$");

    private NetHttp() {}

    /**
     * One HTTP message as it came off the wire.
     *
     * @param startLine the request line or status line
     * @param headers the header fields, names in lower case (first value of each)
     * @param head the raw head, start line to the blank line included
     * @param body the raw body (chunk framing included)
     * @param closeDelimited whether the body ran to the end of the connection
     */
    record Message(String startLine, Map<String, String> headers, byte[] head, byte[] body, boolean closeDelimited) {

        /** The request method, or null for a response. */
        String method() {
            return startLine.startsWith("HTTP/") ? null : startLine.substring(0, startLine.indexOf(' '));
        }

        /** The request target, e.g. {@code /calendar/v3/calendars/x/events}. */
        String target() {
            String[] parts = startLine.split(" ");
            return parts.length > 1 ? parts[1] : "";
        }

        /** The response status, or 0 for a request. */
        int status() {
            if (!startLine.startsWith("HTTP/")) {
                return 0;
            }
            String[] parts = startLine.split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        }

        /** The method a server acts on: Google's {@code X-HTTP-Method-Override} wins over the request line's. */
        String effectiveMethod() {
            String override = headers.get("x-http-method-override");
            return override != null ? override.toUpperCase(Locale.ROOT) : method();
        }

        /** Whether the server closes the connection after this message. */
        boolean closes() {
            String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
            return closeDelimited
                    || connection.contains("close")
                    || startLine.endsWith("HTTP/1.0")
                    || startLine.startsWith("HTTP/1.0");
        }

        /** Head and body, as they came. */
        byte[] raw() {
            byte[] out = new byte[head.length + body.length];
            System.arraycopy(head, 0, out, 0, head.length);
            System.arraycopy(body, 0, out, head.length, body.length);
            return out;
        }

        /** The body without chunk framing and gzip. */
        byte[] content() throws IOException {
            byte[] content = body;
            if (headers.getOrDefault("transfer-encoding", "")
                    .toLowerCase(Locale.ROOT)
                    .contains("chunked")) {
                content = dechunk(body);
            }
            if ("gzip".equalsIgnoreCase(headers.get("content-encoding")) && content.length > 0) {
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
                    content = in.readAllBytes();
                }
            }
            return content;
        }
    }

    /**
     * Whether a request changes something on the server: any method but GET, HEAD, OPTIONS,
     * PROPFIND and REPORT; a Google batch is a write when one of its parts is.
     */
    static boolean isWrite(Message request) throws IOException {
        String method = request.effectiveMethod();
        if (!method.equals("POST") || !request.target().startsWith("/batch/")) {
            return !READS.contains(method);
        }
        Matcher parts = PART_REQUEST_LINE.matcher(new String(request.content(), StandardCharsets.ISO_8859_1));
        while (parts.find()) {
            if (!READS.contains(parts.group(1))) {
                return true;
            }
        }
        return false;
    }

    /** Reads a request; null if the stream ends before its first byte. */
    static Message readRequest(InputStream in) throws IOException {
        Head head = readHead(in);
        if (head == null) {
            return null;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked(head.headers)) {
            copyChunked(in, body);
        } else if (head.headers.containsKey("content-length")) {
            copyExactly(
                    in, body, Long.parseLong(head.headers.get("content-length").trim()));
        }
        return new Message(head.startLine, head.headers, head.raw, body.toByteArray(), false);
    }

    /**
     * Reads a response to a request of {@code requestMethod}; null if the stream ends before its
     * first byte (the server closed the connection).
     */
    static Message readResponse(InputStream in, String requestMethod) throws IOException {
        Head head = readHead(in);
        if (head == null) {
            return null;
        }
        int status = Integer.parseInt(head.startLine.split(" ")[1]);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean closeDelimited = false;
        if (requestMethod.equals("HEAD") || status < 200 || status == 204 || status == 304) {
            // no body
        } else if (chunked(head.headers)) {
            copyChunked(in, body);
        } else if (head.headers.containsKey("content-length")) {
            copyExactly(
                    in, body, Long.parseLong(head.headers.get("content-length").trim()));
        } else {
            in.transferTo(body);
            closeDelimited = true;
        }
        return new Message(head.startLine, head.headers, head.raw, body.toByteArray(), closeDelimited);
    }

    private record Head(String startLine, Map<String, String> headers, byte[] raw) {}

    private static Head readHead(InputStream in) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int lastFour = 0;
        while (lastFour != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                if (raw.size() == 0) {
                    return null;
                }
                throw new EOFException("the stream ended inside a message head");
            }
            raw.write(b);
            if (raw.size() > MAX_HEAD) {
                throw new IOException("message head longer than " + MAX_HEAD + " bytes");
            }
            lastFour = (lastFour << 8) | b;
        }
        String text = raw.toString(StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return new Head(lines[0], headers, raw.toByteArray());
    }

    private static boolean chunked(Map<String, String> headers) {
        return headers.getOrDefault("transfer-encoding", "")
                .toLowerCase(Locale.ROOT)
                .contains("chunked");
    }

    private static void copyChunked(InputStream in, ByteArrayOutputStream out) throws IOException {
        while (true) {
            String sizeLine = copyLine(in, out);
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!copyLine(in, out).isEmpty()) {
                    // trailer fields
                }
                return;
            }
            copyExactly(in, out, size);
            copyLine(in, out);
        }
    }

    /** Copies one CRLF-terminated line; returns it without the CRLF. */
    private static String copyLine(InputStream in, ByteArrayOutputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the stream ended inside a chunked body");
            }
            out.write(b);
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }

    private static void copyExactly(InputStream in, ByteArrayOutputStream out, long count) throws IOException {
        byte[] buffer = new byte[16384];
        long left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("the stream ended " + left + " bytes before the body's end");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static byte[] dechunk(byte[] chunked) throws IOException {
        InputStream in = new ByteArrayInputStream(chunked);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = copyLine(in, ignored);
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            copyExactly(in, out, size);
            copyLine(in, ignored);
        }
    }
}
