package dev.suitkaise.reg;

import java.time.Instant;

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
}
