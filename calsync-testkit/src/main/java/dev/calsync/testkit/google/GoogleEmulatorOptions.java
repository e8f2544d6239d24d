package dev.calsync.testkit.google;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link GoogleCalendarEmulator} behaves where GOOGLE-API.md leaves a choice: one switch per
 * uncertain behaviour (so a client can be tested against each variant), the clock, and the limits.
 * Immutable; build with {@link #builder()} or take {@link #defaults()}.
 */
public final class GoogleEmulatorOptions {

    /** What {@code events.import} does when the calendar already has an event with that iCalUID (§6). */
    public enum ImportOfExistingUid {
        /** Update the live event in place (E14 on a lower sequence); 409 when only a deleted one matches. */
        UPSERT,
        /** 409 {@code duplicate} whenever an event with that iCalUID exists, deleted or not. */
        CONFLICT
    }

    /** What {@code events.insert} does with a body carrying both {@code id} and {@code iCalUID} (§4). */
    public enum InsertWithIdAndICalUid {
        /** 400 {@code invalid} "Invalid resource id value." (E3), as observed in 2026. */
        REJECT,
        /** Accept both. */
        ACCEPT
    }

    /** What update/patch do to a deleted (cancelled) event (§8.3). */
    public enum UpdateOfDeleted {
        /** PUT restores it (status from the body, default confirmed); PATCH keeps it cancelled unless it sets status. */
        RESTORE,
        /** 403 {@code global / forbidden / "Forbidden"}. */
        FORBIDDEN
    }

    /** Which organizer changes bump {@code sequence} by one on their own (§8.4). */
    public enum SequenceBump {
        /** Changes of start or end only (the attested case). */
        TIME_ONLY,
        /** Changes of start, end, recurrence, status, location, summary or description. */
        SIGNIFICANT
    }

    /** The format of the ids of recurring-event instances (§4). */
    public enum InstanceIdFormat {
        /** {@code <master>_<YYYYMMDD>T<HHMMSS>Z} (original start in UTC) and {@code <master>_<YYYYMMDD>} for all-day series. */
        CLASSIC,
        /** A stable id that cannot be parsed into a time, to prove that clients treat ids as opaque. */
        OPAQUE
    }

    private final Clock clock;
    private final ImportOfExistingUid importOfExistingUid;
    private final InsertWithIdAndICalUid insertWithIdAndICalUid;
    private final UpdateOfDeleted updateOfDeleted;
    private final SequenceBump sequenceBump;
    private final InstanceIdFormat instanceIdFormat;
    private final Duration tombstoneRetention;
    private final Duration updatedMinLimit;
    private final Duration expansionHorizon;
    private final boolean syncTokenWhenRestricted;

    private GoogleEmulatorOptions(Builder b) {
        this.clock = b.clock;
        this.importOfExistingUid = b.importOfExistingUid;
        this.insertWithIdAndICalUid = b.insertWithIdAndICalUid;
        this.updateOfDeleted = b.updateOfDeleted;
        this.sequenceBump = b.sequenceBump;
        this.instanceIdFormat = b.instanceIdFormat;
        this.tombstoneRetention = b.tombstoneRetention;
        this.updatedMinLimit = b.updatedMinLimit;
        this.expansionHorizon = b.expansionHorizon;
        this.syncTokenWhenRestricted = b.syncTokenWhenRestricted;
    }

    /** {@return a builder holding the defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the defaults: system UTC clock, the recommended variant of every switch, the default limits} */
    public static GoogleEmulatorOptions defaults() {
        return builder().build();
    }

    /** {@return a builder holding these options} */
    public Builder toBuilder() {
        return new Builder()
                .clock(clock)
                .importOfExistingUid(importOfExistingUid)
                .insertWithIdAndICalUid(insertWithIdAndICalUid)
                .updateOfDeleted(updateOfDeleted)
                .sequenceBump(sequenceBump)
                .instanceIdFormat(instanceIdFormat)
                .tombstoneRetention(tombstoneRetention)
                .updatedMinLimit(updatedMinLimit)
                .expansionHorizon(expansionHorizon)
                .syncTokenWhenRestricted(syncTokenWhenRestricted);
    }

    /** {@return the clock behind {@code created}, {@code updated}, etags, tombstone retention and token age} */
    public Clock clock() {
        return clock;
    }

    /** {@return what import does with an existing iCalUID} */
    public ImportOfExistingUid importOfExistingUid() {
        return importOfExistingUid;
    }

    /** {@return what insert does with both id and iCalUID} */
    public InsertWithIdAndICalUid insertWithIdAndICalUid() {
        return insertWithIdAndICalUid;
    }

    /** {@return what update/patch do to a deleted event} */
    public UpdateOfDeleted updateOfDeleted() {
        return updateOfDeleted;
    }

    /** {@return which changes bump the sequence} */
    public SequenceBump sequenceBump() {
        return sequenceBump;
    }

    /** {@return the instance-id format} */
    public InstanceIdFormat instanceIdFormat() {
        return instanceIdFormat;
    }

    /** {@return how long tombstones are kept; sync tokens older than this are answered 410} */
    public Duration tombstoneRetention() {
        return tombstoneRetention;
    }

    /** {@return how far back {@code updatedMin} may reach before 410 {@code updatedMinTooLongAgo}} */
    public Duration updatedMinLimit() {
        return updatedMinLimit;
    }

    /** {@return how far past now (or past the series start, if later) open-ended series are expanded} */
    public Duration expansionHorizon() {
        return expansionHorizon;
    }

    /**
     * {@return whether full listings restricted by orderBy/q/iCalUID/extended properties/updatedMin end with a sync
     * token}
     */
    public boolean syncTokenWhenRestricted() {
        return syncTokenWhenRestricted;
    }

    @Override
    public String toString() {
        return "GoogleEmulatorOptions[importOfExistingUid=" + importOfExistingUid + ", insertWithIdAndICalUid="
                + insertWithIdAndICalUid + ", updateOfDeleted=" + updateOfDeleted + ", sequenceBump=" + sequenceBump
                + ", instanceIdFormat=" + instanceIdFormat + ", tombstoneRetention=" + tombstoneRetention
                + ", updatedMinLimit=" + updatedMinLimit + ", expansionHorizon=" + expansionHorizon
                + ", syncTokenWhenRestricted=" + syncTokenWhenRestricted + "]";
    }

    /** Builds {@link GoogleEmulatorOptions}; every setting is optional. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private ImportOfExistingUid importOfExistingUid = ImportOfExistingUid.UPSERT;
        private InsertWithIdAndICalUid insertWithIdAndICalUid = InsertWithIdAndICalUid.REJECT;
        private UpdateOfDeleted updateOfDeleted = UpdateOfDeleted.RESTORE;
        private SequenceBump sequenceBump = SequenceBump.TIME_ONLY;
        private InstanceIdFormat instanceIdFormat = InstanceIdFormat.CLASSIC;
        private Duration tombstoneRetention = Duration.ofDays(30);
        private Duration updatedMinLimit = Duration.ofDays(28);
        private Duration expansionHorizon = Duration.ofDays(730);
        private boolean syncTokenWhenRestricted;

        private Builder() {}

        /**
         * The clock (default: system UTC).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Import of an existing iCalUID (default {@link ImportOfExistingUid#UPSERT}).
         *
         * @param value what import does with an existing iCalUID
         * @return this builder
         */
        public Builder importOfExistingUid(ImportOfExistingUid value) {
            this.importOfExistingUid = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Insert with id and iCalUID (default {@link InsertWithIdAndICalUid#REJECT}).
         *
         * @param value what insert does with both id and iCalUID
         * @return this builder
         */
        public Builder insertWithIdAndICalUid(InsertWithIdAndICalUid value) {
            this.insertWithIdAndICalUid = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Update of a deleted event (default {@link UpdateOfDeleted#RESTORE}).
         *
         * @param value what update and patch do to a deleted event
         * @return this builder
         */
        public Builder updateOfDeleted(UpdateOfDeleted value) {
            this.updateOfDeleted = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Automatic sequence bumps (default {@link SequenceBump#TIME_ONLY}).
         *
         * @param value which changes bump the sequence
         * @return this builder
         */
        public Builder sequenceBump(SequenceBump value) {
            this.sequenceBump = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Instance-id format (default {@link InstanceIdFormat#CLASSIC}).
         *
         * @param value the instance-id format
         * @return this builder
         */
        public Builder instanceIdFormat(InstanceIdFormat value) {
            this.instanceIdFormat = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Tombstone retention and sync-token lifetime (default 30 days).
         *
         * @param value how long tombstones and sync tokens are kept
         * @return this builder
         */
        public Builder tombstoneRetention(Duration value) {
            this.tombstoneRetention = positive(value);
            return this;
        }

        /**
         * The {@code updatedMin} limit (default 28 days).
         *
         * @param value how far back {@code updatedMin} may reach
         * @return this builder
         */
        public Builder updatedMinLimit(Duration value) {
            this.updatedMinLimit = positive(value);
            return this;
        }

        /**
         * The expansion horizon of open-ended series (default 730 days).
         *
         * @param value how far open-ended series are expanded
         * @return this builder
         */
        public Builder expansionHorizon(Duration value) {
            this.expansionHorizon = positive(value);
            return this;
        }

        /**
         * Whether restricted full listings get a sync token (default false, §11.2).
         *
         * @param value whether restricted full listings end with a sync token
         * @return this builder
         */
        public Builder syncTokenWhenRestricted(boolean value) {
            this.syncTokenWhenRestricted = value;
            return this;
        }

        /** {@return the options} */
        public GoogleEmulatorOptions build() {
            return new GoogleEmulatorOptions(this);
        }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be positive: " + d);
            }
            return d;
        }
    }
}
