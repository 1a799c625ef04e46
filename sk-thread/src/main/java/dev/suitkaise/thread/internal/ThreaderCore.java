package dev.suitkaise.thread.internal;

import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.thread.Registration;
import dev.suitkaise.thread.SKThreadException;
import dev.suitkaise.thread.StopReport;
import dev.suitkaise.thread.ThreadInfo;
import dev.suitkaise.thread.ThreadKind;
import dev.suitkaise.thread.ThreadSpec;
import dev.suitkaise.thread.WorkerSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The implementation behind {@code SKThreader}: the registry of live threads and workers, the
 * workers by component, the initializers, and stopping. Thread-safe. Starting a thread takes no
 * lock: one registry insert, a fence, a re-check of {@code closed}, one Java thread start.
 *
 * <p>Starting races with {@link #shutdown} without a lock: a start registers its thread before it
 * reads {@code closed}, and shutdown sets {@code closed} before it takes its snapshot of the
 * registry, each with a full fence in between, so at least one of them sees the other. Either the
 * start sees {@code closed} and rejects the thread before starting it, or the snapshot holds the
 * thread and shutdown stops it (waiting for its start if it is still being started).
 */
public final class ThreaderCore {

    private static final Logger LOG = LoggerFactory.getLogger(ThreaderCore.class);
    private static final Initializer[] NO_INITIALIZERS = {};
    private static final Comparator<Initializer> ORDER =
            Comparator.comparingInt(Initializer::priority).reversed().thenComparingLong(Initializer::seq);

    private final String name;
    private final ThreadKind defaultKind;
    /** Every thread and worker whose Java thread has not yet ended. */
    private final Set<Managed> live = ConcurrentHashMap.newKeySet();
    /** The current worker of each component. */
    private final ConcurrentHashMap<String, WorkerHandle> workers = new ConcurrentHashMap<>();
    private final Object initLock = new Object();
    private volatile Initializer[] initializers = NO_INITIALIZERS;
    private long initSeq;
    private volatile boolean closed;
    /** The current shutdown attempt: null before the first call; replaced only after one failed. */
    private final AtomicReference<Attempt> shutdownAttempt = new AtomicReference<>();
    /**
     * Run by {@link #stopAll} after it asked every thread to stop, before its first wait: a seam for
     * tests of this package (a failure thrown inside a shutdown); does nothing otherwise.
     */
    private final Runnable afterStopRequests;

    /** One run of the shutdown's stopAll, by the thread that won its election. */
    private static final class Attempt {
        final Thread by;
        /** Released when the attempt has set {@link #report} or {@link #failure}. */
        final CountDownLatch done = new CountDownLatch(1);
        volatile StopReport report;
        volatile Throwable failure;

        Attempt(Thread by) {
            this.by = by;
        }
    }

    /**
     * Creates a core.
     *
     * @param name the threader's name, for messages
     * @param defaultKind the kind of threads whose spec names none
     */
    public ThreaderCore(String name, ThreadKind defaultKind) {
        this(name, defaultKind, () -> { });
    }

    /**
     * Creates a core whose {@link #stopAll} runs {@code afterStopRequests} after it asked every thread
     * to stop and before it waits: for tests of this package only.
     *
     * @param name the threader's name, for messages
     * @param defaultKind the kind of threads whose spec names none
     * @param afterStopRequests run on the stopping thread; what it throws ends the stopAll
     */
    ThreaderCore(String name, ThreadKind defaultKind, Runnable afterStopRequests) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultKind = Objects.requireNonNull(defaultKind, "defaultKind");
        this.afterStopRequests = Objects.requireNonNull(afterStopRequests, "afterStopRequests");
    }

    /**
     * Starts a thread.
     *
     * @param threadName the name
     * @param spec the spec
     * @param body the body
     * @param <R> the result type
     * @return the handle
     */
    public <R> ThreadHandle<R> start(String threadName, ThreadSpec spec, AnyFunction<R> body) {
        checkName(threadName, "thread");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(body, "body");
        ensureOpen(threadName); // a cheap early answer; launch checks again after registering
        ThreadKind kind = spec.kind() != null ? spec.kind() : defaultKind;
        ThreadHandle<R> h = new ThreadHandle<>(this, threadName, spec, kind, body);
        h.thread = kind == ThreadKind.VIRTUAL
                ? Thread.ofVirtual().name(threadName).unstarted(h)
                : Thread.ofPlatform().name(threadName).daemon(spec.daemon()).priority(spec.priority()).unstarted(h);
        launch(h);
        return h;
    }

    /**
     * Returns the component's live worker, or creates one.
     *
     * @param component the component name
     * @param spec the spec a new worker gets, or null for the defaults (an existing worker is returned
     *             whatever its spec)
     * @return the worker
     */
    public WorkerHandle worker(String component, WorkerSpec spec) {
        checkName(component, "worker");
        WorkerHandle w = workers.get(component);
        if (w == null || !w.isAccepting()) {
            ensureOpen(component);
            WorkerSpec s = spec != null ? spec : WorkerSpec.defaults();
            WorkerHandle[] created = new WorkerHandle[1];
            w = workers.compute(component, (k, old) -> {
                if (old != null && old.isAccepting()) {
                    return old;
                }
                WorkerHandle fresh = new WorkerHandle(this, k, s);
                // the thread is set before the worker is published, so every caller sees it
                fresh.thread = (fresh.kind == ThreadKind.VIRTUAL ? Thread.ofVirtual().name(k)
                        : Thread.ofPlatform().name(k).daemon(true)).unstarted(fresh);
                created[0] = fresh;
                return fresh;
            });
            if (w == created[0]) {
                try {
                    launch(w);
                } catch (SKThreadException e) {
                    workers.remove(component, w);
                    w.neverStarted();
                    throw e;
                }
                return w;
            }
        }
        if (spec != null && !spec.equals(w.spec())) {
            throw new SKThreadException("worker '" + component + "' of threader '" + name + "' already runs with "
                    + w.spec() + ", but " + spec + " was asked for: ask with the same spec, call worker(\""
                    + component + "\") without one, or stop the worker and join it before asking for a new one");
        }
        return w;
    }

    private void launch(Managed m) {
        live.add(m);
        // Pairs with the fence in shutdown: either shutdown's snapshot of live holds m, or m sees closed.
        VarHandle.fullFence();
        if (closed) {
            live.remove(m);
            m.launched(false);
            throw shutDown(m.name);
        }
        try {
            m.thread.start();
        } catch (Throwable e) {
            live.remove(m);
            m.launched(false);
            throw new SKThreadException("could not start " + m.kind + " thread '" + m.name + "' of threader '"
                    + name + "': " + e + "; stop threads you no longer need (or lower their number) and retry", e);
        }
        m.launched(true);
        if (LOG.isDebugEnabled()) {
            LOG.debug("threader '{}' started {} thread '{}'", name, m.kind, m.name);
        }
    }

    /** Called by a managed thread as the last thing it does. */
    void ended(Managed m) {
        live.remove(m);
        if (m instanceof WorkerHandle w) {
            workers.remove(w.name, w);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("thread '{}' of threader '{}' ended {}", m.name, name, m.state0());
        }
    }

    /** Runs every initializer on the calling (new) thread, in order. */
    void runInitializers(Managed m) {
        Initializer[] inits = initializers;
        if (inits.length == 0) {
            return;
        }
        for (Initializer i : inits) {
            m.currentTask = i.label();
            try {
                i.function().call();
            } catch (Throwable t) {
                m.currentTask = null;
                throw new SKThreadException("initializer '" + i.name() + "' (priority " + i.priority()
                        + ") failed on thread '" + m.name + "' of threader '" + name
                        + "', so the thread did not start its work: fix the initializer or close its registration", t);
            }
        }
        m.currentTask = null;
    }

    /**
     * Registers an initializer.
     *
     * @param initName its name
     * @param priority higher runs first
     * @param function what runs
     * @return the registration
     */
    public Registration onThreadStart(String initName, int priority, AnyFunction<?> function) {
        checkName(initName, "initializer");
        Objects.requireNonNull(function, "function");
        Initializer init;
        synchronized (initLock) {
            init = new Initializer(initName, priority, initSeq++, function, "initializer " + initName);
            Initializer[] next = Arrays.copyOf(initializers, initializers.length + 1);
            next[next.length - 1] = init;
            Arrays.sort(next, ORDER);
            initializers = next;
        }
        return () -> {
            synchronized (initLock) {
                initializers = Arrays.stream(initializers).filter(x -> x != init).toArray(Initializer[]::new);
            }
        };
    }

    /**
     * Returns a snapshot of every live thread and worker, sorted by name.
     *
     * @return the snapshot
     */
    public List<ThreadInfo> threads() {
        List<ThreadInfo> infos = new ArrayList<>();
        for (Managed m : live) {
            infos.add(m.info());
        }
        infos.sort(Comparator.comparing(ThreadInfo::name));
        return List.copyOf(infos);
    }

    /**
     * Returns how many threads and workers have not yet ended.
     *
     * @return the count
     */
    public int liveCount() {
        return live.size();
    }

    /**
     * Stops everything live: ask, wait, interrupt, wait, report. The futures it completes (threads
     * cancelled before their body started, tasks rejected by workers) are completed on virtual
     * threads of their own ({@link OffThreadCompletions}), so their dependent stages cannot block
     * it; before returning it waits, within the second wait's deadline, until each of them is
     * completed. A grace too long for a {@code long} of nanoseconds (about 292 years or more, such as
     * {@code ChronoUnit.FOREVER.getDuration()}) means no limit: each wait lasts until the threads end.
     *
     * @param grace the most to wait in each of the two waits
     * @return the report
     */
    public StopReport stopAll(Duration grace) {
        checkGrace(grace);
        long graceNanos = Managed.saturatedNanos(grace);
        long t0 = System.nanoTime();
        Managed self = Managed.current();
        List<Managed> all = new ArrayList<>(live);
        all.remove(self);
        OffThreadCompletions completions = new OffThreadCompletions();
        for (Managed m : all) {
            m.politeStop(completions);
        }
        afterStopRequests.run();
        boolean[] interrupted = {false};
        // deadlines may wrap past Long.MAX_VALUE under a saturated grace; they are only ever compared
        // by subtraction (deadline - now), which stays right
        List<Managed> left = awaitAll(all, System.nanoTime() + graceNanos, interrupted);
        for (Managed m : left) {
            m.forceStop(completions);
        }
        long lastDeadline = System.nanoTime() + graceNanos;
        List<Managed> stillLeft = awaitAll(left, lastDeadline, interrupted);
        if (!interrupted[0]) {
            try {
                completions.await(lastDeadline);
            } catch (InterruptedException e) {
                interrupted[0] = true;
            }
        }
        if (interrupted[0]) {
            Thread.currentThread().interrupt();
        }
        Set<Managed> leftSet = identitySet(left);
        Set<Managed> stillLeftSet = identitySet(stillLeft);
        // a thread whose start was rejected (shutdown raced with it) or failed never ran: not reported
        List<String> clean = names(all.stream().filter(m -> !leftSet.contains(m) && !m.launchGivenUp()).toList());
        List<String> byInterrupt = names(left.stream().filter(m -> !stillLeftSet.contains(m)).toList());
        List<String> notFinished = names(stillLeft);
        StopReport report = new StopReport(clean, byInterrupt, notFinished, Duration.ofNanos(System.nanoTime() - t0));
        if (!notFinished.isEmpty()) {
            LOG.error("threader '{}': {} thread(s) did not finish within the grace of {} after a stop request and"
                    + " again after an interrupt: {}; their bodies ignore both: make them poll"
                    + " SKThread.stopRequested() or end on InterruptedException", name, notFinished.size(), grace,
                    notFinished);
        } else {
            LOG.debug("threader '{}' stopped {} thread(s), {} of them by interrupt", name, all.size(),
                    byInterrupt.size());
        }
        return report;
    }

    private static List<Managed> awaitAll(List<Managed> ms, long deadline, boolean[] interrupted) {
        List<Managed> left = new ArrayList<>();
        for (Managed m : ms) {
            boolean ended;
            try {
                ended = m.awaitEnd(interrupted[0] ? 0 : deadline - System.nanoTime());
            } catch (InterruptedException e) {
                interrupted[0] = true;
                ended = !m.thread.isAlive();
            }
            if (!ended) {
                left.add(m);
            }
        }
        return left;
    }

    private static Set<Managed> identitySet(List<Managed> ms) {
        Set<Managed> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(ms);
        return set;
    }

    private static List<String> names(List<Managed> ms) {
        return ms.stream().map(m -> m.name).sorted().toList();
    }

    private static void checkGrace(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace " + grace + " is negative: use Duration.ZERO to not wait");
        }
    }

    /**
     * Rejects new threads and workers, then stops everything, once: the first caller (elected by a
     * compare-and-set, no lock) does the work. Called from a thread or worker of this threader, it asks
     * that one to stop as well, politely and without waiting for it. A later caller waits, interruptibly,
     * for the first one's report, unless the first shutdown waits for it (a thread or worker of this
     * threader) or it is the first caller's own thread (a state listener, say): those return at once,
     * as does a waiting caller that is interrupted (restoring its interrupt status), with a report of
     * the shutdown in progress ({@code inProgress}). If the first shutdown throws (an {@link Error},
     * say), its caller gets that, and a later caller (one that was waiting included) is elected anew
     * and runs the shutdown itself.
     *
     * @param grace the grace of each wait
     * @return the report of the first shutdown, or of the shutdown in progress
     */
    public StopReport shutdown(Duration grace) {
        return shutdown(grace, false);
    }

    /**
     * {@link #shutdown(Duration)} for a JVM shutdown hook: bounded by its own grace even when another
     * shutdown, with a longer grace, is already running. As the first caller it runs the shutdown
     * (at most about twice the grace); as a later one it waits at most twice the grace for the first
     * one's report, then logs at warn which threads still run and returns a report of the shutdown in
     * progress, letting the JVM exit.
     *
     * @param grace the grace of each wait, and half the most a later call waits
     * @return the report of the first shutdown, or of the shutdown in progress
     */
    public StopReport shutdownFromHook(Duration grace) {
        return shutdown(grace, true);
    }

    private StopReport shutdown(Duration grace, boolean bounded) {
        checkGrace(grace); // before the election: a first call that threw would leave later callers waiting
        long t0 = System.nanoTime();
        long waitUntil = bounded ? t0 + twice(grace) : 0;
        Thread me = Thread.currentThread();
        Managed self = Managed.current();
        while (true) {
            Attempt cur = shutdownAttempt.get();
            if (cur == null || cur.failure != null) {
                Attempt mine = new Attempt(me);
                if (shutdownAttempt.compareAndSet(cur, mine)) {
                    return runShutdown(mine, grace, self, cur);
                }
                continue; // another caller won this election
            }
            StopReport done = cur.report;
            if (done != null) {
                return done;
            }
            if (cur.by == me || (self != null && self.core == this)) {
                // waiting would wait for this very thread: the shutdown is stopping (or running on) it
                LOG.debug("threader '{}': shutdown called again from '{}' while the first one runs; not waiting for it",
                        name, me.getName());
                return inProgress(t0);
            }
            try {
                if (!bounded) {
                    cur.done.await();
                } else if (!cur.done.await(waitUntil - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    StopReport now = inProgress(t0);
                    LOG.warn("threader '{}': its JVM shutdown hook waited {} (twice its grace) for the shutdown that"
                            + " thread '{}' began earlier with a longer grace, and lets the JVM exit with {} thread(s)"
                            + " still running: {}; give that shutdown a shorter grace, or make the threads poll"
                            + " SKThread.stopRequested() or end on InterruptedException", name,
                            Duration.ofNanos(twice(grace)), cur.by.getName(), now.notFinished().size(), now.notFinished());
                    return now;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return inProgress(t0);
            }
            // released: a report, or a failure, after which this caller takes part in a new election
        }
    }

    /** Runs an attempt this caller won: rejects new threads, then stops everything. */
    private StopReport runShutdown(Attempt mine, Duration grace, Managed self, Attempt failed) {
        try {
            closed = true;
            // Pairs with the fence in launch: a start that did not see closed is in stopAll's snapshot.
            VarHandle.fullFence();
            if (failed == null) {
                LOG.debug("threader '{}' shutting down", name);
            } else {
                LOG.warn("threader '{}': shutting down again from '{}' because the shutdown from '{}' failed with {}",
                        name, mine.by.getName(), failed.by.getName(), failed.failure.toString());
            }
            if (self != null && self.core == this) {
                // stopAll leaves the caller's own thread alone; a shut-down threader must not keep it
                LOG.debug("threader '{}' shut down from its own '{}', which is asked to stop", name, self.name);
                self.requestOwnStop();
            }
            mine.report = stopAll(grace);
            return mine.report;
        } catch (RuntimeException | Error e) {
            mine.failure = e; // set before the release: a waiting caller then retries the shutdown itself
            throw e;
        } finally {
            mine.done.countDown();
        }
    }

    /** Twice the grace in nanoseconds, saturating at {@code Long.MAX_VALUE}. */
    private static long twice(Duration grace) {
        long n = Managed.saturatedNanos(grace);
        return n > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * n;
    }

    /**
     * The report of a shutdown call that returns before the first shutdown ended: nothing stopped by
     * this call, and every thread and worker not yet ended named as not finished.
     */
    private StopReport inProgress(long t0) {
        return new StopReport(List.of(), List.of(), names(new ArrayList<>(live)),
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * Tells whether {@link #shutdown} ran.
     *
     * @return true once shut down
     */
    public boolean isShutdown() {
        return closed;
    }

    /**
     * Returns the threader's name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the default kind.
     *
     * @return the kind
     */
    public ThreadKind defaultKind() {
        return defaultKind;
    }

    private void ensureOpen(String what) {
        if (closed) {
            throw shutDown(what);
        }
    }

    private SKThreadException shutDown(String what) {
        return new SKThreadException("threader '" + name + "' is shut down, so '" + what + "' was not started:"
                + " start threads before shutdown, or use another SKThreader (SKThreader.builder())");
    }

    private static void checkName(String n, String what) {
        Objects.requireNonNull(n, what + " name");
        if (n.isBlank()) {
            throw new IllegalArgumentException("the " + what + " name is blank: give a name that says what it does");
        }
    }
}
