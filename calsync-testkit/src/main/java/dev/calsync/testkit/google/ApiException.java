package dev.calsync.testkit.google;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request failure answered with Google's error body (GOOGLE-API.md §1.4, §2). */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String domain;
    final String reason;
    final String locationType;
    final String location;

    ApiException(int status, String domain, String reason, String message) {
        this(status, domain, reason, message, null, null);
    }

    ApiException(int status, String domain, String reason, String message, String locationType, String location) {
        super(message, null, false, false);
        this.status = status;
        this.domain = domain;
        this.reason = reason;
        this.locationType = locationType;
        this.location = location;
    }

    /** The JSON error body. */
    ObjectNode body() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode error = root.putObject("error");
        ObjectNode entry = error.putArray("errors").addObject();
        entry.put("domain", domain);
        entry.put("reason", reason);
        entry.put("message", getMessage());
        if (locationType != null) {
            entry.put("locationType", locationType);
            entry.put("location", location);
        }
        error.put("code", status);
        error.put("message", getMessage());
        return root;
    }

    static ApiException of(GoogleApiFault fault) {
        if ("authError".equals(fault.reason())) {
            return new ApiException(
                    fault.status(), fault.domain(), fault.reason(), fault.message(), "header", "Authorization");
        }
        return new ApiException(fault.status(), fault.domain(), fault.reason(), fault.message());
    }

    // --- the catalogue (GOOGLE-API.md §2)

    static ApiException invalid(String message) { // E1
        return new ApiException(400, "global", "invalid", message);
    }

    static ApiException required(String message) {
        return new ApiException(400, "global", "required", message);
    }

    static ApiException timeRangeEmpty() { // E2
        return new ApiException(
                400, "calendar", "timeRangeEmpty", "The specified time range is empty.", "parameter", "timeMax");
    }

    static ApiException invalidResourceId() { // E3
        return invalid("Invalid resource id value.");
    }

    static ApiException orderingNotAvailable() { // E4
        return new ApiException(
                400, "global", "badRequest", "The requested ordering is not available for the particular query.");
    }

    static ApiException syncTokenWithRestrictions() { // E5
        return new ApiException(
                400,
                "calendar",
                "syncTokenWithRequestRestrictions",
                "Sync token cannot be used with other request restrictions.");
    }

    static ApiException invalidSyncToken() { // E6
        return invalid("Invalid sync token value.");
    }

    static ApiException fullSyncRequired() { // E7
        return new ApiException(
                410,
                "calendar",
                "fullSyncRequired",
                "Sync token is no longer valid, a full sync is required.",
                "parameter",
                "syncToken");
    }

    static ApiException updatedMinTooLongAgo() { // E8
        return new ApiException(
                410,
                "calendar",
                "updatedMinTooLongAgo",
                "The requested minimum modification time lies too far in the past.",
                "parameter",
                "updatedMin");
    }

    static ApiException deleted() { // E9
        return new ApiException(410, "global", "deleted", "Resource has been deleted");
    }

    static ApiException notFound() { // E10
        return new ApiException(404, "global", "notFound", "Not Found");
    }

    static ApiException duplicate() { // E11
        return new ApiException(409, "global", "duplicate", "The requested identifier already exists.");
    }

    static ApiException conditionNotMet() { // E13
        return new ApiException(412, "global", "conditionNotMet", "Precondition Failed", "header", "If-Match");
    }

    static ApiException invalidSequence() { // E14
        return invalid("Invalid sequence value. The specified sequence number is below the current sequence number"
                + " of the resource. Re-fetch the resource and use its sequence number on the following request.");
    }

    static ApiException missingTimeZone(String which) { // E15
        return invalid("Missing time zone definition for " + which + " time.");
    }

    static ApiException invalidRecurringEventId() { // E16
        return invalid("Invalid recurringEventId value.");
    }

    static ApiException invalidICalUid() { // E17
        return invalid("Invalid iCalUID value.");
    }

    static ApiException requiredAccessLevel() { // E18
        return new ApiException(
                403, "calendar", "requiredAccessLevel", "You need to have writer access to this calendar.");
    }

    static ApiException forbidden() {
        return new ApiException(403, "global", "forbidden", "Forbidden");
    }

    static ApiException parseError() {
        return new ApiException(400, "global", "parseError", "Parse Error");
    }
}
