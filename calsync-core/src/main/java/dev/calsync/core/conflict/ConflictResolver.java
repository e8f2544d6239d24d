package dev.calsync.core.conflict;

/**
 * Decides conflicts: both sides changed the same component since the last sync. Implementations
 * must be pure (no I/O, same answer for the same input) and thread-safe; the engine may call them
 * from several pairs at once, and its dry run must predict its real run.
 *
 * <p>Ready-made resolvers are in {@link ConflictResolvers}; {@link ConflictResolvers#standard()} is
 * the default.
 */
@FunctionalInterface
public interface ConflictResolver {

    /**
     * Decides one conflict.
     *
     * @param conflict both sides' states and the base
     * @return who wins and by which rule; never null
     */
    Resolution resolve(Conflict conflict);
}
