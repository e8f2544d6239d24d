package dev.calsync.e2e;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the users of both calendars did, by UID: which series they created and which they deleted.
 * The truth the invariants are checked against: a series a user created and nobody deleted must be
 * on both sides; a series a user deleted must be on neither once calsync confirmed the deletion.
 */
final class Ledger {
    private final Map<String, Boolean> alive = new TreeMap<>();

    synchronized void created(String uid) {
        alive.put(uid, true);
    }

    synchronized void deleted(String uid) {
        if (!alive.containsKey(uid)) {
            throw new IllegalArgumentException("no series " + uid + " was created");
        }
        alive.put(uid, false);
    }

    /** Series a user created and nobody deleted. */
    synchronized Set<String> live() {
        Set<String> out = new TreeSet<>();
        alive.forEach((uid, live) -> {
            if (live) {
                out.add(uid);
            }
        });
        return out;
    }

    /** Series a user deleted. */
    synchronized Set<String> deleted() {
        Set<String> out = new TreeSet<>();
        alive.forEach((uid, live) -> {
            if (!live) {
                out.add(uid);
            }
        });
        return out;
    }

    /** Whether {@code uid} was created by a user. */
    synchronized boolean knows(String uid) {
        return alive.containsKey(uid);
    }
}
