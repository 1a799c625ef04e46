package dev.suitkaise.process;

import dev.suitkaise.process.internal.Frame;
import dev.suitkaise.process.internal.ProcessServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel children connect back to is private and refuses, at once and with a logged reason,
 * clients without a child's token or whose first bytes are not a hello of this protocol version.
 */
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
        assertRefused(hello(Frame.VERSION, "forged-token", 4242), "an unknown token from a client claiming pid 4242");
    }

    @Test
    void aClientOfAnotherProtocolVersionIsRefusedByItsVersion() throws Exception {
        assertRefused(hello(Frame.VERSION - 1, "forged-token", 4242), "protocol version " + (Frame.VERSION - 1));
    }

    @Test
    void aClientSendingGarbageIsRefusedAndLogged() throws Exception {
        assertRefused(new byte[] {0, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, "no valid hello",
                "not those of an sk-process hello");
    }

    @Test
    void aClientSendingAnOversizedTokenIsRefusedBeforeItIsRead() throws Exception {
        byte[] header = ByteBuffer.allocate(18).put("SKPH".getBytes(StandardCharsets.US_ASCII)).putInt(Frame.VERSION)
                .putLong(4242).putShort((short) 65535).array();
        assertRefused(header, "no valid hello", "its token would have 65535 bytes");
    }

    /**
     * A hello as a child writes it, spelled out here so that a change of its layout fails this
     * test: "SKPH", the version, the pid, the token's length (2 bytes) and the token (UTF-8).
     */
    private static byte[] hello(int version, String token, long pid) {
        byte[] t = token.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(18 + t.length).put("SKPH".getBytes(StandardCharsets.US_ASCII)).putInt(version).putLong(pid)
                .putShort((short) t.length).put(t).array();
    }

    private static void assertRefused(byte[] firstBytes, String... reason) throws Exception {
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
            String[] parts = new String[reason.length + 2];
            parts[0] = "WARN";
            parts[1] = "Refused a connection";
            System.arraycopy(reason, 0, parts, 2, reason.length);
            assertThat(log.awaitLine(Children.BOUND, parts)).contains(server.address());
            assertThat(server.refusedCount()).isEqualTo(refusedBefore + 1);
        }
    }
}
