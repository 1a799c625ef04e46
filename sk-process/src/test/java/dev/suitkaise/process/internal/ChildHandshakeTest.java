package dev.suitkaise.process.internal;

import dev.suitkaise.process.LogCapture;
import dev.suitkaise.process.ProcessSpec;
import dev.suitkaise.testkit.Conditions;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handshake between a child JVM and its parent: a connection whose hello has not come within
 * the window is refused even while a start waits for its child, silent connections beyond the cap
 * are refused oldest first without making a real child's start fail, a flood of refusals is
 * logged one by one only up to a limit, and a child whose channel
 * ends before its welcome says why and exits with a failure status instead of a silent 0.
 */
class ChildHandshakeTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    private static void until(String what, java.util.function.BooleanSupplier condition) {
        Conditions.until(what, BOUND, condition);
    }

    @Test
    void aSilentConnectionIsRefusedAfterTheHelloWindowEvenWhileAChildStartIsAwaited() throws Exception {
        ProcessServer server = ProcessServer.get();
        String token = ProcessServer.newToken();
        CompletableFuture<Channel> awaited = server.expect(token); // a start waits for its child all along
        long refusedBefore = server.refusedCount();
        try (LogCapture log = new LogCapture(); SocketChannel stranger = open(server)) {
            int read = CompletableFuture.supplyAsync(() -> {
                try {
                    return stranger.read(ByteBuffer.allocate(64));
                } catch (IOException e) {
                    return -1;
                }
            }).get(BOUND.toSeconds(), TimeUnit.SECONDS);

            assertThat(read).as("the server closed the silent connection").isEqualTo(-1);
            assertThat(log.awaitLine(BOUND, "WARN", "Refused a connection", "its hello was not complete",
                    ProcessServer.HELLO_MILLIS + " ms allowed")).contains(server.address());
            assertThat(server.refusedCount()).isEqualTo(refusedBefore + 1);
            assertThat(awaited).as("the start still waits for its child").isNotDone();
        } finally {
            server.forget(token);
        }
    }

    @Test
    void aBurstOfSilentStrangersWhileARealChildStartsDoesNotMakeItsStartFail() throws Exception {
        ProcessServer server = ProcessServer.get();
        int cap = ProcessServer.MAX_UNAUTHENTICATED;
        String token = ProcessServer.newToken();
        server.expect(token); // another start waits for its child all along: its token must not matter either
        long refusedBefore = server.refusedCount();
        List<SocketChannel> strangers = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> burstFailed = new AtomicReference<>();
        Thread[] burst = new Thread[1];
        try (LogCapture log = new LogCapture()) {
            strangers.addAll(openSilently(server, 2 * cap));
            // the cap refuses the oldest surplus at once, not after the window
            until("all but " + cap + " of " + 2 * cap + " silent connections were closed", () -> closed(strangers) >= cap);
            log.awaitLine(BOUND, "WARN", "Refused a connection", cap + " newer connections waited for theirs");
            // every place under the cap is held by a silent stranger, and more come while the child starts

            ProcessSpec spec = ProcessSpec.builder("past-strangers").build();
            Incarnation i = ManagedProcess.connect(Launcher.command(spec, List.of(), null), Map.of(), "past-strangers",
                    LoggerFactory.getLogger("past-strangers"), BOUND,
                    // a platform thread: a virtual thread's connect fails at once when the listen backlog is full
                    launched -> burst[0] = Thread.ofPlatform().daemon().start(() -> {
                        try {
                            strangers.addAll(openSilently(server, 2 * cap));
                        } catch (IOException | RuntimeException e) {
                            burstFailed.set(e);
                        }
                    }));
            try {
                assertThat(i.channel.isClosed()).as("the child's channel").isFalse();
                assertThat(burst[0].join(BOUND)).as("the second burst ended").isTrue();
                assertThat(burstFailed.get()).as("the second burst's failure").isNull();
                until("at most " + cap + " of " + strangers.size() + " silent connections are held",
                        () -> closed(strangers) >= strangers.size() - cap);
            } finally {
                ManagedProcess.discard(i, null, null);
            }
        } finally {
            server.forget(token);
            for (SocketChannel s : strangers) {
                s.close();
            }
        }
        // each stranger is refused once (the last ones as their connection ends), and the child never
        until("every silent connection was refused", () -> server.refusedCount() - refusedBefore >= strangers.size());
        assertThat(server.refusedCount() - refusedBefore).isEqualTo(strangers.size());
        // the next tests' refusals are logged one by one again
        until("the refusal log of this flood is summed up", server::refusalLogIdle);
    }

    @Test
    void aFloodOfRefusalsIsLoggedOneByOneUpToTheLimitThenAsOneSummaryLine() throws Exception {
        // the server's clock moves only when this test moves it: the flood lies in one interval of refusal logging
        AtomicLong clock = new AtomicLong();
        ProcessServer server = ProcessServer.started(ProcessServer.Seams.REAL.withClock(clock::get));
        int flood = ProcessServer.WARN_REFUSALS + 20;
        String oneByOne = "Refused a connection to the sk-process channel " + server.address();
        try (LogCapture log = new LogCapture()) {
            for (int k = 0; k < flood; k++) {
                open(server).close(); // no hello at all
            }
            until("every connection of the flood was refused", () -> server.refusedCount() == flood);
            assertThat(log.count("WARN", oneByOne)).as("refusals logged one by one").isEqualTo(ProcessServer.WARN_REFUSALS);
            assertThat(log.count("WARN", "without logging each")).as("summaries while the interval runs").isZero();
            assertThat(server.refusalLogIdle()).isFalse();

            clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(ProcessServer.WARN_INTERVAL_MILLIS)); // the interval ends
            open(server).close();
            until("the connection after the interval was refused", () -> server.refusedCount() == flood + 1);
            String summary = log.awaitLine(BOUND, "WARN", "Refused 20 more connections to the sk-process channel "
                    + server.address(), "without logging each");
            assertThat(summary).contains("at most " + ProcessServer.WARN_REFUSALS + " are logged one by one",
                    "in " + ProcessServer.WARN_INTERVAL_MILLIS + " ms");
            assertThat(log.count("WARN", "without logging each")).as("summaries").isEqualTo(1);
            until("the refusal after the interval is logged one by one",
                    () -> log.count("WARN", oneByOne) == ProcessServer.WARN_REFUSALS + 1);
        } finally {
            server.close();
        }
    }

    @Test
    void aChildConnectingWhenTheCapIsFullOfSilentStrangersIsHeldWhileTheOldestStrangerIsRefused() throws Exception {
        // a server of its own: its refused count moves only with what this test does
        ProcessServer server = ProcessServer.started(Channel::new, () -> { });
        int cap = ProcessServer.MAX_UNAUTHENTICATED;
        String token = ProcessServer.newToken();
        CompletableFuture<Channel> start = server.expect(token);
        List<SocketChannel> strangers = openSilently(server, cap);
        try (SocketChannel child = open(server)) {
            // connections are accepted in the order they were made: once one is refused, the child's,
            // the (cap + 1)th, has been accepted and is held with its hello not sent yet
            until("the server refused one connection as the child's was accepted", () -> server.refusedCount() >= 1);
            assertThat(server.refusedCount()).isEqualTo(1);
            until("the oldest stranger was closed", () -> closed(strangers.subList(0, 1)) == 1);
            assertThat(closed(strangers.subList(1, cap))).as("newer strangers closed").isZero();

            Hello.write(child, new Hello(Frame.VERSION, token, ProcessHandle.current().pid()).encode());
            Channel ch = start.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(ch.isClosed()).as("the child's channel").isFalse();
            ch.close();
        } finally {
            server.close();
            for (SocketChannel s : strangers) {
                s.close();
            }
        }
    }

    @Test
    void aChildWhoseChannelEndsBeforeItsWelcomeSaysWhyOnStderrAndExitsWithAFailureStatus() throws Exception {
        ProcessSpec spec = ProcessSpec.builder("unwelcomed").build();
        Incarnation i = ManagedProcess.connect(Launcher.command(spec, List.of(), null), Map.of(), "unwelcomed",
                LoggerFactory.getLogger("unwelcomed"), BOUND, null);
        try {
            i.channel.close(); // as the server does when it refuses a handshake

            int status = i.exited.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            i.err.awaitEnd(BOUND.toMillis());

            assertThat(status).isEqualTo(ChildRuntime.GAVE_UP);
            assertThat(String.join("\n", i.err.lastLines())).contains("(pid " + i.pid + ")", "exits with status " + ChildRuntime.GAVE_UP,
                    "before the parent welcomed it", "Refused a connection");
        } finally {
            ManagedProcess.discard(i, null, null);
        }
    }

    private static SocketChannel open(ProcessServer server) throws IOException {
        assertThat(server.address()).startsWith("unix:");
        return SocketChannel.open(UnixDomainSocketAddress.of(server.address().substring("unix:".length())));
    }

    /** Opens connections that send nothing, in non-blocking mode (for {@link #closed}). */
    private static List<SocketChannel> openSilently(ProcessServer server, int count) throws IOException {
        List<SocketChannel> opened = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            SocketChannel s = open(server);
            s.configureBlocking(false);
            opened.add(s);
        }
        return opened;
    }

    /** How many of these connections the server has closed: a read finds their end, or fails. */
    private static int closed(List<SocketChannel> connections) {
        int n = 0;
        ByteBuffer b = ByteBuffer.allocate(16);
        for (SocketChannel s : connections) {
            try {
                b.clear();
                if (s.read(b) < 0) {
                    n++;
                }
            } catch (IOException e) {
                n++;
            }
        }
        return n;
    }
}
