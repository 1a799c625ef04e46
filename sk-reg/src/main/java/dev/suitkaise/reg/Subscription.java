package dev.suitkaise.reg;

/**
 * A registered listener; closing it removes the listener. Closing twice does nothing.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    /** Removes the listener. Idempotent; never throws. */
    @Override
    void close();
}
