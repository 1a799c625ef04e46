package dev.suitkaise.reg;

import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * A named value that every part of the program sees, and with a cross-process
 * {@link SKGlobalStorage} every process of the program.
 *
 * <p>Like an {@link java.util.concurrent.atomic.AtomicReference}, except that values are compared
 * with {@code equals} (they may have travelled between processes) and that null means "unset".
 * All methods are thread-safe and atomic in the storage; update functions may be retried under
 * contention by a cross-process storage, so they should be free of side effects.
 *
 * <p><b>Blocking and interruption.</b> With the in-process storage an operation blocks only
 * briefly, while another update of the same global runs, or while listeners lag far behind (see
 * {@link GlobalListener}'s back-pressure). With a cross-process storage in a child process every
 * operation is a request to the parent and blocks until the parent answers (sk-process waits at
 * most 60 seconds, then throws its timeout exception; the parent may still carry the operation
 * out). An interrupt never makes an operation fail: an operation that returns normally was carried
 * out exactly once, and the thread's interrupt status stays set for the caller to act on.
 *
 * @param <T> the value type
 */
public interface GlobalValue<T> {

    /**
     * The global's name.
     *
     * @return its domain and name
     */
    GlobalName globalName();

    /**
     * The current value.
     *
     * @return the value, or null if unset
     */
    T get();

    /**
     * The current value or a fallback.
     *
     * @param fallback returned when unset
     * @return the value, or {@code fallback}
     */
    default T getOrDefault(T fallback) {
        T v = get();
        return v == null ? fallback : v;
    }

    /**
     * Sets the value; null unsets it.
     *
     * @param value the new value
     */
    void set(T value);

    /**
     * Sets the value and returns the previous one.
     *
     * @param value the new value, or null to unset
     * @return the previous value, or null if it was unset
     */
    T getAndSet(T value);

    /**
     * Sets the value to {@code update} if it currently equals {@code expected}.
     *
     * @param expected the expected current value, or null for "unset"
     * @param update the new value, or null to unset
     * @return true if the value was changed
     */
    boolean compareAndSet(T expected, T update);

    /**
     * Atomically applies a function to the current value (null when unset) and stores the result.
     *
     * @param update the function; returning null unsets the value
     * @return the new value
     */
    T updateAndGet(UnaryOperator<T> update);

    /**
     * Atomically applies a function to the current value (null when unset) and stores the result.
     *
     * @param update the function; returning null unsets the value
     * @return the previous value
     */
    T getAndUpdate(UnaryOperator<T> update);

    /**
     * Atomically combines the current value with {@code x}; when unset, stores {@code x}.
     *
     * @param x the operand
     * @param accumulator combines the current value and {@code x}
     * @return the new value
     */
    default T accumulateAndGet(T x, BinaryOperator<T> accumulator) {
        Objects.requireNonNull(x, "accumulateAndGet: x is null; use updateAndGet to unset the value");
        Objects.requireNonNull(accumulator, "accumulateAndGet: accumulator is null");
        return updateAndGet(cur -> cur == null ? x : accumulator.apply(cur, x));
    }

    /**
     * Whether the value is set.
     *
     * @return true if set
     */
    default boolean isSet() {
        return get() != null;
    }

    /**
     * Registers a listener for every change of this value (set, updated or unset) made by any
     * code (and with a cross-process storage in any process of the program) after this call
     * returns. Each change's {@link GlobalChange#global()} is this value's name, its key the
     * value's {@linkplain GlobalName#name() name}. See {@link GlobalListener} for threads and
     * order, and for the back-pressure that may make writes to the domain's values block while
     * listeners lag far behind (never while nobody listens).
     *
     * <p>The values of a domain share one map in the storage; with a cross-process storage the
     * changes of the domain's other values travel to this process too (and are filtered here).
     *
     * @param listener the listener
     * @return a subscription whose {@code close()} removes the listener
     * @throws UnsupportedOperationException if the storage in use delivers no change events
     */
    Subscription onChange(GlobalListener<String, T> listener);
}
