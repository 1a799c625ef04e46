package dev.suitkaise.cycle.internal;

import dev.suitkaise.cycle.CycleException;
import dev.suitkaise.thread.SKThread;
import dev.suitkaise.thread.SKThreader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The pooled threads of one cycle: threads started and named by the cycle's {@link SKThreader},
 * each running tasks handed to it until it has been idle for the keep-alive, the pool is closed, or
 * the threader asked it to stop ({@link SKThread#stopRequested()}: it then ends after its current
 * task). A task is handed to an idle thread if there is one, otherwise a new thread starts.
 * Thread-safe; never blocks.
 */
public final class PartPool {

    private static final Logger LOG = LoggerFactory.getLogger(PartPool.class);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

    private final SKThreader threader;
    private final String name;
    private final SynchronousQueue<Runnable> handoff = new SynchronousQueue<>();
    /**
     * Pool threads between tasks (waiting for the next one, or about to). Threads enter and leave it,
     * and {@link #close()} interrupts them, only while holding its monitor.
     */
    private final Set<Thread> waiting = new HashSet<>();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile boolean closed;

    /**
     * Creates an empty pool.
     *
     * @param threader the threader that starts the threads
     * @param cycleName the cycle's name, used in thread names
     */
    public PartPool(SKThreader threader, String cycleName) {
        this.threader = threader;
        this.name = cycleName;
    }

    /**
     * Runs a task on an idle pooled thread or a new one. If a new thread ends before its body takes
     * the task (an initializer of the threader failed, or a stopAll or shutdown of the threader
     * stopped the thread before its body started), the task never runs and {@code notRun} is called
     * instead, once, with an exception naming {@code what}, the thread and the cause; it is called on
     * whichever thread ended the new thread, or on the caller if that already happened.
     *
     * @param what the task in words, for the exception ("part 'x' of cycle 'y'")
     * @param task the task; it must not throw
     * @param notRun told when the task will never run; it must not block
     * @throws dev.suitkaise.thread.SKThreadException if a thread is needed and the threader is shut down
     */
    public void execute(String what, Runnable task, Consumer<CycleException> notRun) {
        if (handoff.offer(task)) {
            return;
        }
        String threadName = "sk-cycle-" + name + "-" + counter.incrementAndGet();
        LOG.debug("starting pooled thread {}", threadName);
        // claimed by the body before it runs the task, or by the end of a thread whose body never ran
        AtomicBoolean claimed = new AtomicBoolean();
        SKThread<Void> thread = threader.start(threadName, () -> {
            if (!claimed.compareAndSet(false, true)) {
                return null;
            }
            Runnable next = task;
            Thread me = Thread.currentThread();
            while (next != null) {
                next.run();
                Thread.interrupted();
                synchronized (waiting) {
                    waiting.add(me); // before reading closed: close() either is seen here or sees this thread
                }
                try {
                    // a stop request of the threader (stopAll, shutdown) ends the thread after its task, even
                    // when the task consumed the request's interrupt; one that comes later interrupts the wait
                    next = closed || SKThread.stopRequested() ? null
                            : handoff.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    next = null;
                } finally {
                    synchronized (waiting) {
                        waiting.remove(me); // close() interrupts only under this lock: none can come after this
                    }
                    Thread.interrupted(); // an interrupt close() sent while this thread took a task is not the task's
                }
            }
            return null;
        });
        thread.future().whenComplete((v, e) -> {
            if (claimed.compareAndSet(false, true)) {
                notRun.accept(notRun(what, threadName, e));
            }
        });
    }

    private static CycleException notRun(String what, String threadName, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        String why = cause instanceof CancellationException
                ? "it was stopped before its body started (a stopAll or shutdown of the cycle's threader); run the"
                + " cycle again on a threader that is not being stopped"
                : cause == null ? "it ended without running it" : cause.toString();
        return new CycleException(what + " did not run: its new pooled thread '" + threadName
                + "' ended before it took the task: " + why, cause);
    }

    /**
     * Tells whether the pool is closed.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the pool: threads end after their current task instead of waiting for another.
     */
    public void close() {
        closed = true;
        synchronized (waiting) { // a thread leaves the set under this lock, so it is never interrupted after
            for (Thread t : waiting) {
                LOG.debug("releasing idle pooled thread {} of cycle {}", t.getName(), name);
                t.interrupt();
            }
        }
    }
}
