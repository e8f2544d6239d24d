package dev.calsync.bench.pair;

/**
 * The least number of HTTP requests each side must see for a sync scenario, given what the two APIs
 * offer (GOOGLE-API.md, CALDAV.md) and calsync's page and batch sizes. The floor assumes a client
 * that lists each side once, knows every body it needs, and packs every Google write into as few
 * batch requests as the API allows; it does not count requests a server quirk forces (a missing ETag
 * on PUT, a 404 from eventual consistency), which are explained in the benchmark's notes instead.
 *
 * <p>Facts used:
 *
 * <ul>
 *   <li>Google, {@code events.list}: at most {@code maxResults} items a page (calsync asks for 2500,
 *       the API's cap); an incremental listing with a sync token is one page when fewer items changed,
 *       and is needed even when nothing changed, to learn that (GOOGLE-API.md §11).
 *   <li>Google, batch: up to 1000 calls a batch request, performed in any order (§13), so a write
 *       that needs another's result (an exception of a new recurring event needs its master) goes
 *       in a later batch. calsync's batch size is 100: its floor is {@code ceil(masterCalls/100) +
 *       ceil(instanceCalls/100)}.
 *   <li>CalDAV: one {@code sync-collection} REPORT lists what changed (hrefs and ETags, no bodies);
 *       bodies come by {@code calendar-multiget}, calsync's batch 50; a deletion is a 404 entry and
 *       needs no read (CALDAV.md §2.2, §2.3).
 *   <li>CalDAV writes: one PUT (create or update) or DELETE per series; CalDAV has no batch.
 * </ul>
 *
 * @param googlePageSize items per Google list page
 * @param googleBatchSize calls per Google batch request
 * @param multigetBatchSize hrefs per CalDAV calendar-multiget
 */
public record Floors(int googlePageSize, int googleBatchSize, int multigetBatchSize) {

    /** calsync's defaults: Google pages of 2500, batches of 100, multigets of 50. */
    public static final Floors CALSYNC_DEFAULTS = new Floors(2500, 100, 50);

    /** @throws IllegalArgumentException if a size is not positive */
    public Floors {
        if (googlePageSize < 1 || googleBatchSize < 1 || multigetBatchSize < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
    }

    /** The floor of one scenario, with how it was derived. */
    public record Floor(long google, long caldav, String googleWhy, String caldavWhy) {}

    /** {@code ceil(a/b)} for non-negative {@code a}. */
    static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** List pages for {@code items} listed items: at least one, even for none. */
    public long listPages(long items) {
        return Math.max(1, ceilDiv(items, googlePageSize));
    }

    /** Batch requests for {@code masterCalls} then {@code instanceCalls} (a phase each, none if empty). */
    public long googleBatches(long masterCalls, long instanceCalls) {
        return ceilDiv(masterCalls, googleBatchSize) + ceilDiv(instanceCalls, googleBatchSize);
    }

    /** Nothing changed: one listing per side (a Google list page, a sync-collection REPORT). */
    public Floor noChange() {
        return new Floor(1, 1, "1 list page (sync token)", "1 sync-collection REPORT");
    }

    /**
     * Google holds everything, CalDAV nothing.
     *
     * @param googleItems items Google lists (singles, masters, exceptions, cancelled instances)
     * @param series series to create on CalDAV
     */
    public Floor initialFromGoogle(long googleItems, long series) {
        return new Floor(
                listPages(googleItems),
                1 + series,
                "ceil(" + googleItems + " items/" + googlePageSize + ") list pages",
                "1 REPORT + " + series + " PUT");
    }

    /**
     * CalDAV holds everything, Google nothing.
     *
     * @param series resources on CalDAV, one series each
     * @param instanceCalls overrides and cancelled occurrences to write to Google's instances
     */
    public Floor initialFromCalDav(long series, long instanceCalls) {
        return new Floor(
                1 + googleBatches(series, instanceCalls),
                1 + ceilDiv(series, multigetBatchSize),
                "1 list + ceil(" + series + "/" + googleBatchSize + ") master batches + ceil(" + instanceCalls + "/"
                        + googleBatchSize + ") instance batches",
                "1 REPORT + ceil(" + series + "/" + multigetBatchSize + ") multigets");
    }

    /**
     * Series changed on CalDAV by another client.
     *
     * @param modified resources changed (each a master change: one PATCH on Google)
     * @param created resources created (single events: one insert each)
     * @param deleted resources deleted (one DELETE of the master each)
     */
    public Floor changesOnCalDav(long modified, long created, long deleted) {
        long calls = modified + created + deleted;
        return new Floor(
                1 + googleBatches(calls, 0),
                1 + ceilDiv(modified + created, multigetBatchSize),
                "1 list + ceil(" + calls + " calls/" + googleBatchSize + ") batches",
                "1 REPORT + ceil(" + (modified + created) + "/" + multigetBatchSize + ") multigets");
    }

    /**
     * Series changed on Google by another client.
     *
     * @param deltaItems items the Google delta lists
     * @param puts series to create or update on CalDAV
     * @param deletes series to delete on CalDAV
     */
    public Floor changesOnGoogle(long deltaItems, long puts, long deletes) {
        return new Floor(
                listPages(deltaItems),
                1 + puts + deletes,
                "ceil(" + deltaItems + " delta items/" + googlePageSize + ") list pages",
                "1 REPORT + " + puts + " PUT + " + deletes + " DELETE");
    }

    /**
     * Overrides (exceptions) of {@code series} recurring series changed on CalDAV: one instance PATCH
     * each on Google, the masters unchanged.
     */
    public Floor overridesOnCalDav(long series) {
        return new Floor(
                1 + googleBatches(0, series),
                1 + ceilDiv(series, multigetBatchSize),
                "1 list + ceil(" + series + " instance calls/" + googleBatchSize + ") batches",
                "1 REPORT + ceil(" + series + "/" + multigetBatchSize + ") multigets");
    }

    /**
     * Exceptions of {@code series} recurring series changed on Google: the delta lists the instances;
     * each series is one resource to PUT on CalDAV (its body known from before).
     */
    public Floor overridesOnGoogle(long series) {
        return new Floor(
                listPages(series),
                1 + series,
                "ceil(" + series + " delta items/" + googlePageSize + ") list pages",
                "1 REPORT + " + series + " PUT");
    }
}
