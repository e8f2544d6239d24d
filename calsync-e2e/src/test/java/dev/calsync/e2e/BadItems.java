package dev.calsync.e2e;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The malformed and extreme items scenario 6 plants among a normal workload, on both sides: their
 * UIDs, where they are stored, and their bodies. None is recorded in the {@link Ledger}: they are
 * not series a user made and calsync must carry, so the invariants see them as strays, which the
 * test sets aside by {@link #uids()}.
 */
final class BadItems {
    /** Bytes of the huge DESCRIPTION. */
    static final int HUGE_DESCRIPTION = 5 * 1024 * 1024;

    private BadItems() {}

    /** What calsync must make of a planted item. */
    enum Fate {
        /** Unreadable: quarantined with a reason, copied nowhere, left alone. */
        QUARANTINED,
        /** One of two components with one key on a side: reported as a duplicate, one copy used. */
        DUPLICATE,
        /** Valid however extreme (no end, huge): synced like any series, in bounded time and memory. */
        SYNCED
    }

    /** Where a CalDAV item is stored on Radicale. */
    enum Storage {
        /** PUT by another client; Radicale accepts it. */
        PUT,
        /** Written into Radicale's storage directly (Radicale refuses a second resource with a UID on PUT). */
        SEEDED,
        /** A valid placeholder on Radicale whose body {@link BadCalDavFront} replaces with this one. */
        FRONT
    }

    /**
     * One CalDAV item.
     *
     * @param name the resource name
     * @param uid the UID it holds (for a broken body, the placeholder's)
     * @param what what is wrong with it
     * @param reason what the quarantine reason must say (for {@link Fate#QUARANTINED})
     * @param body the body Radicale stores (or the front serves, for {@link Storage#FRONT})
     */
    record DavItem(String name, String uid, String what, Fate fate, String reason, Storage storage, String body) {}

    /**
     * One Google item, stored verbatim with {@code putRaw}.
     *
     * @param eventId its Google id
     * @param uid its iCalUID
     * @param what what is wrong with it
     * @param reason what the quarantine reason must say (for {@link Fate#QUARANTINED})
     * @param json the raw event
     */
    record GoogleItem(String eventId, String uid, String what, Fate fate, String reason, String json) {}

    static List<DavItem> caldav() {
        List<DavItem> items = new ArrayList<>();
        items.add(new DavItem(
                "bad-no-colon.ics",
                "bad-no-colon",
                "a line without a colon",
                Fate.QUARANTINED,
                "not an iCalendar content line: 'THIS LINE HAS NO COLON'",
                Storage.FRONT,
                vcalendar(vevent("bad-no-colon", "DTSTART:20270301T100000Z", "DTEND:20270301T110000Z")
                        .replace("SUMMARY:", "THIS LINE HAS NO COLON\r\nSUMMARY:"))));
        items.add(new DavItem(
                "bad-folding.ics",
                "bad-folding",
                "a folded line whose continuation lacks the leading space",
                Fate.QUARANTINED,
                "not an iCalendar content line: 'forgot the space",
                Storage.FRONT,
                vcalendar(vevent("bad-folding", "DTSTART:20270302T100000Z", "DTEND:20270302T110000Z")
                        .replace(
                                "SUMMARY:bad-folding",
                                "SUMMARY:a summary folded at seventy-five octets by a client that\r\n"
                                        + "forgot the space before the continuation"))));
        items.add(new DavItem(
                "bad-no-dtstart.ics",
                "bad-no-dtstart",
                "a VEVENT without DTSTART",
                Fate.QUARANTINED,
                "DTSTART: missing",
                Storage.FRONT,
                vcalendar(vevent("bad-no-dtstart", "DTEND:20270303T110000Z"))));
        items.add(new DavItem(
                "bad-unknown-tzid.ics",
                "bad-unknown-tzid",
                "a TZID no VTIMEZONE defines and no tz database knows",
                Fate.QUARANTINED,
                "unknown time zone 'Mars/Olympus_Mons'",
                Storage.PUT,
                vcalendar(vevent(
                        "bad-unknown-tzid",
                        "DTSTART;TZID=Mars/Olympus_Mons:20270304T100000",
                        "DTEND;TZID=Mars/Olympus_Mons:20270304T110000"))));
        items.add(new DavItem(
                "bad-secondly.ics",
                "bad-secondly",
                "RRULE:FREQ=SECONDLY without COUNT or UNTIL",
                Fate.SYNCED,
                null,
                Storage.PUT,
                vcalendar(vevent(
                        "bad-secondly", "DTSTART:20270305T100000Z", "DTEND:20270305T100001Z", "RRULE:FREQ=SECONDLY"))));
        items.add(new DavItem(
                "bad-daily.ics",
                "bad-daily",
                "RRULE:FREQ=DAILY without COUNT or UNTIL",
                Fate.SYNCED,
                null,
                Storage.PUT,
                vcalendar(vevent(
                        "bad-daily", "DTSTART:20270306T100000Z", "DTEND:20270306T110000Z", "RRULE:FREQ=DAILY"))));
        items.add(new DavItem(
                "bad-huge.ics",
                "bad-huge",
                "a 5 MB DESCRIPTION",
                Fate.SYNCED,
                null,
                Storage.PUT,
                vcalendar(vevent(
                        "bad-huge",
                        "DTSTART:20270307T100000Z",
                        "DTEND:20270307T110000Z",
                        fold("DESCRIPTION:" + "0123456789abcdef".repeat(HUGE_DESCRIPTION / 16))))));
        items.add(new DavItem(
                "bad-dup-caldav-1.ics",
                "bad-dup-caldav",
                "the first of two resources holding one UID",
                Fate.DUPLICATE,
                null,
                Storage.PUT,
                vcalendar(vevent("bad-dup-caldav", "DTSTART:20270308T100000Z", "DTEND:20270308T110000Z"))));
        items.add(new DavItem(
                "bad-dup-caldav-2.ics",
                "bad-dup-caldav",
                "the second of two resources holding one UID",
                Fate.DUPLICATE,
                null,
                Storage.SEEDED,
                vcalendar(vevent("bad-dup-caldav", "DTSTART:20270308T100000Z", "DTEND:20270308T110000Z"))));
        return items;
    }

    static List<GoogleItem> google() {
        List<GoogleItem> items = new ArrayList<>();
        items.add(new GoogleItem(
                "badnostart001",
                "bad-g-no-start",
                "an event without start",
                Fate.QUARANTINED,
                "start: missing",
                "{\"iCalUID\":\"bad-g-no-start\",\"status\":\"confirmed\",\"summary\":\"no start\","
                        + "\"end\":{\"dateTime\":\"2027-03-10T11:00:00Z\"}}"));
        items.add(new GoogleItem(
                "badbackwards01",
                "bad-g-backwards",
                "an event that ends before it starts",
                Fate.QUARANTINED,
                "is before start",
                "{\"iCalUID\":\"bad-g-backwards\",\"status\":\"confirmed\",\"summary\":\"backwards\","
                        + "\"start\":{\"dateTime\":\"2027-03-11T12:00:00Z\"},"
                        + "\"end\":{\"dateTime\":\"2027-03-11T11:00:00Z\"}}"));
        items.add(new GoogleItem(
                "badtypes00001",
                "bad-g-start-string",
                "start is a string, not an object",
                Fate.QUARANTINED,
                "key start",
                "{\"iCalUID\":\"bad-g-start-string\",\"status\":\"confirmed\",\"summary\":\"wrong type\","
                        + "\"start\":\"2027-03-12T10:00:00Z\",\"end\":{\"dateTime\":\"2027-03-12T11:00:00Z\"}}"));
        items.add(new GoogleItem(
                "badtypes00002",
                "bad-g-datetime-number",
                "start.dateTime is a number and end.date is not a date",
                Fate.QUARANTINED,
                "key dateTime",
                "{\"iCalUID\":\"bad-g-datetime-number\",\"status\":\"confirmed\",\"summary\":\"wrong type\","
                        + "\"start\":{\"dateTime\":1804759200},\"end\":{\"date\":\"next tuesday\"}}"));
        items.add(new GoogleItem(
                "badrecurrence1",
                "bad-g-recurrence",
                "recurrence is an object, not a list of lines",
                Fate.QUARANTINED,
                "key recurrence",
                "{\"iCalUID\":\"bad-g-recurrence\",\"status\":\"confirmed\",\"summary\":\"wrong type\","
                        + "\"start\":{\"dateTime\":\"2027-03-13T10:00:00Z\"},"
                        + "\"end\":{\"dateTime\":\"2027-03-13T11:00:00Z\"},\"recurrence\":{\"rule\":\"daily\"}}"));
        for (int i = 1; i <= 2; i++) {
            items.add(new GoogleItem(
                    "baddupgoogle" + i,
                    "bad-dup-google",
                    "event " + i + " of two with one iCalUID",
                    Fate.DUPLICATE,
                    null,
                    "{\"iCalUID\":\"bad-dup-google\",\"status\":\"confirmed\",\"summary\":\"twice\","
                            + "\"start\":{\"dateTime\":\"2027-03-14T10:00:00Z\"},"
                            + "\"end\":{\"dateTime\":\"2027-03-14T11:00:00Z\"}}"));
        }
        return items;
    }

    /** Every planted UID. */
    static List<String> uids() {
        List<String> uids = new ArrayList<>();
        caldav().forEach(i -> uids.add(i.uid()));
        google().forEach(i -> uids.add(i.uid()));
        return uids.stream().distinct().toList();
    }

    /** The placeholder Radicale stores for an item the front serves broken: a valid event. */
    static String placeholder(DavItem item) {
        return vcalendar(vevent(item.uid(), "DTSTART:20270320T100000Z", "DTEND:20270320T110000Z"));
    }

    /** The CalDAV items by storage. */
    static Map<String, String> bodies(Storage storage) {
        Map<String, String> out = new LinkedHashMap<>();
        for (DavItem i : caldav()) {
            if (i.storage() == storage) {
                out.put(i.name(), i.body());
            }
        }
        return out;
    }

    private static String vcalendar(String vevent) {
        return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//calsync//e2e bad data//EN\r\n" + vevent
                + "END:VCALENDAR\r\n";
    }

    private static String vevent(String uid, String... times) {
        StringBuilder sb =
                new StringBuilder("BEGIN:VEVENT\r\nUID:").append(uid).append("\r\nDTSTAMP:20270101T000000Z\r\n");
        for (String t : times) {
            sb.append(t).append("\r\n");
        }
        return sb.append("SUMMARY:").append(uid).append("\r\nEND:VEVENT\r\n").toString();
    }

    /** Folds a content line at 75 octets (ASCII only). */
    private static String fold(String line) {
        StringBuilder sb = new StringBuilder(line.length() + line.length() / 37);
        for (int i = 0; i < line.length(); i += 74) {
            if (i > 0) {
                sb.append("\r\n ");
            }
            sb.append(line, i, Math.min(line.length(), i + 74));
        }
        return sb.toString();
    }
}
