package dev.suitkaise.examples.focused;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.GlobalMap;
import dev.suitkaise.reg.OnDuplicate;
import dev.suitkaise.reg.SKAccessException;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.reg.SKReg;
import dev.suitkaise.reg.SKRegException;
import dev.suitkaise.reg.Subscription;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

/**
 * Registries (sk-reg): a registry type, named entries with a duplicate policy and listeners, the
 * domains (this module is user code, under the EXTERNAL roots, so an INTERNAL registry is refused
 * to it), and a global map updated from many threads.
 *
 * <p>Run with {@code -Dsuitkaise.domain.external=module:dev.suitkaise.examples}, as the
 * {@code example} profile does.
 */
public final class Registries {

    // begin:registry-type
    /** Panel titles by name: one instance per (type, domain) per process. */
    static final class PanelReg extends SKReg<String> {
        private PanelReg(Domain domain) {
            super(domain);
        }

        static PanelReg of(Domain domain) {
            return SKReg.open(PanelReg.class, domain, PanelReg::new);
        }
    }
    // end:registry-type

    private Registries() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // begin:registry
        PanelReg panels = PanelReg.of(Domain.GLOBAL);
        List<String> events = new CopyOnWriteArrayList<>();
        Subscription listening = panels.addListener(e -> events.add(e.kind() + " " + e.key()));
        panels.register("status", "Status panel");                                  // RAISE on a taken key
        String copy = panels.register("status", "Status, again", OnDuplicate.CREATE_NEW);
        panels.register("status", "Status panel v2", OnDuplicate.OVERWRITE);
        listening.close();
        System.out.println("keys " + panels.keys() + ", the copy went to " + copy);  // [status, status_1], status_1
        System.out.println("events " + events);  // [REGISTERED status, REGISTERED status_1, REPLACED status]
        try {
            panels.require("stauts");
        } catch (SKRegException e) {
            System.out.println(e.getMessage());  // No key 'stauts' ... Did you mean 'status'?
        }
        // end:registry

        // begin:domains
        PanelReg mine = PanelReg.of(Domain.EXTERNAL);  // this module is under the EXTERNAL roots
        mine.register("dashboard", "User dashboard");
        System.out.println("EXTERNAL opened: " + mine.keys());
        try {
            PanelReg.of(Domain.INTERNAL);              // ... but not under the INTERNAL ones
            System.out.println("INTERNAL opened (unexpected)");
        } catch (SKAccessException e) {
            System.out.println("INTERNAL denied: " + e.getMessage());
        }
        // end:domains

        // begin:globals
        GlobalMap<String, Integer> hits = SKGlobal.map(Domain.GLOBAL, "examples.hits");
        IntStream.range(0, 1_000).parallel().forEach(i -> hits.merge(i % 2 == 0 ? "even" : "odd", 1, Integer::sum));
        System.out.println("hits " + new java.util.TreeMap<>(hits));  // {even=500, odd=500}
        // end:globals
    }
}
