package dev.suitkaise.thread;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Bounded waits for tests: every wait has a generous bound and fails the test when it is reached. */
public final class Waits {

    /** The bound of every wait; far above what any wait needs on a loaded 2-core machine. */
    static final Duration BOUND = Duration.ofSeconds(20);

    private Waits() {
    }

    /** Waits for the latch, failing the test after the bound. */
    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(BOUND.toMillis(), TimeUnit.MILLISECONDS)).as("latch released within bound").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    /** Waits on a latch inside a body, ignoring interrupts, until it is released. */
    public static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the condition holds, polling with short parks, failing after the bound. */
    public static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + BOUND + ": " + what);
            }
            LockSupport.parkNanos(200_000); // a short poll of a condition, not a timed wait
        }
    }

    /** Joins, failing the test if the thread does not end within the bound. */
    static void join(SKThread<?> t) {
        try {
            assertThat(t.join(BOUND)).as("thread %s ended within bound", t.name()).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while joining", e);
        }
    }

    /** Joins a worker, failing the test if it does not end within the bound. */
    static void join(SKWorker w) {
        try {
            assertThat(w.join(BOUND)).as("worker %s ended within bound", w.name()).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while joining", e);
        }
    }

    /** Joins a plain Java thread, failing the test if it does not end within the bound. */
    static void join(Thread t) {
        try {
            assertThat(t.join(BOUND)).as("thread %s ended within bound", t.getName()).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while joining", e);
        }
    }

    /** A threader for one test, to be closed after it. */
    static SKThreader threader(String name) {
        return SKThreader.builder().name(name).shutdownGrace(Duration.ofSeconds(5)).build();
    }

    /** Shuts the threader down and checks that nothing was left running. */
    static void closeAndCheck(SKThreader threader) {
        StopReport report = threader.shutdown(Duration.ofSeconds(5));
        assertThat(report.notFinished()).as("threads left running by the test").isEmpty();
        threader.close();
    }
}
