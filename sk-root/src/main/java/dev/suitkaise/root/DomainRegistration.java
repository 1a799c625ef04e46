package dev.suitkaise.root;

import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;

import java.util.List;

/**
 * What {@link SKRoot#registerDomainRoots()} added to sk-reg's {@link DomainRoots}; closing it
 * removes exactly those roots again (roots that were present before are never removed).
 *
 * <p>An immutable value; {@link #close()} is thread-safe and may be called more than once.
 *
 * @param internal roots added to {@link Domain#INTERNAL}
 * @param external roots added to {@link Domain#EXTERNAL}
 */
public record DomainRegistration(List<CodeRoot> internal, List<CodeRoot> external) implements AutoCloseable {

    /**
     * Creates the value, copying the lists.
     *
     * @param internal roots added to INTERNAL
     * @param external roots added to EXTERNAL
     */
    public DomainRegistration {
        internal = List.copyOf(internal);
        external = List.copyOf(external);
    }

    /**
     * Removes the added roots from {@link DomainRoots}.
     *
     * @throws dev.suitkaise.reg.SKAccessException if this library is not INTERNAL code
     */
    @Override
    public void close() {
        for (CodeRoot r : internal) {
            DomainRoots.remove(Domain.INTERNAL, r);
        }
        for (CodeRoot r : external) {
            DomainRoots.remove(Domain.EXTERNAL, r);
        }
    }
}
