package dev.suitkaise.reg;

import java.io.Serial;
import java.util.List;
import java.util.Objects;

/**
 * Thrown when code outside a domain's roots tries to open one of that domain's registries or
 * globals. The message names the caller, where it was loaded from, the domain and its roots.
 */
public final class SKAccessException extends SKRegException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The binary name of the refused calling class. */
    private final String callerName;
    /** The refused domain. */
    private final Domain domain;
    private final transient List<CodeRoot> roots;

    /**
     * Creates an access exception.
     *
     * @param message the full message
     * @param callerName the binary name of the calling class
     * @param domain the domain that was refused
     * @param roots the domain's roots at the time of the refusal
     */
    public SKAccessException(String message, String callerName, Domain domain, List<CodeRoot> roots) {
        super(message);
        this.callerName = Objects.requireNonNull(callerName, "SKAccessException: callerName is null");
        this.domain = Objects.requireNonNull(domain, "SKAccessException: domain is null");
        this.roots = List.copyOf(Objects.requireNonNull(roots, "SKAccessException: roots is null"));
    }

    /**
     * The calling class that was refused.
     *
     * @return its binary name
     */
    public String callerName() {
        return callerName;
    }

    /**
     * The domain that was refused.
     *
     * @return the domain
     */
    public Domain domain() {
        return domain;
    }

    /**
     * The domain's roots when access was refused.
     *
     * @return an immutable list (empty after the exception was deserialized)
     */
    public List<CodeRoot> roots() {
        return roots == null ? List.of() : roots;
    }
}
