package dev.calsync.testkit.caldav;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The emulator's state: calendars, their resources (the exact bytes PUT), and Radicale's sync
 * model. As in Radicale 3.1.8 ({@code storage/multifilesystem/sync.py}), every member href, present
 * or deleted within the retention, has a <em>history etag</em> chained over its ETags; a sync token
 * is the SHA-256 over the (href, history etag) state, and the state behind each token issued is
 * kept for the retention. A sync lists every href whose history etag differs from the token's
 * state: that is why a removed member, one created and deleted between two syncs, and (on an initial
 * sync) a member deleted earlier are all reported as 404. Callers synchronise on the store.
 */
final class Store {
    static final String TOKEN_PREFIX = "http://calsync.dev/ns/sync/";
    private static final SecureRandom RANDOM = new SecureRandom();

    final CalDavEmulatorOptions options;
    final Paths layout;
    final Map<String, Cal> calendars = new LinkedHashMap<>();

    Store(CalDavEmulatorOptions options) {
        this.options = options;
        this.layout = new Paths(options);
    }

    record Item(byte[] bytes, String etag, String uid, String componentType) {}

    static final class History {
        String etag = "";
        String historyEtag = HexFormat.of().formatHex(randomBytes());
        Instant deletedAt;
    }

    record Snapshot(Map<String, String> state, Instant issuedAt) {}

    static final class Cal {
        final String name;
        String displayName;
        String color;
        List<String> components;
        final TreeMap<String, Item> items = new TreeMap<>();
        final Map<String, History> history = new HashMap<>();
        final Map<String, Snapshot> tokens = new HashMap<>();
        final Map<String, Integer> lag = new HashMap<>();

        Cal(String name, String displayName, String color, List<String> components) {
            this.name = name;
            this.displayName = displayName;
            this.color = color;
            this.components = components;
        }
    }

    /** The outcome of a write: an HTTP status, the new ETag on success, and an error body (or null). */
    record Outcome(int status, String etag, String body) {
        static Outcome of(int status) {
            return new Outcome(status, null, null);
        }
    }

    // ------------------------------------------------------------------------------------------

    Cal calendar(String name) {
        return calendars.get(name);
    }

    Cal create(String name, String displayName, String color, List<String> components) {
        if (calendars.containsKey(name)) {
            return null;
        }
        Cal c = new Cal(name, displayName, color, components);
        calendars.put(name, c);
        return c;
    }

    static String etag(byte[] bytes) {
        return "\"" + sha256(bytes) + "\"";
    }

    String ctag(Cal c) {
        StringBuilder b = new StringBuilder();
        c.items.forEach((n, it) -> b.append(n).append('/').append(it.etag()).append('\n'));
        return "\"" + sha256(b.toString().getBytes(StandardCharsets.UTF_8)) + "\"";
    }

    /** PUT (or a user write when {@code user}): the checks of CALDAV.md §6.5, then the store. */
    Outcome put(String calName, String resName, byte[] body, String ifMatch, String ifNoneMatch, boolean user) {
        Cal c = calendars.get(calName);
        if (c == null) {
            return Outcome.of(409);
        }
        ICal.Info info;
        try {
            info = ICal.inspect(body);
        } catch (ICal.Invalid e) {
            return new Outcome(400, null, "Bad Request: " + e.getMessage());
        }
        Item existing = c.items.get(resName);
        if (!user) {
            if (ifMatch != null && (existing == null || !ifMatch.equals(existing.etag()))) {
                return new Outcome(412, null, "Precondition failed.");
            }
            if (ifNoneMatch != null
                    && existing != null
                    && (ifNoneMatch.trim().equals("*") || ifNoneMatch.equals(existing.etag()))) {
                return new Outcome(412, null, "Precondition failed.");
            }
        }
        if (info.overrideOnly() && options.rejectOverrideOnly()) {
            return new Outcome(400, null, "Bad Request: override without master");
        }
        for (Map.Entry<String, Item> e : c.items.entrySet()) {
            if (!e.getKey().equals(resName) && e.getValue().uid().equals(info.uid())) {
                return new Outcome(409, null, Xml.error("<C:no-uid-conflict/>"));
            }
        }
        if (options.uidUniqueAcrossCalendars()) {
            for (Cal other : calendars.values()) {
                if (other == c) {
                    continue;
                }
                for (Map.Entry<String, Item> e : other.items.entrySet()) {
                    if (e.getValue().uid().equals(info.uid())) {
                        return new Outcome(
                                403,
                                null,
                                Xml.error("<C:no-uid-conflict><D:href>"
                                        + Xml.escape(layout.itemHref(other.name, e.getKey()))
                                        + "</D:href></C:no-uid-conflict>"));
                    }
                }
            }
        }
        if (info.eventWithoutEnd() && options.rejectEventWithoutDtend()) {
            return Outcome.of(404);
        }
        byte[] copy = body.clone();
        String etag = etag(copy);
        c.items.put(resName, new Item(copy, etag, info.uid(), info.componentType()));
        touchHistory(c, resName, etag);
        return new Outcome(201, etag, null); // Radicale answers 201 to updates too
    }

    /** DELETE: 404 if missing, 412 if If-Match is not the current ETag, else removed (200). */
    Outcome delete(String calName, String resName, String ifMatch) {
        Cal c = calendars.get(calName);
        Item existing = c == null ? null : c.items.get(resName);
        if (existing == null) {
            return Outcome.of(404);
        }
        if (ifMatch != null && !ifMatch.equals(existing.etag())) {
            return new Outcome(412, null, "Precondition failed.");
        }
        c.items.remove(resName);
        touchHistory(c, resName, "");
        return Outcome.of(200);
    }

    private void touchHistory(Cal c, String resName, String etag) {
        History h = c.history.computeIfAbsent(resName, k -> new History());
        if (!etag.equals(h.etag)) {
            h.historyEtag = sha256((h.historyEtag + "/" + etag).getBytes(StandardCharsets.UTF_8));
            h.etag = etag;
        }
        h.deletedAt = etag.isEmpty() ? options.clock().instant() : null;
    }

    // ------------------------------------------------------------------------------------------
    // sync

    /** The current (href → history etag) state: present members plus deletions within the retention. */
    private Map<String, String> state(Cal c) {
        Instant now = options.clock().instant();
        c.history
                .values()
                .removeIf(h -> h.deletedAt != null
                        && h.deletedAt.plus(options.tokenRetention()).isBefore(now));
        c.tokens
                .values()
                .removeIf(s -> s.issuedAt().plus(options.tokenRetention()).isBefore(now));
        Map<String, String> state = new TreeMap<>();
        c.history.forEach((name, h) -> state.put(name, h.historyEtag));
        return state;
    }

    private static String tokenOf(Map<String, String> state) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(state).forEach((k, v) -> b.append(k).append('/').append(v).append('\n'));
        return sha256(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private String issue(Cal c, Map<String, String> state) {
        String name = tokenOf(state);
        c.tokens.put(name, new Snapshot(Map.copyOf(state), options.clock().instant()));
        return TOKEN_PREFIX + name;
    }

    /** The collection's current sync token (issued: it becomes valid for a later sync). */
    String syncToken(Cal c) {
        return issue(c, state(c));
    }

    /** One sync-collection answer: the hrefs (resource names) changed and removed, the token, truncation. */
    record SyncResult(List<String> changed, List<String> removed, String token, boolean truncated) {}

    /** The changes since {@code token} (empty = initial), or null if the token is not valid. */
    SyncResult sync(Cal c, String token) {
        Map<String, String> state = state(c);
        Map<String, String> old;
        if (token == null || token.isEmpty()) {
            old = Map.of();
        } else {
            if (!token.startsWith(TOKEN_PREFIX)) {
                return null;
            }
            Snapshot s = c.tokens.get(token.substring(TOKEN_PREFIX.length()));
            if (s == null) {
                return null;
            }
            old = s.state();
        }
        TreeSet<String> changes = new TreeSet<>();
        state.forEach((k, v) -> {
            if (!v.equals(old.get(k))) {
                changes.add(k);
            }
        });
        for (String k : old.keySet()) {
            if (!state.containsKey(k)) {
                changes.add(k);
            }
        }
        List<String> page = new ArrayList<>(changes);
        boolean truncated = false;
        Map<String, String> target = state;
        int size = options.syncPageSize();
        if (size > 0 && page.size() > size) {
            page = new ArrayList<>(page.subList(0, size));
            truncated = true;
            target = new TreeMap<>(old);
            for (String k : page) {
                if (state.containsKey(k)) {
                    target.put(k, state.get(k));
                } else {
                    target.remove(k);
                }
            }
        }
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (String k : page) {
            if (c.items.containsKey(k)) {
                changed.add(k);
                if (options.multigetLagAfterSync() > 0) {
                    c.lag.put(k, options.multigetLagAfterSync());
                }
            } else {
                removed.add(k);
            }
        }
        return new SyncResult(changed, removed, issue(c, target), truncated);
    }

    /** Whether a multiget of the member must still answer 404 (eventual consistency); uses one lag unit. */
    boolean lagging(Cal c, String resName) {
        Integer n = c.lag.get(resName);
        if (n == null || n <= 0) {
            return false;
        }
        if (n == 1) {
            c.lag.remove(resName);
        } else {
            c.lag.put(resName, n - 1);
        }
        return true;
    }

    void invalidateTokens(Cal c) {
        c.tokens.clear();
    }

    // ------------------------------------------------------------------------------------------

    private static byte[] randomBytes() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return b;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
