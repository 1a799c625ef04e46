package dev.suitkaise.function.internal;

import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.Principals;
import dev.suitkaise.reg.SKAccess;
import dev.suitkaise.reg.SKReg;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who a function acts for. A function whose target is a method or constructor is called by this
 * module's own code, so a target that is registry machinery (or a JDK method that calls members
 * reflectively) would see this module as its caller and borrow its INTERNAL access. Each such
 * function therefore records the principals it acts for, and its calls are restricted to them with
 * {@link SKAccess#restrictTo} (see {@link #restriction(Principals, Class)} for when).
 *
 * <ul>
 *   <li>A function built here acts for the class that started its builder (the first class on the
 *       stack outside this module and {@link SKAccess}, a lambda or method-reference proxy counting
 *       as the class that wrote it) and for every principal bound on the thread at that moment.</li>
 *   <li>A function read from a stream acts for the principals it names (a name that does not load
 *       here is an unidentified principal, which is refused every restricted domain) and for the
 *       code that read it: the first class on the stack that is neither the JDK's, nor this
 *       module's, nor INTERNAL code, nor one of the serialization libraries sk-cereal drives (Kryo
 *       and its helpers, which read for the code that called sk-cereal). A function cannot shed a
 *       restriction by travelling.</li>
 * </ul>
 *
 * <p>Stateless and thread-safe; each look at the stack is one walk.
 */
public final class Creators {

    private static final StackWalker WALKER = StackWalker.getInstance(
            Set.of(StackWalker.Option.RETAIN_CLASS_REFERENCE, StackWalker.Option.SHOW_HIDDEN_FRAMES));
    private static final Module OWN_MODULE = Creators.class.getModule();
    private static final Optional<java.nio.file.Path> OWN_LOCATION = CodeRoot.codeSourceOf(Creators.class);

    private static final ClassValue<Boolean> OWN = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            if (type.getModule() != OWN_MODULE) {
                return false;
            }
            return OWN_MODULE.isNamed() || OWN_LOCATION.isPresent() && OWN_LOCATION.equals(CodeRoot.codeSourceOf(type));
        }
    };

    /**
     * A class of each serialization library sk-cereal drives (Kryo, Objenesis, ReflectASM, MinLog).
     * Their frames read a function for the code that called sk-cereal, so they are skipped when the
     * reader is looked for, as sk-cereal's own INTERNAL frames are.
     */
    private static final List<String> CODEC_LIBRARY_ANCHORS = List.of("com.esotericsoftware.kryo.Kryo",
            "org.objenesis.Objenesis", "com.esotericsoftware.reflectasm.MethodAccess", "com.esotericsoftware.minlog.Log");

    /**
     * Whether a class belongs to one of those libraries: same module as its anchor class on the
     * module path, or the same jar on the class path. A class that only borrows a library's package
     * name from another jar does not.
     */
    private static final ClassValue<Boolean> CODEC_LIBRARY = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (String anchorName : CODEC_LIBRARY_ANCHORS) {
                String prefix = anchorName.substring(0, anchorName.indexOf('.', anchorName.indexOf('.') + 1) + 1);
                if (!type.getName().startsWith(prefix)) {
                    continue;
                }
                Class<?> anchor;
                try {
                    anchor = Class.forName(anchorName, false, type.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (type.getModule().isNamed()) {
                    if (type.getModule() == anchor.getModule()) {
                        return true;
                    }
                } else if (anchor.getClassLoader() == type.getClassLoader()) {
                    Optional<java.nio.file.Path> where = CodeRoot.codeSourceOf(type);
                    if (where.isPresent() && where.equals(CodeRoot.codeSourceOf(anchor))) {
                        return true;
                    }
                }
            }
            return false;
        }
    };

    private Creators() {
    }

    /**
     * The principals of a function being built now: its creator and the restrictions bound on this thread.
     *
     * @return the principals; an unidentified one if no class outside this module is on the stack
     */
    public static Principals ofCaller() {
        Class<?> creator = firstOnStack(c -> !isOwn(c) && c != SKAccess.class);
        Principals own = creator == null ? Principals.unidentified("<no caller outside " + OWN_MODULE + ">")
                : Principals.of(creator);
        return own.and(SKAccess.restrictions());
    }

    /**
     * The principals of a function read from a stream: the names it carries, resolved here, and the
     * code reading it (if that is neither the JDK, nor this module, nor INTERNAL code, nor a
     * serialization library that sk-cereal drives).
     *
     * @param names the carried names
     * @return the principals
     */
    public static Principals ofArrival(List<String> names) {
        List<Class<?>> classes = new ArrayList<>();
        List<String> unidentified = new ArrayList<>();
        for (String name : names) {
            Class<?> c = load(Objects.requireNonNull(name, "principal name"));
            if (c == null) {
                unidentified.add(name);
            } else {
                classes.add(c);
            }
        }
        Class<?> reader = firstOnStack(c -> !isPlatform(c) && !isOwn(c) && !CODEC_LIBRARY.get(c)
                && !DomainRoots.contains(Domain.INTERNAL, c));
        if (reader != null) {
            classes.add(reader);
        }
        return new Principals(classes, unidentified).and(SKAccess.restrictions());
    }

    /**
     * The principals calls of a target declared by {@code type} must be restricted to, or null for
     * none: null when {@link #restricts(Class)} says the target needs no restriction, and null when
     * every principal lies under the INTERNAL roots now (such a function is a capability of INTERNAL
     * code, like a registry it opened, and its calls cost nothing extra).
     *
     * @param actingFor the function's principals
     * @param type the target's declaring class
     * @return the principals to bind on every call, or null
     */
    public static Principals restriction(Principals actingFor, Class<?> type) {
        if (actingFor.isEmpty() || !restricts(type) || actingFor.mayOpen(Domain.INTERNAL)) {
            return null;
        }
        return actingFor;
    }

    /**
     * Whether calls of a target declared by {@code type} need the function's principals bound: when
     * the frames of the call would not show code of the target's own (registry machinery, which
     * checks its caller) or would show this module's code as the caller. That is the case for
     * INTERNAL classes, registries ({@link SKReg} subclasses) and the JDK's own classes (whose
     * reflection and method-handle frames are skipped). Other targets are checked as themselves.
     *
     * @param type the target's declaring class
     * @return true if calls must be restricted to the function's principals
     */
    public static boolean restricts(Class<?> type) {
        return isPlatform(type) || SKReg.class.isAssignableFrom(type) || DomainRoots.contains(Domain.INTERNAL, type);
    }

    private static boolean isOwn(Class<?> c) {
        return OWN.get(c);
    }

    private static boolean isPlatform(Class<?> c) {
        ClassLoader loader = c.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }

    private static Class<?> firstOnStack(Predicate<Class<?>> wanted) {
        return WALKER.walk(frames -> {
            for (Iterator<StackWalker.StackFrame> it = frames.iterator(); it.hasNext(); ) {
                Class<?> c = SKAccess.codeOf(it.next().getDeclaringClass()); // the access checks' own rule
                if (c != null && wanted.test(c)) {
                    return c;
                }
            }
            return null;
        });
    }

    private static Class<?> load(String name) {
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                Creators.class.getClassLoader(), ClassLoader.getSystemClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next loader; a name no loader knows is an unidentified principal
            }
        }
        return null;
    }
}
