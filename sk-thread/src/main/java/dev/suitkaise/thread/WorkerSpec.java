package dev.suitkaise.thread;

import java.util.Objects;

/**
 * How {@link SKThreader#worker(String, WorkerSpec)} creates a worker. Immutable and thread-safe;
 * build one with {@link #builder()} or use {@link #defaults()}. Worker threads are always daemon
 * threads: stop them with {@link SKWorker#requestStop()} or {@link SKThreader#stopAll}.
 *
 * @param kind the worker thread's kind; platform by default, as a worker is long-lived
 * @param capacity the most tasks that may wait in the mailbox (the running one not counted), or 0
 *                 for an unbounded mailbox (the default)
 * @param overflow what a submission to a full bounded mailbox does; ignored when unbounded
 * @param listener told about every state transition of the worker, or null for none
 */
public record WorkerSpec(ThreadKind kind, int capacity, OverflowPolicy overflow, ThreadStateListener listener) {

    private static final WorkerSpec DEFAULTS = new WorkerSpec(ThreadKind.PLATFORM, 0, OverflowPolicy.BLOCK, null);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException if the capacity is negative
     * @throws NullPointerException if the kind or the policy is null
     */
    public WorkerSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(overflow, "overflow");
        if (capacity < 0) {
            throw new IllegalArgumentException("mailbox capacity " + capacity + " is negative: use 0 for unbounded");
        }
    }

    /**
     * The defaults: a platform thread, an unbounded mailbox, no listener.
     *
     * @return the default spec
     */
    public static WorkerSpec defaults() {
        return DEFAULTS;
    }

    /**
     * Starts a builder from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link WorkerSpec}. Not thread-safe: use one builder per thread. */
    public static final class Builder {
        private ThreadKind kind = ThreadKind.PLATFORM;
        private int capacity;
        private OverflowPolicy overflow = OverflowPolicy.BLOCK;
        private ThreadStateListener listener;

        private Builder() {
        }

        /**
         * Sets the worker thread's kind.
         *
         * @param kind platform (the default) or virtual
         * @return this builder
         * @throws NullPointerException if the kind is null
         */
        public Builder kind(ThreadKind kind) {
            this.kind = Objects.requireNonNull(kind, "kind is null; a worker is ThreadKind.PLATFORM by default");
            return this;
        }

        /**
         * Bounds the mailbox.
         *
         * @param capacity the most tasks that may wait (at least 1), or 0 for unbounded
         * @param overflow what a submission to a full mailbox does
         * @return this builder
         * @throws NullPointerException if the policy is null
         */
        public Builder bounded(int capacity, OverflowPolicy overflow) {
            this.capacity = capacity;
            this.overflow = Objects.requireNonNull(overflow, "bounded: overflow is null");
            return this;
        }

        /**
         * Sets a listener told about every state transition of the worker.
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
         * @throws IllegalArgumentException if the capacity is negative
         */
        public WorkerSpec build() {
            return new WorkerSpec(kind, capacity, overflow, listener);
        }
    }
}
