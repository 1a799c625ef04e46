package dev.suitkaise.thread;

/**
 * How {@link SKThreader#start(String, ThreadSpec, dev.suitkaise.function.AnyFunction)} creates a
 * thread. Immutable and thread-safe; build one with {@link #builder()} or use {@link #defaults()},
 * {@link #platform()} or {@link #virtual()}.
 *
 * @param kind platform or virtual, or null for the threader's default kind
 *             ({@link SKThreader.Builder#defaultKind}, virtual unless configured)
 * @param daemon whether a platform thread is a daemon (virtual threads always are)
 * @param priority the platform thread's priority, {@link Thread#MIN_PRIORITY} to
 *                 {@link Thread#MAX_PRIORITY} (virtual threads always have {@link Thread#NORM_PRIORITY})
 * @param component the component (group) name the thread belongs to, shown in
 *                  {@link SKThreader#threads()}; empty for none
 * @param listener told about every state transition from {@code NEW} on, or null for none
 */
public record ThreadSpec(ThreadKind kind, boolean daemon, int priority, String component,
                         ThreadStateListener listener) {

    private static final ThreadSpec DEFAULTS = new ThreadSpec(null, true, Thread.NORM_PRIORITY, "", null);
    private static final ThreadSpec PLATFORM = new ThreadSpec(ThreadKind.PLATFORM, true, Thread.NORM_PRIORITY, "", null);
    private static final ThreadSpec VIRTUAL = new ThreadSpec(ThreadKind.VIRTUAL, true, Thread.NORM_PRIORITY, "", null);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the priority is out of range, the component is null, or
     *         a virtual thread is asked to be non-daemon or to have a priority other than normal
     */
    public ThreadSpec {
        if (priority < Thread.MIN_PRIORITY || priority > Thread.MAX_PRIORITY) {
            throw new IllegalArgumentException("thread priority " + priority + " is out of range: use "
                    + Thread.MIN_PRIORITY + ".." + Thread.MAX_PRIORITY);
        }
        if (component == null) {
            throw new IllegalArgumentException("component is null: use \"\" for no component");
        }
        if (kind == ThreadKind.VIRTUAL && (!daemon || priority != Thread.NORM_PRIORITY)) {
            throw new IllegalArgumentException("a virtual thread is always a daemon with normal priority"
                    + " (asked: daemon=" + daemon + ", priority=" + priority
                    + "): use ThreadKind.PLATFORM for these options");
        }
    }

    /**
     * The defaults: the threader's default kind, daemon, normal priority, no component, no listener.
     *
     * @return the default spec
     */
    public static ThreadSpec defaults() {
        return DEFAULTS;
    }

    /**
     * A daemon platform thread of normal priority.
     *
     * @return the spec
     */
    public static ThreadSpec platform() {
        return PLATFORM;
    }

    /**
     * A virtual thread.
     *
     * @return the spec
     */
    public static ThreadSpec virtual() {
        return VIRTUAL;
    }

    /**
     * Starts a builder from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a {@link ThreadSpec}. Not thread-safe: use one builder per thread.
     *
     * <p>Asking for a non-daemon thread or a priority other than normal without choosing a kind
     * makes it a platform thread.
     */
    public static final class Builder {
        private ThreadKind kind;
        private boolean daemon = true;
        private int priority = Thread.NORM_PRIORITY;
        private String component = "";
        private ThreadStateListener listener;

        private Builder() {
        }

        /**
         * Sets the kind.
         *
         * @param kind platform or virtual, or null for the threader's default
         * @return this builder
         */
        public Builder kind(ThreadKind kind) {
            this.kind = kind;
            return this;
        }

        /**
         * Sets whether a platform thread is a daemon. A non-daemon thread keeps the JVM alive (and the
         * threader's shutdown hook from running) until it ends.
         *
         * @param daemon true for a daemon thread (the default)
         * @return this builder
         */
        public Builder daemon(boolean daemon) {
            this.daemon = daemon;
            return this;
        }

        /**
         * Sets the priority of a platform thread.
         *
         * @param priority {@link Thread#MIN_PRIORITY} to {@link Thread#MAX_PRIORITY}
         * @return this builder
         */
        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /**
         * Sets the component (group) name.
         *
         * @param component the component name, "" for none
         * @return this builder
         * @throws IllegalArgumentException if the component is null, as the spec's constructor does
         */
        public Builder component(String component) {
            if (component == null) {
                throw new IllegalArgumentException("component is null: use \"\" for no component");
            }
            this.component = component;
            return this;
        }

        /**
         * Sets a listener told about every transition from {@code NEW} on.
         *
         * @param listener the listener, or null for none
         * @return this builder
         */
        public Builder listener(ThreadStateListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         * @throws IllegalArgumentException if the options contradict each other (see the record)
         */
        public ThreadSpec build() {
            ThreadKind k = kind;
            if (k == null && (!daemon || priority != Thread.NORM_PRIORITY)) {
                k = ThreadKind.PLATFORM;
            }
            return new ThreadSpec(k, daemon, priority, component, listener);
        }
    }
}
