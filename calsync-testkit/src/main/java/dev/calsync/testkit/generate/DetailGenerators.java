package dev.calsync.testkit.generate;

import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.Reminder;
import dev.calsync.core.event.Transparency;
import dev.calsync.core.event.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generators of an event's details: texts (summary, description, location, URL), reminders,
 * categories, status, transparency, visibility, SEQUENCE, modification times and
 * provider-specific extras. Texts mix scripts and emoji; descriptions have several lines (joined
 * with {@code \n}). Stateless and safe to share between threads.
 */
public final class DetailGenerators {

    private static final List<String> WORDS = List.of(
            "Standup",
            "Review",
            "Réunion d'équipe",
            "会議",
            "Встреча",
            "Planning 📅",
            "1:1",
            "Lunch; with \"quotes\", commas",
            "Backslash \\ and colon:",
            "שיחה",
            "Sprint-Retro");
    private static final List<String> LINES = List.of(
            "Agenda:",
            "- item one",
            "<b>Google</b> sends <i>HTML</i>",
            "Join: https://meet.example.com/abc-defg-hij",
            "Zeile mit Umlauten: äöü ß",
            "   indented line",
            "emoji 🎉 and CJK 日本語",
            "");
    private static final List<String> PLACES =
            List.of("Room 4.12", "Café Central, Wien", "東京オフィス", "https://meet.example.com/x", "Online");
    private static final List<String> CATEGORIES =
            List.of("Work", "Personal", "Holiday", "Ferien", "仕事", "Travel ✈", "Meeting", "Birthday", "Project X");
    private static final List<String> EXTRA_NAMES = List.of(
            "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR",
            "X-MICROSOFT-CDO-BUSYSTATUS",
            "X-MOZ-GENERATION",
            "X-GOOGLE-CONFERENCE",
            "X-APPLE-STRUCTURED-LOCATION",
            "google:colorId",
            "google:hangoutLink");
    private static final List<String> EXTRA_VALUES =
            List.of("AUTOMATIC", "BUSY", "3", "https://meet.example.com/abc", "geo:52.52,13.40", "11", "OOF");

    private DetailGenerators() {}

    /** {@return a summary, null about one time in ten} */
    public static Generator<String> summaries() {
        return source -> source.chance(10) ? null : words(source, 1, 3);
    }

    /** {@return a description of one to five lines joined with {@code \n}, null about one time in three} */
    public static Generator<String> descriptions() {
        return source -> {
            if (source.chance(33)) {
                return null;
            }
            int n = source.between(1, 5);
            List<String> lines = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                lines.add(source.pick(LINES));
            }
            return String.join("\n", lines);
        };
    }

    /** {@return a location, null about half of the time} */
    public static Generator<String> locations() {
        return source -> source.chance(50) ? null : source.pick(PLACES);
    }

    /** {@return a URL, null about two times in three} */
    public static Generator<String> urls() {
        return source -> source.chance(66) ? null : "https://cal.example.com/e/" + source.between(1, 1_000_000);
    }

    /** {@return a reminder: a pop-up or email, 0 minutes to four weeks before the start} */
    public static Generator<Reminder> reminders() {
        return source -> new Reminder(
                source.pick(List.of(Reminder.Method.values())),
                source.chance(70) ? source.pick(List.of(0, 5, 10, 15, 30, 60, 120, 1440)) : source.between(0, 40320));
    }

    /** {@return zero to three distinct reminders (an empty list means the calendar's defaults)} */
    public static Generator<List<Reminder>> reminderLists() {
        return reminders().distinctList(0, 3, r -> r);
    }

    /** {@return zero to four distinct categories without surrounding white space} */
    public static Generator<List<String>> categories() {
        return Generator.<String>oneOf(source -> source.pick(CATEGORIES), source -> "tag-" + source.between(1, 500))
                .distinctList(0, 4, c -> c);
    }

    /** {@return a status of a single event or master: mostly confirmed, sometimes tentative, rarely cancelled} */
    public static Generator<EventStatus> statuses() {
        return source -> List.of(EventStatus.CONFIRMED, EventStatus.TENTATIVE, EventStatus.CANCELLED)
                .get(source.weighted(16, 3, 1));
    }

    /** {@return busy or free} */
    public static Generator<Transparency> transparencies() {
        return source -> source.pick(List.of(Transparency.values()));
    }

    /** {@return a visibility, {@code DEFAULT} the simplest} */
    public static Generator<Visibility> visibilities() {
        return source -> source.pick(List.of(Visibility.values()));
    }

    /**
     * A raw SEQUENCE as providers report it: mostly small, sometimes large, negative, or a
     * timestamp beyond {@code int} (which calsync clamps).
     *
     * @return raw SEQUENCE values
     */
    public static Generator<Long> sequences() {
        return source -> {
            switch (source.weighted(16, 2, 1, 1)) {
                case 0:
                    return (long) source.between(0, 5);
                case 1:
                    return (long) source.between(0, Integer.MAX_VALUE);
                case 2:
                    return (long) source.between(-5, -1);
                default:
                    return source.between(1L << 31, 1L << 42);
            }
        };
    }

    /** {@return a modification time with milliseconds, or null (about one time in five) when a side does not say} */
    public static Generator<Instant> lastModified() {
        return source -> source.chance(20)
                ? null
                : TimeGenerators.instants().apply(source).plusMillis(source.between(0, 999));
    }

    /** {@return zero to three provider-specific extras} */
    public static Generator<Map<String, String>> extras() {
        return source -> {
            Map<String, String> out = new TreeMap<>();
            int n = source.between(0, 3);
            for (int i = 0; i < n; i++) {
                out.put(source.pick(EXTRA_NAMES), source.pick(EXTRA_VALUES));
            }
            return out;
        };
    }

    private static String words(Source source, int min, int max) {
        int n = source.between(min, max);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(source.pick(WORDS));
        }
        return out.toString();
    }
}
