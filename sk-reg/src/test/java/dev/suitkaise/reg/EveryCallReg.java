package dev.suitkaise.reg;

/** A String registry that checks the caller of every operation ({@link AccessCheck#EVERY_CALL}). */
public final class EveryCallReg extends StringReg {

    private EveryCallReg(Domain domain) {
        super(domain, AccessCheck.EVERY_CALL);
    }

    /**
     * The process-wide instance for a domain.
     *
     * @param domain the domain
     * @return the instance
     */
    public static EveryCallReg of(Domain domain) {
        return SKReg.open(EveryCallReg.class, domain, EveryCallReg::new);
    }
}
