package dev.suitkaise.reg;

/**
 * A registry class of user code: tests copy it to a directory that they make an EXTERNAL root (and
 * no INTERNAL one), so that its frames are registry machinery for EXTERNAL checks only. Its
 * factory must not lend its own EXTERNAL access to the code that calls it. It must stay free of
 * nested classes.
 */
public final class ExternalReg extends SKReg<String> implements Caller {

    /** Creates the registry object the caller side uses; {@link #of} makes the real ones. */
    public ExternalReg() {
        this(Domain.GLOBAL);
    }

    private ExternalReg(Domain domain) {
        super(domain, AccessCheck.ON_OPEN);
    }

    /**
     * The process-wide instance for a domain.
     *
     * @param domain the domain
     * @return the instance
     */
    public static ExternalReg of(Domain domain) {
        return SKReg.open(ExternalReg.class, domain, ExternalReg::new);
    }

    @Override
    public Object call(String action, Object argument) {
        if (action.equals("open-external")) {
            return of(Domain.EXTERNAL);
        }
        throw new IllegalArgumentException("Unknown action " + action);
    }
}
