package dev.calsync.core.spi;

import dev.calsync.core.event.EventComponent;
import java.util.Objects;

/**
 * A component as one side listed it, with where it lives there.
 *
 * @param component the component, mapped to calsync's model
 * @param ref where it lives on that side
 */
public record RemoteComponent(EventComponent component, RemoteRef ref) {
    /**
     * Checks the parts.
     *
     * @param component the component
     * @param ref where it lives
     * @throws NullPointerException if either part is null
     */
    public RemoteComponent {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(ref, "ref");
    }
}
