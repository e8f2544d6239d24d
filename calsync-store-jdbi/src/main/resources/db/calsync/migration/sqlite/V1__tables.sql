-- calsync store, schema version 1: the tables (SQLite).
-- Names follow the seed document; side A / side B replace its google_ / icloud_ prefixes.
-- Times are ISO-8601 UTC text of fixed width, 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (sortable as text).
-- Enumerations are stored as lower-case names.

-- One row per pair of calendars kept in sync, with its tokens and its lease.
CREATE TABLE calendar_mappings (
    pair_id          TEXT    NOT NULL PRIMARY KEY,
    calendar_a       TEXT    NOT NULL,
    calendar_b       TEXT    NOT NULL,
    a_sync_token     TEXT,
    b_sync_token     TEXT,
    a_last_updated   TEXT,
    b_last_updated   TEXT,
    enabled          INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    lease_owner      TEXT,
    lease_expires_at TEXT,
    CHECK ((lease_owner IS NULL) = (lease_expires_at IS NULL))
);

-- One row per component (master, override or cancelled occurrence) of a pair.
-- recurrence_id: '' for a master or single event, otherwise 'D:YYYY-MM-DD' (all-day),
-- 'I:YYYY-MM-DDTHH:MM:SSZ' (an instant, UTC) or 'L:YYYY-MM-DDTHH:MM:SS' (floating, local time).
-- event_uid_sha256: SHA-256 of event_uid's UTF-8 bytes; the key uses it so that UIDs of any length
-- can be keyed (PostgreSQL's b-tree limits an entry to about 2.7 kB; the schemas are kept alike).
-- A side's columns are all NULL when the component does not (yet) exist on that side.
CREATE TABLE event_mappings (
    pair_id          TEXT    NOT NULL REFERENCES calendar_mappings (pair_id) ON DELETE CASCADE,
    event_uid        TEXT    NOT NULL,
    event_uid_sha256 BLOB    NOT NULL CHECK (length(event_uid_sha256) = 32),
    recurrence_id    TEXT    NOT NULL DEFAULT '',
    a_remote_id      TEXT,
    a_uid            TEXT,
    a_resource_url   TEXT,
    a_etag           TEXT,
    a_sequence       INTEGER,
    a_content_hash   TEXT,
    b_remote_id      TEXT,
    b_uid            TEXT,
    b_resource_url   TEXT,
    b_etag           TEXT,
    b_sequence       INTEGER,
    b_content_hash   TEXT,
    sync_status      TEXT    NOT NULL DEFAULT 'active'
        CHECK (sync_status IN ('active', 'deleted', 'orphaned', 'quarantined')),
    updated_at       TEXT    NOT NULL,
    PRIMARY KEY (pair_id, event_uid_sha256, recurrence_id),
    CHECK ((a_remote_id IS NULL AND a_uid IS NULL AND a_resource_url IS NULL AND a_etag IS NULL
            AND a_sequence IS NULL AND a_content_hash IS NULL)
        OR (a_remote_id IS NOT NULL AND a_uid IS NOT NULL AND a_sequence IS NOT NULL
            AND a_content_hash IS NOT NULL)),
    CHECK ((b_remote_id IS NULL AND b_uid IS NULL AND b_resource_url IS NULL AND b_etag IS NULL
            AND b_sequence IS NULL AND b_content_hash IS NULL)
        OR (b_remote_id IS NOT NULL AND b_uid IS NOT NULL AND b_sequence IS NOT NULL
            AND b_content_hash IS NOT NULL))
);

-- The operation journal: every write and every deletion decision, with its evidence and rule.
-- seq orders entries recorded at the same time.
CREATE TABLE sync_operations (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    pair_id           TEXT    NOT NULL REFERENCES calendar_mappings (pair_id) ON DELETE CASCADE,
    created_at        TEXT    NOT NULL,
    event_uid         TEXT,
    target_side       TEXT    CHECK (target_side IN ('a', 'b')),
    operation         TEXT    NOT NULL
        CHECK (operation IN ('create', 'update', 'delete', 'adopt', 'orphan', 'quarantine')),
    deletion_evidence TEXT    NOT NULL CHECK (deletion_evidence IN ('token_delta', 'direct_lookup', 'none')),
    deciding_rule     TEXT
        CHECK (deciding_rule IN ('content_equal', 'sequence', 'timestamp', 'preferred_side', 'callback')),
    outcome           TEXT    NOT NULL CHECK (outcome IN ('applied', 'retry_queued', 'failed')),
    error             TEXT
);

-- The retry queue: series whose writes kept failing, tried again at the next sync of their pair.
-- seq orders series queued at the same time (a re-queued series goes last).
CREATE TABLE retry_queue (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    pair_id          TEXT    NOT NULL REFERENCES calendar_mappings (pair_id) ON DELETE CASCADE,
    event_uid        TEXT    NOT NULL,
    event_uid_sha256 BLOB    NOT NULL CHECK (length(event_uid_sha256) = 32),
    attempts         INTEGER NOT NULL,
    last_error       TEXT,
    queued_at        TEXT    NOT NULL,
    UNIQUE (pair_id, event_uid_sha256)
);
