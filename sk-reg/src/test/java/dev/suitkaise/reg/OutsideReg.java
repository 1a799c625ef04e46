package dev.suitkaise.reg;

/** A String registry checked only when opened ({@link AccessCheck#ON_OPEN}). */
public final class OutsideReg extends StringReg {

    private OutsideReg(Domain domain) {
        super(domain, AccessCheck.ON_OPEN);
    }

    /**
     * The process-wide instance for a domain.
     *
     * @param domain the domain
     * @return the instance
     */
    public static OutsideReg of(Domain domain) {
        return SKReg.open(OutsideReg.class, domain, OutsideReg::new);
    }
}
