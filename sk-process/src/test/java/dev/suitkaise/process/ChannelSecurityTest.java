package dev.suitkaise.process;

import dev.suitkaise.cereal.SKCereal;
import dev.suitkaise.process.internal.Frame;
import dev.suitkaise.process.internal.ProcessServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The channel children connect back to is private and refuses clients without a child's token. */
@ExtendWith(NoOrphans.class)
class ChannelSecurityTest {

    @Test
    void theChannelIsAUnixSocketInADirectoryOnlyItsOwnerCanEnter() throws IOException {
        ProcessServer server = ProcessServer.get();

        assertThat(server.address()).startsWith("unix:");
        Path socket = Path.of(server.address().substring("unix:".length()));
        assertThat(socket.getParent()).isEqualTo(server.directory());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.directory()))).isEqualTo("rwx------");
    }

    @Test
    void aClientWithAForgedTokenIsRefusedAndLogged() throws Exception {
        ByteArrayOutputStream hello = new ByteArrayOutputStream();
        SKCereal.internal().serialize(new Frame.Hello(Frame.VERSION, "forged-token", 4242), hello);

        assertRefused(hello.toByteArray(), "an unknown token");
    }

    @Test
    void aClientSendingGarbageIsRefusedAndLogged() throws Exception {
        assertRefused(new byte[] {0, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, "no valid handshake frame");
    }

    private static void assertRefused(byte[] firstBytes, String reason) throws Exception {
        ProcessServer server = ProcessServer.get();
        long refusedBefore = server.refusedCount();
        try (LogCapture log = new LogCapture();
             SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(server.address().substring("unix:".length())))) {
            client.write(ByteBuffer.wrap(firstBytes));

            int read = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.read(ByteBuffer.allocate(64));
                } catch (IOException e) {
                    return -1;
                }
            }).get(Children.BOUND.toSeconds(), TimeUnit.SECONDS);

            assertThat(read).as("the server closed the connection without answering").isEqualTo(-1);
            assertThat(log.awaitLine(Children.BOUND, "WARN", "Refused a connection", reason)).contains(server.address());
            assertThat(server.refusedCount()).isEqualTo(refusedBefore + 1);
        }
    }
}
