package dev.suitkaise.process.internal;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The bounded waits of stopping and shutting down, which an interrupt must not cut short. */
public final class Waits {

    private Waits() {
    }

    /**
     * Waits at most {@code nanos} for a future to complete, normally or not. An interrupt does not
     * cut the wait short (shutdown always completes): the thread's interrupt status is set again
     * when this returns.
     *
     * @param future the future
     * @param nanos the longest wait, in nanoseconds
     * @return true if the future completed, false if the time ran out first
     */
    public static boolean awaitUninterruptibly(Future<?> future, long nanos) {
        long deadline = System.nanoTime() + Math.max(0, nanos);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return true;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    return true;
                } catch (TimeoutException e) {
                    return false;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
