package dev.suitkaise.cycle;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKReg;

import java.util.Objects;
import java.util.Optional;

/**
 * The registry of named parts and cycles, one per domain per process. Thread-safe; see
 * {@link SKReg} for duplicate policies, listeners and access checks.
 */
public final class CycleReg extends SKReg<CycleElement> {

    private CycleReg(Domain domain) {
        super(domain);
    }

    /**
     * Returns the registry of a domain, creating it on first use.
     *
     * @param domain the domain
     * @return the registry
     * @throws dev.suitkaise.reg.SKAccessException if the caller may not open the domain
     */
    public static CycleReg of(Domain domain) {
        return SKReg.open(CycleReg.class, domain, CycleReg::new);
    }

    /**
     * Returns the registry of a domain, creating it on first use: the same instance as
     * {@link #of(Domain)} (every Suitkaise registry has {@code of}; {@code get} reads better at a
     * lookup such as {@code CycleReg.get(domain).cycle("nightly")}).
     *
     * @param domain the domain
     * @return the registry
     * @throws dev.suitkaise.reg.SKAccessException if the caller may not open the domain
     */
    public static CycleReg get(Domain domain) {
        return of(domain);
    }

    /**
     * Returns the part registered under a name.
     *
     * @param name the name
     * @return the part, empty if none (or if the name holds a cycle)
     */
    public Optional<CyclePart> part(String name) {
        return get(Objects.requireNonNull(name, "part: name is null")).filter(CyclePart.class::isInstance).map(CyclePart.class::cast);
    }

    /**
     * Returns the cycle registered under a name.
     *
     * @param name the name
     * @return the cycle, empty if none (or if the name holds a part)
     */
    public Optional<Cycle> cycle(String name) {
        return get(Objects.requireNonNull(name, "cycle: name is null")).filter(Cycle.class::isInstance).map(Cycle.class::cast);
    }
}
