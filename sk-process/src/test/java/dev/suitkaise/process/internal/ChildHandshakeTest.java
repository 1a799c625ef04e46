package dev.suitkaise.process.internal;

import dev.suitkaise.testkit.Conditions;
import dev.suitkaise.process.ProcessSpec;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handshake between a child JVM and its parent: a child that connects but is slow to send its
 * hello (a busy machine) is kept for as long as its start waits for it, a silent stranger is
 * still refused, and a child whose channel ends before its welcome says why and exits with a
 * failure status instead of a silent 0.
 */
class ChildHandshakeTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    private static void until(String what, java.util.function.BooleanSupplier condition) {
        Conditions.until(what, BOUND, condition);
    }

    @Test
    void aChildSilentPastTheHandshakeWindowIsTakenWhileItsStartStillWaitsForIt() throws Exception {
        ProcessServer server = ProcessServer.get();
        String token = ProcessServer.newToken();
        CompletableFuture<Channel> connected = server.expect(token);
        long refusedBefore = server.refusedCount();
        long extendedBefore = server.handshakeWaitsExtended();
        try (SocketChannel socket = open(server)) {
            // stands in for a child JVM that is still setting itself up when the window ends:
            // wait until the server's guard has decided about it (the only connection it watches)
            until("the handshake window of the silent connection ended", () ->
                    server.refusedCount() > refusedBefore || server.handshakeWaitsExtended() > extendedBefore);
            assertThat(server.refusedCount()).as("connections refused while the child's start waited for it").isEqualTo(refusedBefore);

            Channel child = new Channel(socket, "slow-child");
            assertThat(child.send(new Frame.Hello(Frame.VERSION, token, ProcessHandle.current().pid()))).isTrue();
            Channel parentEnd = connected.get(BOUND.toSeconds(), TimeUnit.SECONDS);

            assertThat(parentEnd.isClosed()).isFalse();
            parentEnd.close();
            child.close();
        } finally {
            server.forget(token);
        }
    }

    @Test
    void aSilentConnectionIsRefusedOnceNoChildItMayBeIsAwaitedAnyMore() throws Exception {
        ProcessServer server = ProcessServer.get();
        String token = ProcessServer.newToken();
        server.expect(token);
        long refusedBefore = server.refusedCount();
        long extendedBefore = server.handshakeWaitsExtended();
        try (SocketChannel stranger = open(server)) {
            until("the handshake window of the silent connection ended", () ->
                    server.refusedCount() > refusedBefore || server.handshakeWaitsExtended() > extendedBefore);
            assertThat(server.refusedCount()).as("refused while a child it may be was awaited").isEqualTo(refusedBefore);

            server.forget(token); // the start gave up on its child

            int read = CompletableFuture.supplyAsync(() -> {
                try {
                    return stranger.read(ByteBuffer.allocate(64));
                } catch (IOException e) {
                    return -1;
                }
            }).get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(read).as("the server closed the silent connection").isEqualTo(-1);
            assertThat(server.refusedCount()).isEqualTo(refusedBefore + 1);
        } finally {
            server.forget(token);
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

}
