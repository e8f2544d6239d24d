package dev.calsync.testkit.google;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON helpers on Jackson's tree model. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses a request body into an object, or a 400 parse error. An empty body is an empty object. */
    static ObjectNode parseObject(byte[] body) {
        if (body == null || body.length == 0) {
            return object();
        }
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || n.isMissingNode()) {
                return object();
            }
            if (!n.isObject()) {
                throw ApiException.parseError();
            }
            return (ObjectNode) n;
        } catch (IOException e) {
            throw ApiException.parseError();
        }
    }

    static ObjectNode parseObject(String text) {
        try {
            JsonNode n = MAPPER.readTree(text);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("not a JSON object: " + text);
            }
            return (ObjectNode) n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A deep copy without JSON nulls (never emitted). */
    static ObjectNode withoutNulls(ObjectNode node) {
        ObjectNode copy = node.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node.isObject()) {
            List<String> nulls = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    nulls.add(e.getKey());
                } else {
                    strip(e.getValue());
                }
            }
            ((ObjectNode) node).remove(nulls);
        } else if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            for (int i = a.size() - 1; i >= 0; i--) {
                if (a.get(i).isNull()) {
                    a.remove(i);
                } else {
                    strip(a.get(i));
                }
            }
        }
    }

    /**
     * PATCH semantics: objects merge, arrays and scalars replace, JSON null clears. Returns a new
     * node.
     */
    static ObjectNode merge(ObjectNode target, ObjectNode patch) {
        ObjectNode out = target.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            JsonNode existing = out.get(e.getKey());
            if (v.isNull()) {
                out.remove(e.getKey());
            } else if (v.isObject() && existing != null && existing.isObject()) {
                out.set(e.getKey(), merge((ObjectNode) existing, (ObjectNode) v));
            } else {
                out.set(e.getKey(), v.isObject() ? withoutNulls((ObjectNode) v) : v.deepCopy());
            }
        }
        return out;
    }

    static String text(JsonNode node, String field) {
        return EventTime.text(node, field);
    }
}
