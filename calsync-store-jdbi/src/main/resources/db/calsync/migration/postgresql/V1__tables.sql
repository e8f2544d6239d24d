-- calsync store, schema version 1: the tables (PostgreSQL).
-- Names follow the seed document; side A / side B replace its google_ / icloud_ prefixes.
-- Ids sort in collation "C" (code point order, as calsync sorts them in Java).
-- Enumerations are stored as lower-case names.

-- One row per pair of calendars kept in sync, with its tokens and its lease.
CREATE TABLE calendar_mappings (
    pair_id          text COLLATE "C" NOT NULL PRIMARY KEY,
    calendar_a       text        NOT NULL,
    calendar_b       text        NOT NULL,
    a_sync_token     text,
    b_sync_token     text,
    a_last_updated   timestamptz,
    b_last_updated   timestamptz,
    enabled          boolean     NOT NULL DEFAULT true,
    lease_owner      text,
    lease_expires_at timestamptz,
    CHECK ((lease_owner IS NULL) = (lease_expires_at IS NULL))
);

-- One row per component (master, override or cancelled occurrence) of a pair.
-- recurrence_id: '' for a master or single event, otherwise 'D:YYYY-MM-DD' (all-day),
-- 'I:YYYY-MM-DDTHH:MM:SSZ' (an instant, UTC) or 'L:YYYY-MM-DDTHH:MM:SS' (floating, local time).
-- event_uid_sha256: SHA-256 of event_uid's UTF-8 bytes, i.e. sha256(convert_to(event_uid, 'UTF8')).
-- The key uses it because a b-tree entry is limited to about 2.7 kB and UIDs can be longer.
-- A side's columns are all NULL when the component does not (yet) exist on that side.
CREATE TABLE event_mappings (
    pair_id          text COLLATE "C" NOT NULL REFERENCES calendar_mappings (pair_id) ON DELETE CASCADE,
    event_uid        text COLLATE "C" NOT NULL,
    event_uid_sha256 bytea       NOT NULL CHECK (length(event_uid_sha256) = 32),
    recurrence_id    text COLLATE "C" NOT NULL DEFAULT '',
    a_remote_id      text,
    a_uid            text,
    a_resource_url   text,
    a_etag           text,
    a_sequence       integer,
    a_content_hash   text,
    b_remote_id      text,
    b_uid            text,
    b_resource_url   text,
    b_etag           text,
    b_sequence       integer,
    b_content_hash   text,
    sync_status      text        NOT NULL DEFAULT 'active'
        CHECK (sync_status IN ('active', 'deleted', 'orphaned', 'quarantined')),
    updated_at       timestamptz NOT NULL,
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
    seq               bigserial   PRIMARY KEY,
    pair_id           text COLLATE "C" NOT NULL REFERENCES calendar_mappings (pair_id) ON DELETE CASCADE,
    created_at        timestamptz NOT NULL,
    event_uid         text,
    target_side       text        CHECK (target_side IN ('a', 'b')),
    operation         text        NOT NULL
        CHECK (operation IN ('create', 'update', 'delete', 'adopt', 'orphan', 'quarantine')),
    deletion_evidence text        NOT NULL CHECK (deletion_evidence IN ('token_delta', 'direct_lookup', 'none')),
    deciding_rule     text
        CHECK (deciding_rule IN ('content_equal', 'sequence', 'timestamp', 'preferred_side', 'callback')),
    outcome           text        NOT NULL CHECK (outcome IN ('applied', 'retry_queued', 'failed')),
    error             text
);

-- The retry queue: series whose writes kept failing, tried again at the next sync of their pair.
-- seq orders series queued at the same time (a re-queued series takes a new one and goes last).
CREATE TABLE retry_queue (
    seq              bigserial   PRIMARY KEY,
    pair_id          text COLLATE "C" NOT NULL REFERENCES calendar_mappings (pair_id) ON DELETE CASCADE,
    event_uid        text COLLATE "C" NOT NULL,
    event_uid_sha256 bytea       NOT NULL CHECK (length(event_uid_sha256) = 32),
    attempts         integer     NOT NULL,
    last_error       text,
    queued_at        timestamptz NOT NULL,
    UNIQUE (pair_id, event_uid_sha256)
);
