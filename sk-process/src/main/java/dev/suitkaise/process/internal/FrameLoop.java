package dev.suitkaise.process.internal;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A child's frame reader and task runner in one pool of threads, so that neither a task nor the
 * answer to a task's request to the parent changes threads on its way from the socket.
 *
 * <p>One thread at a time owns the reading role and reads and dispatches frames. When a frame
 * hands it a task (through {@link #execute}), the owner runs the task itself and keeps the role:
 * if the task asks the parent something ({@link #readUntil}), the task's thread reads the answer
 * itself; when the task returns, the thread goes back to reading. Should a task run longer than
 * {@value #HAND_OVER_MICROS} microseconds without reading, a watchdog (looking as often while
 * tasks run, asleep otherwise) hands the role to an idle
 * thread (starting one if none is idle), so frames for other tasks, heartbeats and cancellations
 * are never held up for long; the task's thread then joins the idle ones when it is done. Tasks
 * given to {@link #execute} by a thread that does not own the role, or while the owner reads for
 * a request, run on a new pool thread, which then joins the idle ones.
 *
 * <p>After {@link #shutdown} tasks are refused; {@link #awaitTermination} waits for running
 * tasks. A task's interrupt status is cleared when it ends, so cancelling one task never leaks
 * into the next or into reading. Pool threads idle for a minute end, except the one that called
 * {@link #lead}. Thread-safe.
 */
final class FrameLoop extends AbstractExecutorService {

    /** Reads and dispatches one frame. */
    @FunctionalInterface
    interface Reader {
        /**
         * Reads one frame and dispatches it.
         *
         * @throws IOException if the channel ended; the loop ends
         */
        void readOne() throws IOException;
    }

    /** How long a task may keep the reading role without reading. */
    static final long HAND_OVER_MICROS = 1000;
    private static final long HAND_OVER_NANOS = TimeUnit.MICROSECONDS.toNanos(HAND_OVER_MICROS);
    /** The watchdog sleeps for good once no task has started for this long. */
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private enum Role { READING, RUNNING, CALLING }

    private final Reader reader;
    private final Consumer<IOException> onEnd;
    private final ThreadFactory factory;
    private final long handOverNanos;
    private final AtomicInteger running = new AtomicInteger();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    /** The thread owning the reading role; guarded by the lock. */
    private Thread owner;
    /** What the owner does; guarded by the lock. */
    private Role role = Role.READING;
    /** When the owner began running its task; guarded by the lock. */
    private long runningSince;
    /** When a task last started; guarded by the lock. */
    private long lastStart;
    /** When the owner's task began waiting for its current reply; guarded by the lock. */
    private long callingSince;
    /** Idle pool threads, parked until given the role or a task; guarded by the lock. */
    private final ArrayDeque<Thread> idle = new ArrayDeque<>();
    /** Tasks given to idle threads, not yet taken; guarded by the lock. */
    private final Map<Thread, Runnable> assigned = new HashMap<>();
    /** Whether the watchdog sleeps until woken; guarded by the lock. */
    private boolean watchdogAsleep;
    /** How often the watchdog was woken from its sleep; guarded by the lock. */
    private long watchdogWakeUps;
    private Thread watchdog;
    /** The task handed to the owner by the frame it is dispatching; touched by the owner only. */
    private Runnable handed;
    private volatile boolean shutdown;
    private volatile boolean ended;

    /**
     * Creates the loop; nothing runs until {@link #lead}.
     *
     * @param reader reads and dispatches one frame
     * @param onEnd called once, on the thread that saw it, when reading fails or the channel ends
     * @param factory makes the pool's threads
     */
    FrameLoop(Reader reader, Consumer<IOException> onEnd, ThreadFactory factory) {
        this(reader, onEnd, factory, HAND_OVER_NANOS);
    }

    /**
     * Creates the loop with another hand-over time (tests).
     *
     * @param reader reads and dispatches one frame
     * @param onEnd called once, on the thread that saw it, when reading fails or the channel ends
     * @param factory makes the pool's threads
     * @param handOverNanos how long a task may run without reading before the role is handed over
     */
    FrameLoop(Reader reader, Consumer<IOException> onEnd, ThreadFactory factory, long handOverNanos) {
        this.reader = reader;
        this.onEnd = onEnd;
        this.factory = factory;
        this.handOverNanos = handOverNanos;
    }

    /** Makes the calling thread the first owner of the reading role; returns once the loop has ended. */
    void lead() {
        lock.lock();
        try {
            owner = Thread.currentThread();
            role = Role.READING;
            watchdog = Thread.ofPlatform().daemon().name("sk-frame-watchdog").unstarted(this::watch);
            watchdogAsleep = true;
        } finally {
            lock.unlock();
        }
        watchdog.start();
        serve(false);
    }

    /** A pool thread's life: read while owning the role, else wait to be given it. */
    private void serve(boolean mayRetire) {
        Thread me = Thread.currentThread();
        while (!ended) {
            if (owns(me)) {
                own(me);
                continue;
            }
            lock.lock();
            try {
                if (owner == me || ended) {
                    continue;
                }
                idle.addLast(me);
            } finally {
                lock.unlock();
            }
            long until = System.nanoTime() + IDLE_NANOS;
            while (!ended && !ownsOrAssigned(me)) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                Thread.interrupted(); // an idle thread has no use for a stray interrupt; it would make park return at once
                LockSupport.parkNanos(this, left);
            }
            Runnable mine;
            lock.lock();
            try {
                mine = assigned.remove(me);
                if (mine == null && owner != me && idle.remove(me) && mayRetire) {
                    return; // idle for a minute
                }
            } finally {
                lock.unlock();
            }
            if (mine != null) {
                runTask(mine);
            }
        }
    }

    private boolean ownsOrAssigned(Thread t) {
        lock.lock();
        try {
            return owner == t || assigned.containsKey(t);
        } finally {
            lock.unlock();
        }
    }

    private boolean owns(Thread t) {
        lock.lock();
        try {
            return owner == t;
        } finally {
            lock.unlock();
        }
    }

    /** Reads frames while owning the role, running the tasks they hand over. */
    private void own(Thread me) {
        while (!ended) {
            if (!readOne()) {
                return;
            }
            Runnable task = handed;
            handed = null;
            if (task == null) {
                continue;
            }
            Thread wake = null;
            lock.lock();
            try {
                wake = markRunning();
                lastStart = runningSince;
            } finally {
                lock.unlock();
            }
            if (wake != null) {
                LockSupport.unpark(wake);
            }
            Thread.interrupted(); // a stray interrupt seen while reading is not the task's
            runTask(task);
            lock.lock();
            try {
                if (owner != me) {
                    return; // the role went to another thread meanwhile
                }
                role = Role.READING;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Lets the calling thread read frames itself while it waits for {@code reply}, if it owns the
     * reading role (a task asking the parent something). Returns when the reply is done, the
     * channel has ended, or the thread is interrupted; at once if the thread does not own the
     * role. The caller then waits on the reply as usual.
     *
     * @param reply the reply to wait for
     * @param deadline when to stop reading, in {@link System#nanoTime()} terms; checked after each frame
     */
    void readUntil(Future<?> reply, long deadline) {
        Thread me = Thread.currentThread();
        lock.lock();
        try {
            if (owner != me || role != Role.RUNNING) {
                return;
            }
            role = Role.CALLING;
            callingSince = System.nanoTime();
        } finally {
            lock.unlock();
        }
        try {
            while (!reply.isDone() && !ended && !me.isInterrupted() && System.nanoTime() - deadline < 0) {
                if (!readOne()) {
                    return;
                }
            }
        } finally {
            Thread wake = null;
            lock.lock();
            try {
                if (owner == me) {
                    wake = markRunning();
                }
            } finally {
                lock.unlock();
            }
            if (wake != null) {
                LockSupport.unpark(wake);
            }
        }
    }

    /**
     * Reads and dispatches one frame; a failure ends the loop.
     *
     * @return false if the loop ended
     */
    private boolean readOne() {
        try {
            reader.readOne();
            return true;
        } catch (IOException e) {
            end(e);
        } catch (RuntimeException | Error e) {
            end(new IOException("reading a frame failed: " + e, e));
        }
        return false;
    }

    /**
     * Marks the owner as running a task from now; called with the lock held.
     *
     * @return the watchdog if it slept and must be unparked (after the lock is released), else null
     */
    private Thread markRunning() {
        role = Role.RUNNING;
        runningSince = System.nanoTime();
        if (watchdogAsleep) {
            watchdogAsleep = false;
            watchdogWakeUps++;
            return watchdog;
        }
        return null;
    }

    /**
     * How often a task starting or a call ending woke the watchdog from its sleep (for tests).
     *
     * @return the count so far
     */
    long watchdogWakeUps() {
        lock.lock();
        try {
            return watchdogWakeUps;
        } finally {
            lock.unlock();
        }
    }

    /** Hands the role over when its owner runs a task for too long; sleeps while nothing runs. */
    private void watch() {
        while (!ended) {
            boolean sleep;
            lock.lock();
            try {
                long now = System.nanoTime();
                if (owner != null && role == Role.RUNNING && now - runningSince > handOverNanos) {
                    handOver();
                }
                // nothing to hand over while the owner reads, or while a calling task reads its reply;
                // but a task making many short calls (global gets) would wake a sleeping watchdog
                // after each one, so it sleeps only once the reading or the call has lasted a while
                sleep = role == Role.READING && now - lastStart > QUIET_NANOS
                        || role == Role.CALLING && now - callingSince > QUIET_NANOS;
                watchdogAsleep = sleep;
            } finally {
                lock.unlock();
            }
            if (sleep) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, handOverNanos);
            }
        }
    }

    /** Gives the role to an idle thread or a new one; called with the lock held. */
    private void handOver() {
        Thread next = idle.pollFirst();
        if (next == null) {
            Thread previous = owner;
            Role previousRole = role;
            next = factory.newThread(() -> serve(true));
            owner = next;
            role = Role.READING;
            try {
                next.start();
            } catch (RuntimeException | Error e) {
                owner = previous; // the running task keeps the role; the next check tries again
                role = previousRole;
                runningSince = System.nanoTime();
            }
        } else {
            owner = next;
            role = Role.READING;
            LockSupport.unpark(next);
        }
    }

    private void end(IOException e) {
        Thread[] wake;
        lock.lock();
        try {
            if (ended) {
                return;
            }
            ended = true;
            wake = idle.toArray(Thread[]::new);
            idle.clear();
        } finally {
            lock.unlock();
        }
        for (Thread t : wake) {
            LockSupport.unpark(t);
        }
        if (watchdog != null) {
            LockSupport.unpark(watchdog);
        }
        onEnd.accept(e);
    }

    private void runTask(Runnable task) {
        try {
            task.run();
        } finally {
            Thread.interrupted();
            if (running.decrementAndGet() == 0 && shutdown) {
                lock.lock();
                try {
                    finished.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /**
     * Runs a task: on this thread, which keeps reading afterwards, if it owns the reading role
     * and is dispatching a frame; else on a new pool thread.
     *
     * @param task the task
     * @throws RejectedExecutionException after {@link #shutdown}
     */
    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("The task runner of this child is shut down");
        }
        running.incrementAndGet();
        Thread me = Thread.currentThread();
        lock.lock();
        try {
            if (owner == me && role == Role.READING && handed == null) {
                handed = task;
                return;
            }
            Thread free = idle.pollFirst();
            if (free != null) {
                assigned.put(free, task);
                LockSupport.unpark(free);
                return;
            }
        } finally {
            lock.unlock();
        }
        try {
            factory.newThread(() -> {
                runTask(task);
                serve(true);
            }).start();
        } catch (RuntimeException | Error e) {
            running.decrementAndGet();
            throw e;
        }
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && running.get() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long left = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!isTerminated()) {
                if (left <= 0) {
                    return false;
                }
                left = finished.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
