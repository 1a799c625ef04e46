package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.AccessGuard;
import dev.suitkaise.reg.internal.GlobalMapView;
import dev.suitkaise.reg.internal.GlobalSnapshots;
import dev.suitkaise.reg.internal.GlobalValueView;
import dev.suitkaise.reg.internal.InProcessGlobalStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ObjectInputFilter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Named global maps and values, per {@link Domain}, kept in the process's
 * {@link SKGlobalStorage}.
 *
 * <pre>{@code
 * GlobalMap<String, Integer> counts = SKGlobal.map(Domain.GLOBAL, "word-counts");
 * counts.merge("suitkaise", 1, Integer::sum);
 * GlobalValue<Long> total = SKGlobal.value(Domain.GLOBAL, "total");
 * total.accumulateAndGet(1L, Long::sum);
 * }</pre>
 *
 * <p>Opening a global of a restricted domain checks the caller as {@link SKReg#open} does; the
 * returned map or value is a capability that works for whoever holds it. Globals are created
 * empty on first use and live as long as the storage. All methods are thread-safe.
 *
 * <p>{@link GlobalMap#onChange} and {@link GlobalValue#onChange} register listeners that see every
 * later change, whoever makes it (with a cross-process storage, in whichever process); see
 * {@link GlobalListener} for threads and order.
 *
 * <p>Globals can be {@linkplain #snapshot(Path, Domain...) written to a file} and
 * {@linkplain #restore(Path, ObjectInputFilter) restored}, so a program can keep them across
 * restarts.
 */
public final class SKGlobal {

    private static final Logger LOG = LoggerFactory.getLogger(SKGlobal.class);

    /** Name of the reserved map that holds a domain's {@link GlobalValue}s. */
    static final String VALUES_MAP = "#values";

    private static final Object LOCK = new Object();
    private static volatile SKGlobalStorage storage;

    private SKGlobal() {
    }

    /**
     * The global map with this name in this domain, created empty on first use.
     *
     * @param domain the domain
     * @param name the map's name; not blank, not starting with {@code #} (reserved)
     * @param <K> the key type
     * @param <V> the value type
     * @return a live view of the map
     * @throws SKAccessException if the caller may not open the domain
     */
    public static <K, V> GlobalMap<K, V> map(Domain domain, String name) {
        GlobalName global = userName(domain, name);
        AccessGuard.checkCaller(domain, "open the %s global map '%s'", name);
        return new GlobalMapView<>(global, SKGlobal::current);
    }

    /**
     * The global value with this name in this domain, unset until first set.
     *
     * @param domain the domain
     * @param name the value's name; not blank, not starting with {@code #} (reserved)
     * @param <T> the value type
     * @return a live view of the value
     * @throws SKAccessException if the caller may not open the domain
     */
    public static <T> GlobalValue<T> value(Domain domain, String name) {
        GlobalName global = userName(domain, name);
        AccessGuard.checkCaller(domain, "open the %s global value '%s'", name);
        return new GlobalValueView<>(global, new GlobalMapView<>(new GlobalName(domain, VALUES_MAP), SKGlobal::current));
    }

    /**
     * The storage in use, chosen on first use (see {@link SKGlobalStorage}).
     *
     * <p>The storage hands out the maps of every domain without checking anyone, so only
     * INTERNAL code may reach it; other code opens globals through {@link #map} and {@link #value}.
     *
     * @return the storage
     * @throws SKAccessException if the caller is not INTERNAL code
     */
    public static SKGlobalStorage storage() {
        AccessGuard.checkCaller(Domain.INTERNAL, "use the global storage directly");
        return current();
    }

    /**
     * A live handle on the storage in use, for INTERNAL code that reaches the storage on a hot
     * path: the caller is checked once, here, and each {@code get()} of the handle returns the
     * storage in use at that moment (it follows {@link #install}) without the stack walk that
     * {@link #storage()} costs. A process that serves globals to other processes (sk-process)
     * holds one. The handle is as powerful as {@link #storage()}: keep it inside INTERNAL code.
     *
     * @return the handle; thread-safe, and {@code get()} never blocks (except once, while the
     *     storage is first chosen)
     * @throws SKAccessException if the caller is not INTERNAL code
     */
    public static Supplier<SKGlobalStorage> storageHandle() {
        AccessGuard.checkCaller(Domain.INTERNAL, "take a handle on the global storage");
        return SKGlobal::current;
    }

    /** The storage in use, without a caller check: for views and for this class's own use. */
    private static SKGlobalStorage current() {
        SKGlobalStorage s = storage;
        if (s == null) {
            synchronized (LOCK) {
                s = storage;
                if (s == null) {
                    s = discover();
                    storage = s;
                }
            }
        }
        return s;
    }

    private static SKGlobalStorage discover() {
        List<SKGlobalStorage> found = ServiceLoader.load(SKGlobalStorage.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(SKGlobalStorage::priority).reversed())
                .toList();
        SKGlobalStorage chosen = found.isEmpty() ? new InProcessGlobalStorage() : found.getFirst();
        LOG.debug("Global storage: {} (priority {}; {} provider(s) found)", chosen.description(), chosen.priority(), found.size());
        return chosen;
    }

    /**
     * Makes {@code next} the storage in use, for this process. Open maps and values follow it on
     * their next operation; the old storage is returned, not closed, and its contents are not
     * copied.
     *
     * @param next the storage to use
     * @return the storage used before
     * @throws SKAccessException if the caller is not INTERNAL code
     */
    public static SKGlobalStorage install(SKGlobalStorage next) {
        Objects.requireNonNull(next, "next");
        AccessGuard.checkCaller(Domain.INTERNAL, "install a global storage");
        synchronized (LOCK) {
            SKGlobalStorage previous = current();
            storage = next;
            LOG.debug("Global storage replaced: {} -> {}", previous.description(), next.description());
            return previous;
        }
    }

    /**
     * The names of the maps and values in use in the domains the caller may open (values appear
     * under their own names).
     *
     * @return a sorted snapshot
     */
    public static List<GlobalName> names() {
        Set<Domain> open = AccessGuard.permittedDomains();
        SKGlobalStorage s = current();
        return s.names().stream()
                .filter(n -> open.contains(n.domain()))
                .flatMap(n -> n.name().equals(VALUES_MAP)
                        ? s.map(n).keySet().stream().map(k -> new GlobalName(n.domain(), String.valueOf(k)))
                        : java.util.stream.Stream.of(n))
                .sorted(Comparator.comparing(GlobalName::domain).thenComparing(GlobalName::name))
                .toList();
    }

    /**
     * Writes the globals of the given domains (all the caller may open, when none are given) to a
     * file, atomically: the file is written beside the target and moved into place, so a crash
     * leaves either the old file or the new one. Keys and values must be {@link java.io.Serializable}.
     *
     * @param file the target file
     * @param domains the domains to include; none means every domain the caller may open
     * @return how many globals (maps, and domains' value sets) were written
     * @throws SKAccessException if a named domain may not be opened by the caller
     * @throws SKRegException if a key or value cannot be serialized (it is not Serializable, or its serialization
     *     throws or overflows the stack; the message names the global and key) or the file cannot be written; the
     *     previous file, if any, is then unchanged
     */
    public static int snapshot(Path file, Domain... domains) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(domains, "snapshot: domains is null; call snapshot(file) with no domain for every domain"
                + " the caller may open");
        Set<Domain> included = domainsFor("snapshot", domains);
        SKGlobalStorage s = current();
        List<GlobalName> names = s.names().stream()
                .filter(n -> included.contains(n.domain()))
                .sorted(Comparator.comparing(GlobalName::domain).thenComparing(GlobalName::name))
                .toList();
        return GlobalSnapshots.write(file, names, s::map);
    }

    /**
     * Restores globals from a file written by {@link #snapshot}, accepting only JDK value classes
     * ({@code java.lang}, {@code java.util}, {@code java.time}, {@code java.math}, {@code java.net.URI}).
     *
     * @param file the snapshot file
     * @return how many globals were restored
     * @see #restore(Path, ObjectInputFilter)
     */
    public static int restore(Path file) {
        return restore(file, GlobalSnapshots.DEFAULT_FILTER);
    }

    /**
     * Restores globals from a file written by {@link #snapshot}. The whole file is read and
     * checked first; only then is each global in it replaced by its snapshot contents (globals
     * not in the file are left alone: a map not in the file, and a {@link GlobalValue} not in
     * it, even one of a domain whose other values are). A bad or truncated file changes nothing.
     *
     * @param file the snapshot file
     * @param filter decides which classes may be instantiated from the file; combine with
     *     {@code ObjectInputFilter.Config.createFilter("com.acme.model.*;java.base/*;!*")} for your own types
     * @return how many globals were restored
     * @throws SKAccessException if the file holds a domain the caller may not open
     * @throws SKRegException if the file is missing, corrupt, truncated, or holds a class the filter rejects
     */
    public static int restore(Path file, ObjectInputFilter filter) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(filter, "filter");
        var snapshot = GlobalSnapshots.read(file, filter);
        Set<Domain> inFile = snapshot.keySet().stream().map(GlobalName::domain)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Domain.class)));
        for (Domain d : inFile) {
            AccessGuard.checkCaller(d, "restore " + d + " globals");
        }
        SKGlobalStorage s = current();
        snapshot.forEach((name, contents) -> {
            // put first, then drop the keys the snapshot lacks: a concurrent reader never sees the map empty
            var map = s.map(name);
            map.putAll(contents);
            if (!name.name().equals(VALUES_MAP)) {
                // a domain's values share one map, but each value is a global of its own: the ones
                // the file lacks are globals not in the file, and stay as they are
                map.keySet().removeIf(k -> !contents.containsKey(k));
            }
        });
        LOG.debug("Restored {} globals from {}", snapshot.size(), file);
        return snapshot.size();
    }

    private static Set<Domain> domainsFor(String what, Domain... domains) {
        Set<Domain> included = EnumSet.noneOf(Domain.class);
        if (domains.length == 0) {
            included.addAll(AccessGuard.permittedDomains());
        } else {
            for (Domain d : domains) {
                AccessGuard.checkCaller(Objects.requireNonNull(d, "domain"), what + " " + d + " globals");
                included.add(d);
            }
        }
        return included;
    }

    private static GlobalName userName(Domain domain, String name) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(name, "name");
        if (name.startsWith("#")) {
            throw new IllegalArgumentException("Global name '" + name + "' in " + domain
                    + " starts with '#', which is reserved for Suitkaise's own bookkeeping; choose another name.");
        }
        return new GlobalName(domain, name);
    }
}
