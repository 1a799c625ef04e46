package example.bomconsumer;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKReg;

/** A user-defined registry of greetings, one instance per domain. */
public final class Greetings extends SKReg<String> {

    private Greetings(Domain domain) {
        super(domain);
    }

    /**
     * The process-wide greetings registry of a domain.
     *
     * @param domain the domain
     * @return the registry
     */
    public static Greetings of(Domain domain) {
        return SKReg.open(Greetings.class, domain, Greetings::new);
    }
}
