package dev.suitkaise.thread;

/**
 * The life of an {@link SKThread} (and, with fewer transitions, of an {@link SKWorker}).
 *
 * <h2>Transitions of a thread</h2>
 * <pre>
 *   NEW ──────────────► RUNNING ───────────► FINISHED   body returned
 *    │                   │   │                 ▲
 *    │                   │   └──────────────► FAILED    body (or an initializer, from NEW) threw
 *    │                   ▼                     ▲
 *    │              STOP_REQUESTED ────────────┘──► FINISHED
 *    │                   │
 *    └──────────────────►└──────────────────► CANCELLED
 * </pre>
 * <ul>
 *   <li>{@code NEW → RUNNING}: the thread ran every initializer and is about to call the body
 *       (caused by, and reported on, the new thread).</li>
 *   <li>{@code NEW → CANCELLED}: {@link SKThread#requestStop()} or cancelling
 *       {@link SKThread#future()} before the body started, or an initializer of the thread that shut
 *       its threader down ({@link SKThreader#shutdown}); the body never runs.</li>
 *   <li>{@code NEW → FAILED}: an initializer threw; the body never runs.</li>
 *   <li>{@code RUNNING → STOP_REQUESTED}: {@link SKThread#requestStop()} (on the caller's thread), or
 *       the body shut its own threader down ({@link SKThreader#shutdown}; no interrupt then).</li>
 *   <li>{@code RUNNING | STOP_REQUESTED → FINISHED}: the body returned a value.</li>
 *   <li>{@code RUNNING | STOP_REQUESTED → FAILED}: the body threw, except as below.</li>
 *   <li>{@code STOP_REQUESTED → CANCELLED}: the body answered the stop request by throwing
 *       {@link InterruptedException}; this is a clean stop, not a failure.</li>
 *   <li>{@code RUNNING | STOP_REQUESTED → CANCELLED}: the {@link SKThread#future()} was cancelled
 *       while the body ran; the thread is interrupted (when asked to) and its result discarded.</li>
 * </ul>
 * {@code CANCELLED} therefore means precisely: the thread will never deliver a result because it
 * was stopped before its body started, its future was cancelled, or its body answered a stop
 * request with {@code InterruptedException}. Every transition is a single atomic compare-and-set;
 * the terminal states ({@link #FINISHED}, {@link #FAILED}, {@link #CANCELLED}) never change again.
 * A terminal state says the result is settled; the Java thread may still be finishing (a cancelled
 * body that ignores interrupts keeps running): use {@link SKThread#join} to wait for it to end.
 *
 * <h2>Transitions of a worker</h2>
 * {@code NEW → RUNNING → STOP_REQUESTED → FINISHED}, {@code NEW → STOP_REQUESTED} when stopped
 * before it started, and {@code NEW → FAILED} when an initializer threw. Workers are never
 * {@code CANCELLED}: a failing task fails its own future, not the worker.
 */
public enum ThreadState {
    /** Created and started; initializers run; the body has not started. */
    NEW,
    /** The body (or the worker loop) runs. */
    RUNNING,
    /** A stop was requested; the body may poll {@link SKThread#stopRequested()} and end. */
    STOP_REQUESTED,
    /** The body returned; the result is available. Terminal. */
    FINISHED,
    /** The body or an initializer threw; the exception is on the handle. Terminal. */
    FAILED,
    /** Stopped before the body started, future cancelled, or stopped by interrupt. Terminal. */
    CANCELLED;

    /**
     * Tells whether this state is terminal (never left again).
     *
     * @return true for {@link #FINISHED}, {@link #FAILED} and {@link #CANCELLED}
     */
    public boolean isTerminal() {
        return this == FINISHED || this == FAILED || this == CANCELLED;
    }
}
