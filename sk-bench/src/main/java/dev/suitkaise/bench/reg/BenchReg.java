package dev.suitkaise.bench.reg;

import dev.suitkaise.reg.AccessCheck;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKReg;

/**
 * The registry the benchmarks read: a plain {@link SKReg} of objects with the process default
 * {@link AccessCheck} ({@link AccessCheck#ON_OPEN} unless {@code -Dsuitkaise.reg.accessCheck}
 * says otherwise), the way users declare their registries.
 */
final class BenchReg extends SKReg<Object> {

    private BenchReg(Domain domain) {
        super(domain);
    }

    /**
     * Opens the process-wide instance for a domain, checking the caller for INTERNAL and EXTERNAL.
     *
     * @param domain the domain
     * @return the instance
     */
    static BenchReg of(Domain domain) {
        return SKReg.open(BenchReg.class, domain, BenchReg::new);
    }
}
