package dev.calsync.testkit.google;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One logical request the {@link GoogleCalendarEmulator} served: a plain HTTP request, one part of
 * a batch, or the outer batch POST itself (path {@code batch/calendar/v3}).
 *
 * @param method the effective method, after {@code X-HTTP-Method-Override}
 * @param path the decoded path after {@code calendar/v3/}, e.g. {@code calendars/a@b/events/xyz}
 * @param query the decoded query parameters (repeated keys keep every value, in order)
 * @param inBatch whether this was a part of a batch request
 * @param status the HTTP status answered (0 while a fault predicate is being asked)
 */
public record RecordedRequest(
        String method, String path, Map<String, List<String>> query, boolean inBatch, int status) {

    /**
     * Copies the query deeply.
     *
     * @param method the effective method
     * @param path the decoded path
     * @param query the decoded query parameters
     * @param inBatch whether this was a batch part
     * @param status the HTTP status answered
     */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        query = Map.copyOf(query.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue()))));
    }

    /**
     * {@return the first value of query parameter {@code name}, or null}
     *
     * @param name the parameter's name
     */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
