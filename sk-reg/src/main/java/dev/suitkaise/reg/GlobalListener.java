package dev.suitkaise.reg;

/**
 * Receives the changes of a global map or value, registered with {@link GlobalMap#onChange} or
 * {@link GlobalValue#onChange} (the storage's side is {@link SKGlobalStorage#subscribe}).
 *
 * <p><b>What is delivered.</b> Every change that starts after the registration returned, until
 * its subscription is closed: one {@link GlobalChange} per stored or removed key, whichever code
 * (and, with a cross-process storage, whichever process) made it. Operations that leave the map as
 * it was (a {@code putIfAbsent} on a present key, a failed conditional {@code replace} or
 * {@code remove}, a {@code compute} that returns the current value) deliver nothing. After
 * {@link Subscription#close()} returns, the listener is not called again.
 *
 * <p><b>Threads and order.</b> The listeners of one global are called one change at a time, never
 * concurrently, and changes of one key arrive in the order they took effect; changes of different
 * keys made concurrently may arrive in either order. With the in-process storage a listener runs
 * after the change is visible, on a thread that changed the same global (usually the one that
 * made this change, before its call returns), and never while the storage holds a lock, so it may
 * read and change globals itself (its own changes are delivered after it returns). A
 * cross-process storage keeps these guarantees and documents on which thread the changes made in
 * other processes arrive. Listeners should be short: a slow listener delays the other listeners of
 * its global, and the thread that delivers. An exception thrown by a listener is logged and does not undo the change
 * or stop other listeners.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
@FunctionalInterface
public interface GlobalListener<K, V> {
    /**
     * Called after a change.
     *
     * @param change the change
     */
    void onChange(GlobalChange<K, V> change);
}
