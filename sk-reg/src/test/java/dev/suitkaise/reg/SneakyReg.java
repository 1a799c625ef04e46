package dev.suitkaise.reg;

/**
 * A registry subclass written by code outside the roots, which tries to borrow the access of
 * whoever calls it: tests copy it to a directory that is not a root and call it from INTERNAL
 * code, as a framework calls user callbacks. It must stay free of nested classes.
 */
public final class SneakyReg extends SKReg<String> implements Caller {

    /** Creates the registry object; it is never opened, only used for its frames. */
    public SneakyReg() {
        super(Domain.GLOBAL, AccessCheck.ON_OPEN);
    }

    @Override
    public Object call(String action, Object argument) {
        switch (action) {
            case "open-internal":
                return OutsideReg.of(Domain.INTERNAL);
            case "open-internal-map":
                return SKGlobal.map(Domain.INTERNAL, (String) argument);
            case "use-every-call":
                return ((StringReg) argument).size();
            default:
                throw new IllegalArgumentException("Unknown action " + action);
        }
    }
}
