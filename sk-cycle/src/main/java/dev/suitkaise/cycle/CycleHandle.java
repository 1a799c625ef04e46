package dev.suitkaise.cycle;

import dev.suitkaise.thread.SKThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * A cycle running continuously, from {@link Cycle#start(Duration)}: one thread of the cycle's
 * threader runs the cycle again and again (each run waits for all its parts, then the next starts no
 * earlier than the interval after the previous start) until stopped. All methods are thread-safe;
 * only the {@code await} methods and {@link #close()} block, and they are bounded.
 */
public final class CycleHandle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CycleHandle.class);

    private final Cycle cycle;
    private final Duration interval;
    private final Object lock = new Object();
    private final SKThread<Void> thread;
    private boolean paused;
    private boolean stopping;
    private boolean inRun;
    private boolean ended;
    private long runs;
    private CycleRun last;

    CycleHandle(Cycle cycle, Duration interval) {
        this.cycle = cycle;
        this.interval = interval;
        this.thread = cycle.spec().threader().start("sk-cycle-" + cycle.name() + "-loop", this::loop);
    }

    private Void loop() {
        LOG.debug("cycle {} runs continuously every {}", cycle.name(), interval);
        try {
            while (true) {
                synchronized (lock) {
                    while (paused && !stopping) {
                        lock.wait();
                    }
                    if (stopping) {
                        return null;
                    }
                    inRun = true;
                }
                long begun = System.nanoTime();
                CycleRun run = null;
                try {
                    run = cycle.runOnce();
                } finally {
                    synchronized (lock) {
                        inRun = false;
                        if (run != null) {
                            last = run;
                            runs++;
                        }
                        lock.notifyAll();
                    }
                }
                synchronized (lock) {
                    if (Thread.interrupted()) {
                        return null;
                    }
                    long due = begun + interval.toNanos();
                    for (long left = due - System.nanoTime(); left > 0 && !stopping; left = due - System.nanoTime()) {
                        lock.wait(Math.max(1, left / 1_000_000));
                    }
                }
            }
        } catch (InterruptedException e) {
            return null;
        } finally {
            synchronized (lock) {
                ended = true;
                lock.notifyAll();
            }
            LOG.debug("cycle {} stopped running continuously after {} runs", cycle.name(), runs());
        }
    }

    /**
     * Pauses: no new run starts until {@link #resume()}; a run in progress finishes. Never blocks.
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
     * Stops after the run in progress: no new run starts. Never blocks; see {@link #awaitStop}.
     */
    public void stop() {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
    }

    /**
     * Stops at once: the run in progress is cancelled (its running parts are interrupted and it ends
     * CANCELLED) and no new run starts. Never blocks; see {@link #awaitStop}.
     */
    public void stopNow() {
        stop();
        thread.requestStop();
    }

    /**
     * Tells whether the loop still runs (it may be paused).
     *
     * @return false once stopped and ended
     */
    public boolean isRunning() {
        synchronized (lock) {
            return !ended;
        }
    }

    /**
     * Returns how many runs have ended.
     *
     * @return the count
     */
    public long runs() {
        synchronized (lock) {
            return runs;
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
        return await(() -> runs >= n, timeout);
    }

    /**
     * Waits until the handle is paused with no run in progress, at most the timeout.
     *
     * @param timeout the most to wait
     * @return true if paused and idle
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean awaitPaused(Duration timeout) throws InterruptedException {
        return await(() -> paused && !inRun, timeout);
    }

    /**
     * Waits until the loop has ended after a stop, at most the timeout.
     *
     * @param timeout the most to wait
     * @return true if the loop has ended
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return await(() -> ended, timeout);
    }

    private boolean await(java.util.function.BooleanSupplier done, Duration timeout) throws InterruptedException {
        long due = System.nanoTime() + timeout.toNanos();
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
     * the loop to end. If interrupted while waiting, returns with the interrupt flag set.
     */
    @Override
    public void close() {
        stopNow();
        try {
            awaitStop(cycle.spec().abandonAfter().plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
