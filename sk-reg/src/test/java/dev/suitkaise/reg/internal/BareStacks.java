package dev.suitkaise.reg.internal;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.Principals;
import dev.suitkaise.reg.SKGlobal;

import java.util.concurrent.Callable;

/**
 * Stacks on which the access checks cannot find the code they answer for, as with a thread attached
 * through JNI that calls in directly. This class lies in sk-reg's own internal package, so its
 * frames count as registry machinery: the checks skip them, as they skip the registries' own.
 */
public final class BareStacks {

    private BareStacks() {
    }

    /**
     * A thread none of whose frames is a caller: its {@code run} is machinery and calls
     * {@link SKGlobal#map} itself. What it opened or what it threw is kept.
     */
    public static final class OpeningThread extends Thread {
        private final Domain domain;
        private volatile Object outcome;

        /**
         * Creates the thread.
         *
         * @param domain the domain of the global map it opens
         */
        public OpeningThread(Domain domain) {
            super("bare-stack-opener");
            this.domain = domain;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                outcome = SKGlobal.map(domain, "bare-stack");
            } catch (RuntimeException e) {
                outcome = e;
            }
        }

        /**
         * What {@code run} got.
         *
         * @return the map it opened or the exception it caught; null before it ran
         */
        public Object outcome() {
            return outcome;
        }
    }

    /**
     * Runs an action with {@code principals} bound on this thread as {@code SKAccess.restrictTo} binds
     * them, but with no {@code SKAccess} frame marking the binding, so the checks cannot find whom
     * the binding is for.
     *
     * @param principals the principals to bind, not empty
     * @param action the action
     * @param <T> the result type
     * @return the action's result
     * @throws Exception what the action throws
     */
    public static <T> T boundWithoutItsFrame(Principals principals, Callable<T> action) throws Exception {
        AccessGuard.push(principals);
        try {
            return action.call();
        } finally {
            AccessGuard.pop();
        }
    }
}
