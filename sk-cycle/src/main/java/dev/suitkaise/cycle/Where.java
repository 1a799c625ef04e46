package dev.suitkaise.cycle;

import java.util.Objects;

/**
 * Where a part runs. Immutable values.
 */
public sealed interface Where permits Where.Here, Where.Worker {

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
}
