package dev.calsync.google;

import com.google.api.services.calendar.Calendar;
import com.google.api.services.calendar.model.Event;
import dev.calsync.core.event.EventComponent;
import dev.calsync.core.spi.ChangeListing;
import dev.calsync.core.spi.ChangePage;
import dev.calsync.core.spi.ProviderException;
import dev.calsync.core.spi.QuarantinedItem;
import dev.calsync.core.spi.RemoteComponent;
import dev.calsync.google.GoogleCalendarProvider.MasterInfo;
import dev.calsync.google.internal.Answer;
import dev.calsync.google.internal.Call;
import dev.calsync.google.internal.GoogleEventMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages of one {@code events.list} run: a delta from a sync token, or a full listing. The first
 * page is read when the listing is made, so that a refused token is known from the start.
 */
final class GoogleChangeListing implements ChangeListing {
    private static final Logger log = LoggerFactory.getLogger(GoogleChangeListing.class);

    private final GoogleCalendarProvider provider;
    private final String calendarId;
    private final String syncToken;
    private final boolean full;
    private final boolean tokenRejected;
    private EventPage pending;
    private String pageToken;
    private String nextSyncToken;
    private boolean lastPageRead;
    private boolean complete;
    private boolean closed;

    GoogleChangeListing(GoogleCalendarProvider provider, String calendarId, String syncToken) {
        this.provider = provider;
        this.calendarId = calendarId;
        Answer<String> first = fetch(syncToken, null);
        boolean rejected = false;
        if (syncToken != null && refusesToken(first)) {
            log.info("Google refused the sync token ({}): reading the calendar in full", first.describe());
            rejected = true;
            first = fetch(null, null);
        }
        this.syncToken = rejected ? null : syncToken;
        this.full = this.syncToken == null;
        this.tokenRejected = rejected;
        this.pending = parse(first);
    }

    /** 410 (expired or invalidated) and 400 "Invalid sync token value." both call for a full listing. */
    private static boolean refusesToken(Answer<String> answer) {
        return answer.status() == 410
                || (answer.status() == 400
                        && answer.message() != null
                        && answer.message().startsWith("Invalid sync token value"));
    }

    @Override
    public boolean isFull() {
        return full;
    }

    @Override
    public boolean tokenRejected() {
        return tokenRejected;
    }

    @Override
    public Optional<ChangePage> nextPage() {
        if (closed) {
            throw new IllegalStateException("listing closed");
        }
        if (lastPageRead) {
            complete = true;
            return Optional.empty();
        }
        EventPage page = pending != null ? pending : parse(fetch(syncToken, pageToken));
        pending = null;
        if (page.nextPageToken() != null) {
            pageToken = page.nextPageToken();
        } else {
            if (page.nextSyncToken() == null) {
                throw new ProviderException(
                        "Google calendar " + calendarId + ": the last page of the listing carried no nextSyncToken");
            }
            nextSyncToken = page.nextSyncToken();
            lastPageRead = true;
        }
        return Optional.of(convert(page));
    }

    @Override
    public String nextSyncToken() {
        if (!complete || nextSyncToken == null) {
            throw new IllegalStateException("the listing is not complete");
        }
        return nextSyncToken;
    }

    @Override
    public void close() {
        closed = true;
        pending = null;
    }

    private Answer<String> fetch(String token, String page) {
        try {
            Calendar.Events.List request = provider.client()
                    .events()
                    .list(calendarId)
                    .setShowDeleted(true)
                    .setSingleEvents(false)
                    .setMaxResults(provider.pageSize())
                    .setSyncToken(token)
                    .setPageToken(page);
            return provider.executor().unparsed(request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private EventPage parse(Answer<String> answer) {
        if (!answer.ok()) {
            throw GoogleErrors.failure(
                    calendarId, syncToken != null ? "GET events?syncToken" : "GET events (full listing)", answer, true);
        }
        try {
            EventPage page = EventPage.parse(provider.json(), answer.value());
            provider.zone(calendarId, page.timeZone());
            return page;
        } catch (IOException | RuntimeException e) {
            throw new ProviderException(
                    "Google calendar " + calendarId + ": a listing page is not JSON: " + e.getMessage(), e);
        }
    }

    /** The page in calsync's terms: components, tombstones and quarantined items. */
    private ChangePage convert(EventPage page) {
        ZoneId zone = provider.zone(calendarId);
        List<RemoteComponent> components = new ArrayList<>();
        List<String> tombstones = new ArrayList<>();
        List<QuarantinedItem> quarantined = new ArrayList<>();
        for (EventPage.Unreadable u : page.unreadable()) {
            String id = u.id() != null ? u.id() : "unknown-" + quarantined.size();
            quarantined.add(new QuarantinedItem(id, provider.selfLink(calendarId, id), u.reason()));
        }
        // Masters first, so that their instances on this page can be placed without a request.
        for (Event e : page.events()) {
            if (e.getRecurringEventId() == null && e.getId() != null) {
                String uid = GoogleEventMapper.uidOf(e);
                if (GoogleCalendarProvider.isCancelled(e)) {
                    provider.forget(calendarId, e.getId());
                } else if (uid != null) {
                    provider.remember(calendarId, e, uid, zone);
                }
            }
        }
        resolveUnknownMasters(page.events(), zone);
        for (Event e : page.events()) {
            if (e.getId() == null) {
                quarantined.add(new QuarantinedItem(
                        "unknown-" + quarantined.size(), provider.selfLink(calendarId, ""), "an event without an id"));
                continue;
            }
            boolean cancelled = GoogleCalendarProvider.isCancelled(e);
            if (e.getRecurringEventId() == null) {
                if (cancelled) {
                    // A deleted event: proof of deletion in a delta; a full listing lists what exists.
                    if (!full) {
                        tombstones.add(e.getId());
                    }
                    continue;
                }
                String uid = GoogleEventMapper.uidOf(e);
                if (uid == null) {
                    quarantined.add(
                            new QuarantinedItem(e.getId(), provider.selfLink(calendarId, e.getId()), "no iCalUID"));
                    continue;
                }
                add(components, quarantined, tombstones, e, uid, zone, null);
                continue;
            }
            MasterInfo master = provider.master(calendarId, e.getRecurringEventId());
            if (master == null || master.cancelled()) {
                // The series is gone (its master's tombstone says so) or was never readable.
                continue;
            }
            String uid = GoogleEventMapper.uidOf(e);
            add(components, quarantined, tombstones, e, uid != null ? uid : master.uid(), zone, master);
        }
        return new ChangePage(components, tombstones, quarantined);
    }

    private void add(
            List<RemoteComponent> components,
            List<QuarantinedItem> quarantined,
            List<String> tombstones,
            Event e,
            String uid,
            ZoneId zone,
            MasterInfo master) {
        try {
            EventComponent c = GoogleCalendarProvider.read(e, uid, zone, master == null ? null : master.start());
            if (master != null && GoogleCalendarProvider.followsPattern(c, master.component(), zone)) {
                // An exception put back to the pattern: in a delta, its series must be read again.
                if (!full) {
                    tombstones.add(e.getId());
                }
                return;
            }
            components.add(new RemoteComponent(c, provider.ref(calendarId, e)));
        } catch (RuntimeException malformed) {
            quarantined.add(new QuarantinedItem(
                    e.getId(), provider.selfLink(calendarId, e.getId()), String.valueOf(malformed.getMessage())));
        }
    }

    /** Reads, in one batch, the masters of instances on this page that are not known yet. */
    private void resolveUnknownMasters(List<Event> events, ZoneId zone) {
        Set<String> unknown = new LinkedHashSet<>();
        for (Event e : events) {
            if (e.getRecurringEventId() != null && provider.master(calendarId, e.getRecurringEventId()) == null) {
                unknown.add(e.getRecurringEventId());
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        Map<String, Call<Event>> calls = new LinkedHashMap<>();
        try {
            for (String id : unknown) {
                calls.put(id, new Call<>(provider.client().events().get(calendarId, id), "GET events/" + id));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        provider.executor().all(new ArrayList<>(calls.values()));
        for (Call<Event> call : calls.values()) {
            Answer<Event> answer = call.answer();
            if (answer.ok()) {
                Event master = answer.value();
                String uid = GoogleEventMapper.uidOf(master);
                if (uid != null) {
                    provider.remember(calendarId, master, uid, zone);
                }
            } else if (answer.status() != 404 && answer.status() != 410) {
                throw GoogleErrors.failure(calendarId, call.description(), answer, false);
            }
        }
    }
}
