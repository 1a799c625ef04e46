package dev.suitkaise.reg;

/**
 * Receives the changes of a registry.
 *
 * <p>Listeners run on the thread that made the change, after the change is visible, and never
 * while the registry holds a lock, so they may call back into the registry. Events of changes
 * made concurrently by different threads may arrive in either order; each event's old and new
 * values are those of its own change. An exception thrown by a listener is logged and does not
 * undo the change or stop other listeners. A {@link VirtualMachineError} (such as
 * {@link OutOfMemoryError}) is logged too and does not stop the other listeners either; once they
 * ran, the first such error propagates to the thread that made the change (which stands).
 *
 * @param <V> the registry's value type
 */
@FunctionalInterface
public interface RegListener<V> {
    /**
     * Called after a change.
     *
     * @param event the change
     */
    void onEvent(RegEvent<V> event);
}
