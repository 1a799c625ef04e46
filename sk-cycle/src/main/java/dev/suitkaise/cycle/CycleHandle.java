package dev.suitkaise.cycle;

import dev.suitkaise.cycle.internal.CycleSpec;
import dev.suitkaise.cycle.internal.Durations;
import dev.suitkaise.cycle.internal.Node;
import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.thread.SKThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A cycle running continuously, from {@link Cycle#start(Duration)}. One thread of the cycle's
 * threader runs the cycle again and again (each run waits for all its parts, then the next starts no
 * earlier than the interval after the previous start) until stopped: by this handle, or by the
 * cycle's threader asking the thread to stop ({@code stopAll} or {@code shutdown}, also one called
 * on that thread, from a listener say; the run in progress then ends and no other starts, also while
 * the handle is paused). Under
 * {@link SyncMode#INDEPENDENT} that thread runs the trunk until it lets its branches run, then every
 * branch of the root's split loops the same way on a thread of its own (one thread per branch, never
 * one per part), and {@link #runs()} counts the trunk's and every branch's runs.
 *
 * <p>All methods are thread-safe; only the {@code await} methods, {@link #stop(Duration)} and
 * {@link #close()} block, and they are bounded.
 */
public final class CycleHandle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CycleHandle.class);

    private final Cycle cycle;
    /** The least time between the starts of two runs, in nanoseconds. */
    private final long intervalNanos;
    private final Object lock = new Object();
    private final List<SKThread<Void>> threads = new ArrayList<>();
    /** The Java thread of each loop whose body runs, with the loop thread's name; guarded by the lock. */
    private final Map<Thread, String> loopThreads = new HashMap<>();
    private final Map<String, Long> branchRuns = new LinkedHashMap<>();
    private final List<CycleListener> listeners = new CopyOnWriteArrayList<>();
    private boolean paused;
    private boolean stopping;
    private int inRun;
    private int live;
    private long runs;
    private CycleRun last;
    private Throwable failure;

    CycleHandle(Cycle cycle, Duration interval) {
        this.cycle = cycle;
        this.intervalNanos = Durations.nanos(interval);
        synchronized (lock) {
            if (cycle.spec().independent()) {
                cycle.spec().branches().forEach(b -> branchRuns.put(b.head(), 0L));
                startLoop("trunk", this::trunk);
            } else {
                startLoop("loop", () -> loop(null, () -> cycle.runOnceFor(listeners), r -> false));
            }
        }
    }

    /** Starts a loop thread; called under the lock. */
    private void startLoop(String suffix, AnyFunction<Void> body) {
        // 0: body not started, 1: running, 2: ended or never to run; the loop counts as live until 2
        AtomicInteger phase = new AtomicInteger();
        String threadName = "sk-cycle-" + cycle.name() + "-" + suffix;
        SKThread<Void> t = cycle.spec().threader().start(threadName, () -> {
            if (!phase.compareAndSet(0, 1)) {
                return null;
            }
            Thread me = Thread.currentThread();
            synchronized (lock) {
                loopThreads.put(me, threadName);
            }
            try {
                return body.call();
            } catch (RuntimeException | Error e) {
                failed(suffix, e);
                throw e;
            } finally {
                synchronized (lock) {
                    loopThreads.remove(me);
                }
                phase.set(2);
                ended();
            }
        });
        threads.add(t);
        live++;
        // a thread cancelled before its body started, or whose initializer failed, never runs the body's finally
        t.future().whenComplete((r, e) -> {
            if (phase.compareAndSet(0, 2)) {
                if (e != null && !(e instanceof CancellationException)) {
                    failed(suffix, e); // an initializer of the threader failed: the loop never ran
                }
                ended();
            }
        });
    }

    /** Keeps the first throwable that ended a loop, for {@link #failure()}. */
    private void failed(String loop, Throwable e) {
        // the threader logs the thread's failure at error; this keeps it where the handle's user looks
        LOG.debug("cycle {}: its {} loop ended with {}; it is on the handle (failure())", cycle.name(), loop, e.toString());
        synchronized (lock) {
            if (failure == null) {
                failure = e;
            }
            lock.notifyAll();
        }
    }

    private void ended() {
        synchronized (lock) {
            live--;
            lock.notifyAll();
        }
    }

    /** Under independent sync: runs the trunk until its branches may run, then starts a loop per branch. */
    private Void trunk() throws InterruptedException {
        Map<Node, Object> given = new HashMap<>();
        loop(null, () -> cycle.runTrunk(given, listeners), r -> !given.isEmpty());
        synchronized (lock) {
            if (given.isEmpty() || stopping || SKThread.stopRequested()) {
                return null;
            }
            for (CycleSpec.Branch b : cycle.spec().branches()) {
                AtomicLong iteration = new AtomicLong();
                startLoop("branch-" + b.head(), () -> loop(b.head(), () -> cycle.runBranch(b, iteration.incrementAndGet(),
                        given, listeners), r -> false));
            }
            LOG.debug("cycle {}: the trunk passed; {} branches loop independently", cycle.name(),
                    cycle.spec().branches().size());
        }
        return null;
    }

    private Void loop(String branch, Supplier<CycleRun> body, Predicate<CycleRun> done) throws InterruptedException {
        LOG.debug("cycle {}{} runs continuously every {}", cycle.name(), branch == null ? "" : " branch " + branch,
                Duration.ofNanos(intervalNanos));
        try {
            while (true) {
                synchronized (lock) {
                    // stopRequested: the threader asked this thread to stop (stopAll, or a shutdown, even one
                    // called on this very thread, by a listener say, which neither interrupts nor notifies).
                    // Checked before each wait: a request from another thread also interrupts, ending the wait
                    while (paused && !stopping && !SKThread.stopRequested()) {
                        lock.wait();
                    }
                    if (stopping || SKThread.stopRequested()) {
                        return null;
                    }
                    inRun++;
                }
                long begun = System.nanoTime();
                CycleRun run = null;
                try {
                    run = body.get();
                } finally {
                    synchronized (lock) {
                        inRun--;
                        if (run != null) {
                            last = run;
                            runs++;
                            if (branch != null) {
                                branchRuns.merge(branch, 1L, Long::sum);
                            }
                        }
                        lock.notifyAll();
                    }
                }
                if (done.test(run)) {
                    return null;
                }
                synchronized (lock) {
                    if (Thread.interrupted()) {
                        return null;
                    }
                    long due = begun + intervalNanos;
                    for (long left = due - System.nanoTime(); left > 0 && !stopping && !SKThread.stopRequested();
                            left = due - System.nanoTime()) {
                        lock.wait(Math.max(1, left / 1_000_000));
                    }
                }
            }
        } catch (InterruptedException e) {
            return null;
        } finally {
            LOG.debug("cycle {}{} stopped running continuously after {} runs", cycle.name(),
                    branch == null ? "" : " branch " + branch, runs());
        }
    }

    /**
     * Adds a listener told about every part and run of this handle as they end, on the loop thread
     * that runs them (see {@link CycleListener}); it sees the runs that start after it was added.
     * Listeners of the cycle ({@link Cycle#addListener}) are told as well. Thread-safe.
     *
     * @param listener the listener
     */
    public void addListener(CycleListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Pauses: no new run starts until {@link #resume()}; runs in progress finish. Never blocks.
     */
    public void pause() {
        synchronized (lock) {
            paused = true;
            lock.notifyAll();
        }
    }

    /**
     * Resumes after {@link #pause()}. Never blocks.
     */
    public void resume() {
        synchronized (lock) {
            paused = false;
            lock.notifyAll();
        }
    }

    /**
     * Tells whether the handle is paused.
     *
     * @return true while paused
     */
    public boolean isPaused() {
        synchronized (lock) {
            return paused;
        }
    }

    /**
     * Stops after the runs in progress: no new run starts. Never blocks; see {@link #awaitStop}.
     */
    public void stop() {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
    }

    /**
     * Stops after the runs in progress, waiting at most {@code grace} for them; if they have not ended
     * by then, stops at once ({@link #stopNow()}) and waits up to the cycle's abandon grace plus one
     * second more.
     *
     * @param grace how long the runs in progress may take to end by themselves
     * @return true if every loop has ended
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean stop(Duration grace) throws InterruptedException {
        Objects.requireNonNull(grace, "stop: grace is null; call stop() to stop without waiting");
        stop();
        if (awaitStop(grace)) {
            return true;
        }
        stopNow();
        return awaitStop(cycle.spec().abandonAfter().plusSeconds(1));
    }

    /**
     * Stops at once: the runs in progress are cancelled (their running parts are interrupted and they
     * end CANCELLED) and no new run starts. Never blocks; see {@link #awaitStop}.
     */
    public void stopNow() {
        stopNow(null);
    }

    /** {@link #stopNow()}, except that the loop thread named {@code spared}, if any, is only marked stopping. */
    private void stopNow(String spared) {
        List<SKThread<Void>> all;
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
            all = List.copyOf(threads);
        }
        for (SKThread<Void> t : all) {
            if (!t.name().equals(spared)) {
                t.requestStop();
            }
        }
    }

    /**
     * Tells whether a loop still runs (it may be paused).
     *
     * @return false once stopped and ended
     */
    public boolean isRunning() {
        synchronized (lock) {
            return live > 0;
        }
    }

    /**
     * Returns how many runs have ended (under independent sync: the trunk's runs and every branch's).
     *
     * @return the count
     */
    public long runs() {
        synchronized (lock) {
            return runs;
        }
    }

    /**
     * Under {@link SyncMode#INDEPENDENT}: how many runs each branch of the root's split has ended,
     * keyed by the name of the branch's first part, in split order.
     *
     * @return a snapshot; empty when the branches do not loop independently
     */
    public Map<String, Long> branchRuns() {
        synchronized (lock) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(branchRuns));
        }
    }

    /**
     * Returns what ended a loop of this handle other than a stop: an exception or error thrown while
     * a run was started or ended (for example {@link IllegalStateException} once the cycle was closed
     * under the running handle), or the failure of an initializer of the cycle's threader
     * ({@link dev.suitkaise.thread.SKThreader#onThreadStart}) that kept a loop's thread from starting
     * (a {@link dev.suitkaise.thread.SKThreadException} naming the initializer). A part's failure is no
     * such thing: it is recorded in its run. A loop
     * that fails ends (under {@link SyncMode#INDEPENDENT} the other branches loop on); once every loop
     * has ended, {@link #isRunning()} is false. Never blocks.
     *
     * @return the first such failure, empty if none
     */
    public Optional<Throwable> failure() {
        synchronized (lock) {
            return Optional.ofNullable(failure);
        }
    }

    /**
     * Returns the last run that ended.
     *
     * @return the run, empty before the first has ended
     */
    public Optional<CycleRun> lastRun() {
        synchronized (lock) {
            return Optional.ofNullable(last);
        }
    }

    /**
     * Waits until at least {@code n} runs have ended, at most the timeout.
     *
     * @param n the number of runs
     * @param timeout the most to wait
     * @return true if {@code n} runs have ended
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean awaitRuns(long n, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "awaitRuns: timeout is null");
        return await(() -> runs >= n, timeout);
    }

    /**
     * Under {@link SyncMode#INDEPENDENT}: waits until the branch whose first part has the given name
     * has ended at least {@code n} runs, at most the timeout.
     *
     * @param head the name of the branch's first part
     * @param n the number of runs
     * @param timeout the most to wait
     * @return true if the branch has ended {@code n} runs
     * @throws IllegalArgumentException if no branch starts with that part
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean awaitBranchRuns(String head, long n, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(head, "awaitBranchRuns: head is null; pass the name of the part a branch starts with");
        Objects.requireNonNull(timeout, "awaitBranchRuns: timeout is null");
        synchronized (lock) {
            if (!branchRuns.containsKey(head)) {
                throw new IllegalArgumentException("cycle '" + cycle.name() + "' has no independent branch starting with"
                        + " part '" + head + "'; its branches start with " + branchRuns.keySet());
            }
        }
        return await(() -> branchRuns.get(head) >= n, timeout);
    }

    /**
     * Waits until the handle is paused with no run in progress, at most the timeout.
     *
     * @param timeout the most to wait
     * @return true if paused and idle
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean awaitPaused(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "awaitPaused: timeout is null");
        return await(() -> paused && inRun == 0, timeout);
    }

    /**
     * Waits until every loop has ended after a stop, at most the timeout.
     *
     * @param timeout the most to wait
     * @return true if the loops have ended
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "awaitStop: timeout is null");
        return await(() -> live == 0, timeout);
    }

    private boolean await(BooleanSupplier done, Duration timeout) throws InterruptedException {
        long due = System.nanoTime() + Durations.nanos(timeout);
        synchronized (lock) {
            for (long left = due - System.nanoTime(); !done.getAsBoolean(); left = due - System.nanoTime()) {
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /**
     * Stops at once ({@link #stopNow()}) and waits up to the cycle's abandon grace plus one second for
     * the loops to end. It may return before they have ended: a loop whose thread does not end on the
     * interrupt (a listener that blocks and ignores it, for example) runs on, {@link #isRunning()}
     * stays true until it ends, and close logs at error naming the loops still running. If
     * interrupted while waiting, returns at once with the interrupt flag set.
     *
     * <p>Called from a loop of this handle (a {@link CycleListener} told on the loop thread, say), it
     * does not wait for that loop, which cannot end before the call returns: it stops every loop,
     * waits as above for the others only, and that loop ends once its current run is done, without
     * starting another; {@link #isRunning()} stays true until then. That loop's thread is not
     * interrupted (its run in progress is not cancelled), so the caller's interrupt status stays as
     * it was. Under {@link SyncMode#INDEPENDENT},
     * called from the trunk's loop it keeps the branches from being started (there is then nothing
     * else to wait for), and called from one branch's loop it waits for the other branches.
     */
    @Override
    public void close() {
        String own;
        synchronized (lock) {
            own = loopThreads.get(Thread.currentThread());
        }
        // the caller's own loop is only marked stopping: its stop request would interrupt the caller and
        // end the wait for the other loops at once
        stopNow(own);
        Duration wait = cycle.spec().abandonAfter().plusSeconds(1);
        int ownLive = own == null ? 0 : 1; // the caller's own loop is live until this call has returned
        try {
            if (!await(() -> live <= ownLive, wait)) {
                List<String> running;
                synchronized (lock) {
                    running = threads.stream().filter(t -> !t.state().isTerminal()).map(SKThread::name)
                            .filter(n -> !n.equals(own)).toList();
                }
                LOG.error("cycle {}: close() stopped its loops and waited {} for them, but {} still run: {}; something"
                        + " on their threads ignores the interrupt (a listener that blocks, for example): make it end"
                        + " on interrupt; until then the threads stay listed by the threader's threads()",
                        cycle.name(), wait, running.size(), running);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
