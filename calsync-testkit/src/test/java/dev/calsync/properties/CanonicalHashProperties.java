package dev.calsync.properties;

import static dev.calsync.testkit.generate.CalendarGens.gen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import dev.calsync.core.canonical.CanonicalForm;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventTime;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.testkit.generate.EventGenerators;
import dev.calsync.testkit.generate.Generator;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The content hash sees meaning, not spelling: every rewrite a provider or a round trip may make
 * keeps it, and every change of one mapped field changes it.
 */
class CanonicalHashProperties {

    /** A component and a rewrite of it, shown with both canonical forms when a check fails. */
    record Rewritten(EventComponent original, EventComponent rewritten, List<String> applied) {
        @Override
        public String toString() {
            return "rewrites " + applied + "\n--- original\n" + CanonicalForm.of(original) + "--- rewritten\n"
                    + CanonicalForm.of(rewritten);
        }
    }

    private static Gen<Rewritten> rewritten(String name, Rewrites.Rewrite rewrite) {
        return gen(source -> {
            EventComponent c = EventGenerators.components().apply(source);
            return new Rewritten(c, rewrite.apply(source, c), List.of(name));
        });
    }

    private static void assertKeepsHash(Gen<Rewritten> cases) {
        qt().withExamples(500)
                .forAll(cases)
                .checkAssert(r ->
                        assertThat(ContentHash.of(r.rewritten())).as("%s", r).isEqualTo(ContentHash.of(r.original())));
    }

    @Test
    void permutingAttendeesRemindersCategoriesRulesRdatesAndExdatesKeepsTheHash() {
        assertKeepsHash(rewritten("permute lists", Rewrites::permuteLists));
    }

    @Test
    void sequenceLastModifiedExtrasAndDisplayNamesDoNotChangeTheHash() {
        assertKeepsHash(rewritten("change unmapped fields", Rewrites::changeUnmapped));
    }

    @Test
    void mailtoPrefixesAndLetterCaseOfAddressesDoNotChangeTheHash() {
        assertKeepsHash(rewritten("respell emails", Rewrites::respellEmails));
    }

    @Test
    void crlfTrailingWhiteSpaceAndEmptyTextsDoNotChangeTheHash() {
        assertKeepsHash(rewritten("respell texts", Rewrites::respellTexts));
    }

    @Test
    void rruleSpellingPartOrderAndByListOrderDoNotChangeTheHash() {
        Gen<Rewritten> masters = gen(source -> {
            EventComponent c = EventGenerators.masters().apply(source);
            return new Rewritten(c, Rewrites.respellRules(source, c), List.of("respell rules"));
        });
        assertKeepsHash(masters);
    }

    @Test
    void exdatesInUtcOrInTheSeriesZoneHaveTheSameHash() {
        Gen<Rewritten> masters = gen(source -> {
            EventComponent c = EventGenerators.masters().apply(source);
            return new Rewritten(
                    c, Rewrites.moveExdatesBetweenUtcAndSeriesZone(source, c), List.of("EXDATE in UTC or zone"));
        });
        assertKeepsHash(masters);
    }

    @Test
    void anyCombinationOfMeaningPreservingRewritesKeepsTheHash() {
        Gen<Rewritten> cases = gen(source -> {
            EventComponent c = EventGenerators.components().apply(source);
            List<String> applied = new ArrayList<>();
            EventComponent r = Rewrites.some(source, c, applied);
            return new Rewritten(c, r, applied);
        });
        qt().withExamples(1000)
                .forAll(cases)
                .checkAssert(r ->
                        assertThat(ContentHash.of(r.rewritten())).as("%s", r).isEqualTo(ContentHash.of(r.original())));
    }

    @Test
    void aMissingEndHasTheSameHashAsRfc5545sDefaultEnd() {
        qt().withExamples(500).forAll(gen(EventGenerators.components())).checkAssert(c -> {
            // RFC 5545 §3.6.1: a DATE start without DTEND lasts one day; a DATE-TIME start ends when it starts.
            EventTime defaultEnd = c.start() instanceof EventTime.AllDay d
                    ? EventTime.date(d.date().plusDays(1))
                    : c.start();
            EventComponent explicit = c.toBuilder().end(defaultEnd).build();
            EventComponent missing = c.toBuilder().end(null).build();
            assertThat(ContentHash.of(missing)).isEqualTo(ContentHash.of(explicit));
        });
    }

    /** A component and one of its single-field changes. */
    record Changed(EventComponent original, Map<String, EventComponent> changes) {
        @Override
        public String toString() {
            return "changes " + changes.keySet() + " of\n" + CanonicalForm.of(original);
        }
    }

    @Test
    void changingAnyMappedFieldChangesTheHash() {
        Gen<Changed> cases = gen(EventGenerators.components().map(c -> new Changed(c, Mutations.of(c))));
        qt().withExamples(1000).forAll(cases).checkAssert(c -> {
            ContentHash before = ContentHash.of(c.original());
            c.changes()
                    .forEach((name, changed) -> assertThat(ContentHash.of(changed))
                            .as(
                                    "changing %s of\n%s\nto\n%s",
                                    name, CanonicalForm.of(c.original()), CanonicalForm.of(changed))
                            .isNotEqualTo(before));
        });
    }

    @Test
    void everySingleFieldChangeIsExercised() {
        // Guards the property above against silently testing nothing: over many components, every
        // kind of change applies somewhere.
        java.util.Set<String> kinds = new java.util.HashSet<>();
        dev.calsync.testkit.generate.Source source = dev.calsync.testkit.generate.Source.of(new java.util.Random(9));
        for (int i = 0; i < 500; i++) {
            for (String name :
                    Mutations.of(EventGenerators.components().apply(source)).keySet()) {
                kinds.add(name.replaceAll("\\d+ ", ""));
            }
        }
        assertThat(kinds)
                .contains(
                        "uid",
                        "recurrence id",
                        "summary",
                        "description",
                        "location",
                        "url",
                        "start earlier",
                        "start in another zone",
                        "start as UTC instant",
                        "end later",
                        "status",
                        "transparency",
                        "visibility",
                        "organizer email",
                        "attendee email",
                        "attendee reply",
                        "attendee optional",
                        "attendee resource",
                        "attendee removed",
                        "reminder minutes",
                        "reminder removed",
                        "category changed",
                        "rule frequency",
                        "exdate removed",
                        "exdate added",
                        "rdate removed",
                        "rdate added");
    }

    // ---------------------------------------------------------------- series

    /** A series in three styles: Google's, CalDAV's, and a mix. */
    record Styles(EventSeries google, EventSeries caldav, EventSeries mixed) {}

    private static final Gen<Styles> STYLES = gen(source -> {
        EventSeries s = EventGenerators.recurringSeries().apply(source);
        EventComponent master = s.master();
        ZoneId zone = master.start() instanceof EventTime.Zoned z ? z.zone() : null;
        // Every cancelled occurrence, computed here from the EXDATEs' meaning.
        TreeSet<RecurrenceId> all = new TreeSet<>(s.cancelledOccurrences());
        for (EventTime exdate : master.recurrence().exdates()) {
            all.add(recurrenceId(exdate));
        }
        EventComponent bare = master.toBuilder()
                .recurrence(master.recurrence().withExdates(List.of()))
                .build();
        EventSeries google = new EventSeries(s.uid(), bare, s.overrides(), all);
        List<EventTime> exdates = new ArrayList<>();
        TreeSet<RecurrenceId> rest = new TreeSet<>();
        List<EventTime> mixedExdates = new ArrayList<>();
        for (RecurrenceId id : all) {
            EventTime t = exdate(id, zone);
            exdates.add(t);
            if (source.bool()) {
                mixedExdates.add(t);
            } else {
                rest.add(id);
            }
        }
        EventSeries caldav = new EventSeries(
                s.uid(),
                master.toBuilder()
                        .recurrence(master.recurrence().withExdates(source.shuffle(exdates)))
                        .build(),
                source.shuffle(s.overrides()),
                new TreeSet<>());
        EventSeries mixed = new EventSeries(
                s.uid(),
                master.toBuilder()
                        .recurrence(master.recurrence().withExdates(mixedExdates))
                        .build(),
                s.overrides(),
                rest);
        return new Styles(google, caldav, mixed);
    });

    @Test
    void googleAndCalDavStylesOfOneSeriesHaveTheSameSeriesHash() {
        qt().withExamples(500).forAll(STYLES).checkAssert(s -> {
            ContentHash google = ContentHash.of(s.google());
            assertThat(ContentHash.of(s.caldav())).as("%s", s).isEqualTo(google);
            assertThat(ContentHash.of(s.mixed())).as("%s", s).isEqualTo(google);
        });
    }

    @Test
    void rewritingEveryComponentOfASeriesKeepsTheSeriesHash() {
        Gen<EventSeries[]> cases = gen(source -> {
            EventSeries s = EventGenerators.series().apply(source);
            EventComponent master = s.master() == null ? null : Rewrites.some(source, s.master(), new ArrayList<>());
            List<EventComponent> overrides = new ArrayList<>();
            for (EventComponent o : s.overrides()) {
                overrides.add(Rewrites.some(source, o, new ArrayList<>()));
            }
            return new EventSeries[] {s, new EventSeries(s.uid(), master, overrides, s.cancelledOccurrences())};
        });
        qt().withExamples(500)
                .forAll(cases)
                .checkAssert(s -> assertThat(ContentHash.of(s[1]))
                        .as("%s\n%s", CanonicalForm.of(s[0]), CanonicalForm.of(s[1]))
                        .isEqualTo(ContentHash.of(s[0])));
    }

    @Test
    void cancellingOrRestoringAnOccurrenceOrChangingAnOverrideChangesTheSeriesHash() {
        Generator<List<EventSeries>> changes = source -> {
            EventSeries s = EventGenerators.recurringSeries().apply(source);
            List<EventSeries> out = new ArrayList<>();
            out.add(s);
            TreeSet<RecurrenceId> more = new TreeSet<>(s.cancelledOccurrences());
            RecurrenceId fresh = recurrenceId(s.master().start());
            while (s.allCancelledOccurrences().contains(fresh)
                    || s.override(fresh).isPresent()) {
                fresh = Mutations.shift(fresh);
            }
            more.add(fresh);
            out.add(new EventSeries(s.uid(), s.master(), s.overrides(), more));
            if (!s.cancelledOccurrences().isEmpty()) {
                TreeSet<RecurrenceId> fewer = new TreeSet<>(s.cancelledOccurrences());
                fewer.remove(fewer.first());
                out.add(new EventSeries(s.uid(), s.master(), s.overrides(), fewer));
            }
            if (!s.overrides().isEmpty()) {
                List<EventComponent> changed = new ArrayList<>(s.overrides());
                EventComponent o = changed.get(0);
                changed.set(
                        0,
                        o.toBuilder()
                                .summary(Mutations.visiblyChanged(o.summary()))
                                .build());
                out.add(new EventSeries(s.uid(), s.master(), changed, s.cancelledOccurrences()));
                out.add(new EventSeries(
                        s.uid(), s.master(), changed.subList(1, changed.size()), s.cancelledOccurrences()));
            }
            out.add(new EventSeries(
                    s.uid(),
                    s.master().toBuilder()
                            .summary(Mutations.visiblyChanged(s.master().summary()))
                            .build(),
                    s.overrides(),
                    s.cancelledOccurrences()));
            return out;
        };
        qt().withExamples(500).forAll(gen(changes)).checkAssert(all -> {
            ContentHash original = ContentHash.of(all.get(0));
            for (EventSeries changed : all.subList(1, all.size())) {
                assertThat(ContentHash.of(changed))
                        .as("%s\n%s", CanonicalForm.of(all.get(0)), CanonicalForm.of(changed))
                        .isNotEqualTo(original);
            }
        });
    }

    /** The occurrence an EXDATE or start names, computed with {@link Rfc5545}. */
    static RecurrenceId recurrenceId(EventTime t) {
        if (t instanceof EventTime.AllDay d) {
            return new RecurrenceId.OnDate(d.date());
        }
        if (t instanceof EventTime.Floating f) {
            return new RecurrenceId.AtFloating(f.local());
        }
        return new RecurrenceId.AtInstant(Rfc5545.instant(t, ZoneOffset.UTC));
    }

    /** An EXDATE for an occurrence: in the series' zone when it can say it there, else in UTC. */
    private static EventTime exdate(RecurrenceId id, ZoneId zone) {
        if (id instanceof RecurrenceId.OnDate d) {
            return EventTime.date(d.date());
        }
        if (id instanceof RecurrenceId.AtFloating f) {
            return EventTime.floating(f.local());
        }
        java.time.Instant instant = ((RecurrenceId.AtInstant) id).instant();
        if (zone != null) {
            LocalDateTime local = LocalDateTime.ofInstant(instant, zone);
            if (Rfc5545.instant(local, zone).equals(instant)) {
                return EventTime.of(local, zone);
            }
        }
        return EventTime.utc(instant);
    }
}
