package dev.suitkaise.function.internal;

import dev.suitkaise.function.SKFunctionException;
import dev.suitkaise.function.SKGenerator;

import java.lang.ref.Cleaner;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;

/**
 * One consumption of a generator: the body runs on its own virtual thread, started by the first
 * {@code hasNext}/{@code next}, and hands values over through a bounded queue, so it is never more
 * than the buffer size ahead of the consumer (it blocks in {@code yield} until there is room).
 * {@link #close()} stops the producer: its pending or next {@code yield} throws
 * {@link CancellationException} and its thread is interrupted. A failure of the body is thrown
 * at the consumer, wrapped in {@link SKFunctionException}, after the values yielded before it.
 *
 * <p>Meant for one consuming thread; {@link #close()} may be called from any thread, and wakes a
 * consumer blocked waiting for the next value (its {@code hasNext} then returns false).
 *
 * @param <T> the value type
 */
public final class GeneratorPipe<T> implements SKGenerator.Cursor<T> {

    private static final Object END = new Object();
    private static final Object NULL = new Object();

    private record Failure(Throwable error) {
    }

    private final String name;
    private final SKGenerator.Body<T> body;
    private final BlockingQueue<Object> queue;
    private volatile boolean closed;
    private boolean started;
    private boolean finished;
    private Object peeked;
    private Thread producer;

    private static final Cleaner CLEANER = Cleaner.create(Thread.ofVirtual().name("sk-generator-cleaner").factory());

    /**
     * Opens a run for a consumer: a cursor that, when it becomes unreachable without having been
     * closed, closes the run so that its producer does not stay parked for ever.
     *
     * @param name the generator's name
     * @param body the body
     * @param buffer how many values the producer may run ahead
     * @param <T> the value type
     * @return the consumer's cursor
     */
    public static <T> SKGenerator.Cursor<T> open(String name, SKGenerator.Body<T> body, int buffer) {
        GeneratorPipe<T> pipe = new GeneratorPipe<>(name, body, buffer);
        Guarded<T> cursor = new Guarded<>(pipe);
        CLEANER.register(cursor, pipe::close);
        return cursor;
    }

    /** The consumer's view; the producer holds only the pipe, so this can become unreachable. */
    private record Guarded<T>(GeneratorPipe<T> pipe) implements SKGenerator.Cursor<T> {
        @Override
        public boolean hasNext() {
            return pipe.hasNext();
        }

        @Override
        public T next() {
            return pipe.next();
        }

        @Override
        public void close() {
            pipe.close();
        }
    }

    /**
     * Creates a pipe; nothing runs until the first {@code hasNext}.
     *
     * @param name the generator's name
     * @param body the body
     * @param buffer how many values the producer may run ahead
     */
    GeneratorPipe(String name, SKGenerator.Body<T> body, int buffer) {
        this.name = name;
        this.body = body;
        this.queue = new ArrayBlockingQueue<>(buffer);
    }

    @Override
    public boolean hasNext() {
        if (peeked != null) {
            return true;
        }
        if (closed || finished) {
            return false;
        }
        start();
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new SKFunctionException(name, "Interrupted while waiting for the next value of generator '" + name
                    + "'; the generator was closed.", e);
        }
        if (item == END || closed) {
            finished = true;
            return false;
        }
        if (item instanceof Failure f) {
            finished = true;
            close();
            throw new SKFunctionException(name, "Generator '" + name + "' failed: " + f.error(), f.error());
        }
        peeked = item;
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("Generator '" + name + "' has no more values.");
        }
        Object item = peeked;
        peeked = null;
        return item == NULL ? null : (T) item;
    }

    @Override
    public void close() {
        closed = true;
        Thread p;
        synchronized (this) {
            p = producer;
        }
        if (p != null) {
            p.interrupt();
        }
        queue.clear();
        // Wakes a consumer blocked in hasNext on another thread.
        queue.offer(END);
    }

    private void start() {
        if (started) {
            return;
        }
        started = true;
        synchronized (this) {
            producer = Thread.ofVirtual().name("sk-generator-" + name).unstarted(this::produce);
            producer.start();
        }
    }

    private void produce() {
        try {
            body.generate(this::put);
            offerEnd(END);
        } catch (CancellationException e) {
            if (!closed) {
                offerEnd(new Failure(e));
            }
        } catch (Throwable t) {
            if (!closed) {
                offerEnd(new Failure(t));
            }
        }
    }

    private void put(T value) {
        if (closed) {
            throw new CancellationException("Generator '" + name + "' was closed by its consumer.");
        }
        try {
            queue.put(value == null ? NULL : value);
        } catch (InterruptedException e) {
            if (closed) {
                throw new CancellationException("Generator '" + name + "' was closed by its consumer.");
            }
            Thread.currentThread().interrupt();
            throw new SKFunctionException(name, "Generator '" + name + "' was interrupted in yield.", e);
        }
        if (closed) {
            queue.clear();
            throw new CancellationException("Generator '" + name + "' was closed by its consumer.");
        }
    }

    /**
     * Hands the end (or a failure) to the consumer, waiting for room. Skipped once the pipe is
     * closed: close() has left its own end marker, which may fill a buffer of one for good, and
     * nobody waits for this one. A close that comes later interrupts this wait (close sets
     * {@code closed} before it interrupts, so this either sees it or gets the interrupt).
     */
    private void offerEnd(Object marker) {
        if (closed) {
            return;
        }
        try {
            queue.put(marker);
        } catch (InterruptedException e) {
            // Closed while the buffer was full: nobody is waiting for the end any more.
            Thread.currentThread().interrupt();
        }
    }
}
