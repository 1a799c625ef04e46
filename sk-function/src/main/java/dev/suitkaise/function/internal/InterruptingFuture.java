package dev.suitkaise.function.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A {@link CompletableFuture} whose {@link #cancel(boolean)} interrupts the thread running its
 * task, so that cancelling stops a body that waits or checks for interruption. Thread-safe.
 *
 * @param <T> the result type
 */
public final class InterruptingFuture<T> extends CompletableFuture<T> {

    /** Starts each task on a new virtual thread. */
    public static final Executor VIRTUAL = task -> Thread.ofVirtual().name("sk-function").start(task);

    private Thread runner;
    private boolean finished;

    private InterruptingFuture() {
    }

    /**
     * Runs a task on an executor.
     *
     * @param task the task
     * @param executor where to run it
     * @param <T> the result type
     * @return the future of its result; cancelling it interrupts the task
     */
    public static <T> InterruptingFuture<T> submit(Callable<? extends T> task, Executor executor) {
        InterruptingFuture<T> future = new InterruptingFuture<>();
        try {
            executor.execute(() -> future.run(task));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(e);
        }
        return future;
    }

    private void run(Callable<? extends T> task) {
        synchronized (this) {
            if (isDone()) {
                return;
            }
            runner = Thread.currentThread();
        }
        try {
            complete(task.call());
        } catch (Throwable t) {
            completeExceptionally(t);
        } finally {
            synchronized (this) {
                runner = null;
                finished = true;
            }
            // A cancel that raced with the end must not leave the interrupt on a pooled thread.
            if (isCancelled()) {
                Thread.interrupted();
            }
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            synchronized (this) {
                if (runner != null && !finished) {
                    runner.interrupt();
                }
            }
        }
        return cancelled;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
