package dev.suitkaise.process.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start that gives up on a JVM before it connected back (a timeout, an interrupt, an early
 * exit) leaves nothing open: the JVM is killed, and a channel whose handshake completes just as
 * the start gives up is closed (its writer thread, socket and selectors with it).
 */
class AbandonedStartTest {

    private Path dir;
    private SocketChannel childEnd;
    private Channel parentEnd;
    private Process jvm;

    @BeforeEach
    void connect() throws IOException {
        dir = Files.createTempDirectory("sk-abandon-test");
        Path sock = dir.resolve("s");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            childEnd = SocketChannel.open(UnixDomainSocketAddress.of(sock));
            parentEnd = new Channel(server.accept(), "abandon-test");
        }
        // stands in for a child JVM that has not connected back
        jvm = new ProcessBuilder("sleep", "60").start();
    }

    @AfterEach
    void close() throws Exception {
        parentEnd.close();
        childEnd.close();
        jvm.destroyForcibly();
        jvm.waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(dir.resolve("s"));
        Files.deleteIfExists(dir);
    }

    @Test
    void aChannelThatConnectedJustBeforeTheStartGaveUpIsClosedAndTheJvmKilled() throws Exception {
        ProcessServer server = ProcessServer.get();
        String token = ProcessServer.newToken();
        CompletableFuture<Channel> connected = server.expect(token);
        Incarnation i = new Incarnation(jvm, "abandon-before", LoggerFactory.getLogger("abandon-before"));
        connected.complete(parentEnd); // the handshake completed as the start gave up

        ManagedProcess.abandon(i, server, token, connected);

        assertThat(parentEnd.isClosed()).as("the channel that arrived as the start gave up").isTrue();
        assertThat(jvm.isAlive()).isFalse();
    }

    @Test
    void aChannelWhoseHandshakeCompletesAfterTheStartGaveUpIsClosed() throws Exception {
        ProcessServer server = ProcessServer.get();
        String token = ProcessServer.newToken();
        server.expect(token);
        // the handshake has taken the token off the server's list but not completed its future yet
        CompletableFuture<Channel> takenByTheHandshake = new CompletableFuture<>();
        Incarnation i = new Incarnation(jvm, "abandon-after", LoggerFactory.getLogger("abandon-after"));

        ManagedProcess.abandon(i, server, token, takenByTheHandshake);
        takenByTheHandshake.complete(parentEnd);

        assertThat(parentEnd.isClosed()).as("the channel that arrived after the start gave up").isTrue();
        assertThat(jvm.isAlive()).isFalse();
    }
}
