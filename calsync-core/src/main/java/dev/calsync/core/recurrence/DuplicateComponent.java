package dev.calsync.core.recurrence;

import dev.calsync.core.event.EventComponent;
import dev.calsync.core.event.EventKey;

/**
 * Two components with the same key (UID and RECURRENCE-ID) on one side: a broken calendar, or a
 * server listing an item twice. The grouper keeps one and reports the other; nothing is deleted
 * because of it.
 *
 * @param key the key both components have
 * @param kept the component the series holds
 * @param discarded the component left out
 */
public record DuplicateComponent(EventKey key, EventComponent kept, EventComponent discarded) {}
