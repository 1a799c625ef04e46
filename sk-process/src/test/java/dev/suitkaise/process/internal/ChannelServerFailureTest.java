package dev.suitkaise.process.internal;

import dev.suitkaise.process.LogCapture;
import dev.suitkaise.testkit.Conditions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An Error on the channel server's thread: one caused by one connection (a channel whose writer
 * thread cannot be started) fails only that child's start and the server serves on; one that ends
 * the thread fails every waiting start at once with the reason, and the next get opens a new server.
 */
class ChannelServerFailureTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    /** Asserts that a client with an expected token and its hello gets an open channel from {@code server}. */
    static void assertAChildConnects(ProcessServer server) throws Exception {
        String token = ProcessServer.newToken();
        CompletableFuture<Channel> start = server.expect(token);
        try (SocketChannel c = helloFrom(server, token)) {
            Channel ch = start.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(ch.isClosed()).isFalse();
            assertThat(c.isConnected()).isTrue();
            ch.close();
        }
    }

    @Test
    void anErrorSettingUpOneChildsChannelFailsOnlyThatStartAndTheServerServesTheNextChild() throws Exception {
        AtomicBoolean fail = new AtomicBoolean(true);
        ProcessServer server = ProcessServer.started((socket, label) -> {
            if (fail.getAndSet(false)) {
                throw new OutOfMemoryError("test: unable to create native thread");
            }
            return new Channel(socket, label);
        }, () -> { });
        try {
            serveOneFailedThenOneChild(server, fail);
        } finally {
            server.close();
        }
    }

    private static void serveOneFailedThenOneChild(ProcessServer server, AtomicBoolean fail) throws Exception {
        String first = ProcessServer.newToken();
        CompletableFuture<Channel> firstStart = server.expect(first);
        try (SocketChannel c = helloFrom(server, first)) {
            assertThatThrownBy(() -> firstStart.get(BOUND.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                    .hasMessageContaining("could not be set up").hasMessageContaining("unable to create native thread");
            assertThat(readFully(c)).as("the failed connection was closed").isEqualTo(-1);
        }
        assertAChildConnects(server);
    }

    @Test
    @SuppressWarnings("try") // the wake connection is held open, not used
    void anErrorEndingTheServersThreadFailsEveryWaitingStartWithTheReasonAndTheNextGetOpensAFreshServer() throws Exception {
        AtomicBoolean kill = new AtomicBoolean();
        ProcessServer.Holder holder = new ProcessServer.Holder(() -> ProcessServer.started(Channel::new, () -> {
            if (kill.getAndSet(false)) {
                throw new OutOfMemoryError("test: unable to create native thread");
            }
        }));
        ProcessServer dying = holder.get();
        CompletableFuture<Channel> waiting = dying.expect(ProcessServer.newToken());
        try (LogCapture log = new LogCapture()) {
            kill.set(true);
            try (SocketChannel wake = wake(dying)) { // held open while the woken thread fails
                assertThatThrownBy(() -> waiting.get(BOUND.toSeconds(), TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                        .hasMessageContaining("channel server " + dying.address() + " died")
                        .hasMessageContaining("unable to create native thread")
                        .hasMessageContaining("the next start opens a new channel server");
            }
            assertThat(log.awaitLine(BOUND, "ERROR", "stopped: its thread failed", "unable to create native thread"))
                    .contains(dying.address());
        }
        // a start that still holds the dead server fails at once, not after its timeout
        CompletableFuture<Channel> late = dying.expect(ProcessServer.newToken());
        assertThat(late).isCompletedExceptionally();

        ProcessServer fresh = holder.get();
        assertThat(fresh).isNotSameAs(dying);
        assertThat(fresh.address()).isNotEqualTo(dying.address());
        assertAChildConnects(fresh);
        assertThat(holder.get()).isSameAs(fresh);
        fresh.close();
    }

    @Test
    @SuppressWarnings("try") // the wake connection is held open, not used
    void aServerWhoseDeathCannotEvenBeDescribedOrLoggedStillFailsEveryWaitingStartAndStopsListening() throws Exception {
        AtomicBoolean kill = new AtomicBoolean();
        ProcessServer dying = ProcessServer.started(ProcessServer.Seams.REAL.withAfterSelect(() -> {
            if (kill.getAndSet(false)) {
                throw new UndescribableError(); // as logging it fails when there is no memory left
            }
        }));
        CompletableFuture<Channel> waiting = dying.expect(ProcessServer.newToken());
        kill.set(true);
        try (SocketChannel wake = wake(dying)) { // held open while the woken thread fails
            assertThatThrownBy(() -> waiting.get(BOUND.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                    .hasMessageContaining("channel server " + dying.address() + " died")
                    .hasMessageContaining(UndescribableError.class.getName())
                    .cause().isInstanceOf(UndescribableError.class);
        }
        Conditions.until("the dead server's socket and selector are closed", BOUND, () -> !dying.isOpen());
        assertThatThrownBy(() -> SocketChannel.open(address(dying)).close()).as("connecting to the dead server")
                .isInstanceOf(IOException.class);
        if (dying.directory() != null) { // deleted after the socket and selector are closed
            Conditions.until("the dead server's directory is deleted", BOUND,
                    () -> !Files.exists(dying.directory(), LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    @SuppressWarnings("try") // the wake connection is held open, not used
    void aServerThatDiesLogsTheRefusalsItHadNotYetLoggedOneByOne() throws Exception {
        AtomicBoolean kill = new AtomicBoolean();
        AtomicLong clock = new AtomicLong(); // stands still: the interval of refusal logging never ends by itself
        ProcessServer dying = ProcessServer.started(ProcessServer.Seams.REAL.withClock(clock::get).withAfterSelect(() -> {
            if (kill.getAndSet(false)) {
                throw new OutOfMemoryError("test: unable to create native thread");
            }
        }));
        int more = 3;
        try (LogCapture log = new LogCapture()) {
            for (int k = 0; k < ProcessServer.WARN_REFUSALS + more; k++) {
                SocketChannel.open(address(dying)).close(); // no hello at all
            }
            Conditions.until("every connection was refused", BOUND, () -> dying.refusedCount() == ProcessServer.WARN_REFUSALS + more);
            assertThat(log.count("WARN", "without logging each")).as("summaries before the death").isZero();
            kill.set(true);
            try (SocketChannel wake = wake(dying)) { // held open while the woken thread fails
                log.awaitLine(BOUND, "ERROR", "stopped: its thread failed", dying.address());
            }
            assertThat(log.awaitLine(BOUND, "WARN", "Refused " + more + " more connections to the sk-process channel "
                    + dying.address(), "without logging each")).contains("before it stopped");
        }
    }

    @Test
    void aClosedServerStopsListeningFailsItsWaitingStartsDeletesItsDirectoryAndEndsItsThread() throws Exception {
        AtomicReference<Thread> thread = new AtomicReference<>();
        ProcessServer server = ProcessServer.started(ProcessServer.Seams.REAL.withStarter((s, loop) -> {
            Thread t = ProcessServer.Seams.REAL.starter().start(s, loop);
            thread.set(t);
            return t;
        }));
        CompletableFuture<Channel> waiting = server.expect(ProcessServer.newToken());
        try (SocketChannel held = SocketChannel.open(address(server))) { // a connection still without its hello
            server.close();

            assertThatThrownBy(() -> waiting.get(BOUND.toSeconds(), TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                    .hasMessageContaining("it was closed");
            assertThat(thread.get().join(BOUND)).as("the handshake thread ended").isTrue();
            assertThat(readFully(held)).as("the held connection was closed").isEqualTo(-1);
        }
        assertThat(server.isOpen()).isFalse();
        assertThatThrownBy(() -> SocketChannel.open(address(server)).close()).isInstanceOf(IOException.class);
        if (server.directory() != null) {
            assertThat(Files.exists(server.directory(), LinkOption.NOFOLLOW_LINKS)).as("its directory exists").isFalse();
            assertThat(Runtime.getRuntime().removeShutdownHook(server.shutdownHook())).as("its hook was still registered").isFalse();
        }
        assertThat(server.expect(ProcessServer.newToken())).as("a start after the close").isCompletedExceptionally();
    }

    /** An Error that cannot even say what it is. */
    private static final class UndescribableError extends Error {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString() {
            throw new OutOfMemoryError("test: no memory left to describe the failure");
        }
    }

    private static SocketChannel helloFrom(ProcessServer server, String token) throws IOException {
        SocketChannel c = SocketChannel.open(address(server));
        ByteBuffer hello = ByteBuffer.wrap(new Hello(Frame.VERSION, token, ProcessHandle.current().pid()).encode());
        while (hello.hasRemaining()) {
            c.write(hello);
        }
        return c;
    }

    private static int readFully(SocketChannel c) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return c.read(ByteBuffer.allocate(64));
            } catch (IOException e) {
                return -1;
            }
        }).get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Connects to {@code server} to wake its handshake thread once a test has armed the thread's
     * failure (in its after-select seam); the caller holds the connection open until the death is
     * seen, so that it is not refused first. Null if the thread woke by itself before, after the
     * connection event that came before the arming or at the end of its select timeout, and the
     * server is already gone: the connection then finds no socket or is refused, and the caller's
     * checks of the death hold all the same.
     *
     * @param server the server whose thread is armed to fail
     * @return the open connection, which the caller closes, or null
     */
    static SocketChannel wake(ProcessServer server) {
        try {
            return SocketChannel.open(address(server));
        } catch (IOException e) {
            return null; // the thread woke by itself and the server is gone already
        }
    }

    static SocketAddress address(ProcessServer server) {
        String a = server.address();
        if (a.startsWith("unix:")) {
            return UnixDomainSocketAddress.of(a.substring("unix:".length()));
        }
        String hostPort = a.substring("tcp:".length());
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
