package dev.calsync.core.sync;

import dev.calsync.core.Side;
import java.util.Objects;

/**
 * How one sync runs. Build with {@link #builder()}; {@link #defaults()} is incremental, real,
 * mass-deletion guarded (30% and more than 5 series), side A preferred.
 *
 * @param forceFullSync ignore stored tokens and list both sides fully (deletions still need evidence)
 * @param dryRun decide and return the plan, write nothing, store nothing; a plan the mass-deletion
 *     guard would refuse is still returned, with {@link SyncReport#wouldBeRefused()} saying why
 * @param allowMassDeletion execute a plan even if the mass-deletion guard refuses it
 * @param massDeletionShare the share of a side's mapped series a plan may delete, 0..1
 * @param massDeletionMinimum a plan deleting at most this many series on a side is never refused
 * @param preferredSide the side that wins conflicts nothing else decides
 */
public record SyncOptions(
        boolean forceFullSync,
        boolean dryRun,
        boolean allowMassDeletion,
        double massDeletionShare,
        int massDeletionMinimum,
        Side preferredSide) {

    /**
     * Checks the mass-deletion guard.
     *
     * @param forceFullSync whether to list both sides fully
     * @param dryRun whether to plan only
     * @param allowMassDeletion whether to execute a plan the guard refuses
     * @param massDeletionShare the share of mapped series a plan may delete, 0..1
     * @param massDeletionMinimum the deletions on a side that are never refused
     * @param preferredSide the side that wins undecided conflicts
     * @throws IllegalArgumentException if the share is not within 0..1 or the minimum is negative
     */
    public SyncOptions {
        Objects.requireNonNull(preferredSide, "preferredSide");
        if (!(massDeletionShare >= 0 && massDeletionShare <= 1)) {
            throw new IllegalArgumentException("massDeletionShare must be within 0..1: " + massDeletionShare);
        }
        if (massDeletionMinimum < 0) {
            throw new IllegalArgumentException("massDeletionMinimum must be >= 0: " + massDeletionMinimum);
        }
    }

    /** {@return incremental, real options, guarded at 30% / more than 5, side A preferred} */
    public static SyncOptions defaults() {
        return builder().build();
    }

    /** {@return a builder starting from {@link #defaults()}} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder holding these options} */
    public Builder toBuilder() {
        return new Builder()
                .forceFullSync(forceFullSync)
                .dryRun(dryRun)
                .allowMassDeletion(allowMassDeletion)
                .massDeletionShare(massDeletionShare)
                .massDeletionMinimum(massDeletionMinimum)
                .preferredSide(preferredSide);
    }

    /** Builds {@link SyncOptions}. */
    public static final class Builder {
        private boolean forceFullSync;
        private boolean dryRun;
        private boolean allowMassDeletion;
        private double massDeletionShare = 0.30;
        private int massDeletionMinimum = 5;
        private Side preferredSide = Side.A;

        private Builder() {}

        /**
         * See {@link SyncOptions#forceFullSync()}.
         *
         * @param value whether to list both sides fully
         * @return this builder
         */
        public Builder forceFullSync(boolean value) {
            this.forceFullSync = value;
            return this;
        }

        /**
         * See {@link SyncOptions#dryRun()}.
         *
         * @param value whether to plan only
         * @return this builder
         */
        public Builder dryRun(boolean value) {
            this.dryRun = value;
            return this;
        }

        /**
         * See {@link SyncOptions#allowMassDeletion()}.
         *
         * @param value whether to execute a plan the guard refuses
         * @return this builder
         */
        public Builder allowMassDeletion(boolean value) {
            this.allowMassDeletion = value;
            return this;
        }

        /**
         * See {@link SyncOptions#massDeletionShare()}.
         *
         * @param value the share of mapped series a plan may delete, 0..1
         * @return this builder
         */
        public Builder massDeletionShare(double value) {
            this.massDeletionShare = value;
            return this;
        }

        /**
         * See {@link SyncOptions#massDeletionMinimum()}.
         *
         * @param value the deletions on a side that are never refused
         * @return this builder
         */
        public Builder massDeletionMinimum(int value) {
            this.massDeletionMinimum = value;
            return this;
        }

        /**
         * See {@link SyncOptions#preferredSide()}.
         *
         * @param value the side that wins undecided conflicts
         * @return this builder
         */
        public Builder preferredSide(Side value) {
            this.preferredSide = value;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the options
         */
        public SyncOptions build() {
            return new SyncOptions(
                    forceFullSync, dryRun, allowMassDeletion, massDeletionShare, massDeletionMinimum, preferredSide);
        }
    }
}
