package dev.suitkaise.process.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A child's hello: the first bytes of every connection to a parent's {@link ProcessServer}, which
 * prove that the child was started by that parent. A child writes it with its first write, right
 * after its connect returns and before it sets anything else up, so that the parent can take any
 * connection whose hello is not complete within a short window for a stranger. It is not a
 * {@link Frame}: it needs no codec (building one takes a cold JVM hundreds of milliseconds), and
 * its fixed layout lets a parent of any version read it and refuse a child of another version by
 * name.
 *
 * <p>The layout, big-endian: the 4 bytes {@code SKPH}; the protocol version ({@link Frame#VERSION}),
 * an int; the child's pid, a long; the token's length in UTF-8 bytes, an unsigned short from 1 to
 * {@value #MAX_TOKEN_BYTES}; the token, UTF-8.
 *
 * @param version the protocol version
 * @param token the per-child token the child read from its stdin
 * @param pid the child's pid
 */
record Hello(int version, String token, long pid) {

    /** The first bytes of a hello. */
    static final int MAGIC = 0x534B5048; // "SKPH"
    /** The bytes before the token: magic, version, pid and the token's length. */
    static final int HEADER_BYTES = 4 + 4 + 8 + 2;
    /** The longest token a hello may carry, in UTF-8 bytes (a token of {@link ProcessServer#newToken} has 43). */
    static final int MAX_TOKEN_BYTES = 256;

    /**
     * This hello in its wire layout.
     *
     * @return the bytes
     * @throws IllegalArgumentException if the token is empty or longer than {@value #MAX_TOKEN_BYTES} UTF-8 bytes
     */
    byte[] encode() {
        byte[] t = token.getBytes(StandardCharsets.UTF_8);
        if (t.length == 0 || t.length > MAX_TOKEN_BYTES) {
            throw new IllegalArgumentException("A hello's token must have 1 to " + MAX_TOKEN_BYTES + " UTF-8 bytes, not "
                    + t.length + "; a token comes from ProcessServer.newToken");
        }
        return ByteBuffer.allocate(HEADER_BYTES + t.length).putInt(MAGIC).putInt(version).putLong(pid)
                .putShort((short) t.length).put(t).array();
    }

    /**
     * Writes an encoded hello to a blocking socket, all of it. Blocks until the socket took it.
     *
     * @param socket the connected socket, in blocking mode
     * @param bytes the hello, from {@link #encode}
     * @throws IOException if the socket fails or closes
     */
    static void write(SocketChannel socket, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            socket.write(b);
        }
    }

    /**
     * Reads one hello from a non-blocking socket, as its bytes come, never reading past it. One
     * per connection; confined to the thread that reads the connection.
     */
    static final class Reader {

        private final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        private ByteBuffer token;

        /**
         * Reads what the socket has, without waiting.
         *
         * @param socket the connection, in non-blocking mode
         * @return the hello once complete, else null (more bytes are needed)
         * @throws IOException if the socket fails, the stream ends before the hello is complete
         *     ({@link java.io.EOFException}), or the bytes are not a hello ({@link Malformed})
         */
        Hello read(SocketChannel socket) throws IOException {
            if (token == null) {
                if (fill(socket, header, "header")) {
                    return null;
                }
                int magic = header.getInt(0);
                if (magic != MAGIC) {
                    throw new Malformed("its first bytes are 0x" + Integer.toHexString(magic) + ", not those of an sk-process hello");
                }
                int length = Short.toUnsignedInt(header.getShort(16));
                if (length == 0 || length > MAX_TOKEN_BYTES) {
                    throw new Malformed("its token would have " + length + " bytes (1 to " + MAX_TOKEN_BYTES + " allowed)");
                }
                token = ByteBuffer.allocate(length);
            }
            if (fill(socket, token, "token")) {
                return null;
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(token.flip()).toString();
            } catch (CharacterCodingException e) {
                throw new Malformed("its token is not UTF-8");
            }
            return new Hello(header.getInt(4), text, header.getLong(8));
        }

        /** Reads into {@code into} what the socket has; true while {@code into} is not full yet. */
        private static boolean fill(SocketChannel socket, ByteBuffer into, String part) throws IOException {
            while (into.hasRemaining()) {
                int n = socket.read(into);
                if (n < 0) {
                    throw new java.io.EOFException("the connection ended after " + into.position() + " of the "
                            + into.capacity() + " bytes of its hello's " + part);
                }
                if (n == 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The bytes a connection sent are not a hello. */
    static final class Malformed extends IOException {

        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }
}
