package dev.suitkaise.process.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where children connect back: one listening socket per process, a Unix domain socket in a
 * private (0700) temporary directory, or a loopback TCP port where Unix domain sockets are
 * missing (or {@code -Dsuitkaise.process.transport=tcp}). A connection must send a
 * {@link Frame.Hello} with the token of a child this process is expecting within 5 seconds;
 * anything else is refused, closed and logged at WARN. Thread-safe.
 *
 * <p>The socket's directory is {@code suitkaise-process-<pid>-<random>} in
 * {@code java.io.tmpdir}, deleted with its socket by a shutdown hook. A JVM that runs no hooks
 * (killed with SIGKILL, crashed) leaves it behind; the next server to open in the same temporary
 * directory removes it, as does a parent whose child ends with a non-zero exit code, as described
 * in {@link SocketDirs}.
 */
public final class ProcessServer {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessServer.class);
    private static final long HANDSHAKE_MILLIS = 5_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Object LOCK = new Object();
    private static ProcessServer instance;

    private final ServerSocketChannel server;
    private final String address;
    private final Path directory;
    private final Map<String, CompletableFuture<Channel>> expected = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();

    private ProcessServer(ServerSocketChannel server, String address, Path directory) {
        this.server = server;
        this.address = address;
        this.directory = directory;
    }

    /**
     * The process's server, started on first use.
     *
     * @return the server
     * @throws IOException if no socket can be opened at all
     */
    public static ProcessServer get() throws IOException {
        synchronized (LOCK) {
            if (instance == null) {
                instance = open();
                Thread.ofPlatform().daemon().name("sk-process-accept").start(instance::acceptLoop);
                LOG.debug("sk-process channel listening on {}", instance.address);
            }
            return instance;
        }
    }

    private static ProcessServer open() throws IOException {
        boolean tcp = "tcp".equalsIgnoreCase(System.getProperty("suitkaise.process.transport", "auto"));
        if (!tcp) {
            Path dir = null;
            try {
                dir = SocketDirs.create();
                Path socket = dir.resolve(SocketDirs.SOCKET);
                ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                s.bind(UnixDomainSocketAddress.of(socket));
                Path d = dir;
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                    try {
                        Files.deleteIfExists(socket);
                        Files.deleteIfExists(d);
                    } catch (IOException e) {
                        LOG.debug("Cannot delete {}: {}", d, e.toString());
                    }
                }));
                SocketDirs.sweepBeside(dir);
                return new ProcessServer(s, "unix:" + socket, dir);
            } catch (UnsupportedOperationException | IOException e) {
                LOG.warn("Unix domain sockets are not available here ({}); children connect over loopback TCP instead.", e.toString());
                if (dir != null) {
                    Files.deleteIfExists(dir);
                }
            }
        }
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        InetSocketAddress bound = (InetSocketAddress) s.getLocalAddress();
        return new ProcessServer(s, "tcp:" + bound.getAddress().getHostAddress() + ":" + bound.getPort(), null);
    }

    /**
     * Where children connect: {@code unix:/path} or {@code tcp:host:port}.
     *
     * @return the address
     */
    public String address() {
        return address;
    }

    /**
     * The private directory holding the Unix domain socket.
     *
     * @return the directory, or null over TCP
     */
    public Path directory() {
        return directory;
    }

    /**
     * How many connections were refused so far.
     *
     * @return the count
     */
    public long refusedCount() {
        return refused.get();
    }

    /**
     * A new random token for a child.
     *
     * @return 32 random bytes, base64url
     */
    static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * Expects a child with this token to connect.
     *
     * @param token the child's token
     * @return completes with the child's channel once it has shaken hands
     */
    CompletableFuture<Channel> expect(String token) {
        CompletableFuture<Channel> f = new CompletableFuture<>();
        expected.put(token, f);
        return f;
    }

    /**
     * Stops expecting a token.
     *
     * @param token the token
     */
    void forget(String token) {
        CompletableFuture<Channel> f = expected.remove(token);
        if (f != null) {
            f.cancel(false);
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                long n = connections.incrementAndGet();
                Thread.ofVirtual().name("sk-process-handshake-" + n).start(() -> handshake(c, n));
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("sk-process channel {} failed to accept a connection: {}", address, e.toString());
                }
            }
        }
    }

    private void handshake(SocketChannel socket, long n) {
        Channel ch = new Channel(socket, "conn-" + n);
        var guard = Timers.SCHEDULER.schedule(() -> {
            if (!ch.isClosed()) {
                refuse(ch, "no handshake within " + HANDSHAKE_MILLIS + " ms");
            }
        }, HANDSHAKE_MILLIS, TimeUnit.MILLISECONDS);
        Frame first;
        try {
            first = ch.receive(Codecs.HANDSHAKE);
        } catch (IOException e) {
            guard.cancel(false);
            if (!ch.isClosed()) {
                refuse(ch, "no valid handshake frame (" + e.getMessage() + ")");
            }
            return;
        }
        guard.cancel(false);
        if (!(first instanceof Frame.Hello hello)) {
            refuse(ch, "the first frame was " + (first == null ? "empty" : "a " + first.getClass().getSimpleName()) + ", not a hello");
            return;
        }
        if (hello.version() != Frame.VERSION) {
            refuse(ch, "protocol version " + hello.version() + " (this process speaks " + Frame.VERSION + ")");
            return;
        }
        CompletableFuture<Channel> waiting = match(hello.token());
        if (waiting == null) {
            refuse(ch, "an unknown token from a client claiming pid " + hello.pid());
            return;
        }
        if (!waiting.complete(ch)) {
            refuse(ch, "a token whose child has already given up (pid " + hello.pid() + ")");
        }
    }

    private CompletableFuture<Channel> match(String token) {
        if (token == null) {
            return null;
        }
        byte[] given = token.getBytes(StandardCharsets.UTF_8);
        for (String known : expected.keySet()) {
            if (MessageDigest.isEqual(known.getBytes(StandardCharsets.UTF_8), given)) {
                return expected.remove(known);
            }
        }
        return null;
    }

    private void refuse(Channel ch, String reason) {
        refused.incrementAndGet();
        LOG.warn("Refused a connection to the sk-process channel {}: {}. Only children started by this process,"
                + " which know their token, may connect.", address, reason);
        ch.close();
    }
}
