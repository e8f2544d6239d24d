package dev.calsync.google.internal;

import static dev.calsync.google.internal.GoogleJson.json;
import static dev.calsync.google.internal.GoogleJson.parse;
import static dev.calsync.testkit.generate.CalendarGens.gen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventAttendee;
import com.google.api.services.calendar.model.EventDateTime;
import dev.calsync.core.canonical.CanonicalForm;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.Attendee;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.Recurrence;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.testkit.generate.EventGenerators;
import dev.calsync.testkit.generate.TimeGenerators;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Round trips through the mapping: a component written to Google and read back keeps its content
 * hash, except where Google cannot say what calsync can (floating times, local times in a DST gap:
 * both come back as they were placed, and that is asserted exactly); the JSON wire changes
 * nothing; a patch leaves what calsync does not map alone.
 */
class GoogleEventMapperProperties {

    private static final int EXAMPLES = 300;
    private static final List<ZoneId> CALENDAR_ZONES = Stream.concat(
                    TimeGenerators.ZONES.stream(), Stream.of(ZoneId.of("UTC")))
            .toList();
    private static final Pattern FLOATING_UNTIL = Pattern.compile("(?<=[:;])UNTIL=(\\d{8}T\\d{6})(?=;|$)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A generated component and the calendar it is written to. */
    record Case(EventComponent component, ZoneId calendarZone, EventComponent other) {
        @Override
        public String toString() {
            return "calendar zone " + calendarZone + "\n" + CanonicalForm.of(component) + "as Google body: "
                    + json(GoogleEventMapper.toEvent(component, calendarZone));
        }
    }

    private static Gen<Case> cases() {
        return gen(source -> new Case(
                EventGenerators.components().apply(source),
                source.pick(CALENDAR_ZONES),
                EventGenerators.components().apply(source)));
    }

    // ------------------------------------------------------------ properties

    @Test
    void aRoundTripGivesTheComponentAsGoogleCanSayIt() {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(k -> {
            EventComponent back = read(stored(k.component(), k.calendarZone()), k.calendarZone());
            assertThat(back).as("%s", k).isEqualTo(asGoogleSaysIt(k.component(), k.calendarZone()));
        });
    }

    @Test
    void aRoundTripKeepsTheContentHashUnlessTimesAreFloatingOrInADstGap() {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(k -> {
            EventComponent c = k.component();
            EventComponent back = read(stored(c, k.calendarZone()), k.calendarZone());
            if (hasFloating(c) || hasGapTime(c)) {
                // The lossy cases: the hash is that of the component as Google can say it.
                assertThat(ContentHash.of(back))
                        .as("%s", k)
                        .isEqualTo(ContentHash.of(asGoogleSaysIt(c, k.calendarZone())));
            } else {
                assertThat(ContentHash.of(back)).as("%s", k).isEqualTo(ContentHash.of(c));
            }
        });
    }

    /** Cases whose component starts at a floating time (about one in ten components does). */
    private static Gen<Case> floatingCases() {
        return gen(source -> {
            EventComponent c = EventGenerators.components().apply(source);
            for (int i = 0; i < 100 && !(c.start() instanceof EventTime.Floating); i++) {
                c = EventGenerators.components().apply(source);
            }
            return new Case(c, source.pick(CALENDAR_ZONES), c);
        });
    }

    @Test
    void floatingTimesComeBackAsTheSameLocalTimeInTheCalendarZone() {
        qt().withExamples(EXAMPLES)
                .forAll(floatingCases())
                .assuming(k -> k.component().start() instanceof EventTime.Floating)
                .checkAssert(k -> {
                    EventComponent c = k.component();
                    ZoneId zone = k.calendarZone();
                    EventComponent back = read(stored(c, zone), zone);
                    LocalDateTime local = ((EventTime.Floating) c.start()).local();
                    // The same wall-clock time in the calendar's zone (shifted forward in a DST gap).
                    assertThat(back.start()).as("%s", k).isEqualTo(placed(EventTime.of(local, zone)));
                    assertThat(back.start()).isNotInstanceOf(EventTime.Floating.class);
                    assertThat(back.recurrence().exdates()).noneMatch(t -> t instanceof EventTime.Floating);
                    assertThat(back.recurrence().rdates()).noneMatch(t -> t instanceof EventTime.Floating);
                    assertThat(back.recurrenceId() instanceof RecurrenceId.AtFloating)
                            .isFalse();
                    if (!hasGapTime(c, zone)) {
                        assertThat(ContentHash.of(back)).isEqualTo(ContentHash.of(asGoogleSaysIt(c, zone)));
                    }
                });
    }

    @Test
    void theJsonWireChangesNothing() {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(k -> {
            Event e = stored(k.component(), k.calendarZone());
            EventComponent direct = read(e, k.calendarZone());
            EventComponent overTheWire = read(GoogleJson.wire(e), k.calendarZone());
            assertThat(overTheWire).as("%s", k).isEqualTo(direct);
            assertThat(GoogleEventMapper.uidOf(GoogleJson.wire(e)))
                    .isEqualTo(k.component().uid());
        });
    }

    @Test
    void aPatchOverAnyCurrentEventGivesTheComponentAndKeepsUnmappedFields() {
        qt().withExamples(EXAMPLES).forAll(cases()).checkAssert(k -> {
            EventComponent c = k.component();
            ZoneId zone = k.calendarZone();
            Event current = withUnmappedFields(stored(sameKey(k.other(), c), zone), c);

            Event patch = GoogleEventMapper.toPatch(c, zone, current);
            Event merged = applyPatch(current, patch);

            assertThat(merged.getColorId()).as("%s", k).isEqualTo("11");
            assertThat(merged.getGuestsCanInviteOthers()).isFalse();
            assertThat(merged.getSource().getUrl()).isEqualTo("https://example.com/source");
            assertThat(merged.getExtendedProperties().getShared()).containsEntry("team", "blue");
            assertThat(merged.getExtendedProperties().getPrivate()).containsEntry("foreign", "kept");
            // Attendees Google had keep their comments; new ones have none.
            List<String> hadComments = current.getAttendees().stream()
                    .map(a -> a.getEmail().toLowerCase(Locale.ROOT))
                    .toList();
            for (EventAttendee a : merged.getAttendees()) {
                String email = a.getEmail().toLowerCase(Locale.ROOT);
                assertThat(a.getComment()).isEqualTo(hadComments.contains(email) ? "comment of " + a.getEmail() : null);
            }
            EventComponent expected = withNamesOf(asGoogleSaysIt(c, zone), k.other());
            assertThat(read(merged, zone)).as("%s", k).isEqualTo(expected);
            assertThat(ContentHash.of(read(merged, zone))).isEqualTo(ContentHash.of(expected));
        });
    }

    // ------------------------------------------------------------ Google's side, simulated

    /** {@code c} as Google stores it: its body, plus the instance fields Google adds to an occurrence. */
    static Event stored(EventComponent c, ZoneId zone) {
        Event e = GoogleEventMapper.toEvent(c, zone);
        if (c.key().isOccurrence()) {
            e.setRecurringEventId("master");
            e.setOriginalStartTime(originalStartTime(c.recurrenceId(), zone));
        }
        return e;
    }

    private static EventDateTime originalStartTime(RecurrenceId rid, ZoneId zone) {
        if (rid instanceof RecurrenceId.OnDate d) {
            return new EventDateTime().setDate(new DateTime(d.date().toString()));
        }
        if (rid instanceof RecurrenceId.AtInstant i) {
            return new EventDateTime().setDateTime(new DateTime(i.instant().toEpochMilli()));
        }
        Instant instant = ((RecurrenceId.AtFloating) rid).local().atZone(zone).toInstant();
        return new EventDateTime()
                .setDateTime(new DateTime(instant.toEpochMilli()))
                .setTimeZone(zone.getId());
    }

    private static EventComponent read(Event e, ZoneId zone) {
        return GoogleEventMapper.toComponent(e, Objects.requireNonNull(GoogleEventMapper.uidOf(e)), zone, null);
    }

    /**
     * {@code c} after a patch over an event holding {@code current}: Google's organizer cannot be
     * removed, so a component without one leaves it; display names (not mapped) the component lacks
     * stay as Google had them for the same person.
     */
    private static EventComponent withNamesOf(EventComponent c, EventComponent current) {
        EventComponent.Builder b = c.toBuilder();
        if (c.organizer() == null) {
            b.organizer(current.organizer());
        } else if (c.organizer().displayName() == null
                && current.organizer() != null
                && current.organizer().email().equals(c.organizer().email())) {
            b.organizer(current.organizer());
        }
        List<Attendee> attendees = new ArrayList<>();
        for (Attendee a : c.attendees()) {
            Attendee named = a;
            if (a.displayName() == null) {
                for (Attendee old : current.attendees()) {
                    if (old.email().equals(a.email()) && old.displayName() != null) {
                        named = new Attendee(
                                a.email(), old.displayName(), a.participation(), a.optional(), a.resource());
                    }
                }
            }
            attendees.add(named);
        }
        return b.attendees(attendees).build();
    }

    /** {@code other}'s content under {@code c}'s key: an event Google holds where {@code c} goes. */
    private static EventComponent sameKey(EventComponent other, EventComponent c) {
        EventComponent.Builder b = other.toBuilder().uid(c.uid()).recurrenceId(c.recurrenceId());
        if (c.key().isOccurrence()) {
            b.recurrence(Recurrence.NONE);
        }
        return b.build();
    }

    /** {@code e} with fields calsync does not map, some on attendees {@code c} shares with it. */
    private static Event withUnmappedFields(Event e, EventComponent c) {
        e.setColorId("11");
        e.setGuestsCanInviteOthers(false);
        e.setSource(new Event.Source().setTitle("src").setUrl("https://example.com/source"));
        Map<String, String> priv = new HashMap<>(e.getExtendedProperties().getPrivate());
        priv.put("foreign", "kept");
        e.setExtendedProperties(
                new Event.ExtendedProperties().setPrivate(priv).setShared(new HashMap<>(Map.of("team", "blue"))));
        List<EventAttendee> attendees = new ArrayList<>(e.getAttendees() == null ? List.of() : e.getAttendees());
        for (Attendee a : c.attendees()) {
            if (attendees.stream().noneMatch(g -> g.getEmail().equalsIgnoreCase(a.email()))
                    && a.email().hashCode() % 2 == 0) {
                attendees.add(new EventAttendee().setEmail(a.email()).setResponseStatus("declined"));
            }
        }
        attendees.forEach(a -> a.setComment("comment of " + a.getEmail()));
        e.setAttendees(attendees);
        return e;
    }

    /** PATCH as Google applies it: objects merge, null removes, arrays and values replace. */
    static Event applyPatch(Event current, Event patch) {
        try {
            ObjectNode base = (ObjectNode) JSON.readTree(json(current));
            merge(base, (ObjectNode) JSON.readTree(json(patch)));
            return parse(JSON.writeValueAsString(base));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        patch.properties().forEach(f -> {
            JsonNode v = f.getValue();
            if (v.isNull()) {
                target.remove(f.getKey());
            } else if (v.isObject() && target.get(f.getKey()) instanceof ObjectNode t) {
                merge(t, (ObjectNode) v);
            } else {
                target.set(f.getKey(), v);
            }
        });
    }

    // ------------------------------------------------------------ the oracle

    /**
     * {@code c} as it reads back from Google: floating times are local times in the calendar's zone
     * (floating UNTIL in UTC, floating recurrence ids instants), start and end local times in a DST
     * gap are shifted forward, and the fields Google does not echo ({@code lastModified}) or calsync
     * does not write ({@code extras}) are empty.
     */
    static EventComponent asGoogleSaysIt(EventComponent c, ZoneId zone) {
        EventComponent.Builder b = c.toBuilder()
                .start(placed(inZone(c.start(), zone)))
                .end(placed(inZone(c.end(), zone)))
                .lastModified(null)
                .extras(Map.of());
        if (c.recurrenceId() instanceof RecurrenceId.AtFloating f) {
            b.recurrenceId(new RecurrenceId.AtInstant(f.local().atZone(zone).toInstant()));
        }
        Recurrence r = c.recurrence();
        List<String> rules = r.rules();
        if (c.start() instanceof EventTime.Floating) {
            rules = rules.stream().map(rule -> untilInUtc(rule, zone)).toList();
        }
        b.recurrence(new Recurrence(
                rules,
                r.rdates().stream().map(t -> inZone(t, zone)).toList(),
                r.exdates().stream().map(t -> inZone(t, zone)).toList()));
        return b.build();
    }

    private static EventTime inZone(EventTime t, ZoneId zone) {
        return t instanceof EventTime.Floating f ? EventTime.of(f.local(), zone) : t;
    }

    /** A zoned local time as an instant names it: shifted forward when it falls in a gap. */
    private static EventTime placed(EventTime t) {
        if (t instanceof EventTime.Zoned z) {
            return EventTime.of(ZonedDateTime.of(z.local(), z.zone()).toLocalDateTime(), z.zone());
        }
        return t;
    }

    private static String untilInUtc(String rule, ZoneId zone) {
        Matcher m = FLOATING_UNTIL.matcher(rule);
        if (!m.find()) {
            return rule;
        }
        Instant until = LocalDateTime.parse(m.group(1), EventTime.BASIC_DATE_TIME)
                .atZone(zone)
                .toInstant();
        return rule.substring(0, m.start(1)) + EventTime.utc(until) + rule.substring(m.end(1));
    }

    private static boolean hasFloating(EventComponent c) {
        return c.start() instanceof EventTime.Floating
                || c.end() instanceof EventTime.Floating
                || c.recurrenceId() instanceof RecurrenceId.AtFloating
                || c.recurrence().rdates().stream().anyMatch(t -> t instanceof EventTime.Floating)
                || c.recurrence().exdates().stream().anyMatch(t -> t instanceof EventTime.Floating);
    }

    private static boolean hasGapTime(EventComponent c) {
        return hasGapTime(c, ZoneOffset.UTC);
    }

    /** Whether start or end (floating ones placed in {@code zone}) is a local time in a DST gap. */
    private static boolean hasGapTime(EventComponent c, ZoneId zone) {
        return Stream.of(c.start(), c.end())
                .map(t -> inZone(t, zone))
                .anyMatch(t -> !placed(t).equals(t));
    }
}
