package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.AccessGuard;
import dev.suitkaise.reg.internal.SuitkaiseLocations;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The roots of the {@link Domain#INTERNAL} and {@link Domain#EXTERNAL} domains: which code may
 * open their registries and globals.
 *
 * <p>Defaults: INTERNAL holds Suitkaise's own modules ({@code dev.suitkaise.reg},
 * {@code .cereal}, {@code .root}, {@code .function}, {@code .thread}, {@code .process},
 * {@code .cycle}), the jars or class directories of those modules found on the class path
 * (recognized by their module name; a renamed or shaded jar must be added by hand) and, when
 * sk-reg runs on the class path, the location sk-reg was loaded from. EXTERNAL starts empty. Both are extended at start-up by the system properties
 * {@code suitkaise.domain.internal} and {@code suitkaise.domain.external}, each a comma-separated
 * list of {@code module:NAME} entries and paths of class directories or jars, and at run time
 * by {@link #add}.
 *
 * <p>A property that cannot be parsed (say {@code module:} with no name) makes its domain
 * unusable, not the class: every later use of that domain's roots ({@link #of}, {@link #contains},
 * {@link #add}, {@link #remove}, and so every access check of the domain) throws an
 * {@link SKRegException} naming the property, its value and the form it must have, while the
 * other domains, {@link Domain#GLOBAL} always among them, keep working. Fix the property and
 * restart the JVM.
 *
 * <p>Changing roots is itself restricted: only INTERNAL code may call {@link #add} and
 * {@link #remove}. All methods are thread-safe; a change is seen by every access check that
 * starts after it returns.
 */
public final class DomainRoots {

    /** Names of Suitkaise's published modules, INTERNAL by default. */
    public static final List<String> SUITKAISE_MODULES = List.of(
            "dev.suitkaise.reg", "dev.suitkaise.cereal", "dev.suitkaise.root", "dev.suitkaise.function",
            "dev.suitkaise.thread", "dev.suitkaise.process", "dev.suitkaise.cycle");

    private static final Object LOCK = new Object();
    private static final Map<Domain, List<CodeRoot>> ROOTS = new EnumMap<>(Domain.class);
    /** The start-up property that could not be parsed, per domain it made unusable; never changes after start-up. */
    private static final Map<Domain, BadProperty> BAD_PROPERTIES = new EnumMap<>(Domain.class);

    /**
     * A start-up property that could not be parsed.
     *
     * @param property the property's name
     * @param value its value
     * @param failure the parse failure, naming the bad entry
     */
    private record BadProperty(String property, String value, SKRegException failure) {
    }

    static {
        List<CodeRoot> internal = new ArrayList<>();
        SUITKAISE_MODULES.forEach(m -> internal.add(CodeRoot.module(m)));
        if (!DomainRoots.class.getModule().isNamed()) {
            CodeRoot.codeSourceOf(DomainRoots.class).ifPresent(p -> internal.add(CodeRoot.location(p)));
        }
        // Suitkaise jars on the class path are INTERNAL too, also when sk-reg itself is on the module path.
        for (java.nio.file.Path p : SuitkaiseLocations.onClassPath(System.getProperty("java.class.path"), SUITKAISE_MODULES)) {
            CodeRoot root = CodeRoot.location(p);
            if (!internal.contains(root)) {
                internal.add(root);
            }
        }
        // a bad property leaves its domain without roots, so each use of it fails (see roots())
        List<CodeRoot> fromInternal = fromProperty("suitkaise.domain.internal", Domain.INTERNAL);
        if (fromInternal != null) {
            internal.addAll(fromInternal);
            ROOTS.put(Domain.INTERNAL, List.copyOf(internal));
        }
        List<CodeRoot> fromExternal = fromProperty("suitkaise.domain.external", Domain.EXTERNAL);
        if (fromExternal != null) {
            ROOTS.put(Domain.EXTERNAL, List.copyOf(fromExternal));
        }
        ROOTS.put(Domain.GLOBAL, List.of());
    }

    private DomainRoots() {
    }

    /** The roots a start-up property adds to {@code domain}, or null (recorded) if it cannot be parsed. */
    private static List<CodeRoot> fromProperty(String property, Domain domain) {
        String value = System.getProperty(property);
        if (value == null) {
            return List.of();
        }
        try {
            return CodeRoot.parseAll(value, "System property " + property);
        } catch (SKRegException e) {
            BAD_PROPERTIES.put(domain, new BadProperty(property, value, e));
            return null;
        }
    }

    /** The roots of {@code domain}; the caller holds {@link #LOCK}. */
    private static List<CodeRoot> roots(Domain domain) {
        List<CodeRoot> roots = ROOTS.get(domain);
        if (roots == null) {
            BadProperty bad = BAD_PROPERTIES.get(domain);
            throw new SKRegException("The " + domain + " domain cannot be used: its start-up property " + bad.property()
                    + " is '" + bad.value() + "', which cannot be parsed. " + bad.failure().getMessage()
                    + " Fix or remove the property (-D" + bad.property() + "=module:com.acme.app,/path/to/classes) and"
                    + " restart the JVM; until then every use of " + domain + " fails like this one.", bad.failure());
        }
        return roots;
    }

    /**
     * The current roots of a domain.
     *
     * @param domain the domain
     * @return an immutable snapshot; empty for {@link Domain#GLOBAL}
     * @throws SKRegException if the domain's start-up property could not be parsed
     */
    public static List<CodeRoot> of(Domain domain) {
        Objects.requireNonNull(domain, "domain");
        synchronized (LOCK) {
            return roots(domain);
        }
    }

    /**
     * Whether a class lies under one of a domain's roots. Every class is in {@link Domain#GLOBAL}.
     * The answer is cached per class until the roots change.
     *
     * @param domain the domain
     * @param type the class
     * @return true if code of that class may open the domain's registries
     * @throws SKRegException if the domain's start-up property could not be parsed
     */
    public static boolean contains(Domain domain, Class<?> type) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(type, "type");
        return AccessGuard.allowed(domain, type);
    }

    /**
     * A number that changes whenever the roots of any domain change ({@link #add}, {@link #remove}),
     * for code that caches decisions made from the roots (sk-cereal's allow-list does) and must make
     * them again after a change. Only equality is meaningful. Thread-safe; does not block.
     *
     * @return the roots' current version
     */
    public static long version() {
        return AccessGuard.generation();
    }

    /**
     * Adds roots to a restricted domain. Roots already present are not added twice.
     *
     * @param domain {@link Domain#INTERNAL} or {@link Domain#EXTERNAL}
     * @param roots the roots to add
     * @throws IllegalArgumentException for {@link Domain#GLOBAL}, which has no roots
     * @throws SKAccessException if the caller is not INTERNAL code
     * @throws SKRegException if the domain's (or INTERNAL's) start-up property could not be parsed
     */
    public static void add(Domain domain, CodeRoot... roots) {
        Objects.requireNonNull(roots, "add: roots is null; pass the roots to add");
        requireRestricted(domain);
        AccessGuard.checkCaller(Domain.INTERNAL, "change the roots of " + domain);
        synchronized (LOCK) {
            List<CodeRoot> next = new ArrayList<>(roots(domain));
            for (CodeRoot root : roots) {
                Objects.requireNonNull(root, "root");
                if (!next.contains(root)) {
                    next.add(root);
                }
            }
            ROOTS.put(domain, List.copyOf(next));
            AccessGuard.rootsChanged();
        }
    }

    /**
     * Removes a root from a restricted domain.
     *
     * @param domain {@link Domain#INTERNAL} or {@link Domain#EXTERNAL}
     * @param root the root to remove
     * @return true if it was present
     * @throws IllegalArgumentException for {@link Domain#GLOBAL}
     * @throws SKAccessException if the caller is not INTERNAL code
     * @throws SKRegException if the domain's (or INTERNAL's) start-up property could not be parsed
     */
    public static boolean remove(Domain domain, CodeRoot root) {
        Objects.requireNonNull(root, "remove: root is null");
        requireRestricted(domain);
        AccessGuard.checkCaller(Domain.INTERNAL, "change the roots of " + domain);
        synchronized (LOCK) {
            List<CodeRoot> next = new ArrayList<>(roots(domain));
            boolean removed = next.remove(root);
            if (removed) {
                ROOTS.put(domain, List.copyOf(next));
                AccessGuard.rootsChanged();
            }
            return removed;
        }
    }

    private static void requireRestricted(Domain domain) {
        Objects.requireNonNull(domain, "domain");
        if (!domain.isRestricted()) {
            throw new IllegalArgumentException("Domain GLOBAL has no roots: it is open to all code. Add roots to INTERNAL or EXTERNAL.");
        }
    }
}
