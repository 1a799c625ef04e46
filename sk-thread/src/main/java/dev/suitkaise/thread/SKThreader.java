package dev.suitkaise.thread;

import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.thread.internal.Managed;
import dev.suitkaise.thread.internal.ThreaderCore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The thread manager: creates, names, monitors, stops and joins threads and component workers,
 * and initializes what each thread needs. Every process has one, {@link #get()}; separate instances
 * for tests and embedding come from {@link #builder()}. All methods are thread-safe.
 *
 * <h2>Starting</h2>
 * {@link #start(String, AnyFunction)} starts a named thread whose body is a function and returns its
 * {@link SKThread} handle; a {@link ThreadSpec} chooses platform or virtual (virtual unless
 * configured), daemon, priority, component name and a state listener. Starting takes no lock.
 *
 * <h2>Workers</h2>
 * {@link #worker(String)} returns the component's {@link SKWorker}, creating it on first use: a
 * long-lived thread that runs submitted functions one at a time, in order.
 *
 * <h2>Initializers and per-thread objects</h2>
 * {@link #onThreadStart} registers functions that run on every new thread and worker of this
 * threader, on that thread, before its body or first task, highest priority first (ties in
 * registration order); {@link #local(LocalKey, Supplier)} gives each managed thread its own object
 * per key (the place for a per-thread message bus).
 *
 * <h2>Monitoring and shutdown</h2>
 * {@link #threads()} lists what is live; a body's uncaught exception is captured on its handle and
 * logged once at error. {@link #stopAll(Duration)} asks everything to stop, waits up to the grace,
 * interrupts what is left, waits up to the grace again and reports what did not finish.
 * {@link #shutdown(Duration)} does that once and rejects new threads; the process threader's JVM
 * shutdown hook calls it with a bounded grace ({@link Builder#shutdownGrace}, system property
 * {@value #GRACE_PROPERTY}, default 2 s), so the hook delays JVM exit by at most about twice the grace
 * (plus the time state listeners take, which must not block). That holds when a shutdown with a
 * longer grace is already running as the JVM exits: the hook waits for it at most twice its own
 * grace, then logs at warn which threads still run and lets the JVM exit.
 */
public final class SKThreader implements AutoCloseable {

    /** System property: the process threader's default thread kind, {@code VIRTUAL} or {@code PLATFORM}. */
    public static final String KIND_PROPERTY = "suitkaise.thread.defaultKind";
    /** System property: the process threader's shutdown grace as an ISO-8601 duration, e.g. {@code PT2S}. */
    public static final String GRACE_PROPERTY = "suitkaise.thread.shutdownGrace";
    /** The default shutdown grace. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(SKThreader.class);

    private final ThreaderCore core;
    private final Duration shutdownGrace;
    private final Thread hook;

    private SKThreader(Builder b) {
        this.core = new ThreaderCore(b.name, b.defaultKind);
        this.shutdownGrace = b.shutdownGrace;
        if (b.shutdownHook) {
            ThreaderCore c = core;
            Duration g = b.shutdownGrace;
            Thread hook = Thread.ofPlatform().name("suitkaise-threader-" + b.name + "-shutdown")
                    .unstarted(() -> c.shutdownFromHook(g));
            Thread registered = hook;
            try {
                Runtime.getRuntime().addShutdownHook(hook);
            } catch (IllegalStateException e) {
                registered = null;
                LOG.warn("threader '{}' was created while the JVM shuts down; it has no shutdown hook", b.name);
            }
            this.hook = registered;
        } else {
            this.hook = null;
        }
    }

    /** Holds the process threader, created on first use. */
    private static final class Process {
        static final SKThreader INSTANCE = fromProperties();

        private static SKThreader fromProperties() {
            Builder b = builder().name("process").shutdownHook(true);
            String kind = System.getProperty(KIND_PROPERTY);
            if (kind != null) {
                try {
                    b.defaultKind(ThreadKind.valueOf(kind.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    LOG.warn("ignoring system property {}={}: use VIRTUAL or PLATFORM", KIND_PROPERTY, kind);
                }
            }
            String grace = System.getProperty(GRACE_PROPERTY);
            if (grace != null) {
                try {
                    b.shutdownGrace(Duration.parse(grace.trim()));
                } catch (DateTimeParseException | IllegalArgumentException e) {
                    LOG.warn("ignoring system property {}={}: use a non-negative ISO-8601 duration such as PT2S",
                            GRACE_PROPERTY, grace);
                }
            }
            return b.build();
        }
    }

    /**
     * Returns the process's threader, creating it (with its JVM shutdown hook) on first use. Its
     * default kind and shutdown grace come from the system properties {@value #KIND_PROPERTY} and
     * {@value #GRACE_PROPERTY}. Never blocks after the first call.
     *
     * @return the process threader
     */
    public static SKThreader get() {
        return Process.INSTANCE;
    }

    /**
     * Starts a builder for a separate threader (for tests and embedding): name {@code "threader"},
     * virtual threads by default, no shutdown hook, a grace of {@link #DEFAULT_GRACE}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns this threader's name.
     *
     * @return the name
     */
    public String name() {
        return core.name();
    }

    /**
     * Returns the kind of threads whose spec names none.
     *
     * @return the default kind
     */
    public ThreadKind defaultKind() {
        return core.defaultKind();
    }

    /**
     * Returns the grace {@link #close()} and the shutdown hook use.
     *
     * @return the shutdown grace
     */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /**
     * Starts a thread of the default kind (see {@link ThreadSpec#defaults()}). Never blocks; takes no lock.
     *
     * @param name the thread's name (not blank; need not be unique)
     * @param body what the thread runs; its value becomes the result
     * @param <R> the result type
     * @return the handle, in state {@code NEW} or later
     * @throws SKThreadException if the threader is shut down or the JVM cannot start another thread
     * @throws IllegalArgumentException if the name is blank
     */
    public <R> SKThread<R> start(String name, AnyFunction<R> body) {
        return core.start(name, ThreadSpec.defaults(), body);
    }

    /**
     * Starts a thread as the spec says. Never blocks; takes no lock.
     *
     * @param name the thread's name (not blank; need not be unique)
     * @param spec kind, daemon, priority, component and listener
     * @param body what the thread runs; its value becomes the result
     * @param <R> the result type
     * @return the handle, in state {@code NEW} or later
     * @throws SKThreadException if the threader is shut down or the JVM cannot start another thread
     * @throws IllegalArgumentException if the name is blank
     */
    public <R> SKThread<R> start(String name, ThreadSpec spec, AnyFunction<R> body) {
        return core.start(name, spec, body);
    }

    /**
     * Returns the component's worker, creating and starting one with {@link WorkerSpec#defaults()}
     * when it has none that takes tasks (a worker that was asked to stop is replaced). Every call for a
     * component returns the same worker while it runs, so work for one component lands on one thread.
     *
     * @param component the component name, also the worker thread's name
     * @return the worker
     * @throws SKThreadException if the threader is shut down
     */
    public SKWorker worker(String component) {
        return core.worker(Objects.requireNonNull(component, "worker: component is null"), null);
    }

    /**
     * Like {@link #worker(String)}, creating the worker with the given spec.
     *
     * @param component the component name
     * @param spec the spec of a new worker
     * @return the worker
     * @throws SKThreadException if the component's running worker has a different spec (specs are
     *         records compared with {@code equals}; a listener compares by identity), or the threader
     *         is shut down
     */
    public SKWorker worker(String component, WorkerSpec spec) {
        Objects.requireNonNull(component, "worker: component is null");
        return core.worker(component, Objects.requireNonNull(spec, "spec"));
    }

    /**
     * Registers an initializer that runs on every thread and worker this threader creates afterwards,
     * on that thread, before its body or first task. Higher priorities run first; equal priorities in
     * registration order. If an initializer throws, the thread ends {@code FAILED} (a worker
     * {@code FAILED}, rejecting its tasks) with an {@link SKThreadException} naming the initializer
     * and the thread, and the rest do not run. Initializers may call {@link #local(LocalKey, Supplier)}.
     *
     * @param name the initializer's name, for messages and {@link ThreadInfo#currentTask()}
     * @param priority higher runs first
     * @param initializer what runs; its value is ignored
     * @return the registration; close it to unregister
     */
    public Registration onThreadStart(String name, int priority, AnyFunction<?> initializer) {
        Objects.requireNonNull(name, "onThreadStart: name is null");
        Objects.requireNonNull(initializer, "onThreadStart: initializer is null");
        return core.onThreadStart(name, priority, initializer);
    }

    /**
     * Returns the current thread's object for the key, creating it with the supplier on first use on
     * this thread. Works on every thread and worker an {@code SKThreader} created; objects that are
     * {@link AutoCloseable} are closed when the thread ends, in reverse order of creation (a failing
     * close is logged at warn). A worker's objects live as long as the worker. Never blocks (apart
     * from the supplier).
     *
     * @param key the key
     * @param supplier creates the object (not null)
     * @param <T> the object's type
     * @return the object for this thread
     * @throws SKThreadException if called on a thread no {@code SKThreader} created, or the supplier
     *         returns null
     */
    public static <T> T local(LocalKey<T> key, Supplier<? extends T> supplier) {
        return Managed.local(key, supplier);
    }

    /**
     * Returns a snapshot of every thread and worker whose Java thread has not ended, sorted by name.
     * Never blocks.
     *
     * @return the snapshot (unmodifiable)
     */
    public List<ThreadInfo> threads() {
        return core.threads();
    }

    /**
     * Returns how many threads and workers have not ended (the size of this threader's registry).
     *
     * @return the count
     */
    public int liveCount() {
        return core.liveCount();
    }

    /**
     * Stops every live thread and worker (except the caller's own): asks each to stop
     * ({@link SKThread#requestStop()}; a worker drains with {@link SKWorker#requestStop()}), waits up
     * to the grace for all of them, then interrupts those left ({@link SKWorker#stopNow()} for
     * workers), waits up to the grace again, and reports. Threads that still run are named in
     * {@link StopReport#notFinished()} and logged at error, never silently leaked. The threader keeps
     * accepting new threads. Blocks for at most about twice the grace; if the caller is interrupted it
     * stops waiting, interrupts what is left, returns the report and restores its interrupt status.
     *
     * <p>The futures it completes (of a thread cancelled before its body started, of tasks a worker
     * rejects) are completed on virtual threads of their own, one per future, so that their dependent
     * stages ({@code whenComplete}, {@code thenApply}, ...) never run on the calling thread: a
     * dependent that blocks delays neither this call nor the other futures. Unless the grace ran out
     * first, each of these futures is completed when this returns (its dependents may still run).
     *
     * <p>A grace too long to count in nanoseconds in a {@code long} (about 292 years or more, such as
     * {@code ChronoUnit.FOREVER.getDuration()}) means no limit: each wait lasts until the threads end.
     *
     * @param grace the most to wait in each of the two waits (not negative; see above for a very long one)
     * @return the report
     */
    public StopReport stopAll(Duration grace) {
        return core.stopAll(grace);
    }

    /**
     * Rejects new threads and workers from now on and runs {@link #stopAll(Duration)} once, on the
     * thread of the first call. A later call waits for the first, without holding any lock and
     * interruptibly, and returns its report; the JVM shutdown hook's waits at most twice its own grace
     * (see the class description), then gets a report of the shutdown in progress. It returns at once instead when the
     * first shutdown would wait for it: a call from a thread or worker of this threader (which the
     * first shutdown is stopping) or from the first caller's own thread (a state listener, say). A call that
     * returns at once, or is interrupted while it waits (its interrupt status is restored), gets a
     * report of the shutdown in progress: empty {@link StopReport#stoppedCleanly()} and
     * {@link StopReport#stoppedByInterrupt()}, and in {@link StopReport#notFinished()} every thread
     * and worker not yet ended at that moment (the caller's own included). A
     * {@link #start start} or {@link #worker worker} call racing with it either throws
     * {@link SKThreadException} (the thread was never started) or returns a thread that this
     * shutdown stops and names in its report: none is left running unreported.
     *
     * <p>Called from a thread or worker of this threader (a task that shuts its own threader down),
     * it also asks that one to stop, without interrupting it and without waiting for it (it would wait
     * for itself): a worker takes no new tasks, runs those already in its mailbox and ends after them;
     * a thread's {@link SKThread#stopRequested()} turns true (state {@code STOP_REQUESTED}) and it ends
     * when its body returns (one still running an initializer never starts its body). The caller is not
     * named in the report.
     *
     * <p>If the first shutdown throws (an {@link Error} such as {@link OutOfMemoryError}, say), that
     * call throws it, and the threader stays closed to new threads; a later call, also one that was
     * waiting for the first, then runs the shutdown again itself (with its own grace; one such retry
     * at a time, logged at warn) and returns its report, or throws in turn.
     *
     * @param grace the grace of each wait (not negative, checked on every call; one of about 292 years or
     *              more, such as {@code ChronoUnit.FOREVER.getDuration()}, means no limit, as for
     *              {@link #stopAll(Duration)})
     * @return the report of the (first) shutdown, or of the shutdown in progress (see above)
     */
    public StopReport shutdown(Duration grace) {
        return core.shutdown(grace);
    }

    /**
     * Tells whether {@link #shutdown(Duration)} ran (or runs).
     *
     * @return true once shut down
     */
    public boolean isShutdown() {
        return core.isShutdown();
    }

    /**
     * Shuts down with the configured grace and removes the shutdown hook, if any. Blocks like
     * {@link #shutdown(Duration)}. Meant for separate threaders; closing the process threader leaves
     * the process without one.
     */
    @Override
    public void close() {
        core.shutdown(shutdownGrace);
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                LOG.debug("JVM already shutting down; hook of threader '{}' stays", core.name());
            }
        }
    }

    @Override
    public String toString() {
        return "SKThreader[" + core.name() + ", live=" + core.liveCount() + "]";
    }

    /** Builds a separate {@link SKThreader}. Not thread-safe: use one builder per thread. */
    public static final class Builder {
        private String name = "threader";
        private ThreadKind defaultKind = ThreadKind.VIRTUAL;
        private boolean shutdownHook;
        private Duration shutdownGrace = DEFAULT_GRACE;

        private Builder() {
        }

        /**
         * Sets the threader's name, used in messages and the hook thread's name.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the kind of threads whose spec names none.
         *
         * @param kind virtual (the default) or platform
         * @return this builder
         */
        public Builder defaultKind(ThreadKind kind) {
            this.defaultKind = Objects.requireNonNull(kind, "kind");
            return this;
        }

        /**
         * Sets whether the threader registers a JVM shutdown hook that runs
         * {@link SKThreader#shutdown(Duration)} with the shutdown grace.
         *
         * @param hook true to register one (the default is false; the process threader has one)
         * @return this builder
         */
        public Builder shutdownHook(boolean hook) {
            this.shutdownHook = hook;
            return this;
        }

        /**
         * Sets the grace of {@link SKThreader#close()} and of the shutdown hook.
         *
         * @param grace not negative; the hook delays JVM exit by at most about twice this (one of about 292
         *              years or more, such as {@code ChronoUnit.FOREVER.getDuration()}, means no limit: close()
         *              and the hook then wait until the threads end)
         * @return this builder
         */
        public Builder shutdownGrace(Duration grace) {
            Objects.requireNonNull(grace, "grace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("shutdown grace " + grace + " is negative: use Duration.ZERO or more");
            }
            this.shutdownGrace = grace;
            return this;
        }

        /**
         * Builds the threader (registering its shutdown hook if asked).
         *
         * @return the threader
         */
        public SKThreader build() {
            return new SKThreader(this);
        }
    }
}
