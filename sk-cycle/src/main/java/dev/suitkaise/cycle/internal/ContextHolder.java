package dev.suitkaise.cycle.internal;

import dev.suitkaise.cycle.CycleContext;

/**
 * The context of the part running on each thread.
 */
public final class ContextHolder {

    private static final ThreadLocal<CycleContext> CURRENT = new ThreadLocal<>();

    private ContextHolder() {
    }

    /**
     * Returns the current part's context.
     *
     * @return the context
     * @throws IllegalStateException if this thread runs no part
     */
    public static CycleContext current() {
        CycleContext c = CURRENT.get();
        if (c == null) {
            throw new IllegalStateException("CycleContext.current() was called on thread '"
                    + Thread.currentThread().getName() + "', which is not running a cycle part; call it from a part's"
                    + " function, condition or validator");
        }
        return c;
    }

    static void set(CycleContext c) {
        CURRENT.set(c);
    }

    static void clear() {
        CURRENT.remove();
    }
}
