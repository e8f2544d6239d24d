package dev.calsync.google;

import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.CalendarRequest;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.Events;
import dev.calsync.core.canonical.ContentHash;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;
import dev.calsync.core.event.EventSeries;
import dev.calsync.core.event.EventStatus;
import dev.calsync.core.event.RecurrenceId;
import dev.calsync.core.id.GoogleEventIds;
import dev.calsync.core.spi.CalendarAccessException;
import dev.calsync.core.spi.ComponentVersion;
import dev.calsync.core.spi.ProviderException;
import dev.calsync.core.spi.RemoteRef;
import dev.calsync.core.spi.RemoteSeries;
import dev.calsync.core.spi.SeriesVersion;
import dev.calsync.core.spi.SeriesWrite;
import dev.calsync.core.spi.WriteOutcome;
import dev.calsync.core.spi.WriteResult;
import dev.calsync.google.internal.Answer;
import dev.calsync.google.internal.Call;
import dev.calsync.google.internal.GoogleEventMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Carries out the writes of one {@link GoogleCalendarProvider#writeSeries} call. Each write is a
 * small state machine ({@link Job}) whose every step is a set of requests; the requests of all jobs
 * at the same step go together in batch requests, so that N single-event writes cost N / batch size
 * HTTP requests.
 */
final class SeriesWriter {
    private static final String NO_NOTIFICATIONS = "none";

    private final GoogleCalendarProvider provider;
    private final String calendarId;
    private final ZoneId zone;
    private Boolean calendarExists;

    SeriesWriter(GoogleCalendarProvider provider, String calendarId, ZoneId zone) {
        this.provider = provider;
        this.calendarId = calendarId;
        this.zone = zone;
    }

    List<WriteResult> write(List<SeriesWrite> writes) {
        List<Job> jobs = new ArrayList<>(writes.size());
        for (SeriesWrite w : writes) {
            Job job;
            if (w instanceof SeriesWrite.Create c) {
                job = new CreateJob(c.series().normalized());
            } else if (w instanceof SeriesWrite.Update u) {
                job = new UpdateJob(u.current(), u.desired().normalized());
            } else {
                job = new DeleteJob(((SeriesWrite.Delete) w).current());
            }
            jobs.add(job);
        }
        for (int round = 0; ; round++) {
            List<Job> active = new ArrayList<>();
            List<Call<?>> calls = new ArrayList<>();
            for (Job job : jobs) {
                if (job.result == null) {
                    active.add(job);
                    calls.addAll(job.calls());
                }
            }
            if (active.isEmpty()) {
                break;
            }
            if (round > 8) {
                throw new IllegalStateException("series writes did not settle after " + round + " rounds");
            }
            provider.executor().all(calls);
            for (Job job : active) {
                try {
                    job.answered();
                } catch (CalendarAccessException access) {
                    throw access;
                } catch (ProviderException failure) {
                    job.result = WriteResult.failed(failure);
                } catch (RuntimeException unreadable) {
                    job.result = WriteResult.failed(new ProviderException(
                            "Google calendar " + calendarId + ": series " + job.uid + ": " + unreadable.getMessage(),
                            unreadable));
                }
            }
        }
        List<WriteResult> results = new ArrayList<>(jobs.size());
        jobs.forEach(j -> results.add(j.result));
        return results;
    }

    // ------------------------------------------------------------------ jobs

    /** One series' write: each round offers requests, then reads their answers. */
    private abstract class Job {
        final String uid;
        WriteResult result;

        Job(String uid) {
            this.uid = uid;
        }

        /** The requests of this round; only called while {@link #result} is null. */
        abstract List<Call<?>> calls();

        /** Reads the answers of this round's requests and moves on (or sets {@link #result}). */
        abstract void answered();

        void done(WriteOutcome outcome) {
            result = WriteResult.of(outcome);
        }

        ProviderException withoutMaster() {
            return new ProviderException("Google calendar " + calendarId + ": series " + uid
                    + " has overrides but no master, which Google Calendar cannot hold");
        }

        ProviderException failure(Call<?> call) {
            Answer<?> answer = call.answer();
            if (answer.status() == 404 && !calendarExists()) {
                return new CalendarAccessException(
                        CalendarAccessException.Reason.NOT_FOUND,
                        "Google calendar " + calendarId + ": " + call.description()
                                + " answered 404 and the calendar cannot be listed (no such calendar?)");
            }
            return GoogleErrors.failure(calendarId, call.description() + " (series " + uid + ")", answer, false);
        }
    }

    /** Creates a series at its deterministic id; adopts or restores what is there. */
    private final class CreateJob extends Job {
        private final EventSeries series;
        private final String masterId;
        private Phase phase;
        private Call<Event> masterCall;
        private Call<Events> findCall;
        private Event existing;
        private InstanceWrites instances;
        /** The ways of creating tried so far: each at most once, so that every create ends. */
        private final java.util.EnumSet<Phase> tried = java.util.EnumSet.noneOf(Phase.class);

        private enum Phase {
            INSERT,
            READ_EXISTING,
            RESTORE,
            FIND_IMPORTED,
            IMPORT,
            INSTANCES
        }

        CreateJob(EventSeries series) {
            super(series.uid());
            this.series = series;
            this.masterId = GoogleEventIds.forUid(series.uid());
            // Google takes an organizer other than the calendar's owner only on import.
            this.phase = series.master() != null && series.master().organizer() != null ? Phase.IMPORT : Phase.INSERT;
            if (series.master() == null) {
                result = WriteResult.failed(withoutMaster());
            }
        }

        @Override
        List<Call<?>> calls() {
            tried.add(phase);
            try {
                switch (phase) {
                    case INSERT -> {
                        Event body =
                                GoogleEventMapper.toEvent(series.master(), zone).setId(masterId);
                        masterCall = call(
                                provider.client()
                                        .events()
                                        .insert(calendarId, body)
                                        .setSendUpdates(NO_NOTIFICATIONS),
                                "POST events (insert " + masterId + ")");
                    }
                    case READ_EXISTING ->
                        masterCall =
                                call(provider.client().events().get(calendarId, masterId), "GET events/" + masterId);
                    case RESTORE -> {
                        Event body = GoogleEventMapper.toEvent(series.master(), zone)
                                .setSequence(Math.max(
                                        series.master().sequence(),
                                        existing.getSequence() == null ? 0 : existing.getSequence()));
                        masterCall = call(
                                provider.client()
                                        .events()
                                        .update(calendarId, existing.getId(), body)
                                        .setSendUpdates(NO_NOTIFICATIONS),
                                "PUT events/" + existing.getId() + " (restore)");
                    }
                    case FIND_IMPORTED -> {
                        findCall = call(
                                provider.client()
                                        .events()
                                        .list(calendarId)
                                        .setICalUID(uid)
                                        .setShowDeleted(true)
                                        .setSingleEvents(false),
                                "GET events?iCalUID");
                        return List.of(findCall);
                    }
                    case IMPORT -> {
                        Event body =
                                GoogleEventMapper.toEvent(series.master(), zone).setICalUID(uid);
                        masterCall =
                                call(provider.client().events().calendarImport(calendarId, body), "POST events/import");
                    }
                    case INSTANCES -> {
                        return instances.calls();
                    }
                    default -> throw new IllegalStateException(phase.name());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.of(masterCall);
        }

        @Override
        void answered() {
            if (phase == Phase.INSTANCES) {
                instances.answered();
                if (instances.failure != null) {
                    throw instances.failure;
                }
                if (instances.finished()) {
                    done(new WriteOutcome.Written(instances.result()));
                }
                return;
            }
            if (phase == Phase.FIND_IMPORTED) {
                Answer<Events> found = findCall.answer();
                if (!found.ok()) {
                    throw failure(findCall);
                }
                List<Event> masters = found.value().getItems() == null
                        ? List.of()
                        : found.value().getItems().stream()
                                .filter(e -> e.getRecurringEventId() == null)
                                .toList();
                if (masters.stream().anyMatch(e -> !GoogleCalendarProvider.isCancelled(e))) {
                    done(new WriteOutcome.AlreadyExists());
                    return;
                }
                if (!masters.isEmpty() && !tried.contains(Phase.RESTORE)) {
                    // A deleted event holds the UID (an import refused for it): bring it back. A listing
                    // gives a deleted event without its sequence, which the restore must not go below.
                    existing = masters.get(0);
                    if (existing.getSequence() == null) {
                        Event full = provider.getEvent(calendarId, existing.getId());
                        existing = full != null ? full : existing;
                    }
                    phase = Phase.RESTORE;
                } else {
                    next(Phase.IMPORT, Phase.INSERT);
                }
                return;
            }
            Answer<Event> answer = masterCall.answer();
            switch (phase) {
                case INSERT -> {
                    if (answer.ok()) {
                        masterWritten(answer.value());
                    } else if (answer.status() == 409) {
                        phase = Phase.READ_EXISTING;
                    } else {
                        throw failure(masterCall);
                    }
                }
                case READ_EXISTING -> {
                    if (!answer.ok()) {
                        throw failure(masterCall);
                    }
                    existing = answer.value();
                    if (GoogleCalendarProvider.isCancelled(existing)) {
                        next(Phase.RESTORE, Phase.FIND_IMPORTED);
                    } else {
                        done(new WriteOutcome.AlreadyExists());
                    }
                }
                case RESTORE -> {
                    if (answer.ok()) {
                        restored(answer.value());
                    } else if (answer.status() == 403 && "forbidden".equals(answer.reason())) {
                        // This calendar refuses to undelete: the series lives on under its UID instead,
                        // unless an earlier create already put it there.
                        next(Phase.FIND_IMPORTED, Phase.IMPORT, Phase.INSERT);
                    } else {
                        throw failure(masterCall);
                    }
                }
                case IMPORT -> {
                    if (answer.ok()) {
                        masterWritten(answer.value());
                    } else if (answer.status() == 409) {
                        // Live (adopt it) or deleted (restore it): the listing by UID tells.
                        next(Phase.FIND_IMPORTED, Phase.INSERT);
                    } else {
                        throw failure(masterCall);
                    }
                }
                default -> throw new IllegalStateException(phase.name());
            }
        }

        /**
         * Moves to the first of {@code phases} not tried yet (a lookup may be repeated once a write
         * was tried since); fails when every way of creating was tried.
         */
        private void next(Phase... phases) {
            for (Phase p : phases) {
                if (!tried.contains(p) || (p == Phase.FIND_IMPORTED && lookupUseful())) {
                    phase = p;
                    if (p == Phase.FIND_IMPORTED) {
                        lookups++;
                    }
                    return;
                }
            }
            throw new ProviderException("Google calendar " + calendarId + ": cannot create series " + uid
                    + ": the calendar refused insert, import and restore (tried " + tried + ")");
        }

        private int lookups;

        /** A second lookup by UID is worth it after a later write attempt; never more than three. */
        private boolean lookupUseful() {
            return lookups < 3;
        }

        /**
         * A deleted master is back. Its deletion cancelled every exception it had: read them, so that
         * the instances write puts each occurrence the desired series does not change back to the
         * series' pattern instead of leaving it cancelled.
         */
        private void restored(Event written) {
            provider.remember(calendarId, written, uid, zone);
            SeriesVersion before = provider.fetchSeries(
                            calendarId, uid, List.of(new RemoteRef(written.getId(), written.getEtag(), null)))
                    .map(SeriesVersion::of)
                    .orElse(null);
            instances = new InstanceWrites(this, series, written, before, false);
            if (instances.finished()) {
                done(new WriteOutcome.Written(instances.result()));
            } else {
                phase = Phase.INSTANCES;
            }
        }

        private void masterWritten(Event written) {
            provider.remember(calendarId, written, uid, zone);
            instances = new InstanceWrites(this, series, written, null, false);
            if (instances.finished()) {
                done(new WriteOutcome.Written(instances.result()));
            } else {
                phase = Phase.INSTANCES;
            }
        }
    }

    /** Updates a series against the version calsync knows; writes only what changed. */
    private final class UpdateJob extends Job {
        private final SeriesVersion current;
        private final EventSeries desired;
        private final ComponentVersion currentMaster;
        private final boolean rewriteMaster;
        private Call<Event> masterCall;
        private Call<Event> verifyCall;
        private InstanceWrites instances;

        UpdateJob(SeriesVersion current, EventSeries desired) {
            super(desired.uid());
            this.current = current;
            this.desired = desired;
            this.currentMaster = current.components().get(EventKey.master(uid));
            if (desired.master() == null || currentMaster == null) {
                result = WriteResult.failed(withoutMaster());
                rewriteMaster = false;
                return;
            }
            SortedMap<EventKey, ContentHash> wanted = ContentHash.perComponent(desired);
            boolean rewrite = !currentMaster.contentHash().equals(wanted.get(EventKey.master(uid)));
            // Cancellations Google holds as EXDATEs on the master go away only with a new master.
            for (Map.Entry<EventKey, ComponentVersion> e : current.components().entrySet()) {
                if (e.getKey().isOccurrence() && onMaster(e.getValue())) {
                    if (!e.getValue().contentHash().equals(wanted.get(e.getKey()))) {
                        rewrite = true;
                    }
                }
            }
            rewriteMaster = rewrite;
            if (!rewriteMaster) {
                instances = new InstanceWrites(this, desired, null, current, false);
            }
        }

        private boolean onMaster(ComponentVersion v) {
            return v.ref().remoteId().equals(currentMaster.ref().remoteId());
        }

        /**
         * What calsync knew of the series, plus the exceptions Google stores that did not read as
         * exceptions before the master changed: instances calsync put back to the old pattern
         * (Google cannot turn an exception back into a plain occurrence). Now that the master moved
         * on, they differ from its pattern; as components the desired series lacks, the instance
         * writes put them back to the new pattern. One listing, only for a recurring master.
         */
        private SeriesVersion withKeptAtOldPattern(Event master) {
            if (master.getRecurrence() == null || master.getRecurrence().isEmpty()) {
                return current;
            }
            String iCalUid = master.getICalUID() != null ? master.getICalUID() : uid;
            List<Event> exceptions = new ArrayList<>();
            for (Event e : provider.listByICalUid(calendarId, iCalUid)) {
                if (master.getId().equals(e.getRecurringEventId()) && !GoogleCalendarProvider.isCancelled(e)) {
                    exceptions.add(e);
                }
            }
            if (exceptions.isEmpty()) {
                return current;
            }
            RemoteSeries now;
            try {
                now = provider.assemble(calendarId, uid, master, exceptions, zone);
            } catch (RuntimeException unreadable) {
                // An exception calsync cannot read is left as it is; the next read reports it.
                return current;
            }
            SortedMap<EventKey, ContentHash> hashes = ContentHash.perComponent(now.series());
            SortedMap<EventKey, ComponentVersion> known = new TreeMap<>(current.components());
            for (Map.Entry<EventKey, ContentHash> e : hashes.entrySet()) {
                if (e.getKey().isOccurrence() && !known.containsKey(e.getKey())) {
                    now.ref(e.getKey())
                            .ifPresent(ref -> known.put(e.getKey(), new ComponentVersion(ref, e.getValue())));
                }
            }
            return new SeriesVersion(uid, known);
        }

        @Override
        List<Call<?>> calls() {
            if (instances != null && instances.finished() && !rewriteMaster) {
                // Nothing to write: check that the series is still as calsync knew it.
                String id = currentMaster.ref().remoteId();
                try {
                    verifyCall = call(provider.client().events().get(calendarId, id), "GET events/" + id);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return List.of(verifyCall);
            }
            if (instances != null) {
                return instances.calls();
            }
            String id = currentMaster.ref().remoteId();
            try {
                Event body =
                        GoogleEventMapper.toPatch(desired.master(), zone, null).setSequence(null);
                Calendar.Events.Patch patch =
                        provider.client().events().patch(calendarId, id, body).setSendUpdates(NO_NOTIFICATIONS);
                ifMatch(patch, currentMaster.ref().etag());
                masterCall = call(patch, "PATCH events/" + id);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return List.of(masterCall);
        }

        @Override
        void answered() {
            if (verifyCall != null) {
                Answer<Event> answer = verifyCall.answer();
                if (answer.ok()) {
                    Event now = answer.value();
                    String known = currentMaster.ref().etag();
                    if (GoogleCalendarProvider.isCancelled(now)) {
                        done(new WriteOutcome.NotFound());
                    } else if (known != null && !known.equals(now.getEtag())) {
                        done(new WriteOutcome.PreconditionFailed());
                    } else {
                        done(new WriteOutcome.Written(instances.result()));
                    }
                } else if ((answer.status() == 404 || answer.status() == 410) && calendarExists()) {
                    done(new WriteOutcome.NotFound());
                } else {
                    throw failure(verifyCall);
                }
                return;
            }
            if (instances == null) {
                Answer<Event> answer = masterCall.answer();
                if (answer.ok()) {
                    provider.remember(calendarId, answer.value(), uid, zone);
                    instances = new InstanceWrites(
                            this, desired, answer.value(), withKeptAtOldPattern(answer.value()), true);
                } else if (answer.status() == 412) {
                    done(
                            deletedMeanwhile(currentMaster.ref().remoteId())
                                    ? new WriteOutcome.NotFound()
                                    : new WriteOutcome.PreconditionFailed());
                    return;
                } else if (answer.status() == 404 || answer.status() == 410) {
                    if (!calendarExists()) {
                        throw failure(masterCall);
                    }
                    done(new WriteOutcome.NotFound());
                    return;
                } else {
                    throw failure(masterCall);
                }
            } else {
                instances.answered();
                if (instances.failure != null) {
                    throw instances.failure;
                }
                if (instances.preconditionFailed) {
                    done(new WriteOutcome.PreconditionFailed());
                    return;
                }
            }
            if (instances.finished()) {
                done(new WriteOutcome.Written(instances.result()));
            }
        }
    }

    /** Deletes a series: its master (Google cancels the exceptions with it). */
    private final class DeleteJob extends Job {
        private final List<RemoteRef> targets = new ArrayList<>();
        private final List<Call<Void>> deletes = new ArrayList<>();

        DeleteJob(SeriesVersion current) {
            super(current.uid());
            ComponentVersion master = current.components().get(EventKey.master(uid));
            if (master != null) {
                targets.add(master.ref());
            } else {
                targets.addAll(current.refs());
            }
        }

        @Override
        List<Call<?>> calls() {
            deletes.clear();
            try {
                for (RemoteRef ref : targets) {
                    Calendar.Events.Delete delete = provider.client()
                            .events()
                            .delete(calendarId, ref.remoteId())
                            .setSendUpdates(NO_NOTIFICATIONS);
                    ifMatch(delete, ref.etag());
                    deletes.add(call(delete, "DELETE events/" + ref.remoteId()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new ArrayList<>(deletes);
        }

        @Override
        void answered() {
            boolean gone = true;
            for (int i = 0; i < deletes.size(); i++) {
                Call<Void> d = deletes.get(i);
                Answer<Void> answer = d.answer();
                if (answer.status() == 412) {
                    done(
                            deletedMeanwhile(targets.get(i).remoteId())
                                    ? new WriteOutcome.NotFound()
                                    : new WriteOutcome.PreconditionFailed());
                    return;
                }
                if (answer.status() == 404 || answer.status() == 410) {
                    if (answer.status() == 404 && !calendarExists()) {
                        throw failure(d);
                    }
                    continue;
                }
                if (!answer.ok()) {
                    throw failure(d);
                }
                gone = false;
            }
            done(gone ? new WriteOutcome.NotFound() : new WriteOutcome.Deleted());
        }
    }

    // ------------------------------------------------------------------ instances

    /**
     * The overrides and cancelled occurrences of one series, written to their instances: first at
     * the id Google documents, then, for any Google does not know by that id, at the id its {@code
     * instances} listing gives.
     */
    private final class InstanceWrites {
        private final Job job;
        private final EventSeries desired;
        private final SeriesVersion current;
        private final Event masterEvent;
        private final EventComponent masterComponent;
        private final String masterId;
        private final Map<RecurrenceId, Target> targets = new TreeMap<>();
        private final Map<EventKey, EventComponent> written = new TreeMap<>();
        private final Map<EventKey, RemoteRef> writtenRefs = new TreeMap<>();
        ProviderException failure;
        boolean preconditionFailed;

        /** One instance to write, and where it stands. */
        private final class Target {
            final RecurrenceId rid;
            final EventComponent body;
            final String etag;
            String id;
            boolean lookedUp;
            Call<Event> write;
            Call<Events> lookup;
            boolean finished;

            Target(RecurrenceId rid, EventComponent body, String id, String etag) {
                this.rid = rid;
                this.body = body;
                this.id = id;
                this.etag = etag;
            }
        }

        /**
         * @param masterEvent the master as just written, or null if it was not written
         * @param current what calsync knew of the series on Google, or null for a new series
         * @param masterRewritten whether the master was rewritten (its EXDATEs are then gone)
         */
        InstanceWrites(
                Job job, EventSeries desired, Event masterEvent, SeriesVersion current, boolean masterRewritten) {
            this.job = job;
            this.desired = desired;
            this.current = current;
            this.masterEvent = masterEvent;
            ComponentVersion cm = current == null ? null : current.components().get(EventKey.master(desired.uid()));
            this.masterId = masterEvent != null ? masterEvent.getId() : cm.ref().remoteId();
            this.masterComponent = masterEvent != null
                    ? GoogleCalendarProvider.read(masterEvent, desired.uid(), zone, null)
                    : desired.master();
            SortedMap<EventKey, ContentHash> wanted = ContentHash.perComponent(desired);
            TreeSet<RecurrenceId> rids = new TreeSet<>();
            desired.overrides().forEach(o -> rids.add(o.recurrenceId()));
            rids.addAll(desired.cancelledOccurrences());
            if (current != null) {
                for (EventKey key : current.components().keySet()) {
                    if (key.isOccurrence()) {
                        rids.add(key.recurrenceId());
                    }
                }
            }
            for (RecurrenceId rid : rids) {
                EventKey key = EventKey.occurrence(desired.uid(), rid);
                ComponentVersion cur =
                        current == null ? null : current.components().get(key);
                if (cur != null && cur.ref().remoteId().equals(masterId)) {
                    // An EXDATE on the master: unchanged unless the master was rewritten without it.
                    cur = masterRewritten ? null : cur;
                    if (cur != null) {
                        keep(key, cur.ref());
                        continue;
                    }
                }
                ContentHash want = wanted.get(key);
                if (want != null && cur != null && want.equals(cur.contentHash())) {
                    keep(key, cur.ref());
                    continue;
                }
                EventComponent body;
                if (want == null) {
                    if (cur == null) {
                        continue;
                    }
                    body = occurrence(rid); // removed override or cancellation: back to the series' pattern
                } else {
                    body = desired.override(rid).orElseGet(() -> cancelled(rid));
                }
                String id = cur != null ? cur.ref().remoteId() : GoogleEventIds.instanceId(masterId, rid, zone);
                targets.put(
                        rid,
                        new Target(rid, body, id, cur == null ? null : cur.ref().etag()));
            }
        }

        private void keep(EventKey key, RemoteRef ref) {
            writtenRefs.put(key, ref);
        }

        boolean finished() {
            return targets.values().stream().allMatch(t -> t.finished);
        }

        List<Call<?>> calls() {
            List<Call<?>> calls = new ArrayList<>();
            try {
                for (Target t : targets.values()) {
                    if (t.finished) {
                        continue;
                    }
                    t.write = null;
                    t.lookup = null;
                    if (t.id == null) {
                        t.lookup = call(
                                provider.client()
                                        .events()
                                        .instances(calendarId, masterId)
                                        .setOriginalStart(originalStart(t.rid))
                                        .setShowDeleted(true),
                                "GET events/" + masterId + "/instances");
                        calls.add(t.lookup);
                    } else {
                        Event body = t.body.status() == EventStatus.CANCELLED
                                ? new Event().setStatus("cancelled")
                                : GoogleEventMapper.toPatch(t.body, zone, null).setSequence(null);
                        Calendar.Events.Patch patch = provider.client()
                                .events()
                                .patch(calendarId, t.id, body)
                                .setSendUpdates(NO_NOTIFICATIONS);
                        ifMatch(patch, t.etag);
                        t.write = call(patch, "PATCH events/" + t.id);
                        calls.add(t.write);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return calls;
        }

        void answered() {
            for (Target t : targets.values()) {
                if (t.finished) {
                    continue;
                }
                if (t.lookup != null) {
                    Answer<Events> answer = t.lookup.answer();
                    if (!answer.ok()) {
                        fail(job.failure(t.lookup));
                        return;
                    }
                    List<Event> items = answer.value().getItems();
                    if (items == null || items.isEmpty()) {
                        fail(new ProviderException("Google calendar " + calendarId + ": series " + desired.uid()
                                + " has no occurrence " + t.rid + " to modify"));
                        return;
                    }
                    t.id = items.get(0).getId();
                    t.lookedUp = true;
                    continue;
                }
                Answer<Event> answer = t.write.answer();
                if (answer.ok()) {
                    Event e = answer.value();
                    EventComponent c = GoogleCalendarProvider.read(e, desired.uid(), zone, masterComponent.start());
                    written.put(c.key(), c);
                    writtenRefs.put(c.key(), provider.ref(calendarId, e));
                    t.finished = true;
                } else if (answer.status() == 412) {
                    preconditionFailed = true;
                    t.finished = true;
                } else if (answer.status() == 404 && t.etag == null && !t.lookedUp) {
                    t.id = null; // not Google's documented instance id: look it up
                } else {
                    fail(job.failure(t.write));
                    return;
                }
            }
        }

        private void fail(ProviderException e) {
            failure = e;
            targets.values().forEach(t -> t.finished = true);
        }

        /** The series as Google now holds it, from what was written and what was kept. */
        RemoteSeries result() {
            java.util.Set<EventKey> wantedKeys =
                    ContentHash.perComponent(desired).keySet();
            Map<EventKey, RemoteRef> refs = new TreeMap<>();
            EventKey masterKey = EventKey.master(desired.uid());
            refs.put(
                    masterKey,
                    masterEvent != null
                            ? provider.ref(calendarId, masterEvent)
                            : current.components().get(masterKey).ref());
            Map<RecurrenceId, EventComponent> overrides = new TreeMap<>();
            TreeSet<RecurrenceId> cancelled = new TreeSet<>();
            for (EventComponent o : desired.overrides()) {
                EventKey key = o.key();
                if (writtenRefs.containsKey(key) && !written.containsKey(key)) {
                    overrides.put(o.recurrenceId(), o);
                }
            }
            for (RecurrenceId rid : desired.cancelledOccurrences()) {
                EventKey key = EventKey.occurrence(desired.uid(), rid);
                if (writtenRefs.containsKey(key) && !written.containsKey(key)) {
                    cancelled.add(rid);
                }
            }
            for (EventComponent c : written.values()) {
                if (!wantedKeys.contains(c.key()) && GoogleCalendarProvider.followsPattern(c, masterComponent, zone)) {
                    // An instance put back to the series' pattern is no exception any more.
                    writtenRefs.remove(c.key());
                    continue;
                }
                if (c.status() == EventStatus.CANCELLED) {
                    cancelled.add(c.recurrenceId());
                } else {
                    overrides.put(c.recurrenceId(), c);
                }
            }
            for (Map.Entry<EventKey, RemoteRef> e : writtenRefs.entrySet()) {
                refs.put(e.getKey(), e.getValue());
            }
            // A master that Google kept, with its EXDATEs, stays as calsync knew it.
            EventComponent master = masterEvent != null ? masterComponent : desired.master();
            refs.keySet()
                    .removeIf(k -> k.isOccurrence()
                            && !overrides.containsKey(k.recurrenceId())
                            && !cancelled.contains(k.recurrenceId()));
            return new RemoteSeries(
                    new EventSeries(desired.uid(), master, new ArrayList<>(overrides.values()), cancelled), refs);
        }

        /** The occurrence {@code rid} as the master's pattern makes it. */
        private EventComponent occurrence(RecurrenceId rid) {
            return GoogleCalendarProvider.occurrence(masterComponent, rid, zone);
        }

        private EventComponent cancelled(RecurrenceId rid) {
            return EventComponent.builder(desired.uid(), GoogleCalendarProvider.at(rid, masterComponent.start(), zone))
                    .recurrenceId(rid)
                    .status(EventStatus.CANCELLED)
                    .build();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static <T> Call<T> call(CalendarRequest<T> request, String description) {
        return new Call<>(request, description);
    }

    private static void ifMatch(CalendarRequest<?> request, String etag) {
        if (etag != null) {
            request.setRequestHeaders(request.getRequestHeaders().setIfMatch(etag));
        }
    }

    /**
     * After a 412: whether the event is gone (deleted since calsync read it), which makes the write
     * moot rather than conflicting. One request, only on this rare path.
     */
    private boolean deletedMeanwhile(String eventId) {
        Event now = provider.getEvent(calendarId, eventId);
        return now == null || GoogleCalendarProvider.isCancelled(now);
    }

    /** Whether the calendar can be listed; asked once per call, only after a 404. */
    private boolean calendarExists() {
        if (calendarExists == null) {
            try {
                Answer<String> answer = provider.executor()
                        .unparsed(provider.client().events().list(calendarId).setMaxResults(1));
                calendarExists = answer.status() != 404;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return calendarExists;
    }

    /**
     * The {@code originalStart} parameter of the instances listing for {@code rid}: its start as an
     * instant (an all-day occurrence's midnight in the calendar's zone).
     */
    private String originalStart(RecurrenceId rid) {
        Instant start = GoogleCalendarProvider.at(rid, null, zone).toInstant(zone);
        return new DateTime(start.toEpochMilli()).toStringRfc3339();
    }
}
