package dev.calsync.examples.demo;

import dev.calsync.examples.demo.DemoEvent.Change;
import dev.calsync.examples.demo.DemoEvent.Frequency;
import dev.calsync.examples.demo.DemoEvent.Origin;
import dev.calsync.examples.demo.DemoEvent.Repeat;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The demo's calendar content: a deterministic mix of singles, all-day events and recurring series
 * with changed and cancelled occurrences, in zones with and without daylight-saving time, half made
 * on the Google side and half on the iCloud side. The same seed and size always give the same
 * workload.
 *
 * <p>Every block of 20 series holds 11 timed singles, 3 all-day events and 6 recurring series (one
 * of them all-day); origins alternate. About half of the timed events start within a few weeks of
 * a daylight-saving change of their zone (March, October and November 2027; April and October in
 * Sydney), and times of day stay between 07:00 and 20:00, as people book them, so no event starts in
 * the hour a spring-forward night skips.
 */
public final class Workload {
    /** The seed {@code calsync demo} uses unless {@code --seed} says otherwise. */
    public static final long DEFAULT_SEED = 2027L;

    /** The fewest series a workload has: enough for every edit the demo makes. */
    public static final int MIN_EVENTS = 20;

    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 12, 1);
    private static final LocalDate LAST_DAY = LocalDate.of(2027, 11, 30);

    private static final String[] ZONES = {
        "Europe/Berlin",
        "Europe/Berlin",
        "Europe/Berlin",
        "Europe/Berlin",
        "Europe/Berlin",
        "Europe/Berlin",
        "Europe/Berlin",
        "America/New_York",
        "America/New_York",
        "America/New_York",
        "America/New_York",
        "America/New_York",
        "Europe/London",
        "Europe/London",
        "America/Los_Angeles",
        "America/Los_Angeles",
        "Asia/Tokyo",
        "Asia/Tokyo",
        "Australia/Sydney",
        "UTC"
    };

    private static final String[] SINGLES = {
        "Dentist",
        "Haircut",
        "Lunch with Sam",
        "Parent-teacher meeting",
        "Car service",
        "Doctor's appointment",
        "Coffee with Priya",
        "Dinner at Marco's",
        "Plumber visit",
        "Call with the bank",
        "Job interview",
        "Vet appointment",
        "Tax advisor",
        "Team lunch",
        "Quarterly planning",
        "Product demo",
        "Board meeting",
        "Customer call: Acme",
        "Talk rehearsal",
        "Flat viewing",
        "Physio",
        "Parents' evening",
        "Wine tasting",
        "Budget review",
        "Kick-off: Project Falcon",
        "Interview debrief",
        "Concert: Berlin Phil",
        "Passport appointment",
        "Eye test",
        "Farewell drinks for Jo"
    };

    private static final String[] ALL_DAY = {
        "Mum's birthday",
        "Public holiday",
        "Conference",
        "Anniversary",
        "Moving day",
        "School trip",
        "Vacation",
        "Office closed",
        "Hackathon",
        "Team offsite",
        "Grandpa visiting",
        "Marathon"
    };

    private static final String[] RECURRING = {
        "Team stand-up",
        "Weekly planning",
        "Gym",
        "Swimming lessons",
        "1:1 with manager",
        "Book club",
        "Choir rehearsal",
        "Sprint review",
        "Running club",
        "Guitar lesson",
        "Language class",
        "Family call"
    };

    private static final String[] RECURRING_ALL_DAY = {"Bin collection", "Pay rent", "Water the plants", "Payday"};

    private static final String[] LOCATIONS = {
        "Room 4.12", "Zoom", "Café Central, Herrengasse 14", "Main office, 3rd floor", "Dr. Weber, Hauptstraße 5",
        "Google Meet", "Home", "Community centre", "Gym on 5th Avenue", "Conference room \"Lisbon\"",
    };

    private static final String[] DESCRIPTIONS = {
        "Bring the insurance card; ask about the X-ray.\nParking at the back.",
        "Agenda: numbers, hiring, next steps",
        "Dial-in: +49 30 1234567, PIN 4711#",
        "Don't forget the gift!",
        "Notes from last time: see shared doc, section 2",
    };

    private final long seed;
    private final List<DemoEvent> events;

    private Workload(long seed, List<DemoEvent> events) {
        this.seed = seed;
        this.events = List.copyOf(events);
    }

    /**
     * The workload of {@code size} series for {@code seed}.
     *
     * @throws IllegalArgumentException if {@code size} is below {@link #MIN_EVENTS}
     */
    public static Workload generate(long seed, int size) {
        if (size < MIN_EVENTS) {
            throw new IllegalArgumentException("the demo needs at least " + MIN_EVENTS + " events: " + size);
        }
        Random random = new Random(seed);
        List<DemoEvent> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            // Origins alternate, and swap places every block, so each side makes every kind of series.
            Origin origin = (i + i / 20) % 2 == 0 ? Origin.GOOGLE : Origin.ICLOUD;
            String key = (origin == Origin.GOOGLE ? "g" : "i") + String.format("%03d", i);
            int slot = i % 20;
            DemoEvent e;
            if (slot < 11) {
                e = single(key, origin, random);
            } else if (slot < 14) {
                e = allDay(key, origin, random);
            } else if (slot < 19) {
                e = recurring(key, origin, random, slot);
            } else {
                e = recurringAllDay(key, origin, random);
            }
            events.add(e);
        }
        return new Workload(seed, events);
    }

    /** The seed this workload was made from. */
    public long seed() {
        return seed;
    }

    /** Every series, in the order they are created. */
    public List<DemoEvent> events() {
        return events;
    }

    /** The series made on {@code origin}'s side. */
    public List<DemoEvent> madeOn(Origin origin) {
        return events.stream().filter(e -> e.origin() == origin).toList();
    }

    /** What the workload holds. */
    public Mix mix() {
        int singles = 0;
        int allDay = 0;
        int recurring = 0;
        int overrides = 0;
        int cancelled = 0;
        int crossing = 0;
        int nearChange = 0;
        int google = 0;
        Map<String, Integer> zones = new TreeMap<>();
        for (DemoEvent e : events) {
            if (e.origin() == Origin.GOOGLE) {
                google++;
            }
            if (e.recurring()) {
                recurring++;
            } else if (e.allDay()) {
                allDay++;
            } else {
                singles++;
            }
            overrides += e.overrides().size();
            cancelled += e.cancelled().size();
            if (e.crossesDstChange()) {
                crossing++;
            }
            if (!e.recurring() && !e.allDay()) {
                LocalDate day = e.startDate();
                if (dstChanges(e.zone()).stream().anyMatch(c -> Math.abs(ChronoUnit.DAYS.between(c, day)) <= 3)) {
                    nearChange++;
                }
            }
            if (!e.allDay()) {
                zones.merge(e.zone().getId(), 1, Integer::sum);
            }
        }
        int recurringAllDay =
                (int) events.stream().filter(e -> e.recurring() && e.allDay()).count();
        return new Mix(
                events.size(),
                google,
                events.size() - google,
                singles,
                allDay,
                recurring,
                recurringAllDay,
                overrides,
                cancelled,
                crossing,
                nearChange,
                zones);
    }

    /**
     * What a workload holds.
     *
     * @param series all series
     * @param google made on the Google side
     * @param icloud made on the iCloud side
     * @param timedSingles single timed events
     * @param allDaySingles single all-day events (some of several days)
     * @param recurring recurring series, timed or all-day
     * @param recurringAllDay the all-day ones among {@code recurring}
     * @param overrides changed occurrences over all series
     * @param cancelledOccurrences cancelled occurrences over all series
     * @param crossingDst timed events whose occurrences lie on both sides of a daylight-saving change
     * @param singlesNearDst timed singles within three days of a daylight-saving change of their zone
     * @param timedByZone timed series per zone id, sorted by zone id
     */
    public record Mix(
            int series,
            int google,
            int icloud,
            int timedSingles,
            int allDaySingles,
            int recurring,
            int recurringAllDay,
            int overrides,
            int cancelledOccurrences,
            int crossingDst,
            int singlesNearDst,
            Map<String, Integer> timedByZone) {
        /** Copies the map. */
        public Mix {
            timedByZone = Map.copyOf(timedByZone);
        }
    }

    // ------------------------------------------------------------------------------------------

    private static DemoEvent single(String key, Origin origin, Random random) {
        ZoneId zone = ZoneId.of(pick(random, ZONES));
        LocalDate day = random.nextBoolean() ? nearDstChange(zone, random, 3) : anyDay(random);
        LocalDateTime start = day.atTime(timeOfDay(random));
        Duration length = Duration.ofMinutes(pick(random, new Integer[] {30, 45, 60, 60, 90, 120}));
        return new DemoEvent(
                key,
                origin,
                pick(random, SINGLES),
                maybe(random, 0.6, LOCATIONS),
                maybe(random, 0.25, DESCRIPTIONS),
                zone,
                start,
                length,
                null,
                new TreeMap<>(),
                new TreeSet<>(),
                random.nextInt(10) < 3 ? pick(random, new Integer[] {10, 15, 30, 60}) : null);
    }

    private static DemoEvent allDay(String key, Origin origin, Random random) {
        LocalDate day = anyDay(random);
        int days = random.nextInt(100) < 20 ? 2 + random.nextInt(6) : 1;
        return new DemoEvent(
                key,
                origin,
                pick(random, ALL_DAY),
                maybe(random, 0.3, LOCATIONS),
                maybe(random, 0.2, DESCRIPTIONS),
                null,
                day.atStartOfDay(),
                Duration.ofDays(days),
                null,
                new TreeMap<>(),
                new TreeSet<>(),
                null);
    }

    private static DemoEvent recurring(String key, Origin origin, Random random, int slot) {
        ZoneId zone = ZoneId.of(pick(random, ZONES));
        Frequency frequency = pick(random, Frequency.values());
        int interval = frequency == Frequency.WEEKDAYS ? 1 : random.nextInt(100) < 25 ? 2 : 1;
        int count = switch (frequency) {
            case DAILY -> 5 + random.nextInt(10);
            case WEEKDAYS -> 10 + random.nextInt(21);
            case WEEKLY -> 6 + random.nextInt(11);
            case MONTHLY -> 4 + random.nextInt(9);
        };
        // Most series start before a daylight-saving change of their zone and run across it.
        long spanDays = switch (frequency) {
            case DAILY -> (long) (count - 1) * interval;
            case WEEKDAYS -> (count - 1) * 7L / 5;
            case WEEKLY -> (count - 1) * 7L * interval;
            case MONTHLY -> (count - 1) * 28L * interval;
        };
        LocalDate change = dstChange(zone, random);
        LocalDate first = change != null && random.nextInt(100) < 70
                ? change.minusDays(1 + random.nextInt((int) Math.max(1, spanDays - 2)))
                : anyDay(random);
        if (frequency == Frequency.MONTHLY && first.getDayOfMonth() > 28) {
            first = first.withDayOfMonth(28);
        }
        if (frequency == Frequency.WEEKDAYS) {
            first = first.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        }
        Repeat repeat = new Repeat(frequency, interval, count, random.nextInt(100) < 25);
        Duration length = frequency == Frequency.WEEKDAYS
                ? Duration.ofMinutes(15)
                : Duration.ofMinutes(pick(random, new Integer[] {30, 45, 60, 90}));
        String summary = frequency == Frequency.WEEKDAYS ? "Team stand-up" : pick(random, RECURRING);
        SortedMap<Integer, Change> overrides = new TreeMap<>();
        SortedSet<Integer> cancelled = new TreeSet<>();
        // Slots 14 and 15 (one per side) get both changed and cancelled occurrences, 16 changed ones,
        // 17 cancelled ones, 18 none.
        exceptions(random, count, overrides, cancelled, true, summary, slot <= 16, slot != 16 && slot <= 17);
        return new DemoEvent(
                key,
                origin,
                summary,
                maybe(random, 0.6, LOCATIONS),
                maybe(random, 0.2, DESCRIPTIONS),
                zone,
                first.atTime(timeOfDay(random)),
                length,
                repeat,
                overrides,
                cancelled,
                random.nextInt(10) < 3 ? pick(random, new Integer[] {5, 10, 15}) : null);
    }

    private static DemoEvent recurringAllDay(String key, Origin origin, Random random) {
        String summary = pick(random, RECURRING_ALL_DAY);
        Frequency frequency =
                summary.equals("Pay rent") || summary.equals("Payday") ? Frequency.MONTHLY : Frequency.WEEKLY;
        int count = frequency == Frequency.MONTHLY ? 6 + random.nextInt(7) : 8 + random.nextInt(13);
        LocalDate first = anyDay(random);
        if (first.getDayOfMonth() > 28) {
            first = first.withDayOfMonth(28);
        }
        SortedMap<Integer, Change> overrides = new TreeMap<>();
        SortedSet<Integer> cancelled = new TreeSet<>();
        exceptions(random, count, overrides, cancelled, false, summary, random.nextBoolean(), random.nextBoolean());
        return new DemoEvent(
                key,
                origin,
                summary,
                null,
                null,
                null,
                first.atStartOfDay(),
                Duration.ofDays(1),
                new Repeat(frequency, 1, count, random.nextInt(100) < 25),
                overrides,
                cancelled,
                null);
    }

    /**
     * Adds one or two changed occurrences and one or two cancelled ones (never the first occurrence,
     * never the same one) to a series of {@code count}, as asked.
     */
    private static void exceptions(
            Random random,
            int count,
            SortedMap<Integer, Change> overrides,
            SortedSet<Integer> cancelled,
            boolean timed,
            String summary,
            boolean withOverrides,
            boolean withCancellations) {
        if (withOverrides) {
            int n = 1 + random.nextInt(2);
            for (int k = 0; k < n; k++) {
                int index = 1 + random.nextInt(count - 1);
                Duration shift = timed ? Duration.ofMinutes(30L * (1 + random.nextInt(4))) : Duration.ZERO;
                String title = !timed || random.nextBoolean() ? summary + " (" + pick(random, CHANGED) + ")" : null;
                overrides.put(index, new Change(shift, title));
            }
        }
        if (withCancellations) {
            int n = 1 + random.nextInt(2);
            for (int k = 0; k < n; k++) {
                int index;
                do {
                    index = 1 + random.nextInt(count - 1);
                } while (overrides.containsKey(index));
                cancelled.add(index);
            }
        }
    }

    private static final String[] CHANGED = {"moved", "room changed", "short one", "with guests", "remote"};

    /** A day within {@code spread} days of one of the zone's daylight-saving changes (any day for a zone without). */
    private static LocalDate nearDstChange(ZoneId zone, Random random, int spread) {
        LocalDate change = dstChange(zone, random);
        return change == null ? anyDay(random) : change.plusDays(random.nextInt(2 * spread + 1) - spread);
    }

    /** One of the days the zone changes its offset in the workload's year, or null for a zone without. */
    private static LocalDate dstChange(ZoneId zone, Random random) {
        List<LocalDate> changes = dstChanges(zone);
        return changes.isEmpty() ? null : changes.get(random.nextInt(changes.size()));
    }

    /** The days the zone changes its offset in the workload's year. */
    static List<LocalDate> dstChanges(ZoneId zone) {
        List<LocalDate> changes = new ArrayList<>();
        ZoneOffsetTransition t =
                zone.getRules().nextTransition(FIRST_DAY.atStartOfDay(zone).toInstant());
        while (t != null && t.getInstant().isBefore(LAST_DAY.atStartOfDay(zone).toInstant())) {
            changes.add(t.getDateTimeBefore().toLocalDate());
            t = zone.getRules().nextTransition(t.getInstant());
        }
        return changes;
    }

    private static LocalDate anyDay(Random random) {
        return FIRST_DAY.plusDays(random.nextInt((int) ChronoUnit.DAYS.between(FIRST_DAY, LAST_DAY)));
    }

    private static LocalTime timeOfDay(Random random) {
        return LocalTime.of(7, 0).plusMinutes(15L * random.nextInt(49));
    }

    private static String maybe(Random random, double chance, String[] values) {
        return random.nextDouble() < chance ? pick(random, values) : null;
    }

    private static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }
}
