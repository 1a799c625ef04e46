package dev.suitkaise.cycle.internal;

import dev.suitkaise.cycle.CycleContext;
import dev.suitkaise.function.AnyFunction;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The attempts of parts running in this (child) process, by token, so that a later
 * {@link CancelRemote} can interrupt the thread running one. Thread-safe.
 */
final class ChildParts {

    /** How long the mark of a cancel that came before (or after) its attempt is kept. */
    private static final long STALE_NANOS = TimeUnit.MINUTES.toNanos(5);

    private static final ConcurrentHashMap<String, Slot> SLOTS = new ConcurrentHashMap<>();

    private ChildParts() {
    }

    /** One attempt, with when its entry was made (a cancel may come before the attempt). */
    private static final class Slot extends AttemptThread {
        private final long created = System.nanoTime();

        synchronized boolean staleMark(long now) {
            return !started() && now - created > STALE_NANOS;
        }
    }

    /** Runs an attempt's function on this thread with its context, interruptible through its token. */
    static Object run(String token, CycleContext ctx, AnyFunction<?> function) throws Exception {
        Slot slot = SLOTS.computeIfAbsent(token, k -> new Slot());
        try {
            if (!slot.begin(Thread.currentThread())) {
                throw new CancellationException("part '" + ctx.partName() + "' was stopped before it started");
            }
            ContextHolder.set(ctx);
            try {
                return function.call();
            } finally {
                ContextHolder.clear();
                slot.end();
            }
        } finally {
            SLOTS.remove(token, slot);
        }
    }

    /** Interrupts an attempt, or marks it so that it does not start. */
    static boolean interrupt(String token) {
        long now = System.nanoTime();
        SLOTS.values().removeIf(s -> s.staleMark(now));
        Slot slot = SLOTS.computeIfAbsent(token, k -> new Slot());
        slot.interruptThread();
        return true;
    }
}
