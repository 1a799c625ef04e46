package dev.suitkaise.cycle;

import dev.suitkaise.reg.Domain;

import java.util.Objects;

/**
 * Where a part runs. Immutable values.
 *
 * <ul>
 * <li>{@link #here()}: a pooled thread of this process;</li>
 * <li>{@link #worker(String)}: the named component worker of this process;</li>
 * <li>{@link #process(String)} / {@link #process(Domain, String)}: a pooled task thread of the managed
 * child process of that name (through sk-process);</li>
 * <li>{@code Where.process(name).worker(component)}: that component's worker inside the child.</li>
 * </ul>
 */
public sealed interface Where permits Where.Here, Where.Worker, Where.Process {

    /**
     * A pooled thread of this process, started and named by the cycle's
     * {@link dev.suitkaise.thread.SKThreader}; idle pool threads are reused.
     *
     * @return the placement
     */
    static Where here() {
        return Here.INSTANCE;
    }

    /**
     * The component worker of this process with the given name: every part placed there runs on the
     * worker's single thread, one at a time, in submission order. A part there that ignores the
     * interrupt of its timeout keeps the worker busy: later parts on it wait behind it.
     *
     * @param component the component name (not blank)
     * @return the placement
     */
    static Where worker(String component) {
        return new Worker(component);
    }

    /**
     * A managed child process of the given name: the part's function, with a snapshot of its
     * {@link CycleContext}, travels to the child through sk-cereal and runs there on one of the child's
     * task threads. The child is looked up by name among the live processes of the
     * {@link Domain#INTERNAL} and {@link Domain#EXTERNAL} {@code SKProcessManager}s each time the part
     * runs; if neither has a live process of that name (or both have one), the part fails with a
     * {@link CycleException} that says so. Spawn the child before running the cycle.
     *
     * <p>What travels: the function and everything it captures, the part's input, and the outputs of
     * the part's ancestors and of the parts it is sequenced after or piped from; all of them must be
     * serializable by sk-cereal's internal codec (the classes of a named module that travel need their
     * package open to {@code dev.suitkaise.cereal}). The part's output and exception travel back. The
     * part's condition and validators run in this process. The shared data store
     * ({@link CycleContext#data()}) is a cross-process global map: in the child every access is a round
     * trip to the commander's storage.
     *
     * <p>Timing: the part's timeout covers the trip; when it runs out the cycle tells the child to
     * interrupt the part, and a part that ignores that interrupt is abandoned after the cycle's abandon
     * grace, as in this process. A part without a timeout runs under the child's default task timeout
     * ({@link dev.suitkaise.process.ProcessSpec#taskTimeout()}), if it has one. Nothing waits on a thread
     * for the child's answer: it arrives through a callback of sk-process's task future. If the child
     * dies while the part runs, the part fails with sk-process's
     * {@link dev.suitkaise.process.SKProcessCrashedException} (exit code and last stderr lines); an
     * exception the part threw in the child comes back as itself when its class could travel, else as
     * {@link dev.suitkaise.process.SKTaskFailedException}.
     *
     * @param name the child's name (not blank)
     * @return the placement; {@link Process#worker(String)} narrows it to a component worker of the child
     */
    static Process process(String name) {
        return new Process(null, name, null);
    }

    /**
     * Like {@link #process(String)}, looking the child up in the given domain's manager only.
     *
     * @param domain {@link Domain#INTERNAL} or {@link Domain#EXTERNAL}
     * @param name the child's name (not blank)
     * @return the placement
     */
    static Process process(Domain domain, String name) {
        Objects.requireNonNull(domain, "domain");
        if (domain == Domain.GLOBAL) {
            throw new IllegalArgumentException("Domain GLOBAL has no processes: use Domain.INTERNAL or Domain.EXTERNAL");
        }
        return new Process(domain, name, null);
    }

    /**
     * A pooled thread of this process.
     */
    record Here() implements Where {
        static final Here INSTANCE = new Here();

        @Override
        public String toString() {
            return "here";
        }
    }

    /**
     * A named component worker of this process.
     *
     * @param component the component name
     */
    record Worker(String component) implements Where {
        /**
         * Checks the name.
         *
         * @param component the component name (not blank)
         */
        public Worker {
            Objects.requireNonNull(component, "component");
            if (component.isBlank()) {
                throw new IllegalArgumentException("a worker's component name must not be blank");
            }
        }

        @Override
        public String toString() {
            return "worker(" + component + ")";
        }
    }

    /**
     * A managed child process, optionally one of its component workers.
     *
     * @param domain the manager's domain to look the child up in, or null to look in INTERNAL and EXTERNAL
     * @param name the child's name
     * @param component the component worker inside the child, or null for a pooled task thread of the child
     */
    record Process(Domain domain, String name, String component) implements Where {
        /**
         * Checks the values.
         *
         * @param domain INTERNAL, EXTERNAL or null
         * @param name the child's name (not blank)
         * @param component the component's name (not blank) or null
         */
        public Process {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a child process's name must not be blank");
            }
            if (domain == Domain.GLOBAL) {
                throw new IllegalArgumentException("Domain GLOBAL has no processes: use Domain.INTERNAL or Domain.EXTERNAL");
            }
            if (component != null && component.isBlank()) {
                throw new IllegalArgumentException("a worker's component name must not be blank");
            }
        }

        /**
         * The same child, running the part on the named component's worker inside it (the child's own
         * {@link dev.suitkaise.thread.SKThreader} worker): every part placed there runs on that worker's
         * single thread, one at a time.
         *
         * @param component the component name (not blank)
         * @return the placement
         */
        public Process worker(String component) {
            Objects.requireNonNull(component, "component");
            return new Process(domain, name, component);
        }

        @Override
        public String toString() {
            return "process(" + (domain == null ? "" : domain + ":") + name + ")"
                    + (component == null ? "" : ".worker(" + component + ")");
        }
    }
}
