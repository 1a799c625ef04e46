package dev.suitkaise.thread;

/**
 * A registered thread initializer; closing it unregisters the initializer, so threads created
 * afterwards no longer run it. Thread-safe; closing twice does nothing.
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {

    /** Unregisters the initializer. Never blocks; threads already running keep what it did. */
    @Override
    void close();
}
