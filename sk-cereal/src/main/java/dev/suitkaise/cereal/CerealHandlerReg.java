package dev.suitkaise.cereal;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKReg;

/**
 * The registry of {@link CerealHandler}s, one per {@link Domain} (see {@link SKReg}). The internal
 * codec consults the {@link Domain#GLOBAL} and {@link Domain#INTERNAL} registries, INTERNAL first,
 * before any built-in rule; changes take effect for calls that start after the change.
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
