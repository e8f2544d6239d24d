-- The seed's tables (the Python tool, SQLAlchemy models CalendarMappingDB and EventMappingDB).
--
-- The seed's document shows only the ALTER TABLE statements below (verbatim) and the columns its
-- code and monitoring queries name. The CREATE TABLE statements are what those imply and are ASSUMED:
--   calendar_mappings: id, the two calendar ids, enabled (its monitoring query filters on it);
--   event_mappings: id, calendar_mapping_id (the pair a row belongs to), google_event_id,
--   icloud_event_id and content_hash (its EventMappingDB(...) calls), plus timestamps.
-- Statements are separated by lines holding only ';'. DATETIME is SQLite's spelling (the seed's own
-- ALTERs use it); on PostgreSQL SQLAlchemy writes TIMESTAMP WITHOUT TIME ZONE.

CREATE TABLE calendar_mappings (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    name VARCHAR(255),
    google_calendar_id VARCHAR(255) NOT NULL,
    icloud_calendar_id VARCHAR(1000) NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at DATETIME,
    updated_at DATETIME
)
;
CREATE TABLE event_mappings (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    calendar_mapping_id VARCHAR(36) NOT NULL REFERENCES calendar_mappings (id),
    google_event_id VARCHAR(1024),
    icloud_event_id VARCHAR(1000),
    content_hash VARCHAR(64),
    last_synced_at DATETIME,
    created_at DATETIME,
    updated_at DATETIME
)
;
CREATE TABLE sync_operations (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    calendar_mapping_id VARCHAR(36) REFERENCES calendar_mappings (id),
    event_mapping_id VARCHAR(36),
    operation VARCHAR(20) NOT NULL,
    sync_direction VARCHAR(30),
    sync_token_used BOOLEAN,
    created_at DATETIME
)
;
-- From the seed's "Database Schema Changes", verbatim.
ALTER TABLE calendar_mappings ADD COLUMN google_sync_token VARCHAR(1000)
;
ALTER TABLE calendar_mappings ADD COLUMN icloud_sync_token VARCHAR(1000)
;
ALTER TABLE calendar_mappings ADD COLUMN google_last_updated DATETIME
;
ALTER TABLE calendar_mappings ADD COLUMN icloud_last_updated DATETIME
;
ALTER TABLE event_mappings ADD COLUMN google_ical_uid VARCHAR(255)
;
ALTER TABLE event_mappings ADD COLUMN icloud_uid VARCHAR(255)
;
ALTER TABLE event_mappings ADD COLUMN event_uid VARCHAR(255)
;
ALTER TABLE event_mappings ADD COLUMN icloud_resource_url VARCHAR(1000)
;
ALTER TABLE event_mappings ADD COLUMN google_self_link VARCHAR(1000)
;
ALTER TABLE event_mappings ADD COLUMN google_sequence INTEGER DEFAULT 0
;
ALTER TABLE event_mappings ADD COLUMN icloud_sequence INTEGER DEFAULT 0
;
ALTER TABLE event_mappings ADD COLUMN sync_status VARCHAR(20) DEFAULT 'active'
;
CREATE INDEX idx_event_mappings_google_ical_uid ON event_mappings(google_ical_uid)
;
CREATE INDEX idx_event_mappings_icloud_uid ON event_mappings(icloud_uid)
;
CREATE INDEX idx_event_mappings_event_uid ON event_mappings(event_uid)
;
CREATE INDEX idx_event_mappings_sync_status ON event_mappings(sync_status)
;
