package dev.calsync.e2e;

import dev.calsync.core.spi.CalendarProvider;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.core.spi.RemoteRef;
import dev.calsync.core.spi.RemoteSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A side whose full listings leave some live series out, as a server's listing does when it is
 * incomplete (an index rebuilt after the token state was lost, a listing served from a lagging
 * replica). Wraps the real provider in this process; deltas, lookups and writes go through
 * unchanged. It counts the series it left out and the direct lookups calsync made of them.
 */
final class TokenPartialListing {
    private final Set<String> left = new TreeSet<>();
    private final Set<String> leftOut = new TreeSet<>();
    private final Set<String> lookedUp = new TreeSet<>();

    /** Full listings will leave out series {@code uids}. */
    TokenPartialListing(Set<String> uids) {
        left.addAll(uids);
    }

    /** The series a full listing actually left out. */
    synchronized Set<String> leftOut() {
        return Set.copyOf(leftOut);
    }

    /** The series left out that calsync then looked up directly. */
    synchronized Set<String> lookedUp() {
        Set<String> out = new TreeSet<>(lookedUp);
        out.retainAll(leftOut);
        return out;
    }

    /** {@code delegate}, listing fully without the series to leave out. */
    CalendarProvider around(CalendarProvider delegate) {
        return new ForwardingProvider(delegate) {
            @Override
            public ChangeListing listChanges(String calendarId, String syncToken) {
                ChangeListing listing = super.listChanges(calendarId, syncToken);
                return listing.isFull() ? partial(listing) : listing;
            }

            @Override
            public Optional<RemoteSeries> fetchSeries(String calendarId, String uid, List<RemoteRef> known) {
                synchronized (TokenPartialListing.this) {
                    lookedUp.add(uid);
                }
                return super.fetchSeries(calendarId, uid, known);
            }
        };
    }

    private ChangeListing partial(ChangeListing listing) {
        return new ChangeListing() {
            @Override
            public boolean isFull() {
                return true;
            }

            @Override
            public boolean tokenRejected() {
                return listing.tokenRejected();
            }

            @Override
            public Optional<ChangePage> nextPage() {
                return listing.nextPage().map(TokenPartialListing.this::without);
            }

            @Override
            public String nextSyncToken() {
                return listing.nextSyncToken();
            }

            @Override
            public void close() {
                listing.close();
            }
        };
    }

    private synchronized ChangePage without(ChangePage page) {
        List<RemoteComponent> kept = new ArrayList<>();
        for (RemoteComponent c : page.components()) {
            String uid = c.component().key().uid();
            if (left.contains(uid)) {
                leftOut.add(uid);
            } else {
                kept.add(c);
            }
        }
        return new ChangePage(kept, page.tombstones(), page.quarantined());
    }
}
