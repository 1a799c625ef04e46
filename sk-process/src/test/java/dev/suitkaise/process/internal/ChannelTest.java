package dev.suitkaise.process.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel's non-blocking writes: any thread may send, interrupted or not, frames larger than
 * the socket buffer go out whole and in order, and a sender never waits for the other side.
 */
class ChannelTest {

    private Path dir;
    private Channel a;
    private Channel b;

    @BeforeEach
    void connect() throws IOException {
        dir = Files.createTempDirectory("sk-channel-test");
        Path sock = dir.resolve("s");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(sock));
            SocketChannel accepted = server.accept();
            a = new Channel(client, "test-a");
            b = new Channel(accepted, "test-b");
        }
    }

    @AfterEach
    void close() throws IOException {
        a.close();
        b.close();
        Files.deleteIfExists(dir.resolve("s"));
        Files.deleteIfExists(dir);
    }

    private static byte[] payload(int sender, int seq, int size) {
        byte[] p = new byte[size];
        ByteBuffer.wrap(p).putInt(sender).putInt(seq);
        for (int i = 8; i < size; i++) {
            p[i] = (byte) (sender * 31 + seq + i);
        }
        return p;
    }

    private static void check(byte[] p, int size) {
        ByteBuffer bb = ByteBuffer.wrap(p);
        int sender = bb.getInt();
        int seq = bb.getInt();
        assertThat(p).hasSize(size);
        for (int i = 8; i < size; i++) {
            if (p[i] != (byte) (sender * 31 + seq + i)) {
                throw new AssertionError("frame " + sender + "/" + seq + " corrupted at byte " + i);
            }
        }
    }

    @Test
    void anInterruptedThreadSendsAndTheChannelStaysOpen() throws Exception {
        AtomicReference<Boolean> sent = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt();
            boolean ok = true;
            for (int i = 0; i < 100; i++) {
                ok &= a.send(new Frame.Message(payload(1, i, 64)));
            }
            sent.set(ok && Thread.currentThread().isInterrupted());
        });
        t.join(Duration.ofSeconds(30));

        assertThat(sent.get()).isTrue();
        for (int i = 0; i < 100; i++) {
            Frame.Message m = (Frame.Message) b.receive();
            assertThat(ByteBuffer.wrap(m.payload()).getInt(4)).isEqualTo(i);
        }
        assertThat(a.isClosed()).isFalse();
        assertThat(a.send(new Frame.Ping())).isTrue();
        assertThat(b.receive()).isInstanceOf(Frame.Ping.class);
    }

    @Test
    void aFrameLargerThanTheSocketBufferIsSentWithoutWaitingForTheReader() throws Exception {
        int size = 8 * 1024 * 1024;
        CompletableFuture<Boolean> sent = CompletableFuture.supplyAsync(() -> a.send(new Frame.Message(payload(7, 0, size))));
        // nobody reads yet: the send must still return, leaving the rest to the writer thread
        assertThat(sent.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(a.send(new Frame.Message(payload(7, 1, 100)))).isTrue();

        Frame.Message big = (Frame.Message) b.receive();
        check(big.payload(), size);
        Frame.Message small = (Frame.Message) b.receive();
        check(small.payload(), 100);
        assertThat(ByteBuffer.wrap(small.payload()).getInt(4)).isEqualTo(1);
    }

    @Test
    void concurrentSendersOfLargeFramesKeepEachSendersOrderAndEveryByte() throws Exception {
        int senders = 4;
        int frames = 40;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < frames; i++) {
                    int size = 1000 + (i * 7919 + sender * 104729) % 400_000;
                    if (i % 5 == sender) {
                        Thread.currentThread().interrupt(); // some sends happen with the interrupt set
                    }
                    a.send(new Frame.Message(payload(sender, i, size)));
                    Thread.interrupted();
                }
            }));
        }
        start.countDown();
        Map<Integer, Integer> next = new HashMap<>();
        for (int n = 0; n < senders * frames; n++) {
            Frame.Message m = (Frame.Message) b.receive();
            ByteBuffer bb = ByteBuffer.wrap(m.payload());
            int sender = bb.getInt();
            int seq = bb.getInt();
            assertThat(seq).as("frame order of sender %d", sender).isEqualTo(next.getOrDefault(sender, 0));
            next.put(sender, seq + 1);
            check(m.payload(), 1000 + (seq * 7919 + sender * 104729) % 400_000);
        }
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(30));
        }
        assertThat(next).hasSize(senders).allSatisfy((s, count) -> assertThat(count).isEqualTo(frames));
    }

    @Test
    void closeWithAFlushDeliversTheBacklogFirst() throws Exception {
        int size = 4 * 1024 * 1024;
        assertThat(a.send(new Frame.Message(payload(3, 0, size)))).isTrue();
        assertThat(a.send(new Frame.Message(payload(3, 1, size)))).isTrue();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> a.close(Duration.ofSeconds(30)));

        check(((Frame.Message) b.receive()).payload(), size);
        check(((Frame.Message) b.receive()).payload(), size);
        closing.get(30, TimeUnit.SECONDS);
        assertThat(a.isClosed()).isTrue();
        assertThat(a.send(new Frame.Ping())).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(b::receive).isInstanceOf(IOException.class);
    }

    @Test
    void interruptingTheReceivingThreadNeitherEndsTheReceiveNorClosesTheChannel() throws Exception {
        AtomicReference<Object> got = new AtomicReference<>();
        CountDownLatch receiving = new CountDownLatch(1);
        Thread reader = Thread.ofPlatform().start(() -> {
            receiving.countDown();
            try {
                Frame f = b.receive();
                got.set(Thread.currentThread().isInterrupted() ? f : "interrupt status lost");
            } catch (IOException e) {
                got.set(e);
            }
        });
        receiving.await();
        reader.interrupt();
        // the reader is still waiting: nothing arrived
        assertThat(reader.join(Duration.ofMillis(200))).isFalse();
        assertThat(b.isClosed()).isFalse();

        a.send(new Frame.Ping());
        reader.join(Duration.ofSeconds(30));
        assertThat(got.get()).isInstanceOf(Frame.Ping.class);
    }
}
