package dev.calsync.core.spi;

import dev.calsync.core.canonical.ContentHash;
import java.util.Objects;

/**
 * What is known of one component on one side without its content: where it lives and the hash of
 * what it holds.
 *
 * @param ref where it lives, with the ETag that guards a write
 * @param contentHash the hash of what it holds (see {@link ContentHash#perComponent})
 */
public record ComponentVersion(RemoteRef ref, ContentHash contentHash) {
    /**
     * Checks the parts.
     *
     * @param ref where the component lives, with its ETag
     * @param contentHash the hash of what it holds
     * @throws NullPointerException if a part is null
     */
    public ComponentVersion {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(contentHash, "contentHash");
    }
}
