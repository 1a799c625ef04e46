package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.AccessGuard;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Access checks for code that acts on behalf of other code: libraries that run a callback,
 * function or method that someone else chose, and libraries with gates of their own.
 *
 * <p><b>Who the caller is.</b> A registry or global of a restricted domain checks the first class on
 * the stack that is not registry machinery. Frames of the JDK's reflection and method-handle
 * machinery are skipped, and a lambda or method reference counts as the class that wrote it
 * (the proxy class's nest host), so handing {@code SKGlobal::storage} to a thread pool or an
 * {@code SKFunction} does not turn that code into the caller.
 *
 * <p><b>Restrictions.</b> A library that calls a member chosen by someone else (a {@code Method},
 * a {@code MethodHandle}) would itself be the first class on the stack when that member is
 * registry machinery, and it would lend its own access to whoever chose the member.
 * {@link #restrictTo(Principals, Callable)} prevents that: while the action runs on this thread, a
 * check whose caller is the class that called {@code restrictTo} (or a class of its nest) also
 * requires every bound principal to be allowed. A restriction can only make checks fail, never
 * pass, so any code may use it. Checks whose caller is other code (the chosen member's own class,
 * or a library's own bookkeeping underneath it) are not affected: they are decided by that code's
 * own access, as if it had been called directly.
 *
 * <p><b>Gates.</b> {@link #callerMayOpen(Domain)} and {@link #checkCaller(Domain, String)} answer for
 * the code that called the calling class, with the same rules, for libraries whose own operations
 * are restricted.
 *
 * <p>All methods are thread-safe. With no restriction bound, a check costs one thread-local read
 * beyond its stack walk.
 */
public final class SKAccess {

    private SKAccess() {
    }

    /**
     * Runs an action in the calling thread while checks that rest on the calling class also
     * require every one of {@code principals} to be allowed. Restrictions nest; they do not follow
     * the action to other threads (bind them again there).
     *
     * @param principals the code the action runs for; {@link Principals#NONE} restricts nothing
     * @param action the action
     * @param <T> the result type
     * @return the action's result
     * @throws Exception what the action throws, unchanged
     */
    public static <T> T restrictTo(Principals principals, Callable<T> action) throws Exception {
        Objects.requireNonNull(principals, "principals");
        Objects.requireNonNull(action, "action");
        if (principals.isEmpty()) {
            return action.call();
        }
        AccessGuard.push(principals);
        try {
            return callBound(action);
        } finally {
            AccessGuard.pop();
        }
    }

    /**
     * Calls a bound action. The access checks find the binding on the stack by this method's frame
     * ({@link AccessGuard#BINDING_FRAME}): the frame below it is the class the restriction applies to.
     */
    private static <T> T callBound(Callable<T> action) throws Exception {
        return action.call();
    }

    /**
     * The class whose code a stack frame runs, by the rule the access checks use: a hidden class
     * (a lambda or method-reference proxy) counts as its nest host, the class that wrote it; the
     * JDK's reflection and method-handle frames count as no class (null), since they only pass a
     * call on. For libraries that look for their own callers with a {@link StackWalker} that shows
     * hidden frames.
     *
     * @param frameClass the declaring class of a stack frame
     * @return the class that frame counts as, or null for the JDK's invocation machinery
     */
    public static Class<?> codeOf(Class<?> frameClass) {
        return AccessGuard.attribute(Objects.requireNonNull(frameClass, "frameClass"));
    }

    /**
     * Every principal bound on this thread now, innermost last: what an object created here on
     * behalf of others should keep acting for.
     *
     * @return the union of the bound principals, {@link Principals#NONE} when none is bound
     */
    public static Principals restrictions() {
        return AccessGuard.bound();
    }

    /**
     * Whether the code that called the calling class may open a domain: the calling class (the
     * gate) and registry machinery are skipped, and the first other class on the stack, together
     * with any restriction that applies to it, decides.
     *
     * @param domain the domain
     * @return true if that code may open the domain (always for {@link Domain#GLOBAL})
     */
    public static boolean callerMayOpen(Domain domain) {
        Objects.requireNonNull(domain, "domain");
        return AccessGuard.gateAllows(domain);
    }

    /**
     * Checks that the code that called the calling class may open a domain (see
     * {@link #callerMayOpen(Domain)}).
     *
     * @param domain the domain
     * @param what what that code tried to do, for the message (e.g. {@code "register INTERNAL roots"})
     * @throws SKAccessException naming the refused class, where it was loaded from, the domain and its roots
     */
    public static void checkCaller(Domain domain, String what) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(what, "what");
        AccessGuard.checkGate(domain, what);
    }
}
