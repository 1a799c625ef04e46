package dev.suitkaise.reg;

import java.util.concurrent.ConcurrentMap;

/**
 * A named map that every part of the program sees, and with a cross-process
 * {@link SKGlobalStorage} every process of the program: Python's
 * {@code multiprocessing.Manager().dict()} for the JVM.
 *
 * <p>All {@link ConcurrentMap} operations are atomic in the storage: {@code putIfAbsent},
 * {@code replace(k, old, new)}, {@code remove(k, v)} and the compute-style updates. With the
 * in-process storage the update functions run once under the key's lock; a cross-process storage
 * may retry them (as the {@code ConcurrentMap} defaults do), so they should be free of side
 * effects. Values are compared with {@code equals}. Null keys and values are rejected.
 * Iteration is weakly consistent.
 *
 * <p><b>Blocking and interruption.</b> With the in-process storage an operation blocks only
 * briefly, while another update of the same key runs, or while listeners lag far behind (see
 * {@link GlobalListener}'s back-pressure). With a cross-process storage in a child process every
 * operation is a request to the parent and blocks until the parent answers (sk-process waits at
 * most 60 seconds, then throws its timeout exception; the parent may still carry the operation
 * out). An interrupt never makes an operation fail: an operation that returns normally was carried
 * out exactly once, and the thread's interrupt status stays set for the caller to act on.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface GlobalMap<K, V> extends ConcurrentMap<K, V> {

    /**
     * The global's name.
     *
     * @return its domain and name
     */
    GlobalName globalName();

    /**
     * Registers a listener for every change of this map, made by any code (and with a
     * cross-process storage in any process of the program) after this call returns. See
     * {@link GlobalListener} for what is delivered, on which thread and in which order. While
     * listeners are registered, a write to this map may block while they lag far behind (see
     * {@link GlobalListener}'s back-pressure); without listeners it never does.
     *
     * <p>The subscription belongs to the storage in use now; it does not follow a storage
     * {@linkplain SKGlobal#install installed} later. With a cross-process storage in a child
     * process this call waits for the parent to confirm the subscription.
     *
     * @param listener the listener
     * @return a subscription whose {@code close()} removes the listener
     * @throws UnsupportedOperationException if the storage in use delivers no change events
     */
    Subscription onChange(GlobalListener<K, V> listener);
}
