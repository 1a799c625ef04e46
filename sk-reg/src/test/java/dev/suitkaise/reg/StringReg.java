package dev.suitkaise.reg;

/** Base of the String registries that tests hand to code loaded from outside the roots. */
public abstract class StringReg extends SKReg<String> {

    /**
     * Creates the registry.
     *
     * @param domain the domain
     * @param accessCheck when callers are checked
     */
    protected StringReg(Domain domain, AccessCheck accessCheck) {
        super(domain, accessCheck);
    }
}
