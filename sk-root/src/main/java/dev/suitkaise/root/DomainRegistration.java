package dev.suitkaise.root;

import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.SKAccess;

import java.util.List;
import java.util.Objects;

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
        internal = List.copyOf(Objects.requireNonNull(internal, "DomainRegistration: internal is null; pass List.of() for none"));
        external = List.copyOf(Objects.requireNonNull(external, "DomainRegistration: external is null; pass List.of() for none"));
    }

    /**
     * Removes the added roots from {@link DomainRoots}. Removing INTERNAL roots needs an INTERNAL
     * caller (anyone can make a value of this record, and removing Suitkaise's roots would lock
     * Suitkaise out of its own registries); a registration made for another caller lists none.
     *
     * @throws dev.suitkaise.reg.SKAccessException if this library is not INTERNAL code, or INTERNAL
     *         roots are listed and the caller is not INTERNAL code
     */
    @Override
    public void close() {
        if (!internal.isEmpty()) {
            SKAccess.checkCaller(Domain.INTERNAL, "remove the INTERNAL roots " + internal);
        }
        for (CodeRoot r : internal) {
            DomainRoots.remove(Domain.INTERNAL, r);
        }
        for (CodeRoot r : external) {
            DomainRoots.remove(Domain.EXTERNAL, r);
        }
    }
}
