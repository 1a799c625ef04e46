package dev.suitkaise.cycle.internal;

import dev.suitkaise.cycle.CycleException;
import dev.suitkaise.cycle.Where;
import dev.suitkaise.process.SKProcess;
import dev.suitkaise.process.SKProcessManager;
import dev.suitkaise.reg.Domain;

import java.util.Optional;

/** Finds the live child process a {@link Where.Process} names. */
final class Processes {

    /** The managers, opened once: {@link SKProcessManager#of} checks its caller on every call. */
    private static volatile SKProcessManager internal;
    private static volatile SKProcessManager external;

    private Processes() {
    }

    private static SKProcessManager manager(Domain domain) {
        if (domain == Domain.INTERNAL) {
            SKProcessManager m = internal;
            if (m == null) {
                m = SKProcessManager.of(Domain.INTERNAL);
                internal = m;
            }
            return m;
        }
        SKProcessManager m = external;
        if (m == null) {
            m = SKProcessManager.of(Domain.EXTERNAL);
            external = m;
        }
        return m;
    }

    /**
     * Finds the child.
     *
     * @param where the placement
     * @param part the part's name, for messages
     * @return the live process
     * @throws CycleException if no live process (or more than one) has that name
     */
    static SKProcess resolve(Where.Process where, String part) {
        String name = where.name();
        if (where.domain() != null) {
            return manager(where.domain()).get(name).orElseThrow(() -> new CycleException("part '" + part
                    + "' runs in child process '" + name + "', but the " + where.domain() + " process manager has no live"
                    + " process of that name; spawn it first with SKProcessManager.of(Domain." + where.domain()
                    + ").spawn(\"" + name + "\")"));
        }
        Optional<SKProcess> inInternal = manager(Domain.INTERNAL).get(name);
        Optional<SKProcess> inExternal = manager(Domain.EXTERNAL).get(name);
        if (inInternal.isPresent() && inExternal.isPresent()) {
            throw new CycleException("part '" + part + "' runs in child process '" + name + "', but both the INTERNAL and"
                    + " the EXTERNAL process managers have a live process of that name; name the domain with"
                    + " Where.process(Domain, \"" + name + "\")");
        }
        return inInternal.or(() -> inExternal).orElseThrow(() -> new CycleException("part '" + part
                + "' runs in child process '" + name + "', but neither the INTERNAL nor the EXTERNAL process manager has"
                + " a live process of that name; spawn it first with SKProcessManager.of(domain).spawn(\"" + name
                + "\")"));
    }
}
