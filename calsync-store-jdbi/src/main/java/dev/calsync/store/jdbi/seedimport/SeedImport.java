package dev.calsync.store.jdbi.seedimport;

import dev.calsync.core.Side;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.spi.CalendarPair;
import dev.calsync.core.spi.EventMapping;
import dev.calsync.core.spi.MappingStore;
import dev.calsync.core.spi.SideMapping;
import dev.calsync.core.spi.SyncStatus;
import dev.calsync.store.jdbi.seedimport.SeedImportException.Problem;
import dev.calsync.store.jdbi.seedimport.SeedImportReport.GoogleUidTag;
import dev.calsync.store.jdbi.seedimport.SeedImportReport.ImportedPair;
import dev.calsync.store.jdbi.seedimport.SeedImportReport.SkippedRow;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Imports the seed's Python tool's database into a calsync {@link MappingStore}: each {@code
 * calendar_mappings} row becomes a {@link CalendarPair}, and the {@code event_mappings} rows of one
 * series become one {@link EventMapping} keyed by the series' UID, holding the Google event id and
 * the iCloud href the seed paired. It reads the seed (SQLite or PostgreSQL, through any {@link
 * DataSource}) and never writes to it; it writes the target in one transaction, so a failed import
 * leaves the target as it was.
 *
 * <p>What it carries over, and how:
 *
 * <ul>
 *   <li>Google is side A unless {@link Builder#googleSide} says otherwise; iCloud is the other side.
 *   <li>The series' UID is the iCloud UID ({@code icloud_uid}), else {@code event_uid}, else {@code
 *       google_ical_uid} (a mapping with no iCloud side takes {@code google_ical_uid} first). The
 *       Google events whose recorded {@code google_ical_uid} is not that UID are listed in {@link
 *       SeedImportReport#googleUidTags()}: calsync's Google provider reads them under their own
 *       {@code iCalUID}, so they must be tagged before the first sync.
 *   <li>The CalDAV href is the path of {@code icloud_resource_url}, else {@code icloud_event_id} (a
 *       URL, a path, or a name resolved against the calendar's URL).
 *   <li>{@code sync_status} {@code active} (or NULL, the column's default), {@code deleted} and
 *       {@code orphaned} become {@link SyncStatus#ACTIVE}, {@link SyncStatus#DELETED} and {@link
 *       SyncStatus#ORPHANED}. A series with a live row and {@code deleted} rows is live.
 *   <li>The sync tokens are dropped: the first sync lists both sides fully, which is the only way
 *       calsync learns each event's content.
 *   <li>Every imported side's content hash is {@link #UNKNOWN_CONTENT}: the seed's {@code
 *       content_hash} is not calsync's canonical hash. No event hashes to it, so the first sync
 *       compares the two sides' content directly, as it does on a first mirror.
 * </ul>
 *
 * <p>Bad rows (no id on either side, no UID, an unknown {@code sync_status}, a duplicate mapping,
 * a pair without a calendar) fail the import with a {@link SeedImportException} naming the row,
 * unless the import was built with {@link BadRows#SKIP}: then they are left out and listed in the
 * report.
 */
public final class SeedImport {

    /**
     * The content hash of every imported side: 64 zeros, which no canonical form hashes to. The
     * engine compares hashes only for equality, so a side read in a sync never matches it and counts
     * as "changed"; when both sides are read, the engine compares their content with each other,
     * adopting equal content without writing.
     */
    public static final ContentHash UNKNOWN_CONTENT = new ContentHash("0".repeat(64));

    /** What to do with a row that cannot be imported. */
    public enum BadRows {
        /** Fail the whole import with a {@link SeedImportException}; the target is not changed. */
        FAIL,
        /** Leave the row out and list it in {@link SeedImportReport#skipped()}. */
        SKIP
    }

    static final String PAIRS = "calendar_mappings";
    static final String EVENTS = "event_mappings";
    private static final List<String> PAIR_COLUMNS = List.of(
            "id", "google_calendar_id", "icloud_calendar_id", "enabled", "google_sync_token", "icloud_sync_token");
    private static final List<String> EVENT_COLUMNS = List.of(
            "id",
            "calendar_mapping_id",
            "google_event_id",
            "icloud_event_id",
            "google_ical_uid",
            "icloud_uid",
            "event_uid",
            "icloud_resource_url",
            "google_self_link",
            "google_sequence",
            "icloud_sequence",
            "sync_status");

    private final Side googleSide;
    private final Function<String, String> pairIds;
    private final BadRows badRows;
    private final Clock clock;

    private SeedImport(Builder b) {
        this.googleSide = b.googleSide;
        this.pairIds = b.pairIds;
        this.badRows = b.badRows;
        this.clock = b.clock;
    }

    /**
     * Starts building an import.
     *
     * @return a builder with the defaults: Google on side A, pair ids {@code "seed-" + id}, a bad
     *     row fails the import
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A read-only DataSource on the seed's SQLite file.
     *
     * @param seedFile the seed's SQLite file
     * @return a DataSource that opens it read-only
     * @throws SeedImportException ({@link Problem#UNREADABLE}) if there is no such file
     */
    public static DataSource sqlite(Path seedFile) {
        Objects.requireNonNull(seedFile, "seedFile");
        if (!Files.isRegularFile(seedFile)) {
            throw new SeedImportException(
                    Problem.UNREADABLE, null, null, "no seed database file at " + seedFile.toAbsolutePath(), null);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + seedFile.toAbsolutePath());
        return ds;
    }

    /**
     * Reads and checks the seed's database and reports what an import would write, writing nothing.
     *
     * @param seed the seed's database
     * @return what an import would carry over
     * @throws SeedImportException if the seed cannot be read, or (with {@link BadRows#FAIL}) holds a
     *     bad row
     */
    public SeedImportReport preview(DataSource seed) {
        return plan(read(seed)).report(false);
    }

    /**
     * Imports the seed's database into {@code target}, in one transaction.
     *
     * @param target the calsync store
     * @param seed the seed's database
     * @return what was imported and what was not
     * @throws SeedImportException if the seed cannot be read, holds a bad row (with {@link
     *     BadRows#FAIL}), or a pair id is taken in {@code target}; {@code target} is then unchanged
     */
    public SeedImportReport importInto(MappingStore target, DataSource seed) {
        Objects.requireNonNull(target, "target");
        Plan plan = plan(read(seed));
        target.useTransaction(tx -> {
            for (CalendarPair pair : plan.pairs) {
                if (tx.pair(pair.pairId()).isPresent()) {
                    throw new SeedImportException(
                            Problem.PAIR_EXISTS,
                            null,
                            null,
                            "the target store already has a pair " + pair.pairId()
                                    + "; the seed was imported before, or another pair has that id",
                            null);
                }
                tx.putPair(pair);
            }
            plan.mappings.forEach(tx::putMapping);
        });
        return plan.report(true);
    }

    /**
     * {@link #importInto(MappingStore, DataSource)} from the seed's SQLite file, opened read-only.
     *
     * @param target the calsync store
     * @param seedFile the seed's SQLite file
     * @return what was imported and what was not
     * @throws SeedImportException as {@link #importInto(MappingStore, DataSource)} does
     */
    public SeedImportReport importInto(MappingStore target, Path seedFile) {
        return importInto(target, sqlite(seedFile));
    }

    // ------------------------------------------------------------------ reading

    private record PairRow(String id, String googleCalendar, String icloudCalendar, boolean enabled, int tokens) {}

    private record EventRow(
            String id,
            String pairSeedId,
            String googleId,
            String icloudId,
            String googleICalUid,
            String icloudUid,
            String eventUid,
            String icloudUrl,
            String googleSelfLink,
            int googleSequence,
            int icloudSequence,
            String status) {}

    private record Rows(List<PairRow> pairs, List<EventRow> events) {}

    private static Rows read(DataSource seed) {
        Objects.requireNonNull(seed, "seed");
        try (Connection c = seed.getConnection()) {
            requireColumns(c, PAIRS, PAIR_COLUMNS);
            requireColumns(c, EVENTS, EVENT_COLUMNS);
            List<PairRow> pairs = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT " + String.join(", ", PAIR_COLUMNS) + " FROM " + PAIRS + " ORDER BY id")) {
                while (rs.next()) {
                    int tokens = (text(rs.getString("google_sync_token")) == null ? 0 : 1)
                            + (text(rs.getString("icloud_sync_token")) == null ? 0 : 1);
                    boolean enabled = rs.getBoolean("enabled");
                    if (rs.wasNull()) {
                        enabled = true;
                    }
                    pairs.add(new PairRow(
                            rs.getString("id"),
                            text(rs.getString("google_calendar_id")),
                            text(rs.getString("icloud_calendar_id")),
                            enabled,
                            tokens));
                }
            }
            List<EventRow> events = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT " + String.join(", ", EVENT_COLUMNS) + " FROM " + EVENTS
                            + " ORDER BY calendar_mapping_id, id")) {
                while (rs.next()) {
                    events.add(new EventRow(
                            rs.getString("id"),
                            rs.getString("calendar_mapping_id"),
                            text(rs.getString("google_event_id")),
                            text(rs.getString("icloud_event_id")),
                            text(rs.getString("google_ical_uid")),
                            text(rs.getString("icloud_uid")),
                            text(rs.getString("event_uid")),
                            text(rs.getString("icloud_resource_url")),
                            text(rs.getString("google_self_link")),
                            rs.getInt("google_sequence"),
                            rs.getInt("icloud_sequence"),
                            rs.getString("sync_status")));
                }
            }
            return new Rows(pairs, events);
        } catch (SQLException e) {
            throw new SeedImportException(
                    Problem.UNREADABLE, null, null, "cannot read the seed's database: " + e.getMessage(), e);
        }
    }

    private static void requireColumns(Connection c, String table, List<String> columns) {
        Set<String> present = new HashSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                present.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
        } catch (SQLException e) {
            throw new SeedImportException(
                    Problem.SCHEMA, table, null, "the seed's database has no readable table " + table, e);
        }
        List<String> missing =
                columns.stream().filter(col -> !present.contains(col)).toList();
        if (!missing.isEmpty()) {
            throw new SeedImportException(
                    Problem.SCHEMA,
                    table,
                    null,
                    "the seed's table " + table + " lacks the columns " + missing
                            + " (run the seed's own migration, alembic upgrade head, first)",
                    null);
        }
    }

    private static String text(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    // ------------------------------------------------------------------ planning

    /** What one import writes, and its report. */
    private static final class Plan {
        final List<CalendarPair> pairs = new ArrayList<>();
        final List<ImportedPair> imported = new ArrayList<>();
        final List<EventMapping> mappings = new ArrayList<>();
        final List<GoogleUidTag> tags = new ArrayList<>();
        final List<SkippedRow> skipped = new ArrayList<>();
        int folded;
        int tokensDropped;

        SeedImportReport report(boolean written) {
            int active = 0;
            int deleted = 0;
            int orphaned = 0;
            int oneSided = 0;
            for (EventMapping m : mappings) {
                switch (m.status()) {
                    case ACTIVE -> active++;
                    case DELETED -> deleted++;
                    case ORPHANED -> orphaned++;
                    default -> throw new IllegalStateException("not imported: " + m.status());
                }
                if (m.a() == null || m.b() == null) {
                    oneSided++;
                }
            }
            return new SeedImportReport(
                    written, imported, active, deleted, orphaned, oneSided, folded, tokensDropped, tags, skipped);
        }
    }

    /** A row that passed the checks: its status, series UID and each side's place. */
    private record Candidate(
            EventRow row, SyncStatus status, String uid, String googleId, String href, String hrefUrl) {}

    private Plan plan(Rows rows) {
        Plan plan = new Plan();
        Instant now = clock.instant();
        Map<String, PairRow> pairsBySeedId = new HashMap<>();
        Map<String, String> pairIdBySeedId = new HashMap<>();
        Set<String> pairIdsUsed = new HashSet<>();
        for (PairRow p : rows.pairs) {
            if (p.googleCalendar == null || p.icloudCalendar == null) {
                bad(
                        plan,
                        PAIRS,
                        p.id,
                        Problem.NO_CALENDAR,
                        "has no " + (p.googleCalendar == null ? "google_calendar_id" : "icloud_calendar_id"));
                continue;
            }
            String pairId = Objects.requireNonNull(pairIds.apply(p.id), "pair id for seed pair " + p.id);
            if (!pairIdsUsed.add(pairId)) {
                throw new SeedImportException(
                        Problem.PAIR_EXISTS, PAIRS, p.id, "two seed pairs get the calsync pair id " + pairId, null);
            }
            String a = googleSide == Side.A ? p.googleCalendar : p.icloudCalendar;
            String b = googleSide == Side.A ? p.icloudCalendar : p.googleCalendar;
            plan.pairs.add(new CalendarPair(pairId, a, b, null, null, null, null, p.enabled));
            plan.imported.add(new ImportedPair(p.id, pairId, a, b, p.enabled));
            plan.tokensDropped += p.tokens;
            pairsBySeedId.put(p.id, p);
            pairIdBySeedId.put(p.id, pairId);
        }

        // Per pair: the accepted rows by series UID, and which series each Google event and iCloud
        // resource already belongs to (live rows only: deleted history may repeat itself).
        Map<String, Map<String, List<Candidate>>> seriesByPair = new LinkedHashMap<>();
        Map<String, Map<String, String>> uidByGoogleId = new HashMap<>();
        Map<String, Map<String, String>> hrefByUid = new HashMap<>();
        for (EventRow r : rows.events) {
            PairRow pair = r.pairSeedId == null ? null : pairsBySeedId.get(r.pairSeedId);
            if (pair == null) {
                bad(
                        plan,
                        EVENTS,
                        r.id,
                        Problem.UNKNOWN_PAIR,
                        "names calendar_mapping_id " + r.pairSeedId
                                + ", which is not an imported calendar_mappings row");
                continue;
            }
            Candidate c = candidate(plan, r, pair);
            if (c == null) {
                continue;
            }
            String pairId = pairIdBySeedId.get(r.pairSeedId);
            if (c.status != SyncStatus.DELETED) {
                Map<String, String> googleIds = uidByGoogleId.computeIfAbsent(pairId, k -> new HashMap<>());
                if (c.googleId != null
                        && googleIds.containsKey(c.googleId)
                        && !googleIds.get(c.googleId).equals(c.uid)) {
                    bad(
                            plan,
                            EVENTS,
                            r.id,
                            Problem.DUPLICATE_MAPPING,
                            "maps Google event " + c.googleId + " to another series than an earlier row does");
                    continue;
                }
                Map<String, String> hrefs = hrefByUid.computeIfAbsent(pairId, k -> new HashMap<>());
                if (c.href != null
                        && hrefs.containsKey(c.uid)
                        && !hrefs.get(c.uid).equals(c.href)) {
                    bad(
                            plan,
                            EVENTS,
                            r.id,
                            Problem.DUPLICATE_MAPPING,
                            "maps its series to another iCloud resource (" + c.href + ") than an earlier row does ("
                                    + hrefs.get(c.uid) + ")");
                    continue;
                }
                if (c.googleId != null) {
                    googleIds.put(c.googleId, c.uid);
                }
                if (c.href != null) {
                    hrefs.put(c.uid, c.href);
                }
            }
            seriesByPair
                    .computeIfAbsent(pairId, k -> new LinkedHashMap<>())
                    .computeIfAbsent(c.uid, k -> new ArrayList<>())
                    .add(c);
        }

        for (Map.Entry<String, Map<String, List<Candidate>>> byPair : seriesByPair.entrySet()) {
            String pairId = byPair.getKey();
            CalendarPair pair = plan.pairs.stream()
                    .filter(p -> p.pairId().equals(pairId))
                    .findFirst()
                    .orElseThrow();
            String googleCalendar = pair.calendar(googleSide);
            for (Map.Entry<String, List<Candidate>> series : byPair.getValue().entrySet()) {
                String uid = series.getKey();
                List<Candidate> all = series.getValue();
                List<Candidate> live =
                        all.stream().filter(c -> c.status != SyncStatus.DELETED).toList();
                List<Candidate> used = live.isEmpty() ? all : live;
                SyncStatus status = live.isEmpty()
                        ? SyncStatus.DELETED
                        : live.stream().anyMatch(c -> c.status == SyncStatus.ACTIVE)
                                ? SyncStatus.ACTIVE
                                : SyncStatus.ORPHANED;
                Candidate google = null;
                Candidate icloud = null;
                for (Candidate c : used) {
                    // The master's id is the shortest (an instance's id extends it); the first row wins a tie.
                    if (c.googleId != null && (google == null || c.googleId.length() < google.googleId.length())) {
                        google = c;
                    }
                    if (c.href != null && icloud == null) {
                        icloud = c;
                    }
                }
                SideMapping g = google == null
                        ? null
                        : new SideMapping(
                                google.googleId,
                                uid,
                                google.row.googleSelfLink,
                                null,
                                Math.max(0, google.row.googleSequence),
                                UNKNOWN_CONTENT);
                SideMapping i = icloud == null
                        ? null
                        : new SideMapping(
                                icloud.href,
                                uid,
                                icloud.hrefUrl,
                                null,
                                Math.max(0, icloud.row.icloudSequence),
                                UNKNOWN_CONTENT);
                SideMapping a = googleSide == Side.A ? g : i;
                SideMapping b = googleSide == Side.A ? i : g;
                plan.mappings.add(new EventMapping(pairId, EventKey.master(uid), a, b, status, now));
                plan.folded += all.size() - 1;
                if (status != SyncStatus.DELETED) {
                    Set<String> tagged = new HashSet<>();
                    for (Candidate c : live) {
                        if (c.googleId != null && !uid.equals(c.row.googleICalUid) && tagged.add(c.googleId)) {
                            plan.tags.add(
                                    new GoogleUidTag(pairId, googleCalendar, c.googleId, c.row.googleICalUid, uid));
                        }
                    }
                }
            }
        }
        return plan;
    }

    /** The row checked and placed, or null if it is bad (and skipped). */
    private Candidate candidate(Plan plan, EventRow r, PairRow pair) {
        SyncStatus status = status(r.status);
        if (status == null) {
            bad(
                    plan,
                    EVENTS,
                    r.id,
                    Problem.UNKNOWN_SYNC_STATUS,
                    "has sync_status '" + r.status + "' (known: active, deleted, orphaned)");
            return null;
        }
        String hrefUrl = null;
        String href = null;
        String place = r.icloudUrl != null ? r.icloudUrl : r.icloudId;
        if (place != null) {
            URI resolved = resolve(pair.icloudCalendar, place);
            href = resolved == null
                            || resolved.getRawPath() == null
                            || resolved.getRawPath().isEmpty()
                    ? place
                    : resolved.getRawPath();
            hrefUrl = resolved != null && resolved.isAbsolute() ? resolved.toString() : null;
        }
        if (r.googleId == null && href == null) {
            bad(
                    plan,
                    EVENTS,
                    r.id,
                    Problem.NO_REMOTE_ID,
                    "has neither google_event_id nor icloud_event_id " + "nor icloud_resource_url");
            return null;
        }
        String uid = href != null
                ? first(r.icloudUid, r.eventUid, r.googleICalUid)
                : first(r.googleICalUid, r.eventUid, r.icloudUid);
        if (uid == null) {
            bad(plan, EVENTS, r.id, Problem.NO_UID, "has no icloud_uid, event_uid or google_ical_uid");
            return null;
        }
        return new Candidate(r, status, uid, r.googleId, href, hrefUrl);
    }

    /** {@code place} as a URI, relative names resolved against the calendar's URL; null if it is no URI. */
    private static URI resolve(String calendar, String place) {
        try {
            URI p = new URI(place);
            if (p.isAbsolute()) {
                return p;
            }
            URI base = new URI(calendar.endsWith("/") ? calendar : calendar + "/");
            return base.isAbsolute() ? base.resolve(p) : p;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static SyncStatus status(String value) {
        String s = text(value);
        if (s == null) {
            return SyncStatus.ACTIVE;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "active" -> SyncStatus.ACTIVE;
            case "deleted" -> SyncStatus.DELETED;
            case "orphaned" -> SyncStatus.ORPHANED;
            default -> null;
        };
    }

    private void bad(Plan plan, String table, String rowId, Problem problem, String reason) {
        if (badRows == BadRows.FAIL) {
            throw new SeedImportException(problem, table, rowId, table + " row " + rowId + " " + reason, null);
        }
        plan.skipped.add(new SkippedRow(table, rowId, problem, reason));
    }

    /** Builds a {@link SeedImport}. */
    public static final class Builder {
        private Side googleSide = Side.A;
        private Function<String, String> pairIds = id -> "seed-" + id;
        private BadRows badRows = BadRows.FAIL;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * The side Google is on in the engine that will sync the pairs (default {@link Side#A}).
         *
         * @param side Google's side
         * @return this builder
         */
        public Builder googleSide(Side side) {
            this.googleSide = Objects.requireNonNull(side, "side");
            return this;
        }

        /**
         * calsync's pair id for a seed {@code calendar_mappings.id} (default {@code "seed-" + id}).
         *
         * @param pairIdOfSeedId the pair id of each seed id
         * @return this builder
         */
        public Builder pairIds(Function<String, String> pairIdOfSeedId) {
            this.pairIds = Objects.requireNonNull(pairIdOfSeedId, "pairIdOfSeedId");
            return this;
        }

        /**
         * What to do with a bad row (default {@link BadRows#FAIL}).
         *
         * @param policy fail the import, or skip and report the row
         * @return this builder
         */
        public Builder badRows(BadRows policy) {
            this.badRows = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The clock that stamps the imported mappings (default the system clock).
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** {@return the import} */
        public SeedImport build() {
            return new SeedImport(this);
        }
    }
}
