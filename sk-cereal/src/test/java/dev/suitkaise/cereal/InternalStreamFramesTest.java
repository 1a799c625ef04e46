package dev.suitkaise.cereal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.Pipe;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stream variants: one length-prefixed frame per graph, bounded by maxFrameBytes on both sides. */
class InternalStreamFramesTest {

    private final InternalCereal cereal = SKCereal.internal();

    @Test
    void aNullTypeIsRefusedBeforeAFrameIsReadSoTheStreamKeepsItsNextFrame() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cereal.serialize("first", out);
        InputStream in = new java.io.ByteArrayInputStream(out.toByteArray());

        assertThatThrownBy(() -> cereal.deserialize(in, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("type is null");
        assertThat(cereal.deserialize(in, String.class)).isEqualTo("first");
    }

    @Test
    void aGraphLargerThanMaxFrameBytesIsRefusedOnWriteAndNothingReachesTheStream() {
        InternalCereal small = InternalCereal.builder().maxFrameBytes(64).build();
        String big = "x".repeat(200);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> small.serialize(big, out)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("java.lang.String")
                .hasMessageContaining("encodes to " + small.serialize(big).length + " bytes")
                .hasMessageContaining("maxFrameBytes of 64")
                .hasMessageContaining("InternalCereal.builder().maxFrameBytes(n)");
        assertThat(out.size()).isZero();
    }

    @Test
    void aFrameOfExactlyMaxFrameBytesIsWrittenAndReadBack() {
        String value = "y".repeat(40);
        int size = cereal.serialize(value).length;
        InternalCereal exact = InternalCereal.builder().maxFrameBytes(size).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        exact.serialize(value, out);

        assertThat(out.size()).isEqualTo(4 + size);
        assertThat(exact.deserialize(new java.io.ByteArrayInputStream(out.toByteArray()))).isEqualTo(value);
    }

    /** Counts the bytes it passed on; opens a latch when a read starts after a given number of them. */
    private static final class Watched extends FilterInputStream {
        private final int after;
        private final CountDownLatch waiting = new CountDownLatch(1);
        private final AtomicInteger delivered = new AtomicInteger();

        Watched(InputStream in, int after) {
            super(in);
            this.after = after;
        }

        private void starting() {
            if (delivered.get() >= after) {
                waiting.countDown();
            }
        }

        @Override
        public int read() throws IOException {
            starting();
            int b = super.read();
            if (b >= 0) {
                delivered.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            starting();
            int n = super.read(b, off, len);
            if (n > 0) {
                delivered.addAndGet(n);
            }
            return n;
        }

        boolean awaitRead() throws InterruptedException {
            return waiting.await(10, TimeUnit.SECONDS);
        }
    }

    /** Reads one frame in a platform thread; a failure carries the thread's interrupt status in its message. */
    private static CompletableFuture<Object> readInThread(InternalCereal codec, InputStream in) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Runnable task = () -> {
            try {
                result.complete(codec.deserialize(in));
            } catch (Throwable e) {
                result.completeExceptionally(new IllegalStateException("interrupted=" + Thread.currentThread().isInterrupted(), e));
            }
        };
        Thread.ofPlatform().daemon().start(task);
        return result;
    }

    @Test
    void deserializeOfAStreamWaitsForTheRestOfAFrameThatArrivesInParts() throws Exception {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        cereal.serialize(List.of("alpha", "beta", 42), frame);
        byte[] bytes = frame.toByteArray();
        int firstPart = bytes.length / 2;
        Pipe pipe = Pipe.open();
        Watched in = new Watched(Channels.newInputStream(pipe.source()), firstPart);
        try (OutputStream out = Channels.newOutputStream(pipe.sink())) {
            CompletableFuture<Object> result = readInThread(cereal, in);
            out.write(Arrays.copyOf(bytes, firstPart));
            out.flush();

            assertThat(in.awaitRead()).as("the reader asked for more after part of the frame").isTrue();
            assertThat(result).isNotDone();
            out.write(Arrays.copyOfRange(bytes, firstPart, bytes.length));
            out.flush();

            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(List.of("alpha", "beta", 42));
        }
    }

    @Test
    void interruptingAReadFromAnInterruptibleChannelFailsWithTheInterruptStatusKept() throws Exception {
        Pipe pipe = Pipe.open();
        Watched in = new Watched(Channels.newInputStream(pipe.source()), 0);
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try {
                result.complete(cereal.deserialize(in));
            } catch (SKCerealException e) {
                result.complete(List.of(e, Thread.currentThread().isInterrupted()));
            }
        });
        assertThat(in.awaitRead()).isTrue();

        reader.interrupt();

        List<?> outcome = (List<?>) result.get(10, TimeUnit.SECONDS);
        assertThat((Throwable) outcome.get(0)).hasCauseInstanceOf(ClosedByInterruptException.class)
                .hasMessageContaining("Cannot read a frame");
        assertThat(outcome.get(1)).as("interrupt status after the failure").isEqualTo(true);
        assertThat(pipe.source().isOpen()).isFalse();
        pipe.sink().close();
    }

    @Test
    void interruptingAReadFromAPipedInputStreamFailsAndThatStreamClearsTheInterruptStatus() throws Exception {
        try (java.io.PipedOutputStream sink = new java.io.PipedOutputStream();
             java.io.PipedInputStream piped = new java.io.PipedInputStream(sink)) {
            Watched in = new Watched(piped, 0);
            CompletableFuture<Object> result = new CompletableFuture<>();
            Thread reader = Thread.ofPlatform().daemon().start(() -> {
                try {
                    result.complete(cereal.deserialize(in));
                } catch (SKCerealException e) {
                    result.complete(List.of(e, Thread.currentThread().isInterrupted()));
                }
            });
            assertThat(in.awaitRead()).isTrue();

            reader.interrupt();

            List<?> outcome = (List<?>) result.get(10, TimeUnit.SECONDS);
            assertThat((Throwable) outcome.get(0)).hasCauseInstanceOf(java.io.InterruptedIOException.class);
            assertThat(outcome.get(1)).as("interrupt status after the failure").isEqualTo(false);
        }
    }

    @Test
    void aReadFromAPlatformThreadsSocketIsReleasedByClosingTheSocketAndFromAVirtualThreadByInterruptingIt()
            throws Exception {
        try (ServerSocket server = new ServerSocket(0);
             Socket client2 = new Socket("localhost", server.getLocalPort());
             Socket accepted2 = server.accept()) {
            Socket client = new Socket("localhost", server.getLocalPort());
            try (Socket accepted = server.accept()) {
                Watched platformIn = new Watched(client.getInputStream(), 0);
                CompletableFuture<Object> platform = readInThread(cereal, platformIn);
                assertThat(platformIn.awaitRead()).isTrue();
                closeFromThisThread(client); // from this thread, while the reader is blocked
                assertThat(platform).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                        .havingRootCause().isInstanceOf(java.net.SocketException.class);
                assertThat(accepted.isClosed()).isFalse();
            } finally {
                closeFromThisThread(client);
            }

            Watched virtualIn = new Watched(client2.getInputStream(), 0);
            CompletableFuture<Object> virtual = new CompletableFuture<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    virtual.complete(cereal.deserialize(virtualIn));
                } catch (SKCerealException e) {
                    virtual.complete(List.of(e, Thread.currentThread().isInterrupted()));
                }
            });
            assertThat(virtualIn.awaitRead()).isTrue();
            reader.interrupt();
            List<?> outcome = (List<?>) virtual.get(10, TimeUnit.SECONDS);
            assertThat((Throwable) outcome.get(0)).hasCauseInstanceOf(java.net.SocketException.class);
            assertThat(outcome.get(1)).isEqualTo(true);
            assertThat(client2.isClosed()).isTrue();
            assertThat(accepted2.isClosed()).as("only the reading side was closed").isFalse();
        }
    }

    private static void closeFromThisThread(Socket socket) throws IOException {
        socket.close();
    }

    @Test
    void anOversizedFrameWhoseBytesHaveAllArrivedIsSkippedSoTheNextFrameIsRead() {
        InternalCereal small = InternalCereal.builder().maxFrameBytes(64).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cereal.serialize("x".repeat(200), out);
        cereal.serialize("next", out);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThatThrownBy(() -> small.deserialize(in)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("more than this codec's maxFrameBytes of 64")
                .hasMessageContaining("were skipped, so the next read starts at the frame after it");
        assertThat(small.deserialize(in)).isEqualTo("next");
        assertThat(in.available()).isZero();
    }

    @Test
    void anOversizedFrameThatHasNotAllArrivedLeavesTheStreamOutOfStepAndTheMessageSaysToCloseIt() {
        InternalCereal small = InternalCereal.builder().maxFrameBytes(64).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cereal.serialize("x".repeat(200), out);
        // a stream that cannot tell what has arrived, like a socket whose bytes are still on the way
        InputStream in = new FilterInputStream(new ByteArrayInputStream(out.toByteArray())) {
            @Override
            public int available() {
                return 0;
            }
        };
        assertThatThrownBy(() -> small.deserialize(in)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("more than this codec's maxFrameBytes of 64")
                .hasMessageContaining("inside that frame and out of step: close it");
        InputStream corrupted = new ByteArrayInputStream(new byte[] {(byte) 0x80, 0, 0, 0, 1, 2, 3});
        assertThatThrownBy(() -> small.deserialize(corrupted)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("2147483648 bytes").hasMessageContaining("corrupted or out of step")
                .hasMessageContaining("Close it");
    }

    @Test
    void aWriteThatFailsInsideAFrameSaysTheStreamMayHoldPartOfItAndMustBeClosed() {
        OutputStream failing = new OutputStream() {
            private int written;

            @Override
            public void write(int b) throws IOException {
                if (++written > 6) {
                    throw new IOException("disk full");
                }
            }
        };
        assertThatThrownBy(() -> cereal.serialize("a fairly long string value", failing))
                .isInstanceOf(SKCerealException.class).hasMessageContaining("disk full")
                .hasMessageContaining("may now hold part of the frame").hasMessageContaining("close the stream");
    }
}
