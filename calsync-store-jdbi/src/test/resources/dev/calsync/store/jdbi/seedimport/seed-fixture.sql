-- A seed database as the Python tool left it: one pair, Google (family@group.calendar.google.com)
-- and an iCloud calendar whose collection URL replaces {icloud} (it ends with '/'). The Google ids are
-- Google's own random ids: the seed created its Google events without an id (before its fix #4), so
-- Google also gave them its default iCalUID <id>@google.com. Statements are separated by lines
-- holding only ';'.
--
--  row  what                                            google_ical_uid vs the iCloud UID
--  e1   a single event made on iCloud                   differs (Google's default)  -> tag
--  e2   a single event made on Google                   equal (the seed copied Google's UID)
--  e3   a weekly series made on iCloud                  differs                      -> tag
--  e4   e3's moved occurrence (a Google instance)       differs                      -> tag, folded into e3
--  e5   a party deleted on both sides (sync_status 'deleted')
--  e6   a Google event the seed never copied (no iCloud id)
--  e7   a lunch the seed had lost sight of (sync_status 'orphaned'), with equal UIDs

INSERT INTO calendar_mappings (id, name, google_calendar_id, icloud_calendar_id, enabled, created_at, updated_at,
                               google_sync_token, icloud_sync_token, google_last_updated, icloud_last_updated)
VALUES ('1', 'Family', 'family@group.calendar.google.com', '{icloud}', TRUE, '2024-01-05 10:00:00', '2024-06-01 08:00:00',
        'CPDAlvWDx70CEPDAlvWDx70CGAU=', 'HwoQEgwAAEpz2hF0AAAAAAAAGAEYAiIWCJ7bi5fXp7b', '2024-06-01 08:00:00', '2024-06-01 08:00:00')
;
INSERT INTO event_mappings (id, calendar_mapping_id, google_event_id, icloud_event_id, content_hash,
                            google_ical_uid, icloud_uid, event_uid, icloud_resource_url, google_self_link,
                            google_sequence, icloud_sequence, sync_status)
VALUES ('e1', '1', 'k9p346n3d25rq4f5r37e3p3e28', 'dentist.ics', '5d41402abc4b2a76b9719d911017c592',
        'k9p346n3d25rq4f5r37e3p3e28@google.com', 'dentist-2030@example.org', 'dentist-2030@example.org',
        '{icloud}dentist.ics',
        'https://www.googleapis.com/calendar/v3/calendars/family@group.calendar.google.com/events/k9p346n3d25rq4f5r37e3p3e28',
        0, 0, 'active')
;
INSERT INTO event_mappings (id, calendar_mapping_id, google_event_id, icloud_event_id, content_hash,
                            google_ical_uid, icloud_uid, event_uid, icloud_resource_url, google_self_link,
                            google_sequence, icloud_sequence, sync_status)
VALUES ('e2', '1', 'iq97jb6cn643dvrkttnjfbf5jv', 'F3A1C0DE-2B7E-4C1A-9D55-0E5A3B6C7D8E.ics', '7d793037a0760186574b0282f2f435e7',
        'iq97jb6cn643dvrkttnjfbf5jv@google.com', 'iq97jb6cn643dvrkttnjfbf5jv@google.com', 'iq97jb6cn643dvrkttnjfbf5jv@google.com',
        NULL, NULL, 0, 0, 'active')
;
INSERT INTO event_mappings (id, calendar_mapping_id, google_event_id, icloud_event_id, content_hash,
                            google_ical_uid, icloud_uid, event_uid, icloud_resource_url, google_self_link,
                            google_sequence, icloud_sequence, sync_status)
VALUES ('e3', '1', 'lsi47qal9vq24klmvt45hu43js', 'standup.ics', '9e107d9d372bb6826bd81d3542a419d6',
        'lsi47qal9vq24klmvt45hu43js@google.com', 'standup-7@example.org', 'standup-7@example.org',
        '{icloud}standup.ics', NULL, 0, 0, 'active')
;
INSERT INTO event_mappings (id, calendar_mapping_id, google_event_id, icloud_event_id, content_hash,
                            google_ical_uid, icloud_uid, event_uid, icloud_resource_url, google_self_link,
                            google_sequence, icloud_sequence, sync_status)
VALUES ('e4', '1', 'lsi47qal9vq24klmvt45hu43js_20300311T090000Z', 'standup.ics', 'e4d909c290d0fb1ca068ffaddf22cbd0',
        'lsi47qal9vq24klmvt45hu43js@google.com', 'standup-7@example.org', 'standup-7@example.org',
        '{icloud}standup.ics', NULL, 1, 1, 'active')
;
INSERT INTO event_mappings (id, calendar_mapping_id, google_event_id, icloud_event_id, content_hash,
                            google_ical_uid, icloud_uid, event_uid, icloud_resource_url, google_self_link,
                            google_sequence, icloud_sequence, sync_status)
VALUES ('e5', '1', 'iom1tma7v3di8fppv5asph8rhq', 'party.ics', 'd8e8fca2dc0f896fd7cb4cb0031ba249',
        'party-1@example.org', 'party-1@example.org', 'party-1@example.org',
        '{icloud}party.ics', NULL, 0, 0, 'deleted')
;
INSERT INTO event_mappings (id, calendar_mapping_id, google_event_id, icloud_event_id, content_hash,
                            google_ical_uid, icloud_uid, event_uid, icloud_resource_url, google_self_link,
                            google_sequence, icloud_sequence, sync_status)
VALUES ('e6', '1', 'moe95b9ee0vbgi09qnk83tpppp', NULL, '6f8db599de986fab7a21625b7916589c',
        'moe95b9ee0vbgi09qnk83tpppp@google.com', NULL, 'moe95b9ee0vbgi09qnk83tpppp@google.com',
        NULL, NULL, 0, 0, 'active')
;
INSERT INTO event_mappings (id, calendar_mapping_id, google_event_id, icloud_event_id, content_hash,
                            google_ical_uid, icloud_uid, event_uid, icloud_resource_url, google_self_link,
                            google_sequence, icloud_sequence, sync_status)
VALUES ('e7', '1', '6up3c4dsa7l36096n14do9gmnu', 'lunch.ics', '1f3870be274f6c49b3e31a0c6728957f',
        'lunch-3@example.org', 'lunch-3@example.org', 'lunch-3@example.org',
        '{icloud}lunch.ics', NULL, 0, 0, 'orphaned')
;
