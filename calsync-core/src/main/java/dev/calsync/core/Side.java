package dev.calsync.core;

/**
 * One of the two calendars of a synced pair. Which provider is on which side is the host
 * application's choice when it assembles a sync; calsync never assumes side A is Google.
 */
public enum Side {
    /** The first calendar of the pair. */
    A,
    /** The second calendar of the pair. */
    B;

    /** {@return the other side of the pair} */
    public Side opposite() {
        return this == A ? B : A;
    }
}
