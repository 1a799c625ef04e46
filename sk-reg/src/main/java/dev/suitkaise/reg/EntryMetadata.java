package dev.suitkaise.reg;

import java.time.Instant;
import java.util.Objects;

/**
 * What a registry knows about one entry, as a snapshot.
 *
 * @param created when the key was first registered
 * @param modified when the value was last set (equal to {@code created} until replaced)
 * @param accessCount how many times the value was read through {@code get} or {@code require}
 * @param creatorPid the id of the process that registered the key
 * @param creatorThread the name of the thread that registered the key
 */
public record EntryMetadata(Instant created, Instant modified, long accessCount, long creatorPid, String creatorThread) {

    /**
     * Creates the snapshot.
     *
     * @param created when the key was first registered
     * @param modified when the value was last set
     * @param accessCount how many times the value was read
     * @param creatorPid the id of the process that registered the key
     * @param creatorThread the name of the thread that registered the key
     */
    public EntryMetadata {
        Objects.requireNonNull(created, "EntryMetadata: created is null");
        Objects.requireNonNull(modified, "EntryMetadata: modified is null");
        Objects.requireNonNull(creatorThread, "EntryMetadata: creatorThread is null");
    }
}
