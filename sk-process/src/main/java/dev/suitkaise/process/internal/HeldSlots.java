package dev.suitkaise.process.internal;

import dev.suitkaise.reg.Domain;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The budget slots a child JVM took for the processes it spawned itself (through this process's
 * commander), so that they are freed when the child dies before it could free them: its own
 * children exit with it. Thread-safe (one monitor).
 */
final class HeldSlots {

    private final Map<Domain, Integer> held = new EnumMap<>(Domain.class);
    private boolean closed;

    /**
     * Records a slot taken.
     *
     * @param domain its domain
     * @return false if the child has ended already (the caller must free the slot)
     */
    synchronized boolean take(Domain domain) {
        if (closed) {
            return false;
        }
        held.merge(domain, 1, Integer::sum);
        return true;
    }

    /**
     * Records a slot freed by the child.
     *
     * @param domain its domain
     * @return false if the child held no slot of that domain (nothing is to be freed)
     */
    synchronized boolean give(Domain domain) {
        Integer n = held.get(domain);
        if (n == null) {
            return false;
        }
        if (n == 1) {
            held.remove(domain);
        } else {
            held.put(domain, n - 1);
        }
        return true;
    }

    /**
     * Ends the record: the child is gone.
     *
     * @return one domain per slot still held, to be freed by the caller
     */
    synchronized List<Domain> close() {
        closed = true;
        List<Domain> left = new ArrayList<>();
        held.forEach((d, n) -> {
            for (int k = 0; k < n; k++) {
                left.add(d);
            }
        });
        held.clear();
        return left;
    }
}
