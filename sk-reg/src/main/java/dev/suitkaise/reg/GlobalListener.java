package dev.suitkaise.reg;

/**
 * Receives the changes of a global map or value, registered with {@link GlobalMap#onChange} or
 * {@link GlobalValue#onChange} (the storage's side is {@link SKGlobalStorage#subscribe}).
 *
 * <p><b>What is delivered.</b> Every change that starts after the registration returned, until
 * its subscription is closed: one {@link GlobalChange} per stored or removed key, whichever code
 * (and, with a cross-process storage, whichever process) made it. Operations that leave the map as
 * it was (a {@code putIfAbsent} on a present key, a failed conditional {@code replace} or
 * {@code remove}, a {@code compute} that returns the current value) deliver nothing, and so do
 * writes that store a value equal to the current one (the same object or one that
 * {@code equals} it): equal values deliver nothing. After {@link Subscription#close()} returns,
 * no further change is delivered to the listener; a call that another thread had already begun
 * delivering when {@code close()} ran may still be running, or just starting, when it returns.
 *
 * <p><b>Threads and order.</b> The listeners of one global are called one change at a time, never
 * concurrently, and changes of one key arrive in the order they took effect; changes of different
 * keys made concurrently may arrive in either order. With the in-process storage a listener runs
 * after the change is visible in the map and never while the storage holds a lock, so it may read
 * and change globals itself (its own changes are delivered after it returns). It runs usually on
 * the thread that made the change, before that thread's call returns; otherwise on another thread
 * that changed the same global, or on the global's delivery thread (a virtual thread started when
 * needed): a writing thread delivers at most the changes that were waiting when it began (and
 * those its listeners make meanwhile) and hands later ones to the delivery thread, so a steady
 * stream of changes never traps a writer in delivery. A cross-process storage keeps these
 * guarantees and documents on which thread the changes made in other processes arrive.
 *
 * <p><b>Back-pressure.</b> Listeners should be short: a slow listener delays the other listeners
 * of its global. While the changes waiting for a global's listeners number more than about
 * 10,000, a write to that global blocks until they catch up below that (threads that are running
 * a listener never block, so listeners may write globals freely). A write never blocks for this
 * when the global has no listener. An interrupt ends such a wait early: the write then proceeds
 * and the thread's interrupt status stays set.
 *
 * <p><b>Failures.</b> Anything a listener throws is logged at WARN and does not undo the change or
 * stop other listeners. A {@link VirtualMachineError} (such as {@link OutOfMemoryError} or
 * {@link StackOverflowError}) is logged too, and does not cut delivery short either: the other
 * listeners still get that change, and the delivering thread still delivers the rest of what it
 * would have (the changes the listener made before it threw among them); only then does the
 * first such error propagate to the delivering thread (the writer, whose change was made), or
 * end the delivery thread, which hands it to the uncaught-exception handler (by default the JVM
 * prints it to {@code System.err}). The error stops nothing beyond that: later changes are
 * delivered as before, a new delivery thread being started when one is needed.
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
