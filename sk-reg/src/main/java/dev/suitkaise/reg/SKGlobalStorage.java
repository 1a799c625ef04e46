package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.InProcessGlobalStorage;

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
     * Registers a listener for the changes of one global map, whoever makes them, with the
     * guarantees {@link GlobalListener} states: every change that starts after this call returns
     * is delivered once, a global's listeners are called one change at a time, and the changes of
     * one key arrive in the order they took effect, and writes that leave a key's value equal
     * deliver nothing. Dropping the map delivers a removal for each of its keys. The subscription
     * stays when the map is dropped and created again. A storage may make writes wait while the
     * listeners lag far behind, as the in-process storage does (see {@link GlobalListener}), but
     * never a write to a map nobody listens to.
     *
     * <p>The default refuses: a storage that cannot observe its changes need not offer this.
     *
     * @param name the global's name (for values, the domain's reserved values map)
     * @param listener the listener
     * @return a subscription whose {@code close()} removes the listener
     * @throws UnsupportedOperationException if this storage delivers no change events
     */
    default Subscription subscribe(GlobalName name, GlobalListener<Object, Object> listener) {
        throw new UnsupportedOperationException("The global storage '" + description() + "' (" + getClass().getName()
                + ") does not deliver change events, so " + name + " cannot be listened to. Use a storage that implements"
                + " SKGlobalStorage.subscribe, such as SKGlobalStorage.inProcess() or sk-process's cross-process storage.");
    }

    /**
     * A new, empty storage that keeps its globals in this process: the default storage, and a
     * base for storages that host globals for other processes. It delivers change events
     * ({@link #subscribe}). Thread-safe.
     *
     * @return the storage
     */
    static SKGlobalStorage inProcess() {
        return new InProcessGlobalStorage();
    }

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
