-- calsync store, schema version 2: an index for every lookup the engine does (SQLite).
-- By key and by UID: the primary key (pair_id, event_uid_sha256, recurrence_id).

-- The seed's four indexes.
CREATE INDEX idx_event_mappings_a_uid ON event_mappings (a_uid);
CREATE INDEX idx_event_mappings_b_uid ON event_mappings (b_uid);
CREATE INDEX idx_event_mappings_event_uid ON event_mappings (event_uid);
CREATE INDEX idx_event_mappings_sync_status ON event_mappings (sync_status, pair_id);

-- By each side's remote id (several components share one CalDAV href).
CREATE INDEX idx_event_mappings_a_remote_id ON event_mappings (pair_id, a_remote_id);
CREATE INDEX idx_event_mappings_b_remote_id ON event_mappings (pair_id, b_remote_id);

-- The journal of a pair since a time, and all journals since a time (health).
CREATE INDEX idx_sync_operations_pair_time ON sync_operations (pair_id, created_at, seq);
CREATE INDEX idx_sync_operations_time ON sync_operations (created_at);

-- The retry queue of a pair in order.
CREATE INDEX idx_retry_queue_pair_time ON retry_queue (pair_id, queued_at, seq);

-- Pairs that may be claimed.
CREATE INDEX idx_calendar_mappings_lease ON calendar_mappings (enabled, lease_expires_at);
