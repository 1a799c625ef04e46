package dev.suitkaise.testkit;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Bounded waits on conditions for tests that cannot be told when a condition starts to hold (a
 * count in another JVM, a thread's state): the condition is checked every few milliseconds until it
 * holds or the bound passes, which fails the test. No test waits a fixed time. Stateless and
 * thread-safe.
 */
public final class Conditions {

    /** How long a wait parks between two checks of its condition. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Conditions() {
    }

    /**
     * Waits until {@code condition} holds, checking it every 10 ms. Blocks the calling thread; an
     * interrupt ends a park early but not the wait (the flag stays set).
     *
     * @param what the condition in words, for the failure message
     * @param bound how long the condition may take to hold
     * @param condition the condition
     * @throws AssertionError if it does not hold within {@code bound}
     */
    public static void until(String what, Duration bound, BooleanSupplier condition) {
        Objects.requireNonNull(what, "until: what is null");
        Objects.requireNonNull(condition, "until: condition is null");
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Not reached within " + bound + ": " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Waits until {@code latch} opens. Blocks the calling thread.
     *
     * @param latch the latch
     * @param bound how long it may take to open
     * @throws AssertionError if it does not open within {@code bound}, or the wait is interrupted
     *     (the interrupt status is set again)
     */
    public static void await(CountDownLatch latch, Duration bound) {
        Objects.requireNonNull(latch, "await: latch is null");
        try {
            if (!latch.await(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("a latch did not open within " + bound);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a latch", e);
        }
    }

    /**
     * Whether a thread is blocked entering the monitor of {@code monitor}, and not of another object
     * (a thread state of BLOCKED alone does not say which: a logger's or a class's monitor may
     * block it briefly). Does not block.
     *
     * @param thread the thread
     * @param monitor the object whose monitor is meant
     * @return true if the thread waits to enter that monitor now
     */
    public static boolean blockedOn(Thread thread, Object monitor) {
        Objects.requireNonNull(thread, "blockedOn: thread is null");
        Objects.requireNonNull(monitor, "blockedOn: monitor is null");
        ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(thread.threadId());
        LockInfo lock = info == null || info.getThreadState() != Thread.State.BLOCKED ? null : info.getLockInfo();
        return lock != null && lock.getIdentityHashCode() == System.identityHashCode(monitor)
                && lock.getClassName().equals(monitor.getClass().getName());
    }
}
