package dev.calsync.testkit.caldav;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link CalDavEmulator} behaves: the account, and one switch per server quirk of CALDAV.md
 * (§4 iCloud, §6.5 Radicale and Xandikos), so a client can be tested against each variant.
 * {@link #defaults()} behaves like Radicale 3.1.8 as observed in CALDAV.md §6.5; {@link #icloud()}
 * turns on every iCloud switch. Build with {@link #builder()} or {@link #toBuilder()}.
 *
 * @param username the Basic-auth user name (also the principal's path segment in the Radicale layout)
 * @param password the Basic-auth password
 * @param clock the clock behind sync-token retention
 * @param crossHostHomeSet iCloud layout (§4 #3): the principal is {@code /<dsid>/principal/} on the
 *     discovery server, and the calendar-home-set is an absolute URL on a second server (another
 *     127.0.0.1 port, standing for {@code pNN-caldav.icloud.com}) which alone serves the calendars;
 *     false: Radicale layout, principal and home both {@code /<user>/} on one server
 * @param collectionInSyncResults the collection's own href is listed (with a 200 propstat and its
 *     ctag as {@code getetag}) in every sync-collection response that lists anything (iCloud §4 #10)
 * @param duplicateHrefs the first changed href of a sync-collection response is listed twice (iCloud
 *     §4 #14)
 * @param multigetLagAfterSync after a sync-collection response lists a changed href, the next this
 *     many calendar-multiget requests naming it answer 404 for it (iCloud eventual consistency, §4
 *     #16); 0 = none
 * @param badTokenResponse the answer to a sync-collection with an unknown, expired or malformed token
 * @param etagOnPut whether PUT responses carry an {@code ETag} header (false on iCloud, §4 #21)
 * @param uidUniqueAcrossCalendars a UID must be unique across all calendars of the account, not only
 *     within one (iCloud §4 #8): a PUT reusing a UID held in another calendar gets 403 {@code
 *     no-uid-conflict}
 * @param rejectEventWithoutDtend a PUT of a VEVENT with neither DTEND nor DURATION gets 404 (iCloud
 *     §4 #18)
 * @param rejectOverrideOnly a PUT of a resource holding only RECURRENCE-ID overrides (no master) gets
 *     400, as on Radicale (§2.6); false accepts it as RFC 4791 and Xandikos do
 * @param syncCollectionSupported false: no sync-collection in {@code supported-report-set}, no {@code
 *     sync-token} property, and the REPORT answers 403 {@code supported-report} (sabre 1.8, §6.6),
 *     for the ctag + PROPFIND fallback
 * @param syncPageSize at most this many member responses per sync-collection response; more are
 *     truncated with a 507 response for the collection and a token to continue (RFC 6578 §3.6); 0 =
 *     never truncate (Radicale, iCloud as far as known)
 * @param tokenRetention how long an issued sync token, and the 404 history of a deleted member,
 *     are kept (Radicale's {@code max_sync_token_age}, default 30 days)
 */
public record CalDavEmulatorOptions(
        String username,
        String password,
        Clock clock,
        boolean crossHostHomeSet,
        boolean collectionInSyncResults,
        boolean duplicateHrefs,
        int multigetLagAfterSync,
        BadTokenResponse badTokenResponse,
        boolean etagOnPut,
        boolean uidUniqueAcrossCalendars,
        boolean rejectEventWithoutDtend,
        boolean rejectOverrideOnly,
        boolean syncCollectionSupported,
        int syncPageSize,
        Duration tokenRetention) {

    /** What a sync-collection REPORT with an invalid sync token is answered (CALDAV.md §2.2, §3.4 step 8). */
    public enum BadTokenResponse {
        /** 403 with {@code <D:error><D:valid-sync-token/></D:error>} (Radicale, sabre, RFC 6578). */
        FORBIDDEN_VALID_SYNC_TOKEN,
        /** 403 with an empty body (iCloud, reportedly). */
        BARE_FORBIDDEN,
        /** 409 with {@code <D:error><D:valid-sync-token/></D:error>} (allowed by RFC 4918 §16). */
        CONFLICT_409,
        /** 410 with an empty body (treated as "token expired" by some client libraries). */
        GONE_410,
        /** 500 with a plain-text body (Xandikos 0.2.8). */
        SERVER_ERROR_500
    }

    /**
     * Checks the values.
     *
     * @param username the Basic-auth user
     * @param password the Basic-auth password
     * @param clock the clock
     * @param crossHostHomeSet whether the calendar home is on another host
     * @param collectionInSyncResults whether sync results list the collection itself
     * @param duplicateHrefs whether sync results list the first changed href twice
     * @param multigetLagAfterSync multigets answering 404 after a sync lists an href
     * @param badTokenResponse the answer to an invalid sync token
     * @param etagOnPut whether PUT responses carry an ETag
     * @param uidUniqueAcrossCalendars whether a UID must be unique across the account
     * @param rejectEventWithoutDtend whether a VEVENT without DTEND or DURATION is refused
     * @param rejectOverrideOnly whether an override-only resource is refused
     * @param syncCollectionSupported whether sync-collection is supported
     * @param syncPageSize member responses per sync-collection response, 0 for no limit
     * @param tokenRetention how long sync tokens and 404 history are kept
     */
    public CalDavEmulatorOptions {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(badTokenResponse, "badTokenResponse");
        Objects.requireNonNull(tokenRetention, "tokenRetention");
        if (username.isEmpty() || username.contains(":") || username.contains("/")) {
            throw new IllegalArgumentException("username must be non-empty without ':' or '/': " + username);
        }
        if (multigetLagAfterSync < 0 || syncPageSize < 0) {
            throw new IllegalArgumentException("negative multigetLagAfterSync or syncPageSize");
        }
        if (tokenRetention.isNegative() || tokenRetention.isZero()) {
            throw new IllegalArgumentException("tokenRetention must be positive: " + tokenRetention);
        }
    }

    /**
     * Radicale-like defaults: user {@code alice}, password {@code secret}, every iCloud switch off.
     *
     * @return the Radicale-like options
     */
    public static CalDavEmulatorOptions defaults() {
        return builder().build();
    }

    /**
     * Every iCloud switch on: cross-host home set, the collection and a duplicate href in sync
     * results, one multiget 404 after a sync lists an href, bare 403 on a bad token, no ETag on PUT,
     * UIDs unique across calendars, 404 for a VEVENT without DTEND/DURATION.
     *
     * @return the iCloud-like options
     */
    public static CalDavEmulatorOptions icloud() {
        return icloudBuilder().build();
    }

    /** {@return a builder holding {@link #icloud()}'s values} */
    public static Builder icloudBuilder() {
        return builder()
                .crossHostHomeSet(true)
                .collectionInSyncResults(true)
                .duplicateHrefs(true)
                .multigetLagAfterSync(1)
                .badTokenResponse(BadTokenResponse.BARE_FORBIDDEN)
                .etagOnPut(false)
                .uidUniqueAcrossCalendars(true)
                .rejectEventWithoutDtend(true);
    }

    /** {@return a builder holding {@link #defaults()}} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these options} */
    public Builder toBuilder() {
        return new Builder()
                .username(username)
                .password(password)
                .clock(clock)
                .crossHostHomeSet(crossHostHomeSet)
                .collectionInSyncResults(collectionInSyncResults)
                .duplicateHrefs(duplicateHrefs)
                .multigetLagAfterSync(multigetLagAfterSync)
                .badTokenResponse(badTokenResponse)
                .etagOnPut(etagOnPut)
                .uidUniqueAcrossCalendars(uidUniqueAcrossCalendars)
                .rejectEventWithoutDtend(rejectEventWithoutDtend)
                .rejectOverrideOnly(rejectOverrideOnly)
                .syncCollectionSupported(syncCollectionSupported)
                .syncPageSize(syncPageSize)
                .tokenRetention(tokenRetention);
    }

    /** Builds {@link CalDavEmulatorOptions}; every setting is optional. Not thread-safe. */
    public static final class Builder {
        private String username = "alice";
        private String password = "secret";
        private Clock clock = Clock.systemUTC();
        private boolean crossHostHomeSet;
        private boolean collectionInSyncResults;
        private boolean duplicateHrefs;
        private int multigetLagAfterSync;
        private BadTokenResponse badTokenResponse = BadTokenResponse.FORBIDDEN_VALID_SYNC_TOKEN;
        private boolean etagOnPut = true;
        private boolean uidUniqueAcrossCalendars;
        private boolean rejectEventWithoutDtend;
        private boolean rejectOverrideOnly = true;
        private boolean syncCollectionSupported = true;
        private int syncPageSize;
        private Duration tokenRetention = Duration.ofDays(30);

        private Builder() {}

        /**
         * The Basic-auth user (default {@code alice}).
         *
         * @param value the user name
         * @return this builder
         */
        public Builder username(String value) {
            this.username = value;
            return this;
        }

        /**
         * The Basic-auth password (default {@code secret}).
         *
         * @param value the password
         * @return this builder
         */
        public Builder password(String value) {
            this.password = value;
            return this;
        }

        /**
         * The clock (default system UTC).
         *
         * @param value the clock
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /**
         * See {@link CalDavEmulatorOptions#crossHostHomeSet()} (default false).
         *
         * @param value whether the calendar home is on another host
         * @return this builder
         */
        public Builder crossHostHomeSet(boolean value) {
            this.crossHostHomeSet = value;
            return this;
        }

        /**
         * See {@link CalDavEmulatorOptions#collectionInSyncResults()} (default false).
         *
         * @param value whether sync results list the collection itself
         * @return this builder
         */
        public Builder collectionInSyncResults(boolean value) {
            this.collectionInSyncResults = value;
            return this;
        }

        /**
         * See {@link CalDavEmulatorOptions#duplicateHrefs()} (default false).
         *
         * @param value whether sync results list the first changed href twice
         * @return this builder
         */
        public Builder duplicateHrefs(boolean value) {
            this.duplicateHrefs = value;
            return this;
        }

        /**
         * See {@link CalDavEmulatorOptions#multigetLagAfterSync()} (default 0).
         *
         * @param value how many multigets answer 404 after a sync lists an href
         * @return this builder
         */
        public Builder multigetLagAfterSync(int value) {
            this.multigetLagAfterSync = value;
            return this;
        }

        /**
         * See {@link CalDavEmulatorOptions#badTokenResponse()} (default {@link BadTokenResponse#FORBIDDEN_VALID_SYNC_TOKEN}).
         *
         * @param value the answer to an invalid sync token
         * @return this builder
         */
        public Builder badTokenResponse(BadTokenResponse value) {
            this.badTokenResponse = value;
            return this;
        }

        /**
         * See {@link CalDavEmulatorOptions#etagOnPut()} (default true).
         *
         * @param value whether PUT responses carry an ETag
         * @return this builder
         */
        public Builder etagOnPut(boolean value) {
            this.etagOnPut = value;
            return this;
        }

        /**
         * See {@link CalDavEmulatorOptions#uidUniqueAcrossCalendars()} (default false).
         *
         * @param value whether a UID must be unique across the account
         * @return this builder
         */
        public Builder uidUniqueAcrossCalendars(boolean value) {
            this.uidUniqueAcrossCalendars = value;
            return this;
        }

        /**
         * See {@link CalDavEmulatorOptions#rejectEventWithoutDtend()} (default false).
         *
         * @param value whether a VEVENT without DTEND or DURATION is refused
         * @return this builder
         */
        public Builder rejectEventWithoutDtend(boolean value) {
            this.rejectEventWithoutDtend = value;
            return this;
        }

        /**
         * See {@link CalDavEmulatorOptions#rejectOverrideOnly()} (default true).
         *
         * @param value whether an override-only resource is refused
         * @return this builder
         */
        public Builder rejectOverrideOnly(boolean value) {
            this.rejectOverrideOnly = value;
            return this;
        }

        /**
         * See {@link CalDavEmulatorOptions#syncCollectionSupported()} (default true).
         *
         * @param value whether sync-collection is supported
         * @return this builder
         */
        public Builder syncCollectionSupported(boolean value) {
            this.syncCollectionSupported = value;
            return this;
        }

        /**
         * See {@link CalDavEmulatorOptions#syncPageSize()} (default 0, no truncation).
         *
         * @param value member responses per sync-collection response, 0 for no limit
         * @return this builder
         */
        public Builder syncPageSize(int value) {
            this.syncPageSize = value;
            return this;
        }

        /**
         * See {@link CalDavEmulatorOptions#tokenRetention()} (default 30 days).
         *
         * @param value how long sync tokens and 404 history are kept
         * @return this builder
         */
        public Builder tokenRetention(Duration value) {
            this.tokenRetention = value;
            return this;
        }

        /** {@return the options} */
        public CalDavEmulatorOptions build() {
            return new CalDavEmulatorOptions(
                    username,
                    password,
                    clock,
                    crossHostHomeSet,
                    collectionInSyncResults,
                    duplicateHrefs,
                    multigetLagAfterSync,
                    badTokenResponse,
                    etagOnPut,
                    uidUniqueAcrossCalendars,
                    rejectEventWithoutDtend,
                    rejectOverrideOnly,
                    syncCollectionSupported,
                    syncPageSize,
                    tokenRetention);
        }
    }
}
