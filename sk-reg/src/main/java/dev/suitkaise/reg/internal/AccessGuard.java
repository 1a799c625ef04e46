package dev.suitkaise.reg.internal;

import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.Principals;
import dev.suitkaise.reg.SKAccess;
import dev.suitkaise.reg.SKAccessException;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.reg.SKReg;
import dev.suitkaise.reg.SKRegException;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds the calling class and decides whether it may open a restricted domain.
 *
 * <p><b>The caller</b> is the first frame, from the top of the stack, whose class is not registry
 * machinery: this package, {@link SKReg}, {@link SKGlobal}, {@link DomainRoots}, {@link SKAccess},
 * and the subclasses of {@code SKReg} that lie under the INTERNAL roots or under the roots of the
 * domain checked (so that the class calling a registry's static factory is the one checked; a
 * subclass of {@code SKReg} from anywhere else is a caller like any other class, so that extending
 * {@code SKReg} does not let code borrow the access of whoever calls it). The walk shows hidden frames: frames of the JDK's
 * reflection and method-handle machinery ({@code java.lang.invoke}, {@code java.lang.reflect},
 * {@code jdk.internal.reflect} in {@code java.base}) are skipped, and a frame of a hidden class
 * (a lambda or method-reference proxy) counts as its nest host, the class that wrote the lambda.
 * A method reference such as {@code SKGlobal::storage} handed to a Suitkaise thread or function
 * is therefore attributed to the code that wrote it, not to the Suitkaise code that calls it.
 *
 * <p><b>Restrictions</b> ({@link SKAccess#restrictTo}) are kept per thread. Each binding is found
 * on the stack by its {@value #BINDING_FRAME} frame; the first frame below it is the binding's
 * invoker. A check applies a binding when the caller belongs to the nest of that binding's invoker
 * (the invoker called registry machinery directly, on behalf of the bound principals); it then
 * requires the principals too. Nothing bound costs one thread-local read.
 *
 * <p>Verdicts are cached per class in a {@link ClassValue}, tagged with the generation of the
 * roots they were computed for; changing the roots bumps the generation, so stale verdicts are
 * recomputed on their next use. Thread-safe and lock-free on the warm path.
 */
public final class AccessGuard {

    /** The name of the {@link SKAccess} method that runs a bound action; its frame marks a binding. */
    public static final String BINDING_FRAME = "callBound";

    private static final StackWalker WALKER = StackWalker.getInstance(
            Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_HIDDEN_FRAMES));
    private static final Module JAVA_BASE = Object.class.getModule();
    private static final Set<String> INVOCATION_PACKAGES = Set.of("java.lang.invoke", "java.lang.reflect",
            "jdk.internal.reflect");

    /** The restrictions bound on each thread; null or empty when none is. */
    private static final ThreadLocal<Bindings> BINDINGS = new ThreadLocal<>();

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
     * The generation of the roots: a number that changes whenever the roots of any domain change.
     *
     * @return the generation
     */
    public static long generation() {
        return generation;
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

    // ---------------------------------------------------------------- restrictions

    /**
     * Binds principals on the calling thread; {@link SKAccess#restrictTo} pairs it with {@link #pop()}.
     *
     * @param principals the principals, not empty
     */
    public static void push(Principals principals) {
        Bindings b = BINDINGS.get();
        if (b == null) {
            b = new Bindings();
            BINDINGS.set(b);
        }
        b.push(principals);
    }

    /** Unbinds the innermost principals of the calling thread. */
    public static void pop() {
        BINDINGS.get().pop();
    }

    /**
     * The union of the principals bound on the calling thread.
     *
     * @return the union, {@link Principals#NONE} when none is bound
     */
    public static Principals bound() {
        Bindings b = BINDINGS.get();
        Principals all = Principals.NONE;
        if (b != null) {
            for (int i = 0; i < b.depth; i++) {
                all = all.and(b.stack[i]);
            }
        }
        return all;
    }

    /** A thread's stack of bound principals. Confined to its thread. */
    private static final class Bindings {
        Principals[] stack = new Principals[4];
        int depth;

        void push(Principals p) {
            if (depth == stack.length) {
                stack = java.util.Arrays.copyOf(stack, depth * 2);
            }
            stack[depth++] = p;
        }

        void pop() {
            stack[--depth] = null;
        }

        /** The binding {@code fromInnermost} levels out from the innermost one. */
        Principals outward(int fromInnermost) {
            return stack[depth - 1 - fromInnermost];
        }
    }

    // ---------------------------------------------------------------- finding the caller

    /**
     * The class a frame counts as: its nest host for a hidden class, null for the JDK's
     * reflection and method-handle frames, else the class itself (public for
     * {@link SKAccess#codeOf}).
     *
     * @param declaring a frame's declaring class
     * @return the class it counts as, or null
     */
    public static Class<?> attribute(Class<?> declaring) {
        if (declaring.getModule() == JAVA_BASE && INVOCATION_PACKAGES.contains(declaring.getPackageName())) {
            return null;
        }
        return declaring.isHidden() ? declaring.getNestHost() : declaring;
    }

    private static boolean isMachinery(Class<?> c, Domain domain) {
        if (c == SKReg.class || c == SKGlobal.class || c == DomainRoots.class || c == SKAccess.class
                || c.getPackageName().equals(AccessGuard.class.getPackageName()) && c.getModule() == AccessGuard.class.getModule()) {
            return true;
        }
        return SKReg.class.isAssignableFrom(c) && (allowed(Domain.INTERNAL, c) || allowed(domain, c));
    }

    /**
     * One walk down the stack: the caller, the gate (for gate checks) and the invokers of the
     * innermost {@code bindings} restrictions.
     */
    private static final Class<?>[] NO_CLASSES = new Class<?>[0];

    private static final class Scan implements Function<Stream<StackWalker.StackFrame>, Scan> {
        private final Domain domain;
        private final boolean gateCheck;
        private final Class<?>[] invokers;
        private int invokersFound;
        private Class<?> gate;
        private Class<?> caller;

        Scan(Domain domain, boolean gateCheck, int bindings) {
            this.domain = domain;
            this.gateCheck = gateCheck;
            this.invokers = bindings == 0 ? NO_CLASSES : new Class<?>[bindings];
        }

        @Override
        public Scan apply(Stream<StackWalker.StackFrame> frames) {
            int awaitingInvoker = 0;
            for (Iterator<StackWalker.StackFrame> it = frames.iterator(); it.hasNext(); ) {
                StackWalker.StackFrame frame = it.next();
                Class<?> declaring = frame.getDeclaringClass();
                if (declaring == SKAccess.class) {
                    if (invokers.length > 0 && BINDING_FRAME.equals(frame.getMethodName())) {
                        awaitingInvoker++;
                    }
                    continue;
                }
                Class<?> c = attribute(declaring);
                if (c == null) {
                    continue;
                }
                while (awaitingInvoker > 0 && invokersFound < invokers.length) {
                    invokers[invokersFound++] = c;
                    awaitingInvoker--;
                }
                awaitingInvoker = 0;
                if (caller == null && !isMachinery(c, domain)) {
                    if (gateCheck && gate == null) {
                        gate = c.getNestHost();
                    } else if (!gateCheck || c.getNestHost() != gate) {
                        caller = c;
                    }
                }
                if (caller != null && invokersFound == invokers.length) {
                    break;
                }
            }
            return this;
        }

        /**
         * The first bound principals that apply to the caller and refuse the domain, or null.
         * A binding whose invoker was not found on the stack applies, to be safe.
         */
        Principals refusingPrincipals(Bindings bindings) {
            for (int i = 0; i < invokers.length; i++) {
                Class<?> invoker = invokers[i];
                boolean applies = i >= invokersFound || invoker.getNestHost() == caller.getNestHost();
                Principals p = bindings.outward(i);
                if (applies && !p.mayOpen(domain)) {
                    return p;
                }
            }
            return null;
        }
    }

    // ---------------------------------------------------------------- checks

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
     * Checks that the calling class may open {@code domain}, building the message only on refusal.
     *
     * @param domain the domain being opened
     * @param whatFormat a {@link String#format} pattern describing the attempted action;
     *     {@code %1$s} is the domain and {@code %2$s} the subject
     * @param subject the registry or global the action is about
     * @throws SKAccessException if the caller, or a principal it acts for, lies outside the domain's roots
     */
    public static void checkCaller(Domain domain, String whatFormat, Object subject) {
        if (!domain.isRestricted()) {
            return;
        }
        Refusal r = decide(domain, false);
        if (r != null) {
            throw denied(domain, r.caller(), r.refusing(), String.format(Locale.ROOT, whatFormat, domain, subject));
        }
    }

    /**
     * The restricted domains the calling class may open now, plus GLOBAL. A domain that no code
     * may use, because its start-up property cannot be parsed (see {@link DomainRoots}), is left
     * out.
     *
     * @return the domains
     */
    public static Set<Domain> permittedDomains() {
        Set<Domain> open = EnumSet.noneOf(Domain.class);
        for (Domain d : Domain.values()) {
            if (permitsUsable(d, false)) {
                open.add(d);
            }
        }
        return open;
    }

    /**
     * Whether the check passes; false, instead of the exception, for a domain that cannot be used
     * because its start-up property cannot be parsed.
     */
    private static boolean permitsUsable(Domain domain, boolean gate) {
        try {
            return !domain.isRestricted() || decide(domain, gate) == null;
        } catch (SKRegException e) {
            return false;
        }
    }

    /**
     * For {@link SKAccess#callerMayOpen}: whether the code that called the gate (the class that
     * called {@code SKAccess}) may open {@code domain}.
     *
     * @param domain the domain
     * @return true if it may
     */
    public static boolean gateAllows(Domain domain) {
        return permitsUsable(domain, true);
    }

    /**
     * For {@link SKAccess#checkCaller}: throws unless the code that called the gate may open {@code domain}.
     *
     * @param domain the domain
     * @param what the attempted action, for the message
     * @throws SKAccessException if it may not
     */
    public static void checkGate(Domain domain, String what) {
        if (!domain.isRestricted()) {
            return;
        }
        Refusal r = decide(domain, true);
        if (r != null) {
            throw denied(domain, r.caller(), r.refusing(), what);
        }
    }

    /** Why a check of a restricted domain fails: the caller found, and what refuses (see {@link #refusal}). */
    private record Refusal(Class<?> caller, Principals refusing) {
    }

    /**
     * The one decision behind every check of a restricted domain: null if the calling code (the
     * code that called the gate, for {@code gate}) may open it, with the restrictions bound on this
     * thread; else why not. One stack walk.
     */
    private static Refusal decide(Domain domain, boolean gate) {
        Bindings b = BINDINGS.get();
        Scan scan = WALKER.walk(new Scan(domain, gate, b == null ? 0 : b.depth));
        Principals refusing = refusal(domain, scan, b);
        return refusing == null ? null : new Refusal(scan.caller, refusing);
    }

    /** Marks a refusal of the caller itself among the results of {@link #refusal}. */
    private static final Principals CALLER_REFUSED = Principals.unidentified("<the caller>");

    /** Null if the check passes; else {@link #CALLER_REFUSED} or the principals that refuse. */
    private static Principals refusal(Domain domain, Scan scan, Bindings b) {
        if (scan.caller == null || !allowed(domain, scan.caller)) {
            return CALLER_REFUSED;
        }
        return scan.invokers.length == 0 ? null : scan.refusingPrincipals(b);
    }

    private static SKAccessException denied(Domain domain, Class<?> caller, Principals refusing, String what) {
        List<CodeRoot> roots = DomainRoots.of(domain);
        String callerName = caller == null ? "<unknown>" : caller.getName();
        if (refusing == CALLER_REFUSED) {
            String howTo = howTo(domain, caller);
            String message = "Class " + callerName + " (loaded from " + from(caller) + ") may not " + what
                    + ": it lies outside the " + domain + " roots " + roots + "." + howTo;
            return new SKAccessException(message, callerName, domain, roots);
        }
        List<String> outside = new ArrayList<>(refusing.unidentified());
        for (Class<?> c : refusing.classes()) {
            if (!allowed(domain, c)) {
                outside.add(c.getName() + " (loaded from " + from(c) + ")");
            }
        }
        Class<?> firstOutside = refusing.classes().stream().filter(c -> !allowed(domain, c)).findFirst().orElse(null);
        String refused = refusing.unidentified().isEmpty() ? firstOutside == null ? callerName : firstOutside.getName()
                : refusing.unidentified().get(0);
        String howTo = howTo(domain, firstOutside);
        String message = "Class " + callerName + " (loaded from " + from(caller) + ") may not " + what + " on behalf of "
                + outside + ": it runs a function or callback that they chose, and they lie outside the " + domain
                + " roots " + roots + (refusing.unidentified().isEmpty() ? "" : " or could not be identified in this process")
                + "." + howTo;
        return new SKAccessException(message, refused, domain, roots);
    }

    /**
     * What to do about a refused class: the system property, with the class's own root as its
     * value ({@code module:NAME} for a named module, else its class directory or jar), and the
     * calls that add it at run time. sk-root's {@code SKRoot.registerDomainRoots()} is named, not
     * linked: sk-reg does not depend on it.
     *
     * @param domain the refusing domain
     * @param type the refused class, or null when it is not known
     * @return the advice, starting with a space
     */
    private static String howTo(Domain domain, Class<?> type) {
        String root = type == null ? null : type.getModule().isNamed() ? CodeRoot.module(type.getModule().getName()).toString()
                : CodeRoot.codeSourceOf(type).map(Object::toString).orElse(null);
        String property = "-Dsuitkaise.domain." + domain.name().toLowerCase(Locale.ROOT) + "=";
        StringBuilder b = new StringBuilder(" If it should have access, add ");
        if (root == null) {
            b.append("its location or module to the domain: ").append(property).append("module:NAME or the path of its class"
                    + " directory or jar, or DomainRoots.add(Domain.").append(domain).append(", ...) from INTERNAL code");
        } else {
            b.append("its ").append(root.startsWith("module:") ? "module" : "location").append(" to the domain: ").append(property)
                    .append(root).append(" (comma-separated with any entries already there), or DomainRoots.add(Domain.")
                    .append(domain).append(", CodeRoot.parse(\"").append(root).append("\")) from INTERNAL code");
        }
        if (domain == Domain.EXTERNAL) {
            b.append(", or SKRoot.current().registerDomainRoots() of sk-root for the class directories and jars of your project");
        }
        return b.append('.').toString();
    }

    private static String from(Class<?> type) {
        if (type == null) {
            return "an unknown place";
        }
        if (type.getModule().isNamed()) {
            return "module " + type.getModule().getName();
        }
        return CodeRoot.codeSourceOf(type).map(p -> p.toString()).orElse("no code source");
    }
}
