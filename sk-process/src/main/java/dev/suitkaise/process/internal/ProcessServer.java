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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where children connect back: one listening socket per process, a Unix domain socket in a
 * private (0700) temporary directory, or a loopback TCP port where Unix domain sockets are
 * missing (or {@code -Dsuitkaise.process.transport=tcp}). A connection must send a
 * {@link Frame.Hello} with the token of a child this process is expecting; anything else is
 * refused, closed and logged at WARN. A connection that sends nothing is refused once it has been
 * silent for 5 seconds and none of the children this process was expecting when it connected is
 * still awaited: a child's JVM connects as soon as it runs and sends its hello only once it has
 * set itself up, which on a busy machine takes longer than any fixed window, while its start still
 * waits for it (each such wait is bounded by the child's start timeout, after which the start
 * gives up on it). Thread-safe.
 *
 * <p>The socket's directory is {@code suitkaise-process-<pid>-<random>} in
 * {@code java.io.tmpdir}, deleted with its socket by a shutdown hook. A JVM that runs no hooks
 * (killed with SIGKILL, crashed) leaves it behind; the next server to open in the same temporary
 * directory removes it, as does a parent whose child ends with a non-zero exit code, as described
 * in {@link SocketDirs}.
 */
public final class ProcessServer {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessServer.class);
    /** How long a silent connection is kept when no child it may be is awaited any more. */
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
    private final AtomicLong handshakeWaitsExtended = new AtomicLong();

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
     * How many times a silent connection was kept past the handshake window because a child it
     * may be was still awaited (for tests and diagnostics).
     *
     * @return the count
     */
    long handshakeWaitsExtended() {
        return handshakeWaitsExtended.get();
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
        // the children this connection may be: each is expected before its JVM is launched
        List<CompletableFuture<Channel>> awaited = List.copyOf(expected.values());
        long acceptedAt = System.nanoTime();
        Channel ch = new Channel(socket, "conn-" + n);
        // set by whichever comes first, the first frame (or the end of the stream) or the guard's refusal
        AtomicBoolean decided = new AtomicBoolean();
        guard(ch, decided, awaited, acceptedAt);
        Frame first;
        try {
            first = ch.receive(Codecs.HANDSHAKE);
        } catch (IOException e) {
            if (decided.compareAndSet(false, true)) {
                refuse(ch, "no valid handshake frame (" + e.getMessage() + ")");
            }
            return;
        }
        if (!decided.compareAndSet(false, true)) {
            return; // the guard refused the connection just as its first frame came
        }
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

    /**
     * Refuses a connection that has not sent its first frame within {@value #HANDSHAKE_MILLIS} ms,
     * unless a child it may be is still awaited: then it looks again after as long again. A start
     * that stops waiting for its child (it connected, timed out or failed) completes or cancels
     * that child's future, so the guard refuses a silent stranger at the latest one window after
     * the last start it overlapped has ended. Runs on the timer thread; refusing only logs and
     * closes.
     */
    private void guard(Channel ch, AtomicBoolean decided, List<CompletableFuture<Channel>> awaited, long acceptedAt) {
        Timers.SCHEDULER.schedule(() -> {
            if (decided.get()) {
                return;
            }
            if (awaited.stream().anyMatch(f -> !f.isDone())) {
                handshakeWaitsExtended.incrementAndGet();
                guard(ch, decided, awaited, acceptedAt);
                return;
            }
            if (decided.compareAndSet(false, true)) {
                refuse(ch, "no handshake within " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acceptedAt)
                        + " ms, and no child this process started is waiting to connect any more");
            }
        }, HANDSHAKE_MILLIS, TimeUnit.MILLISECONDS);
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
