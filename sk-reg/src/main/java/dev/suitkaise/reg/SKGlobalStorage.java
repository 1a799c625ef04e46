package dev.suitkaise.reg;

import java.util.Set;
import java.util.concurrent.ConcurrentMap;

/**
 * Where {@link SKGlobal} maps and values live: the service provider interface.
 *
 * <p>A storage hands out one live {@link ConcurrentMap} per {@link GlobalName}. Everything
 * {@code SKGlobal} offers is built on the map's atomic operations ({@code putIfAbsent},
 * {@code replace(k, old, new)}, {@code remove(k, v)}, {@code compute...}), so a storage that
 * spans processes only needs to make those atomic across processes; the default methods of
 * {@code ConcurrentMap} already turn them into compute-style updates. Values are plain
 * objects: carrying them between processes is the storage's business.
 *
 * <p>The storage in use is chosen once per process: an explicit
 * {@link SKGlobal#install(SKGlobalStorage)}, else the provider with the highest
 * {@link #priority()} among those found by {@link java.util.ServiceLoader} (any provider found
 * is preferred over the default, whatever its priority), else the in-process storage.
 * Implementations must be thread-safe.
 */
public interface SKGlobalStorage extends AutoCloseable {

    /**
     * The live map for a name, created empty on first use. Repeated calls with an equal name
     * return maps that see the same contents. Null keys and values are not supported.
     *
     * @param name the global's name
     * @return the map
     */
    ConcurrentMap<Object, Object> map(GlobalName name);

    /**
     * The names of every map this storage currently holds.
     *
     * @return a snapshot
     */
    Set<GlobalName> names();

    /**
     * Drops a map and its contents.
     *
     * @param name the global's name
     * @return true if it existed
     */
    boolean drop(GlobalName name);

    /**
     * Precedence among storages found by {@link java.util.ServiceLoader}; the highest wins.
     *
     * @return the priority
     */
    default int priority() {
        return 0;
    }

    /**
     * A short description for logs and messages, such as "in-process".
     *
     * @return the description
     */
    String description();

    /** Releases the storage's resources. The default does nothing. */
    @Override
    default void close() {
    }
}
