package dev.suitkaise.function;

import dev.suitkaise.function.internal.GeneratorPipe;
import dev.suitkaise.function.internal.LambdaNames;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazily evaluated sequence: a body that {@code yield}s values, consumed as an {@link Iterator}
 * or a {@link Stream}.
 *
 * <pre>{@code
 * SKGenerator<Integer> squares = SKGenerator.of("squares", out -> {
 *     for (int i = 1; ; i++) out.yield(i * i);
 * });
 * try (Stream<Integer> s = squares.stream()) {
 *     List<Integer> first = s.limit(5).toList();    // 1, 4, 9, 16, 25; the producer stops on close
 * }
 * }</pre>
 *
 * <p><b>How it runs.</b> Each {@link #iterator()} (and each {@link #stream()}) is one independent
 * run: the body starts on its own virtual thread at the first {@code hasNext}/{@code next} and runs
 * at most {@link #buffer()} values ahead of the consumer; {@code yield} blocks while the buffer is
 * full (back-pressure). Closing the cursor or the stream stops the producer: its pending or next
 * {@code yield} throws {@link CancellationException} (let it propagate) and its thread is
 * interrupted. Values yielded before a failure are delivered first; then the consumer's
 * {@code hasNext}/{@code next} throws {@link SKFunctionException} with the body's exception as
 * cause. Close every cursor you do not consume to the end (use try-with-resources); a cursor
 * abandoned without closing is closed when it is garbage-collected, which may be much later.
 *
 * <p>The generator itself is immutable, thread-safe and serializable (when its body is); a cursor
 * belongs to one consuming thread.
 *
 * @param <T> the value type
 */
public final class SKGenerator<T> implements Iterable<T>, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The default buffer: how many values the producer may run ahead. */
    public static final int DEFAULT_BUFFER = 16;

    /**
     * A generator body.
     *
     * @param <T> the value type
     */
    @FunctionalInterface
    public interface Body<T> extends Serializable {
        /**
         * Produces the values by calling {@code out.yield(value)}; returning ends the sequence.
         *
         * @param out where values go
         * @throws Exception any failure, delivered to the consumer
         */
        void generate(Yield<T> out) throws Exception;
    }

    /**
     * Where a body puts its values.
     *
     * @param <T> the value type
     */
    @FunctionalInterface
    public interface Yield<T> {
        /**
         * Hands a value to the consumer, blocking while the buffer is full.
         *
         * @param value the value (may be null)
         * @throws CancellationException when the consumer has closed the sequence; let it propagate
         */
        void yield(T value);
    }

    /**
     * One run of a generator, consumed by one thread.
     *
     * @param <T> the value type
     */
    public interface Cursor<T> extends Iterator<T>, AutoCloseable {
        /**
         * {@inheritDoc}
         *
         * @throws SKFunctionException if the body failed (after the values it yielded before)
         */
        @Override
        boolean hasNext();

        /** Stops the producer and drops buffered values. Idempotent; callable from any thread. */
        @Override
        void close();
    }

    /** The name, used in thread names and messages. */
    private final String name;
    /** The body; must be serializable for the generator to travel. */
    private final Body<T> body;
    /** How many values the producer may run ahead. */
    private final int buffer;

    private SKGenerator(String name, Body<T> body, int buffer) {
        this.name = SKFunctionBuilder.checkName(name);
        this.body = Objects.requireNonNull(body, "body");
        if (buffer < 1) {
            throw new IllegalArgumentException("Generator '" + name + "' needs a buffer of at least 1, not " + buffer);
        }
        this.buffer = buffer;
    }

    /**
     * A generator named automatically.
     *
     * @param body the body
     * @param <T> the value type
     * @return the generator
     */
    public static <T> SKGenerator<T> of(Body<T> body) {
        return new SKGenerator<>(LambdaNames.nameOf(Objects.requireNonNull(body, "body")), body, DEFAULT_BUFFER);
    }

    /**
     * A named generator.
     *
     * @param name the name
     * @param body the body
     * @param <T> the value type
     * @return the generator
     */
    public static <T> SKGenerator<T> of(String name, Body<T> body) {
        return new SKGenerator<>(name, body, DEFAULT_BUFFER);
    }

    /**
     * A copy whose producer runs at most {@code size} values ahead.
     *
     * @param size the buffer size, at least 1
     * @return the copy
     */
    public SKGenerator<T> withBuffer(int size) {
        return new SKGenerator<>(name, body, size);
    }

    /**
     * The name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * How many values the producer may run ahead of the consumer.
     *
     * @return the buffer size
     */
    public int buffer() {
        return buffer;
    }

    /**
     * Starts a new run (lazily: the body starts at the first {@code hasNext}).
     *
     * @return a cursor; close it if you stop early
     */
    @Override
    public Cursor<T> iterator() {
        return GeneratorPipe.open(name, body, buffer);
    }

    /**
     * A new run as a sequential, ordered stream; closing the stream stops the producer.
     *
     * @return the stream
     */
    public Stream<T> stream() {
        Cursor<T> cursor = iterator();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED), false)
                .onClose(cursor::close);
    }

    /**
     * Runs the generator to the end in the calling thread's view and collects the values.
     *
     * @return the values
     * @throws SKFunctionException if the body failed
     */
    public List<T> toList() {
        List<T> values = new ArrayList<>();
        try (Cursor<T> cursor = iterator()) {
            cursor.forEachRemaining(values::add);
        }
        return values;
    }

    @Override
    public String toString() {
        return "SKGenerator[" + name + ", buffer=" + buffer + "]";
    }
}
