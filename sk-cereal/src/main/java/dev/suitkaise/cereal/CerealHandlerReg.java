package dev.suitkaise.cereal;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKReg;

/**
 * The registry of {@link CerealHandler}s, one per {@link Domain} (see {@link SKReg}). The internal
 * codec consults the {@link Domain#GLOBAL} and {@link Domain#INTERNAL} registries, INTERNAL first,
 * before any built-in rule; changes take effect for calls that start after the change.
 * Registration does not call the handler, so a handler whose {@link CerealHandler#type()} returns
 * null or throws is accepted; the codec then skips it (with a WARN naming its key) rather than
 * failing every call, and names it in the message of any call that fails.
 * Thread-safe.
 *
 * <pre>{@code
 * CerealHandlerReg.of(Domain.GLOBAL).register("acme.money", new MoneyHandler());
 * }</pre>
 */
public final class CerealHandlerReg extends SKReg<CerealHandler<?>> {

    private CerealHandlerReg(Domain domain) {
        super(domain);
    }

    /**
     * The handler registry of a domain.
     *
     * @param domain the domain
     * @return the process-wide registry for that domain
     */
    public static CerealHandlerReg of(Domain domain) {
        return SKReg.open(CerealHandlerReg.class, domain, CerealHandlerReg::new);
    }
}
