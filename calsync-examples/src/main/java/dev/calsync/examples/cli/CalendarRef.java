package dev.calsync.examples.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * A calendar on a configured account, written {@code ACCOUNT:CALENDAR}: {@code
 * google:primary}, {@code icloud:https://p42-caldav.icloud.com/123/calendars/work/}. The store
 * records a pair's calendars in this form, so a pair always knows which account each side is on.
 *
 * @param account the account's name in the configuration file
 * @param calendarId the calendar as its provider names it: a Google calendar id, or the absolute URL
 *     of a CalDAV calendar collection
 */
public record CalendarRef(String account, String calendarId) {

    /** @throws NullPointerException if a part is null */
    public CalendarRef {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(calendarId, "calendarId");
    }

    /**
     * Parses {@code ACCOUNT:CALENDAR}.
     *
     * @throws CliException ({@link ExitCodes#USAGE}) if there is no account part
     */
    public static CalendarRef parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw CliException.usage("'" + text + "' is not a calendar reference: write ACCOUNT:CALENDAR, e.g."
                    + " google:primary or icloud:https://caldav.icloud.com/.../calendars/work/");
        }
        return new CalendarRef(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The form stored and shown: {@code ACCOUNT:CALENDAR}. */
    @Override
    public String toString() {
        return account + ":" + calendarId;
    }

    /**
     * Checks that {@code calendarId} is an absolute http(s) URL, as CalDAV calendars are named.
     *
     * @throws CliException ({@link ExitCodes#CONFIG}) naming the calendar if it is not
     */
    void requireCollectionUrl() {
        URI uri;
        try {
            uri = new URI(calendarId);
        } catch (URISyntaxException e) {
            throw CliException.config(
                    "bad calendar URL '" + calendarId + "' for account '" + account + "': " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw CliException.config("bad calendar URL '" + calendarId + "' for account '" + account
                    + "': a CalDAV calendar is the absolute http(s) URL of its collection");
        }
        if (uri.getRawUserInfo() != null) {
            throw CliException.config("bad calendar URL for account '" + account
                    + "': it must not hold credentials (they come from the account)");
        }
    }
}
