package dev.calsync.e2e;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.calsync.caldav.CalDavCalendarProvider;
import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ProviderException;
import dev.calsync.google.GoogleCalendarProvider;
import java.net.URI;
import java.util.Date;

/**
 * The main class of a child JVM with a small heap that lists one calendar on a hostile server
 * once, to show a huge answer is refused without being held: prints {@code refused <exception
 * class>: <message>} and {@code heapMb=N} and exits 0 when the provider refuses the answer, exits
 * 2 if it accepted it, and dies (exit 1, OutOfMemoryError on standard error) if it held it.
 *
 * <p>Arguments: {@code caldav} or {@code google}, the server (CalDAV base URI or Google root URL),
 * the calendar id, the CalDAV user; the secret in {@code CALSYNC_E2E_SECRET}.
 */
public final class HostileProbe {
    private HostileProbe() {}

    public static void main(String[] args) {
        String secret = System.getenv("CALSYNC_E2E_SECRET");
        CalendarProvider provider = args[0].equals("google")
                ? GoogleCalendarProvider.builder()
                        .credentials(GoogleCredentials.create(new AccessToken(secret, new Date(Long.MAX_VALUE / 2))))
                        .rootUrl(args[1])
                        .retryPolicy(E2e.QUICK_RETRIES)
                        .build()
                : CalDavCalendarProvider.builder()
                        .serverUri(URI.create(args[1]))
                        .credentials(args[3], secret)
                        .retryPolicy(E2e.QUICK_RETRIES)
                        .build();
        try (ChangeListing listing = provider.listChanges(args[2], null)) {
            while (listing.nextPage().isPresent()) {
                // read every page
            }
            System.out.println("accepted");
            System.exit(2);
        } catch (ProviderException e) {
            System.out.println("refused " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.out.println("heapMb=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }
}
