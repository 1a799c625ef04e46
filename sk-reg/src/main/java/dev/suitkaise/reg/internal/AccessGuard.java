package dev.suitkaise.reg.internal;

import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.SKAccessException;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.reg.SKReg;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Finds the calling class and decides whether it may open a restricted domain.
 *
 * <p>Verdicts are cached per class in a {@link ClassValue}, tagged with the generation of the
 * roots they were computed for; changing the roots bumps the generation, so stale verdicts are
 * recomputed on their next use. Thread-safe and lock-free on the warm path.
 */
public final class AccessGuard {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** Generation of the roots; starts at 1 so that a zero slot means "not computed". */
    private static volatile long generation = 1;

    private static final ClassValue<AtomicLongArray> VERDICTS = new ClassValue<>() {
        @Override
        protected AtomicLongArray computeValue(Class<?> type) {
            return new AtomicLongArray(Domain.values().length);
        }
    };

    private AccessGuard() {
    }

    /** Invalidates every cached verdict; called with the roots lock held. */
    public static void rootsChanged() {
        generation = generation + 1;
    }

    /**
     * Whether code of {@code type} lies under the roots of {@code domain} (always true for GLOBAL).
     *
     * @param domain the domain
     * @param type the class
     * @return the cached or freshly computed verdict
     */
    public static boolean allowed(Domain domain, Class<?> type) {
        if (!domain.isRestricted()) {
            return true;
        }
        long gen = generation;
        AtomicLongArray slots = VERDICTS.get(type);
        long cached = slots.get(domain.ordinal());
        if ((cached >>> 1) == gen) {
            return (cached & 1) == 1;
        }
        boolean verdict = compute(domain, type);
        slots.set(domain.ordinal(), (gen << 1) | (verdict ? 1 : 0));
        return verdict;
    }

    private static boolean compute(Domain domain, Class<?> type) {
        for (CodeRoot root : DomainRoots.of(domain)) {
            if (root.contains(type)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The class that called into the registry machinery, as seen by a check of
     * {@link Domain#INTERNAL}; see {@link #caller(Domain)}.
     *
     * @return the calling class, or null if the whole stack is registry machinery
     */
    public static Class<?> caller() {
        return caller(Domain.INTERNAL);
    }

    /**
     * The class that called into the registry machinery for a check of {@code domain}: the first
     * frame whose class is not part of it. The machinery is this package, {@link SKReg},
     * {@link SKGlobal}, {@link DomainRoots}, and the subclasses of {@code SKReg} that lie under the
     * INTERNAL roots or under the roots of {@code domain} (so that the class calling a registry's
     * static factory is the one checked). A subclass of {@code SKReg} from anywhere else is a
     * caller like any other class: extending {@code SKReg} must not let code borrow the access of
     * whoever calls it.
     *
     * @param domain the domain being checked
     * @return the calling class, or null if the whole stack is registry machinery
     */
    public static Class<?> caller(Domain domain) {
        return WALKER.walk(frames -> frames
                .map(StackWalker.StackFrame::getDeclaringClass)
                .filter(c -> !isMachinery(c, domain))
                .findFirst()
                .orElse(null));
    }

    private static boolean isMachinery(Class<?> c, Domain domain) {
        if (c == SKReg.class || c == SKGlobal.class || c == DomainRoots.class
                || c.getPackageName().equals(AccessGuard.class.getPackageName()) && c.getModule() == AccessGuard.class.getModule()) {
            return true;
        }
        return SKReg.class.isAssignableFrom(c) && (allowed(Domain.INTERNAL, c) || allowed(domain, c));
    }

    /**
     * Checks that the calling class may open {@code domain}.
     *
     * @param domain the domain being opened
     * @param what a short description of the attempted action, for the message
     * @throws SKAccessException if the caller lies outside the domain's roots
     */
    public static void checkCaller(Domain domain, String what) {
        checkCaller(domain, "%2$s", what);
    }

    /**
     * Checks that the calling class may open {@code domain}, building the message only on refusal
     * (the warm path allocates nothing beyond the stack walk).
     *
     * @param domain the domain being opened
     * @param whatFormat a {@link String#format} pattern describing the attempted action;
     *     {@code %1$s} is the domain and {@code %2$s} the subject
     * @param subject the registry or global the action is about
     * @throws SKAccessException if the caller lies outside the domain's roots
     */
    public static void checkCaller(Domain domain, String whatFormat, Object subject) {
        if (!domain.isRestricted()) {
            return;
        }
        Class<?> caller = caller(domain);
        if (caller == null || !allowed(domain, caller)) {
            throw denied(domain, caller, String.format(java.util.Locale.ROOT, whatFormat, domain, subject));
        }
    }

    private static SKAccessException denied(Domain domain, Class<?> caller, String what) {
        List<CodeRoot> roots = DomainRoots.of(domain);
        String callerName = caller == null ? "<unknown>" : caller.getName();
        String from;
        if (caller == null) {
            from = "an unknown place";
        } else if (caller.getModule().isNamed()) {
            from = "module " + caller.getModule().getName();
        } else {
            from = CodeRoot.codeSourceOf(caller).map(p -> p.toString()).orElse("no code source");
        }
        String message = "Class " + callerName + " (loaded from " + from + ") may not " + what
                + ": it lies outside the " + domain + " roots " + roots + ". If it should have access, add its"
                + " location or module to the domain (DomainRoots.add from INTERNAL code, or -Dsuitkaise.domain."
                + domain.name().toLowerCase(java.util.Locale.ROOT) + "=...).";
        return new SKAccessException(message, callerName, domain, roots);
    }
}
