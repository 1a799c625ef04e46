package dev.suitkaise.function;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeneratorTest {

    @Test
    void aGeneratorYieldsItsValuesInOrderAsAnIterator() {
        SKGenerator<Integer> gen = SKGenerator.of("count", out -> {
            for (int i = 1; i <= 5; i++) {
                out.yield(i);
            }
        });

        List<Integer> seen = new ArrayList<>();
        for (int v : gen) {
            seen.add(v);
        }
        assertThat(seen).containsExactly(1, 2, 3, 4, 5);
        assertThat(gen.toList()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void anInfiniteGeneratorIsConsumedLazilyAsAStream() {
        SKGenerator<Long> squares = SKGenerator.of(out -> {
            for (long i = 1; ; i++) {
                out.yield(i * i);
            }
        });

        try (Stream<Long> s = squares.stream()) {
            assertThat(s.limit(5).toList()).containsExactly(1L, 4L, 9L, 16L, 25L);
        }
    }

    @Test
    void nothingRunsUntilTheFirstValueIsAskedFor() {
        AtomicBoolean started = new AtomicBoolean();
        SKGenerator<String> gen = SKGenerator.of("lazy", out -> {
            started.set(true);
            out.yield("a");
        });

        try (SKGenerator.Cursor<String> cursor = gen.iterator()) {
            assertThat(started).isFalse();
            assertThat(cursor.next()).isEqualTo("a");
            assertThat(started).isTrue();
            assertThat(cursor.hasNext()).isFalse();
            assertThatThrownBy(cursor::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void theProducerBlocksWhenItIsABufferAheadOfTheConsumer() {
        AtomicInteger produced = new AtomicInteger();
        AtomicReference<Thread> producer = new AtomicReference<>();
        SKGenerator<Integer> gen = SKGenerator.<Integer>of("pressure", out -> {
            producer.set(Thread.currentThread());
            for (int i = 0; i < 1000; i++) {
                produced.incrementAndGet();
                out.yield(i);
            }
        }).withBuffer(2);

        try (SKGenerator.Cursor<Integer> cursor = gen.iterator()) {
            assertThat(cursor.next()).isZero();
            Await.until("the producer blocks on a full buffer", () -> producer.get() != null
                    && producer.get().getState() == Thread.State.WAITING && produced.get() >= 4);
            // one taken, two buffered, one waiting in yield
            assertThat(produced.get()).isEqualTo(4);
            assertThat(cursor.next()).isEqualTo(1);
            Await.until("the producer refills one slot", () -> produced.get() == 5
                    && producer.get().getState() == Thread.State.WAITING);
            assertThat(produced.get()).isEqualTo(5);
        }
    }

    @Test
    void closingEarlyStopsTheProducer() {
        AtomicReference<Thread> producer = new AtomicReference<>();
        AtomicReference<Throwable> stoppedBy = new AtomicReference<>();
        AtomicBoolean finishedNormally = new AtomicBoolean();
        SKGenerator<Integer> gen = SKGenerator.of("endless", out -> {
            producer.set(Thread.currentThread());
            try {
                for (int i = 0; ; i++) {
                    out.yield(i);
                }
            } catch (CancellationException e) {
                stoppedBy.set(e);
                throw e;
            } finally {
                finishedNormally.set(stoppedBy.get() == null);
            }
        });

        SKGenerator.Cursor<Integer> cursor = gen.iterator();
        assertThat(cursor.next()).isZero();
        assertThat(cursor.next()).isEqualTo(1);
        cursor.close();

        Await.until("the producer thread ends", () -> producer.get().getState() == Thread.State.TERMINATED);
        assertThat(stoppedBy.get()).isInstanceOf(CancellationException.class).hasMessageContaining("endless");
        assertThat(finishedNormally).isFalse();
        assertThat(cursor.hasNext()).isFalse();
    }

    @Test
    void aProducerWhoseBodyCatchesTheCancellationAndReturnsEndsAfterClose() {
        AtomicReference<Thread> producer = new AtomicReference<>();
        AtomicReference<Throwable> caught = new AtomicReference<>();
        AtomicBoolean closeReturned = new AtomicBoolean();
        SKGenerator<Integer> gen = SKGenerator.<Integer>of("catches", out -> {
            producer.set(Thread.currentThread());
            try {
                for (int i = 0; ; i++) {
                    out.yield(i);
                }
            } catch (RuntimeException e) { // a catch-all that logs and returns: the CancellationException lands here
                caught.set(e);
                Await.until("close() returned", closeReturned::get); // returns only once close left its end marker
            }
        }).withBuffer(1);
        SKGenerator.Cursor<Integer> cursor = gen.iterator();
        assertThat(cursor.next()).isZero();
        Await.until("the producer blocks in yield on the full buffer",
                () -> producer.get().getState() == Thread.State.WAITING);

        cursor.close();
        closeReturned.set(true);

        Await.until("the body returned after close", () -> caught.get() != null);
        assertThat(caught.get()).isInstanceOf(CancellationException.class);
        Await.until("the producer thread ends", () -> producer.get().getState() == Thread.State.TERMINATED);
    }

    @Test
    void closingTheStreamStopsTheProducer() {
        AtomicReference<Thread> producer = new AtomicReference<>();
        SKGenerator<Integer> gen = SKGenerator.of("stream", out -> {
            producer.set(Thread.currentThread());
            for (int i = 0; ; i++) {
                out.yield(i);
            }
        });

        try (Stream<Integer> s = gen.stream()) {
            assertThat(s.limit(3).toList()).containsExactly(0, 1, 2);
        }

        Await.until("the producer thread ends", () -> producer.get().getState() == Thread.State.TERMINATED);
    }

    @Test
    void aFailureInTheBodySurfacesAtTheConsumerAfterTheEarlierValues() {
        SKGenerator<String> gen = SKGenerator.of("flaky", out -> {
            out.yield("first");
            out.yield("second");
            throw new IOException("source gone");
        });

        SKGenerator.Cursor<String> cursor = gen.iterator();
        assertThat(cursor.next()).isEqualTo("first");
        assertThat(cursor.next()).isEqualTo("second");
        assertThatThrownBy(cursor::hasNext)
                .isInstanceOf(SKFunctionException.class)
                .hasMessageContaining("'flaky'")
                .hasCauseInstanceOf(IOException.class)
                .hasRootCauseMessage("source gone");
        assertThat(cursor.hasNext()).isFalse();
    }

    @Test
    void closingFromAnotherThreadWakesAConsumerWaitingForAValue() throws Exception {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        SKGenerator<String> gen = SKGenerator.of("silent", out -> never.await());
        SKGenerator.Cursor<String> cursor = gen.iterator();
        AtomicReference<Thread> consumer = new AtomicReference<>();
        java.util.concurrent.CompletableFuture<Boolean> answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            consumer.set(Thread.currentThread());
            return cursor.hasNext();
        });

        Await.until("the consumer waits for a value", () -> consumer.get() != null
                && consumer.get().getState() == Thread.State.WAITING);
        cursor.close();

        assertThat(answer.get(20, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void anAbandonedCursorStopsItsProducerOnceCollected() {
        AtomicReference<Thread> producer = new AtomicReference<>();
        SKGenerator<Integer> gen = SKGenerator.<Integer>of("abandoned", out -> {
            producer.set(Thread.currentThread());
            for (int i = 0; ; i++) {
                out.yield(i);
            }
        }).withBuffer(1);
        consumeOneAndDrop(gen);

        Await.until("the abandoned producer ends", () -> {
            System.gc();
            return producer.get().getState() == Thread.State.TERMINATED;
        });
    }

    private static void consumeOneAndDrop(SKGenerator<Integer> gen) {
        assertThat(gen.iterator().next()).isZero();
    }

    @Test
    void nullValuesAreDelivered() {
        SKGenerator<String> gen = SKGenerator.of("nulls", out -> {
            out.yield(null);
            out.yield("x");
        });

        assertThat(gen.toList()).containsExactly(null, "x");
    }

    @Test
    void eachIteratorIsAnIndependentRun() {
        AtomicInteger runs = new AtomicInteger();
        SKGenerator<Integer> gen = SKGenerator.of("runs", out -> out.yield(runs.incrementAndGet()));

        assertThat(gen.toList()).containsExactly(1);
        assertThat(gen.toList()).containsExactly(2);
    }
}
