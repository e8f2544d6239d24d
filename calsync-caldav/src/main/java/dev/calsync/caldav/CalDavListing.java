package dev.calsync.caldav;

import dev.calsync.caldav.internal.DavETag;
import dev.calsync.caldav.internal.DavMultiStatus;
import dev.calsync.caldav.internal.Hrefs;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.ProviderException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The change listing of one CalDAV calendar: the members one sync-collection answer (or the ETag
 * PROPFIND of a calendar without sync-collection) named, read {@code multigetBatchSize} at a time,
 * one page per calendar-multiget; then, while the server truncated its answer, the next answer. The
 * tombstones of an answer come with its first page. Holds one answer's hrefs and one page at a time.
 *
 * <p>Every request of {@link #nextPage()} is made before any state changes, so after a transient
 * failure the same call asks again for the same page.
 */
final class CalDavListing implements ChangeListing {
    private final CalDavCalendarProvider provider;
    private final URI collection;
    private final boolean full;
    private final boolean rejected;
    private final int batchSize;
    private final String heldBackToken;

    private List<URI> changed = List.of();
    private Map<URI, DavETag> etags = Map.of();
    private List<String> tombstones = List.of();
    private int cursor;
    private boolean truncated;
    private String chunkToken;
    private boolean unreadable;
    private boolean complete;
    private boolean closed;
    private String nextToken;

    private CalDavListing(
            CalDavCalendarProvider provider,
            URI collection,
            boolean full,
            boolean rejected,
            int batchSize,
            String heldBackToken) {
        this.provider = provider;
        this.collection = collection;
        this.full = full;
        this.rejected = rejected;
        this.batchSize = batchSize;
        this.heldBackToken = heldBackToken;
    }

    /**
     * A listing driven by sync-collection.
     *
     * @param first the first answer
     * @param heldBackToken the token to give when a listed resource could not be read
     */
    static CalDavListing sync(
            CalDavCalendarProvider provider,
            URI collection,
            boolean full,
            boolean rejected,
            DavMultiStatus first,
            String heldBackToken,
            int batchSize) {
        CalDavListing l = new CalDavListing(provider, collection, full, rejected, batchSize, heldBackToken);
        l.take(first);
        return l;
    }

    /** A listing of a fixed set of members (no sync-collection), ending with {@code token}. */
    static CalDavListing fixed(
            CalDavCalendarProvider provider,
            URI collection,
            boolean full,
            boolean rejected,
            List<URI> members,
            Map<URI, DavETag> etags,
            String token,
            String heldBackToken,
            int batchSize) {
        CalDavListing l = new CalDavListing(provider, collection, full, rejected, batchSize, heldBackToken);
        l.changed = List.copyOf(members);
        l.etags = Map.copyOf(etags);
        l.chunkToken = token;
        return l;
    }

    private void take(DavMultiStatus ms) {
        if (ms.syncToken() == null) {
            throw new ProviderException(
                    "REPORT sync-collection on " + Hrefs.redacted(collection) + " answered without a sync-token");
        }
        List<URI> hrefs = new ArrayList<>();
        Map<URI, DavETag> tags = new HashMap<>();
        List<String> removed = new ArrayList<>();
        for (DavMultiStatus.Entry e : ms.members(collection)) {
            if (e.notFound()) {
                if (!full) {
                    removed.add(e.uri().getRawPath());
                }
            } else if (e.succeeded()) {
                hrefs.add(e.uri());
                if (e.etag() != null) {
                    tags.put(e.uri(), e.etag());
                }
            }
        }
        changed = hrefs;
        etags = tags;
        tombstones = removed;
        cursor = 0;
        chunkToken = ms.syncToken();
        truncated = ms.truncated();
    }

    @Override
    public boolean isFull() {
        return full;
    }

    @Override
    public boolean tokenRejected() {
        return rejected;
    }

    @Override
    public Optional<ChangePage> nextPage() {
        if (closed) {
            throw new IllegalStateException("the listing of " + Hrefs.redacted(collection) + " is closed");
        }
        while (!complete) {
            if (!tombstones.isEmpty() || cursor < changed.size()) {
                int end = Math.min(cursor + batchSize, changed.size());
                List<URI> batch = changed.subList(cursor, end);
                CalDavCalendarProvider.PageContent content = batch.isEmpty()
                        ? new CalDavCalendarProvider.PageContent(List.of(), List.of(), false)
                        : provider.readPage(collection, batch, etags);
                ChangePage page = new ChangePage(content.components(), tombstones, content.quarantined());
                cursor = end;
                tombstones = List.of();
                unreadable |= content.unreadable();
                return Optional.of(page);
            }
            if (truncated) {
                take(provider.continueSync(collection, chunkToken));
                continue;
            }
            complete = true;
            nextToken = unreadable ? heldBackToken : chunkToken;
        }
        return Optional.empty();
    }

    @Override
    public String nextSyncToken() {
        if (!complete) {
            throw new IllegalStateException(
                    "the sync token of " + Hrefs.redacted(collection) + " is known only after the last page was read");
        }
        return nextToken;
    }

    @Override
    public void close() {
        closed = true;
        changed = List.of();
        etags = Map.of();
    }
}
