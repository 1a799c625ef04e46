package dev.suitkaise.process.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The future of a task sent to a child: a {@link CompletableFuture} that tells its owner when the
 * caller cancels it, and whether the caller allowed interrupting the task. Dependent futures are
 * plain {@code CompletableFuture}s. Thread-safe.
 *
 * <p>A thread that waits for the result ({@code get}, {@code join}) first watches the future for
 * the spin window ({@link Spinners#SPIN_PROPERTY}; none if polling is off), yielding its
 * processor meanwhile, and only then parks: a child's answer to a short task usually comes within
 * the window, and the waiting thread then takes it without the tens of microseconds that waking a
 * parked thread costs. An interrupt ends the watching at once. Watching takes one of the JVM's
 * polling slots (one per processor, shared with the channels' readers); with none free, the
 * waiter parks at once.
 *
 * @param <T> the result type
 */
public final class TaskFuture<T> extends CompletableFuture<T> {

    /** Told once, after the future was cancelled by its caller. */
    @FunctionalInterface
    public interface OnCancel {
        /**
         * Reacts to the cancellation.
         *
         * @param mayInterrupt the flag the caller passed to {@link #cancel(boolean)}
         */
        void cancelled(boolean mayInterrupt);
    }

    private volatile OnCancel onCancel;
    private volatile boolean interruptAllowed = true;
    private final AtomicBoolean told = new AtomicBoolean();

    /** Creates an incomplete future; set its reaction with {@link #onCancel(OnCancel)}. */
    public TaskFuture() {
    }

    /**
     * Sets what happens when the caller cancels; if it was cancelled already, that happens at once.
     *
     * @param reaction the reaction
     */
    public void onCancel(OnCancel reaction) {
        this.onCancel = reaction;
        if (isCancelled() && told.compareAndSet(false, true)) {
            reaction.cancelled(interruptAllowed);
        }
    }

    /**
     * Whether the caller allowed interrupting the task when cancelling it.
     *
     * @return the flag of the cancelling call, or true if it was not cancelled through {@link #cancel(boolean)}
     */
    public boolean interruptAllowed() {
        return interruptAllowed;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        interruptAllowed = mayInterruptIfRunning;
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        OnCancel reaction = onCancel;
        if (cancelled && reaction != null && told.compareAndSet(false, true)) {
            reaction.cancelled(mayInterruptIfRunning);
        }
        return cancelled;
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        Spinners.watch(this::isDone);
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        long budget = unit.toNanos(timeout);
        long watched = Spinners.watch(budget, this::isDone);
        return super.get(Math.max(0, budget - watched), TimeUnit.NANOSECONDS);
    }

    @Override
    public T join() {
        Spinners.watch(this::isDone);
        return super.join();
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
