package dev.calsync.e2e;

import dev.calsync.core.Side;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.store.jdbi.JdbiMappingStore;
import dev.calsync.testkit.google.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ways the sync token calsync stored stops being accepted, on the real servers: how each is
 * injected, which sides it hits, and how many times a server actually refused a token (counted from
 * the emulator's request log and Radicale's own log, not assumed).
 */
enum TokenFault {
    /** Google invalidated every token of the calendar: a listing with one answers 410 fullSyncRequired. */
    GOOGLE_410("Google 410 fullSyncRequired (tokens invalidated)", EnumSet.of(Side.A), w -> googleRefusals(w, 410)) {
        @Override
        void inject(World world) {
            world.google().invalidateSyncTokens(World.GOOGLE_CALENDAR);
        }
    },
    /** The Google token in the store file was cut in half: Google answers 400 "Invalid sync token value.". */
    GOOGLE_400(
            "Google 400 invalid sync token (stored token cut in half)",
            EnumSet.of(Side.A),
            w -> googleRefusals(w, 400)) {
        @Override
        void inject(World world) {
            truncateStoredToken(world, Side.A);
        }
    },
    /**
     * Radicale lost the state behind its tokens (its {@code .Radicale.cache/sync-token} folder, as
     * when the cache is cleaned or the server is restored from a backup): 403 DAV:valid-sync-token.
     */
    CALDAV_403_SERVER_FORGOT(
            "CalDAV 403 valid-sync-token (Radicale lost its token state)",
            EnumSet.of(Side.B),
            TokenFault::radicaleRefusals) {
        @Override
        void inject(World world) {
            deleteRadicaleTokenState(world);
        }
    },
    /** The CalDAV token in the store file was cut in half: Radicale answers 403 DAV:valid-sync-token. */
    CALDAV_403_STORE_CORRUPTED(
            "CalDAV 403 valid-sync-token (stored token cut in half)",
            EnumSet.of(Side.B),
            TokenFault::radicaleRefusals) {
        @Override
        void inject(World world) {
            truncateStoredToken(world, Side.B);
        }
    },
    /** Both at once: Google's tokens invalidated and Radicale's token state lost. */
    BOTH(
            "Google 410 and CalDAV 403 at once",
            EnumSet.of(Side.A, Side.B),
            w -> googleRefusals(w, 410) + radicaleRefusals(w)) {
        @Override
        void inject(World world) {
            GOOGLE_410.inject(world);
            CALDAV_403_SERVER_FORGOT.inject(world);
        }
    };

    private static final Pattern RADICALE_REFUSAL = Pattern.compile("(?i)client provided invalid sync token");

    private final String label;
    private final Set<Side> sides;
    private final ToIntFunction<World> answered;

    TokenFault(String label, Set<Side> sides, ToIntFunction<World> answered) {
        this.label = label;
        this.sides = sides;
        this.answered = answered;
    }

    /** Makes the stored token of {@link #sides()} invalid. */
    abstract void inject(World world);

    /** What is injected, for {@link Figures}. */
    String label() {
        return label;
    }

    /** The sides whose token the fault invalidates. */
    Set<Side> sides() {
        return sides;
    }

    /** How many refusals of the kind this fault causes the servers answered so far. */
    int answered(World world) {
        return answered.applyAsInt(world);
    }

    /**
     * How many token refusals of any kind the servers answered so far: listings with a sync token that the
     * emulator answered 410 or 400, and sync-collection REPORTs Radicale refused with 403.
     */
    static int refusals(World world) {
        return googleRefusals(world, 410) + googleRefusals(world, 400) + radicaleRefusals(world);
    }

    /** Listings with a sync token the emulator answered {@code status}. */
    static int googleRefusals(World world, int status) {
        int n = 0;
        for (RecordedRequest r : world.google().requests()) {
            if (r.status() == status && r.method().equals("GET") && r.queryParam("syncToken") != null) {
                n++;
            }
        }
        return n;
    }

    /** Sync tokens Radicale refused (it logs each refusal as a warning before answering 403). */
    static int radicaleRefusals(World world) {
        Matcher m = RADICALE_REFUSAL.matcher(world.radicale().log());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Replaces the token stored for {@code side} with its first half, as a damaged store would hold it. */
    static void truncateStoredToken(World world, Side side) {
        try (JdbiMappingStore store = JdbiMappingStore.sqlite(world.storeFile())) {
            store.useTransaction(tx -> {
                CalendarPair pair = tx.pair(World.PAIR).orElseThrow();
                String token = pair.syncToken(side);
                if (token == null || token.length() < 2) {
                    throw new IllegalStateException("no token stored for side " + side);
                }
                tx.putPair(pair.withSyncToken(side, token.substring(0, token.length() / 2), Instant.now()));
            });
        }
    }

    /** Deletes the folder where Radicale keeps the state behind the calendar's sync tokens. */
    static void deleteRadicaleTokenState(World world) {
        Path tokens = world.radicale()
                .storageDir()
                .resolve("collection-root")
                .resolve(world.radicale().username())
                .resolve(World.CALDAV_CALENDAR)
                .resolve(".Radicale.cache")
                .resolve("sync-token");
        if (!Files.isDirectory(tokens)) {
            throw new IllegalStateException("Radicale keeps no token state at " + tokens);
        }
        try (Stream<Path> files = Files.walk(tokens)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
