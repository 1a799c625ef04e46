package dev.suitkaise.bench.reg;

import dev.suitkaise.reg.AccessCheck;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKReg;

/**
 * The same registry as {@link BenchReg}, but checking its caller on every operation
 * ({@link AccessCheck#EVERY_CALL}). A separate type, because there is one instance per
 * (registry type, domain).
 */
final class StrictBenchReg extends SKReg<Object> {

    private StrictBenchReg(Domain domain) {
        super(domain, AccessCheck.EVERY_CALL);
    }

    /**
     * Opens the process-wide instance for a domain, checking the caller for INTERNAL and EXTERNAL.
     *
     * @param domain the domain
     * @return the instance
     */
    static StrictBenchReg of(Domain domain) {
        return SKReg.open(StrictBenchReg.class, domain, StrictBenchReg::new);
    }
}
