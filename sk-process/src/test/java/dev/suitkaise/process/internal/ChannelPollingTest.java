package dev.suitkaise.process.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The receiving side's polling: a reader polls an empty socket for the spin window before it
 * waits on the selector, adapts to how quickly frames come, and still ends, keeps order and
 * ignores interrupts as a waiting reader does.
 */
class ChannelPollingTest {

    private Path dir;
    private Channel a;
    private Channel b;

    /** Connects {@code a} (never polling) to {@code b} (polling with the given window). */
    private void connect(long spinNanos) throws IOException {
        dir = Files.createTempDirectory("sk-channel-polling-test");
        Path sock = dir.resolve("s");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(sock));
            SocketChannel accepted = server.accept();
            a = new Channel(client, "polling-a", 0);
            b = new Channel(accepted, "polling-b", spinNanos);
        }
    }

    @AfterEach
    void close() throws IOException {
        if (a != null) {
            a.close();
            b.close();
        }
        if (dir != null) {
            Files.deleteIfExists(dir.resolve("s"));
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void framesOfEverySizeComeWholeAndInOrderToAPollingReader() throws Exception {
        connect(TimeUnit.MICROSECONDS.toNanos(200));
        int frames = 2_000;
        CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; i < frames; i++) {
                    Frame.Message m = (Frame.Message) b.receive();
                    b.send(m);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < frames; i++) {
            int size = 8 + (i * 7919) % (i % 50 == 0 ? 600_000 : 2_000);
            byte[] p = new byte[size];
            ByteBuffer.wrap(p).putInt(i).putInt(size);
            p[size - 1] = (byte) i;
            assertThat(a.send(new Frame.Message(p))).isTrue();
            byte[] back = ((Frame.Message) a.receive()).payload();
            assertThat(back).hasSize(size);
            assertThat(ByteBuffer.wrap(back).getInt()).isEqualTo(i);
            assertThat(back[size - 1]).isEqualTo((byte) i);
        }
        echo.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aFrameAfterALongPauseStillArrivesAndTheNextWaitDoesNotPoll() throws Exception {
        long window = TimeUnit.MILLISECONDS.toNanos(1);
        connect(window);
        Receiving got = startReceiving();
        awaitSelecting(got.thread()); // the poll missed: the reader sleeps on the selector

        a.send(new Frame.Ping());

        assertThat(got.frame().get(30, TimeUnit.SECONDS)).isInstanceOf(Frame.Ping.class);
        assertThat(b.pollsNextWait()).as("after a poll that missed, the next wait goes straight to the selector").isFalse();
    }

    @Test
    void aFrameThatComesWhileTheReaderWaitsTurnsPollingBackOn() throws Exception {
        // polling turns back on for a frame read within two windows of the wait's start: a window long enough
        // that neither thread's stall on a loaded machine makes the frame late
        long window = TimeUnit.SECONDS.toNanos(3);
        connect(window);
        // a frame the poll misses turns polling off
        Receiving slow = startReceiving();
        awaitSelecting(slow.thread());
        a.send(new Frame.Ping());
        assertThat(slow.frame().get(30, TimeUnit.SECONDS)).isInstanceOf(Frame.Ping.class);
        assertThat(b.pollsNextWait()).isFalse();

        // the next receive waits on the selector at once; a frame sent while it waits turns polling on
        Receiving quick = startReceiving();
        awaitSelecting(quick.thread());
        a.send(new Frame.Ping());

        assertThat(quick.frame().get(30, TimeUnit.SECONDS)).isInstanceOf(Frame.Ping.class);
        assertThat(b.pollsNextWait()).isTrue();
    }

    @Test
    void aFrameThatComesLaterThanTwiceTheWindowAfterTheWaitBeganLeavesPollingOff() throws Exception {
        long window = TimeUnit.MILLISECONDS.toNanos(50);
        connect(window);
        Receiving slow = startReceiving();
        awaitSelecting(slow.thread());
        a.send(new Frame.Ping());
        assertThat(slow.frame().get(30, TimeUnit.SECONDS)).isInstanceOf(Frame.Ping.class);
        assertThat(b.pollsNextWait()).as("a poll that missed turns polling off").isFalse();

        Receiving late = startReceiving();
        awaitSelecting(late.thread()); // its wait began before this returned
        // the time itself is what is tested: more than twice the window passes between the wait's start and the frame
        long sendAfter = System.nanoTime() + 3 * window;
        while (System.nanoTime() - sendAfter < 0) {
            java.util.concurrent.locks.LockSupport.parkNanos(sendAfter - System.nanoTime());
        }
        a.send(new Frame.Ping());

        assertThat(late.frame().get(30, TimeUnit.SECONDS)).isInstanceOf(Frame.Ping.class);
        assertThat(b.pollsNextWait()).as("a frame long after the wait began leaves polling off").isFalse();
    }

    /** A thread receiving one frame from {@code b}, and what it received. */
    private record Receiving(Thread thread, CompletableFuture<Frame> frame) {
    }

    /** Starts a thread that receives one frame from {@code b}; returns once it runs. */
    private Receiving startReceiving() throws InterruptedException {
        CompletableFuture<Frame> frame = new CompletableFuture<>();
        CountDownLatch running = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().daemon().name("polling-test-reader").start(() -> {
            running.countDown();
            try {
                frame.complete(b.receive());
            } catch (IOException | RuntimeException e) {
                frame.completeExceptionally(e);
            }
        });
        running.await();
        return new Receiving(t, frame);
    }

    /** Waits, with a bound, until the thread waits on a selector. */
    private static void awaitSelecting(Thread t) throws InterruptedException {
        long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (java.util.Arrays.stream(t.getStackTrace()).noneMatch(f -> f.getMethodName().startsWith("select")
                || f.getMethodName().equals("doSelect"))) {
            assertThat(System.nanoTime() - bound).as("the reader reaches the selector").isNegative();
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    @Test
    void closingTheChannelEndsAReceiveThatIsPolling() throws Exception {
        connect(TimeUnit.MINUTES.toNanos(10)); // polls far longer than the test may take
        Receiving got = startReceiving();

        b.close();

        assertThatThrownBy(() -> got.frame().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IOException.class).hasMessageContaining("polling-b")
                .hasMessageContaining("closed on this side").hasMessageNotContaining("other side");
    }

    @Test
    void closingTheChannelEndsAReceiveWaitingOnTheSelectorAndSaysItWasClosedOnThisSide() throws Exception {
        connect(0); // never polls: the reader waits on the selector at once
        Receiving got = startReceiving();
        awaitSelecting(got.thread());

        b.close();

        assertThatThrownBy(() -> got.frame().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(java.io.EOFException.class).hasMessageContaining("polling-b")
                .hasMessageContaining("closed on this side").hasMessageNotContaining("other side");
        assertThatThrownBy(b::receive).isInstanceOf(java.io.EOFException.class).hasMessageContaining("closed on this side");
    }

    @Test
    void theOtherSideClosingEndsAReceiveThatIsPolling() throws Exception {
        connect(TimeUnit.MINUTES.toNanos(10));
        Receiving got = startReceiving();

        a.close(Duration.ofSeconds(5));

        assertThatThrownBy(() -> got.frame().get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IOException.class).hasMessageContaining("closed by the other side");
    }

    @Test
    void interruptingAPollingReaderNeitherEndsTheReceiveNorClosesTheChannel() throws Exception {
        connect(TimeUnit.MINUTES.toNanos(10));
        CountDownLatch receiving = new CountDownLatch(1);
        CompletableFuture<Object> got = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            receiving.countDown();
            try {
                Frame f = b.receive();
                got.complete(Thread.currentThread().isInterrupted() ? f : "interrupt status lost");
            } catch (IOException e) {
                got.complete(e);
            }
        });
        receiving.await();
        reader.interrupt();
        assertThat(b.isClosed()).isFalse();

        a.send(new Frame.Ping());

        assertThat(got.get(30, TimeUnit.SECONDS)).isInstanceOf(Frame.Ping.class);
        assertThat(b.isClosed()).isFalse();
    }

    @Test
    void aNegativeSpinWindowIsRefused() throws IOException {
        try (SocketChannel s = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            assertThatThrownBy(() -> new Channel(s, "negative", -1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("negative").hasMessageContaining("0 or more");
        }
    }
}
