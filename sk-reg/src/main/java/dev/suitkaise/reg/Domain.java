package dev.suitkaise.reg;

/**
 * The three scopes that registries and global values live in.
 *
 * <p>{@link #GLOBAL} is open to all code. {@link #INTERNAL} belongs to Suitkaise's own code and
 * the systems built on it; {@link #EXTERNAL} to the user code those systems load. Which code
 * belongs to INTERNAL or EXTERNAL is decided by the domain's {@linkplain DomainRoots roots}.
 */
public enum Domain {
    /** Shared by all code; never access-checked. */
    GLOBAL,
    /** Suitkaise's own code and the systems built on it. */
    INTERNAL,
    /** User code loaded by a Suitkaise-based system. */
    EXTERNAL;

    /**
     * Whether opening this domain's registries and globals is restricted to code under the
     * domain's roots.
     *
     * @return {@code false} for {@link #GLOBAL}, {@code true} otherwise
     */
    public boolean isRestricted() {
        return this != GLOBAL;
    }
}
