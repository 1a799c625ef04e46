package dev.suitkaise.process.internal;

import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.process.SKPool;

/**
 * Binds a pool's mapper to one item. Lives in this package, which is open to the codec, because
 * the codec rebuilds a lambda through the class that declares it.
 */
public final class PoolTasks {

    private PoolTasks() {
    }

    /**
     * A function that applies {@code mapper} to {@code item} in the child.
     *
     * @param mapper the mapper
     * @param item the item
     * @param <T> the item type
     * @param <R> the result type
     * @return the bound function
     */
    public static <T, R> AnyFunction<R> bind(SKPool.Mapper<T, R> mapper, T item) {
        return () -> mapper.apply(item);
    }
}
