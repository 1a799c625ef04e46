package dev.suitkaise.cereal;

import dev.suitkaise.cereal.fixtures.ChildEcho;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InternalReconnectorsTest {

    private final InternalCereal cereal = SKCereal.internal();

    @Test
    void anOpenSocketBecomesAReconnectorThatReconnectsToTheSameEndpoint() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
                try (Socket first = server.accept(); Socket second = server.accept(); InputStream in = second.getInputStream()) {
                    return first.isConnected() ? in.read() : -1;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (Socket original = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                original.setTcpNoDelay(true);
                original.setSoTimeout(5_000);
                Object back = cereal.deserialize(cereal.serialize(original));
                assertThat(back).isInstanceOf(SocketReconnector.class).isInstanceOf(Socket.class);
                SocketReconnector reconnector = (SocketReconnector) back;
                assertThat(reconnector.isConnected()).isFalse();
                assertThat(reconnector.target()).isEqualTo(InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getLocalPort());
                try (Socket again = reconnector.reconnect()) {
                    assertThat(again.isConnected()).isTrue();
                    assertThat(again.getTcpNoDelay()).isTrue();
                    assertThat(again.getSoTimeout()).isEqualTo(5_000);
                    try (OutputStream out = again.getOutputStream()) {
                        out.write(42);
                        out.flush();
                        assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(42);
                    }
                }
            }
        }
    }

    @Test
    void aSocketReconnectorTravelsAgainAndFailsClearlyWhenTheEndpointIsGone() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        SocketReconnector reconnector = new SocketReconnector(InetAddress.getLoopbackAddress().getHostAddress(), port, 2_000, false, false);
        SocketReconnector again = (SocketReconnector) cereal.deserialize(cereal.serialize(reconnector));
        assertThat(again.target()).isEqualTo(reconnector.target());
        assertThatThrownBy(again::reconnect).isInstanceOf(SKCerealException.class).hasMessageContaining(reconnector.target());
        assertThatThrownBy(() -> cereal.serialize(new Socket())).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("never connected");
    }

    @Test
    void aRunningProcessBecomesAReconnectorThatRestartsTheSameCommandWithReceiverCredentials() throws Exception {
        String javaCommand = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(javaCommand, "--module-path", System.getProperty("jdk.module.path")));
        String classPath = System.getProperty("java.class.path");
        if (classPath != null && !classPath.isBlank()) {
            command.addAll(List.of("--class-path", classPath));
        }
        Path testClasses = Path.of(InternalReconnectorsTest.class.getResource("InternalReconnectorsTest.class").toURI());
        for (int i = 0; i < 4; i++) {
            testClasses = testClasses.getParent();
        }
        command.addAll(List.of("--patch-module", "dev.suitkaise.cereal=" + testClasses, "-m",
                "dev.suitkaise.cereal/" + ChildEcho.class.getName()));
        Process original = new ProcessBuilder(command).start(); // waits on its standard input
        ProcessReconnector back = null;
        try {
            back = (ProcessReconnector) cereal.deserialize(cereal.serialize(original));
            assertThat(back.command()).containsExactlyElementsOf(command);
            assertThat(back.isAlive()).isFalse();
            assertThatThrownBy(back::exitValue).isInstanceOf(IllegalStateException.class).hasMessageContaining("reconnect()");
            Process restarted = back.reconnect(Map.of("SK_TEST_TOKEN", "from-receiver"));
            assertThat(restarted.isAlive()).isTrue();
            assertThat(restarted.pid()).isNotEqualTo(original.pid());
            assertThat(restarted.toHandle().info().command()).isEqualTo(original.info().command());
            byte[] serialized = cereal.serialize(back);
            assertThat(new String(serialized, StandardCharsets.ISO_8859_1)).doesNotContain("from-receiver");
        } finally {
            original.destroyForcibly();
            original.waitFor(10, TimeUnit.SECONDS);
            if (back != null) {
                back.destroyForcibly();
                if (back.isAlive()) {
                    back.onExit().get(10, TimeUnit.SECONDS);
                }
            }
        }
    }
}
