package dev.calsync.caldav;

import java.net.URI;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A calendar collection that {@link CalDavCalendarProvider#calendars()} found in the account's
 * calendar home and that can hold events (VEVENT).
 *
 * @param url the collection's absolute URL, ending in {@code /}; its {@code toString()} is the
 *     calendar id the provider's methods take
 * @param displayName {@code DAV:displayname}, or null
 * @param components the component types the calendar accepts ({@code C:supported-calendar-component-set});
 *     empty when the server did not say, which means every type (RFC 4791 §5.2.3)
 * @param ctag {@code CS:getctag} as sent, or null
 * @param syncToken the collection's {@code DAV:sync-token} property as sent, or null
 * @param supportsSyncCollection whether {@code DAV:supported-report-set} lists sync-collection
 * @param writable whether the current user may add and change events ({@code
 *     current-user-privilege-set}; true when the server did not say)
 * @param color {@code ICAL:calendar-color} (e.g. {@code #FF2968FF}), or null
 */
public record CalDavCalendar(
        URI url,
        String displayName,
        Set<String> components,
        String ctag,
        String syncToken,
        boolean supportsSyncCollection,
        boolean writable,
        String color) {

    /**
     * Copies the component set.
     *
     * @param url the collection's absolute URL
     * @param displayName the display name, or null
     * @param components the component types accepted; empty means every type
     * @param ctag the ctag, or null
     * @param syncToken the sync token, or null
     * @param supportsSyncCollection whether sync-collection is supported
     * @param writable whether the current user may write
     * @param color the calendar's color, or null
     */
    public CalDavCalendar {
        Objects.requireNonNull(url, "url");
        components = Collections.unmodifiableSet(new TreeSet<>(Objects.requireNonNull(components, "components")));
    }

    /** {@return the calendar id the provider's methods take: the URL as a string} */
    public String id() {
        return url.toString();
    }
}
