package dev.calsync.core.recurrence;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;

/**
 * An injective text encoding of model values, for tie-breaks that must not depend on arrival order:
 * equal encodings mean equal values. Unlike {@code toString}, every string is length-prefixed and
 * every collection sized, so {@code {a=b, c=d}} and {@code {a="b, c=d"}} cannot collide.
 */
final class Encoding {
    private Encoding() {}

    static String of(Object value) {
        StringBuilder out = new StringBuilder(256);
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append('N');
        } else if (value instanceof Record record) {
            out.append('R');
            text(out, record.getClass().getName());
            RecordComponent[] components = record.getClass().getRecordComponents();
            out.append(components.length).append('{');
            for (RecordComponent component : components) {
                try {
                    append(out, component.getAccessor().invoke(record));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + component, e);
                }
            }
            out.append('}');
        } else if (value instanceof Map<?, ?> map) {
            out.append('M').append(map.size()).append('{');
            for (Map.Entry<?, ?> e : map.entrySet()) {
                append(out, e.getKey());
                append(out, e.getValue());
            }
            out.append('}');
        } else if (value instanceof Collection<?> collection) {
            out.append('L').append(collection.size()).append('[');
            for (Object element : collection) {
                append(out, element);
            }
            out.append(']');
        } else if (value instanceof Enum<?> e) {
            out.append('E');
            text(out, e.name());
        } else {
            out.append('S');
            text(out, value.toString());
        }
    }

    private static void text(StringBuilder out, String s) {
        out.append(s.length()).append(':').append(s);
    }
}
