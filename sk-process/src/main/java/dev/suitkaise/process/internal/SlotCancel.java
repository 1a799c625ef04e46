package dev.suitkaise.process.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A signal that ends a wait for a slot ({@link Authority#acquire(dev.suitkaise.reg.Domain, String, SlotCancel)})
 * without touching the waiting thread's interrupt status: the code that ends the wait (a
 * {@code shutdownAll}, a child's cancel of its slot request, the end of a child) is not the
 * waiting thread's owner, so it must not interrupt it. Once cancelled it stays cancelled; one
 * token serves one wait (or the few waits of one spawn). Thread-safe.
 *
 * <p>A waiter registers a wake-up with {@link #onCancel} before it checks {@link #isCancelled()}
 * and waits, and removes it with {@link Registration#close()} once its wait is over; {@link #cancel}
 * runs the wake-ups registered then, on the cancelling thread, outside this token's monitor.
 */
public final class SlotCancel {

    /** Removes a wake-up registered with {@link #onCancel}. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        /** Removes the wake-up; it will not run from now on (it may be running now). Never blocks. */
        @Override
        void close();
    }

    private boolean cancelled;
    private final List<Runnable> wakers = new ArrayList<>(1);

    /**
     * Cancels the waits on this token: sets it cancelled and runs every registered wake-up once,
     * on this thread. Later calls do nothing. Blocks while a wake-up does (a waiter's wake-up
     * takes the monitor the waiter waits on); never interrupts any thread.
     */
    public void cancel() {
        List<Runnable> wake;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            wake = List.copyOf(wakers);
            wakers.clear();
        }
        wake.forEach(Runnable::run);
    }

    /**
     * Whether {@link #cancel} was called. Never blocks.
     *
     * @return true once cancelled
     */
    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /**
     * Registers a wake-up for a waiter: {@link #cancel} runs it, once, on the cancelling thread;
     * if this token is cancelled already, it is not run (the waiter checks {@link #isCancelled()}
     * after registering, before it waits). It must not block for long, nor throw.
     *
     * @param wake what ends the waiter's wait (typically a {@code notifyAll} on the monitor it waits on)
     * @return the registration, to close when the wait is over
     */
    public synchronized Registration onCancel(Runnable wake) {
        Objects.requireNonNull(wake, "wake");
        if (cancelled) {
            return () -> { };
        }
        wakers.add(wake);
        return () -> {
            synchronized (SlotCancel.this) {
                wakers.remove(wake);
            }
        };
    }
}
