package dev.calsync.caldav.internal;

import dev.calsync.core.event.MalformedEventException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The content-line tree of an iCalendar text (RFC 5545 §3.1), read without interpreting any value:
 * components with their properties and sub-components, each property with its parameters, its raw
 * value and its whole unfolded line (so that a property calsync does not map can be written back
 * exactly as it came).
 *
 * <p>Reading is lenient about the envelope: a byte-order mark, CRLF, LF or CR line ends, lines
 * folded with a space or a tab, blank lines and white space after BEGIN/END names are accepted.
 * It is strict about structure: the text must be one {@code VCALENDAR} whose BEGIN and END lines
 * nest, and every other line must be a content line ({@code NAME[;PARAM=...]:value}).
 */
final class ICalContent {
    private ICalContent() {}

    /**
     * One parameter: its upper-cased name and its values, unquoted and decoded (RFC 6868).
     *
     * @param name upper-cased name
     * @param values the values, in order
     */
    record Param(String name, List<String> values) {
        Param {
            values = List.copyOf(values);
        }

        /** The first value. */
        String value() {
            return values.isEmpty() ? "" : values.get(0);
        }
    }

    /**
     * One property.
     *
     * @param name upper-cased name
     * @param params parameters in order
     * @param value the raw value (still escaped)
     * @param line the whole unfolded content line, as read
     */
    record Property(String name, List<Param> params, String value, String line) {
        Property {
            params = List.copyOf(params);
        }

        /** The first value of parameter {@code name} (upper case), or null. */
        String param(String paramName) {
            for (Param p : params) {
                if (p.name().equals(paramName)) {
                    return p.value();
                }
            }
            return null;
        }
    }

    /** One component: its upper-cased name, its properties and its sub-components, in order. */
    static final class Component {
        private final String name;
        private final List<Property> properties = new ArrayList<>();
        private final List<Component> components = new ArrayList<>();

        Component(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }

        List<Property> properties() {
            return Collections.unmodifiableList(properties);
        }

        List<Component> components() {
            return Collections.unmodifiableList(components);
        }

        /** The properties named {@code propertyName}, in order. */
        List<Property> all(String propertyName) {
            return properties.stream()
                    .filter(p -> p.name().equals(propertyName))
                    .toList();
        }

        /** The first property named {@code propertyName}, or null. */
        Property first(String propertyName) {
            for (Property p : properties) {
                if (p.name().equals(propertyName)) {
                    return p;
                }
            }
            return null;
        }

        /** The sub-components named {@code componentName}, in order. */
        List<Component> children(String componentName) {
            return components.stream().filter(c -> c.name.equals(componentName)).toList();
        }

        /** This component as content lines (unfolded), BEGIN and END included. */
        List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add("BEGIN:" + name);
            properties.forEach(p -> out.add(p.line()));
            components.forEach(c -> out.addAll(c.lines()));
            out.add("END:" + name);
            return out;
        }
    }

    /**
     * Reads {@code body} into its VCALENDAR component.
     *
     * @throws MalformedEventException with field {@code VCALENDAR} if the text is not one
     *     well-formed iCalendar object
     */
    static Component read(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedEventException("VCALENDAR", "empty body: not iCalendar");
        }
        List<String> lines = unfold(body);
        Component root = null;
        List<Component> stack = new ArrayList<>();
        int number = 0;
        for (String line : lines) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            if (root != null && stack.isEmpty()) {
                throw new MalformedEventException("VCALENDAR", "content after END:VCALENDAR at line " + number);
            }
            Property p;
            try {
                p = property(line, number);
            } catch (MalformedEventException e) {
                if (root == null) {
                    throw notICalendar(number);
                }
                throw e;
            }
            if (p.name().equals("BEGIN") || p.name().equals("END")) {
                String compName = p.value().strip().toUpperCase(Locale.ROOT);
                if (compName.isEmpty()) {
                    throw new MalformedEventException("VCALENDAR", p.name() + " without a name at line " + number);
                }
                if (p.name().equals("BEGIN")) {
                    Component c = new Component(compName);
                    if (stack.isEmpty()) {
                        if (!compName.equals("VCALENDAR")) {
                            throw notICalendar(number);
                        }
                        root = c;
                    } else {
                        stack.get(stack.size() - 1).components.add(c);
                    }
                    stack.add(c);
                } else {
                    if (stack.isEmpty() || !stack.get(stack.size() - 1).name.equals(compName)) {
                        throw new MalformedEventException(
                                "VCALENDAR", "END:" + compName + " at line " + number + " closes no BEGIN:" + compName);
                    }
                    stack.remove(stack.size() - 1);
                }
            } else {
                if (stack.isEmpty()) {
                    throw notICalendar(number);
                }
                stack.get(stack.size() - 1).properties.add(p);
            }
        }
        if (root == null) {
            throw notICalendar(1);
        }
        if (!stack.isEmpty()) {
            throw new MalformedEventException(
                    "VCALENDAR", "truncated: BEGIN:" + stack.get(stack.size() - 1).name + " is never closed");
        }
        return root;
    }

    private static MalformedEventException notICalendar(int line) {
        return new MalformedEventException("VCALENDAR", "not iCalendar: no BEGIN:VCALENDAR before line " + line);
    }

    /** Splits on any line end, drops a leading byte-order mark, and joins folded lines. */
    static List<String> unfold(String body) {
        String text = body.startsWith("\uFEFF") ? body.substring(1) : body;
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        int i = 0;
        int n = text.length();
        while (i <= n) {
            int end = i;
            while (end < n && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
                end++;
            }
            String physical = text.substring(i, end);
            if (!physical.isEmpty() && (physical.charAt(0) == ' ' || physical.charAt(0) == '\t') && current != null) {
                current.append(physical, 1, physical.length());
            } else {
                if (current != null) {
                    out.add(current.toString());
                }
                current = new StringBuilder(physical);
            }
            if (end < n && text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n') {
                end++;
            }
            i = end + 1;
        }
        if (current != null) {
            out.add(current.toString());
        }
        return out;
    }

    /** Parses one unfolded content line. */
    static Property property(String line, int number) {
        int i = 0;
        int n = line.length();
        while (i < n && line.charAt(i) != ';' && line.charAt(i) != ':') {
            i++;
        }
        String name = line.substring(0, i).strip().toUpperCase(Locale.ROOT);
        if (name.isEmpty() || i == n) {
            throw new MalformedEventException(
                    "VCALENDAR", "line " + number + " is not an iCalendar content line: '" + abbreviate(line) + "'");
        }
        List<Param> params = new ArrayList<>();
        while (line.charAt(i) == ';') {
            int start = ++i;
            while (i < n && line.charAt(i) != '=' && line.charAt(i) != ';' && line.charAt(i) != ':') {
                i++;
            }
            String paramName = line.substring(start, i).strip().toUpperCase(Locale.ROOT);
            List<String> values = new ArrayList<>();
            if (i < n && line.charAt(i) == '=') {
                i++;
                while (true) {
                    StringBuilder v = new StringBuilder();
                    if (i < n && line.charAt(i) == '"') {
                        int close = line.indexOf('"', i + 1);
                        if (close < 0) {
                            throw new MalformedEventException(
                                    name, "unterminated quoted parameter value at line " + number);
                        }
                        v.append(line, i + 1, close);
                        i = close + 1;
                    }
                    while (i < n && line.charAt(i) != ',' && line.charAt(i) != ';' && line.charAt(i) != ':') {
                        v.append(line.charAt(i++));
                    }
                    values.add(decodeParam(v.toString()));
                    if (i < n && line.charAt(i) == ',') {
                        i++;
                        continue;
                    }
                    break;
                }
            }
            if (i >= n) {
                throw new MalformedEventException(name, "line " + number + " has no value: '" + abbreviate(line) + "'");
            }
            params.add(new Param(paramName, values));
        }
        return new Property(name, params, line.substring(i + 1), line);
    }

    /** RFC 6868: {@code ^n} newline, {@code ^'} double quote, {@code ^^} caret. */
    static String decodeParam(String v) {
        if (v.indexOf('^') < 0) {
            return v;
        }
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '^' && i + 1 < v.length()) {
                char next = v.charAt(i + 1);
                if (next == 'n' || next == 'N') {
                    out.append('\n');
                    i++;
                    continue;
                } else if (next == '\'') {
                    out.append('"');
                    i++;
                    continue;
                } else if (next == '^') {
                    out.append('^');
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Unescapes a TEXT value (RFC 5545 §3.3.11): {@code \\n}, {@code \\N}, {@code \\,}, {@code \\;}, {@code \\\\}. */
    static String unescapeText(String v) {
        if (v.indexOf('\\') < 0) {
            return v;
        }
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char next = v.charAt(++i);
                out.append(next == 'n' || next == 'N' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Splits a TEXT list value on unescaped commas, unescaping each item. */
    static List<String> splitTextList(String v) {
        List<String> out = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                item.append(c).append(v.charAt(++i));
            } else if (c == ',') {
                out.add(unescapeText(item.toString()));
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        out.add(unescapeText(item.toString()));
        return out;
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
