package dev.suitkaise.thread.internal;

import dev.suitkaise.thread.LocalKey;
import dev.suitkaise.thread.SKThreadException;
import dev.suitkaise.thread.ThreadInfo;
import dev.suitkaise.thread.ThreadKind;
import dev.suitkaise.thread.ThreadState;
import dev.suitkaise.thread.ThreadStateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What threads and workers have in common: name, kind, the Java thread, the stop flag, uptime,
 * listeners and per-thread objects. The current managed thread is found through one
 * {@link ThreadLocal}, set when the thread starts and removed when it ends.
 */
public abstract sealed class Managed permits ThreadHandle, WorkerHandle {

    private static final Logger LOG = LoggerFactory.getLogger(Managed.class);
    private static final ThreadStateListener[] NO_LISTENERS = {};
    /** The managed thread or worker that runs on the current thread, if any. */
    private static final ThreadLocal<Managed> CURRENT = new ThreadLocal<>();

    /** The threader that created this. */
    final ThreaderCore core;
    /** The name (also the Java thread's name). */
    final String name;
    /** The component name, "" for none. */
    final String component;
    /** Platform or virtual. */
    final ThreadKind kind;
    /** When it was created. */
    final long startNanos = System.nanoTime();
    /** When it reached a terminal state, or 0. */
    volatile long endNanos;
    /** Set by a stop request; read by {@code SKThread.stopRequested()}. */
    volatile boolean stopFlag;
    /** What runs now, when it is not a worker task ("body", "initializer x"), or null. */
    volatile String currentTask;
    /** The Java thread; set once, before it starts. */
    Thread thread;
    /** Released once the threader tried to start the Java thread (see {@link #launched(boolean)}). */
    private final CountDownLatch launch = new CountDownLatch(1);
    /** Whether the Java thread was started; written before {@link #launch} is released. */
    private volatile boolean started;
    /** Listeners; copy on write. */
    private volatile ThreadStateListener[] listeners;
    /** Per-thread objects; touched only by the owning thread. */
    private Map<LocalKey<?>, Object> locals;

    Managed(ThreaderCore core, String name, String component, ThreadKind kind, ThreadStateListener listener) {
        this.core = core;
        this.name = name;
        this.component = component;
        this.kind = kind;
        this.listeners = listener == null ? NO_LISTENERS : new ThreadStateListener[] {listener};
    }

    /**
     * Tells whether a stop was requested for the managed thread running this code.
     *
     * @return false on unmanaged threads
     */
    public static boolean currentStopRequested() {
        Managed m = CURRENT.get();
        return m != null && m.stopFlag;
    }

    /**
     * Returns the per-thread object for the key on the current managed thread, creating it once.
     *
     * @param key the key
     * @param supplier creates the object the first time
     * @param <T> the object's type
     * @return the object
     * @throws SKThreadException on a thread no threader created, or if the supplier returns null
     */
    public static <T> T local(LocalKey<T> key, Supplier<? extends T> supplier) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(supplier, "supplier");
        Managed m = CURRENT.get();
        if (m == null) {
            throw new SKThreadException("SKThreader.local(" + key.name() + ") was called on thread '"
                    + Thread.currentThread().getName() + "', which no SKThreader created: per-thread objects"
                    + " live on threads started by SKThreader.start or worker(...); call it from a body, an"
                    + " initializer or a worker task");
        }
        return m.localValue(key, supplier);
    }

    /** The managed thread running the caller, or null. */
    static Managed current() {
        return CURRENT.get();
    }

    final void enter() {
        CURRENT.set(this);
    }

    final void leave() {
        closeLocals();
        CURRENT.remove();
        core.ended(this);
    }

    private <T> T localValue(LocalKey<T> key, Supplier<? extends T> supplier) {
        if (locals == null) {
            locals = new LinkedHashMap<>();
        }
        Object v = locals.get(key);
        if (v == null) {
            v = supplier.get();
            if (v == null) {
                throw new SKThreadException("the supplier of per-thread object '" + key.name() + "' returned null"
                        + " on thread '" + name + "': return an object of type " + key.type().getName());
            }
            locals.put(key, v);
        }
        return key.type().cast(v);
    }

    private void closeLocals() {
        if (locals == null) {
            return;
        }
        List<Map.Entry<LocalKey<?>, Object>> entries = new ArrayList<>(locals.entrySet());
        locals = null;
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).getValue() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("could not close per-thread object '{}' of thread '{}'; going on", entries.get(i).getKey().name(),
                            name, e);
                }
            }
        }
    }

    final void addListener0(ThreadStateListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            ThreadStateListener[] old = listeners;
            ThreadStateListener[] copy = Arrays.copyOf(old, old.length + 1);
            copy[old.length] = listener;
            listeners = copy;
        }
    }

    /** Tells every listener about a transition that just took effect, on the calling thread. */
    final void fire(ThreadState from, ThreadState to) {
        ThreadStateListener[] ls = listeners;
        for (ThreadStateListener l : ls) {
            try {
                l.stateChanged(name, from, to);
            } catch (Throwable e) {
                LOG.warn("state listener of '{}' threw on {} -> {}; the transition stands", name, from, to, e);
            }
        }
    }

    final Duration uptime0() {
        long end = endNanos;
        return Duration.ofNanos((end == 0 ? System.nanoTime() : end) - startNanos);
    }

    final boolean join0(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return awaitEnd(saturatedNanos(timeout));
    }

    /**
     * The timeout in nanoseconds, saturating: one too long to count in a {@code long} (about 292
     * years or more, such as {@code ChronoUnit.FOREVER.getDuration()}) is {@code Long.MAX_VALUE},
     * effectively no limit; one too negative is 0. Deadlines built from it must be compared by
     * subtraction ({@code deadline - System.nanoTime()}), which stays right when the sum overflows.
     */
    static long saturatedNanos(Duration timeout) {
        try {
            return timeout.toNanos();
        } catch (ArithmeticException e) {
            return timeout.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }

    /**
     * Records that the threader tried to start the Java thread: {@code ok} if it runs, false if the
     * start was rejected (threader shut down) or failed. Called once, by the starting thread.
     */
    final void launched(boolean ok) {
        started = ok;
        launch.countDown();
    }

    /** Whether the threader gave up starting the Java thread (rejected or failed): it never runs. */
    final boolean launchGivenUp() {
        return launch.getCount() == 0 && !started;
    }

    /**
     * Waits at most the given nanoseconds (none if not positive) for the Java thread to end. A
     * thread that is registered but not yet started (another thread is starting it) is waited for
     * too; one whose start was rejected or failed counts as ended.
     */
    final boolean awaitEnd(long nanos) throws InterruptedException {
        long begin = System.nanoTime();
        if (!launch.await(Math.max(0, nanos), TimeUnit.NANOSECONDS)) {
            return false;
        }
        if (!started) {
            return true;
        }
        long left = nanos - (System.nanoTime() - begin);
        if (left <= 0) {
            return !thread.isAlive();
        }
        return thread.join(Duration.ofNanos(left));
    }

    /** The current state. */
    abstract ThreadState state0();

    /** The polite stop of stopAll's first phase; a future it completes goes through {@code completions}. */
    abstract void politeStop(OffThreadCompletions completions);

    /**
     * The stop a shutdown asks of the managed thread that called it: polite, and without an interrupt
     * (the caller is that thread, still busy with the shutdown). Completes any future on the calling thread.
     */
    abstract void requestOwnStop();

    /** The interrupting stop of stopAll's second phase; a future it completes goes through {@code completions}. */
    abstract void forceStop(OffThreadCompletions completions);

    /** A snapshot. */
    abstract ThreadInfo info();

    static Optional<String> task(String t) {
        return Optional.ofNullable(t);
    }
}
