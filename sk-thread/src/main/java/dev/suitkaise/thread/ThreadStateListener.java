package dev.suitkaise.thread;

/**
 * Told about every state transition of an {@link SKThread} or {@link SKWorker}.
 *
 * <p>Called once per transition, after the transition took effect, on the thread that caused it
 * (the managed thread itself for {@code RUNNING}, {@code FINISHED} and {@code FAILED}; the caller of
 * {@code requestStop()} or {@code cancel} for {@code STOP_REQUESTED} and {@code CANCELLED}).
 * A stop request calls the listeners of {@code STOP_REQUESTED} before it sets the flag that
 * {@link SKThread#stopRequested()} reads, so a body that ends because it saw the flag reports its
 * end after that call; a body that ends on its own at the same moment may report its end on its
 * own thread while the {@code STOP_REQUESTED} call still runs. Implementations must be thread-safe
 * and quick; they must not block. An exception thrown by a
 * listener is logged at warn and otherwise ignored; it never changes the thread's state.
 */
@FunctionalInterface
public interface ThreadStateListener {

    /**
     * Called after a transition.
     *
     * @param name the thread's or worker's name
     * @param from the state before
     * @param to the state after
     */
    void stateChanged(String name, ThreadState from, ThreadState to);
}
