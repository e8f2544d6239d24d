package dev.calsync.examples.samples;

import dev.calsync.caldav.CalDavCalendar;
import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.sync.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The code of {@code docs/icloud-setup.md}: the iCloud preset of {@link CalDavCalendarProvider} and
 * the account's calendars found by discovery. {@code ICloudSetupTest} runs it against the testkit's
 * CalDAV emulator with every iCloud switch on, the preset pointed at the emulator.
 */
public final class ICloudSetup {
    private ICloudSetup() {}

    /**
     * The iCloud preset with a longer retry policy than the default, for an account's Apple ID and
     * app-specific password.
     *
     * @param appleId the Apple ID (an e-mail address)
     * @param appSpecificPassword an app-specific password from appleid.apple.com
     * @return the builder; {@code build()} makes the provider
     */
    public static CalDavCalendarProvider.Builder preset(String appleId, String appSpecificPassword) {
        // preset:begin
        return CalDavCalendarProvider.icloud(appleId, appSpecificPassword)
                // caldav.icloud.com is asked first; the calendars are on a partition host under *.icloud.com
                .connectTimeout(Duration.ofSeconds(10))
                .retryPolicy(new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofMinutes(2)));
        // preset:end
    }

    /**
     * The account's calendars that hold events, one line each: name, calendar id (its URL) and
     * whether it is read-only.
     *
     * @param icloud the preset, e.g. {@link #preset}
     * @return one line per calendar
     */
    public static List<String> eventCalendars(CalDavCalendarProvider.Builder icloud) {
        // calendars:begin
        List<String> lines = new ArrayList<>();
        try (CalDavCalendarProvider provider = icloud.build()) {
            for (CalDavCalendar calendar : provider.calendars()) {
                lines.add(calendar.displayName() + "  " + calendar.id() + (calendar.writable() ? "" : "  (read-only)"));
            }
        }
        return lines;
        // calendars:end
    }
}
