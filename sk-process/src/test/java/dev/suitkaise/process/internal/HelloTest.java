package dev.suitkaise.process.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A child's hello on a real socket: read as its bytes come, never past its end, and refused
 * without reading on when its first bytes say it is no hello.
 */
class HelloTest {

    private Path dir;
    private ServerSocketChannel server;
    private SocketChannel child;
    private SocketChannel parent;

    @BeforeEach
    void connect() throws IOException {
        dir = Files.createTempDirectory("hello-test");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(dir.resolve("s")));
        child = SocketChannel.open(UnixDomainSocketAddress.of(dir.resolve("s")));
        parent = server.accept();
        parent.configureBlocking(false);
    }

    @AfterEach
    void close() throws IOException {
        child.close();
        parent.close();
        server.close();
        Files.deleteIfExists(dir.resolve("s"));
        Files.delete(dir);
    }

    @Test
    void aHelloThatComesAByteAtATimeIsReadWhenItsLastByteCame() throws IOException {
        byte[] bytes = new Hello(Frame.VERSION, ProcessServer.newToken(), 4242).encode();
        Hello.Reader reader = new Hello.Reader();

        for (int k = 0; k < bytes.length - 1; k++) {
            child.write(ByteBuffer.wrap(bytes, k, 1));
            assertThat(reader.read(parent)).as("after %d of %d bytes", k + 1, bytes.length).isNull();
        }
        child.write(ByteBuffer.wrap(bytes, bytes.length - 1, 1));

        Hello hello = reader.read(parent);
        assertThat(hello).isNotNull();
        assertThat(hello.version()).isEqualTo(Frame.VERSION);
        assertThat(hello.pid()).isEqualTo(4242);
        assertThat(hello.token()).hasSize(43);
        assertThat(hello.encode()).isEqualTo(bytes);
    }

    @Test
    void theReaderLeavesTheBytesAfterTheHelloForTheChannel() throws IOException {
        Hello sent = new Hello(Frame.VERSION, "token", 7);
        byte[] bytes = sent.encode();
        ByteBuffer both = ByteBuffer.allocate(bytes.length + 3).put(bytes).put(new byte[] {1, 2, 3}).flip();
        Hello.write(child, both.array());

        assertThat(new Hello.Reader().read(parent)).isEqualTo(sent);
        ByteBuffer rest = ByteBuffer.allocate(8);
        assertThat(parent.read(rest)).isEqualTo(3);
        assertThat(rest.flip().get(0)).isEqualTo((byte) 1);
    }

    @Test
    void bytesThatAreNoHelloAreRefusedByTheirFirstFour() throws IOException {
        child.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}));

        assertThatThrownBy(() -> new Hello.Reader().read(parent)).isInstanceOf(Hello.Malformed.class)
                .hasMessageContaining("0xc, not those of an sk-process hello");
    }

    @Test
    void aConnectionEndingInsideItsHelloIsAnEndOfStream() throws IOException {
        byte[] bytes = new Hello(Frame.VERSION, "token", 7).encode();
        child.write(ByteBuffer.wrap(bytes, 0, bytes.length - 2));
        child.close();

        assertThatThrownBy(() -> new Hello.Reader().read(parent)).isInstanceOf(EOFException.class)
                .hasMessageContaining("after 3 of the 5 bytes of its hello's token");
    }

    @Test
    void aTokenOfNoBytesOrTooManyCannotBeSent() {
        assertThatThrownBy(() -> new Hello(Frame.VERSION, "", 1).encode()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to " + Hello.MAX_TOKEN_BYTES);
        assertThatThrownBy(() -> new Hello(Frame.VERSION, "x".repeat(Hello.MAX_TOKEN_BYTES + 1), 1).encode())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not " + (Hello.MAX_TOKEN_BYTES + 1));
    }
}
