package dev.suitkaise.process.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Where children connect back: one listening socket per process, a Unix domain socket in a
 * private (0700) temporary directory, or a loopback TCP port where Unix domain sockets are
 * missing (or {@code -Dsuitkaise.process.transport=tcp}). A connection must first send a
 * {@link Hello} with the token of a child this process is expecting; anything else is refused,
 * closed and logged at WARN. Thread-safe.
 *
 * <p>A child writes its hello with its first write, right after its connect returns and before
 * it sets anything up (see {@link ChildRuntime}), so its hello takes microseconds to come, however
 * slow the rest of its start. Hence two rules for the connections whose hello is not complete yet,
 * whether or not a start is waiting for a child:
 * <ul>
 * <li>the window: a connection whose hello is not complete {@value #HELLO_MILLIS} ms after it was
 *     accepted is refused;</li>
 * <li>the cap: at most {@value #MAX_UNAUTHENTICATED} such connections are held. When another is
 *     accepted, every held one is read once more, and if still more than that many have no complete
 *     hello, the oldest of them is refused.</li>
 * </ul>
 * What this guarantees a child against silent connections: the window refuses a child only if
 * its JVM stalled for {@value #HELLO_MILLIS} ms between its connect and the write that follows
 * it. The cap refuses the oldest held connection, so silent connections made before the child's,
 * whatever their number, are refused before it. It does not cover a flood of
 * {@value #MAX_UNAUTHENTICATED} or more new connections made between the child's connect and the
 * arrival of its hello (a gap of microseconds unless the child's JVM stalls): those are newer
 * than the child's, which is then the oldest held and refused, and its start fails. A hello that
 * has arrived is read before any refusal (each refusal reads its connection once more first).
 *
 * <p>Each refusal is logged at WARN with its reason, at most {@value #WARN_REFUSALS} in
 * {@value #WARN_INTERVAL_MILLIS} ms; the refusals beyond those are counted and logged as one WARN
 * line when that interval ends ({@link #refusedCount()} counts every refusal).
 *
 * <p>One daemon thread accepts connections and reads hellos on a selector; it completes the future
 * of {@link #expect} itself, so the actions that depend on that future must be short.
 *
 * <p>The socket's directory is {@code suitkaise-process-<pid>-<random>} in
 * {@code java.io.tmpdir}, deleted with its socket by a shutdown hook. A JVM that runs no hooks
 * (killed with SIGKILL, crashed) leaves it behind; the next server to open in the same temporary
 * directory removes it, as does a parent whose child ends with a non-zero exit code, as described
 * in {@link SocketDirs}.
 */
public final class ProcessServer {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessServer.class);
    /** How long after its accept a connection's hello must be complete. */
    static final long HELLO_MILLIS = 10_000;
    /** The most connections held at once whose hello is not complete. */
    static final int MAX_UNAUTHENTICATED = 64;
    /** The most refusals logged one by one in {@link #WARN_INTERVAL_MILLIS}; the others are summed up. */
    static final int WARN_REFUSALS = 10;
    /** The interval of {@link #WARN_REFUSALS}. */
    static final long WARN_INTERVAL_MILLIS = 10_000;
    /** How long accepting pauses after an accept failed (out of file descriptors, say). */
    private static final long ACCEPT_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The process's server: {@link #get()}. */
    private static final Holder PROCESS = new Holder(() -> started(Seams.REAL));

    /** Makes the channel of a connection whose hello was accepted: {@code Channel::new}, another in tests. */
    @FunctionalInterface
    interface ChannelMaker {
        Channel make(SocketChannel socket, String label);
    }

    /** Starts the handshake thread of a server that was just opened. */
    @FunctionalInterface
    interface Starter {
        /**
         * Starts a thread running {@code loop}.
         *
         * @param server the server whose thread it is
         * @param loop what the thread runs
         * @return the started thread
         */
        Thread start(ProcessServer server, Runnable loop);
    }

    /** Closes the listening socket or the selector of a server as it is released: {@code Closeable::close}, another in tests. */
    @FunctionalInterface
    interface Closer {
        void close(Closeable part) throws IOException;
    }

    /**
     * What a server is made with: the real parts in {@link #REAL}, others in tests, per instance.
     *
     * @param channels makes the channel of a connection whose hello was accepted
     * @param afterSelect run on the handshake thread after every select
     * @param starter starts the handshake thread
     * @param clock the time in nanoseconds, as {@link System#nanoTime()}, for the hello window, the
     *     pause after a failed accept and the intervals of refusal logging
     * @param closer closes the listening socket and the selector when the server is released
     */
    record Seams(ChannelMaker channels, Runnable afterSelect, Starter starter, LongSupplier clock, Closer closer) {
        /** The parts of the process's server. */
        static final Seams REAL = new Seams(Channel::new, () -> { },
                (server, loop) -> Thread.ofPlatform().daemon().name("sk-process-accept").start(loop), System::nanoTime,
                Closeable::close);

        Seams withChannels(ChannelMaker c) {
            return new Seams(c, afterSelect, starter, clock, closer);
        }

        Seams withAfterSelect(Runnable a) {
            return new Seams(channels, a, starter, clock, closer);
        }

        Seams withStarter(Starter s) {
            return new Seams(channels, afterSelect, s, clock, closer);
        }

        Seams withClock(LongSupplier c) {
            return new Seams(channels, afterSelect, starter, c, closer);
        }

        Seams withCloser(Closer c) {
            return new Seams(channels, afterSelect, starter, clock, c);
        }
    }

    /** Opens and starts a server. */
    @FunctionalInterface
    interface Opener {
        ProcessServer open() throws IOException;
    }

    /** Holds a current server, opening a new one when there is none or the current one died. Thread-safe. */
    static final class Holder {
        private final Opener opener;
        private ProcessServer current;

        Holder(Opener opener) {
            this.opener = opener;
        }

        synchronized ProcessServer get() throws IOException {
            if (current == null || current.death != null) {
                current = null; // a dead server is not kept while (or if) opening a new one fails
                current = opener.open();
            }
            return current;
        }
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final SelectionKey acceptKey;
    private final String address;
    private final Path directory;
    /** The owner of {@link #directory} when it was made, or null over TCP. */
    private final UserPrincipal directoryOwner;
    /** The shutdown hook deleting {@link #directory}, or null over TCP. */
    private final Thread hook;
    private final Map<String, CompletableFuture<Channel>> expected = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    /** The connections whose hello is not complete, oldest first; confined to the handshake thread. */
    private final Set<Pending> pending = new LinkedHashSet<>();
    private final ChannelMaker channels;
    /** Run on the handshake thread after every select; a test's way to make that thread fail. */
    private final Runnable afterSelect;
    /** The time in nanoseconds: {@link System#nanoTime()}, another in tests. */
    private final LongSupplier clock;
    /** Closes the socket and the selector when this server is released: {@code Closeable::close}, another in tests. */
    private final Closer closer;
    /** Why the handshake thread ended, or null while it serves. */
    private volatile Throwable death;
    /** When accepting resumes after a failed accept ({@link System#nanoTime()}), or 0 while accepting; handshake thread only. */
    private long acceptPausedUntil;
    /** When the current interval of refusal logging began ({@link System#nanoTime()}); handshake thread only. */
    private long warnIntervalStart;
    /** Refusals logged one by one, and refusals not logged, in the current interval; written by the handshake thread only. */
    private volatile int warnedInInterval;
    private volatile int unwarnedInInterval;

    /**
     * Takes over an open socket (with its directory and shutdown hook); if this fails, everything
     * given and opened here is closed, deleted or removed before the failure is thrown.
     */
    private ProcessServer(ServerSocketChannel server, String address, Path directory, UserPrincipal directoryOwner,
                          Thread hook, Seams seams) throws IOException {
        this.server = server;
        this.address = address;
        this.directory = directory;
        this.directoryOwner = directoryOwner;
        this.hook = hook;
        this.channels = seams.channels();
        this.afterSelect = seams.afterSelect();
        this.clock = seams.clock();
        this.closer = seams.closer();
        Selector sel = null;
        try {
            server.configureBlocking(false);
            sel = Selector.open();
            this.acceptKey = server.register(sel, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException | Error e) {
            release(server, sel, directory, hook, e, closer);
            throw e;
        }
        this.selector = sel;
    }

    /** A connection whose hello is not complete yet. */
    private static final class Pending {
        final SocketChannel socket;
        final long number;
        final long acceptedAt;
        final Hello.Reader reader = new Hello.Reader();
        SelectionKey key;

        Pending(SocketChannel socket, long number, long acceptedAt) {
            this.socket = socket;
            this.number = number;
            this.acceptedAt = acceptedAt;
        }
    }

    /**
     * The process's server, started on first use, and opened anew if the thread of the current one
     * died (see {@link #expect}). Blocks while another thread opens it.
     *
     * @return the server
     * @throws IOException if no socket can be opened at all
     */
    public static ProcessServer get() throws IOException {
        return PROCESS.get();
    }

    /**
     * Opens a server (not the process's) and starts its handshake thread.
     *
     * @param channels makes the channel of an accepted connection
     * @param afterSelect run on the handshake thread after each select
     * @return the started server
     * @throws IOException if no socket can be opened at all
     */
    static ProcessServer started(ChannelMaker channels, Runnable afterSelect) throws IOException {
        return started(Seams.REAL.withChannels(channels).withAfterSelect(afterSelect));
    }

    /**
     * Opens a server (not the process's) and starts its handshake thread. If the thread cannot be
     * started (an OutOfMemoryError 'unable to create native thread', say), the server's socket and
     * selector are closed, its shutdown hook removed and its directory deleted before that failure
     * is thrown, so that nothing is left behind by a start that failed.
     *
     * @param seams what the server is made with
     * @return the started server
     * @throws IOException if no socket can be opened at all
     */
    static ProcessServer started(Seams seams) throws IOException {
        ProcessServer s = open(seams);
        try {
            seams.starter().start(s, s::handshakeLoop);
        } catch (RuntimeException | Error e) {
            release(s.server, s.selector, s.directory, s.hook, e, s.closer);
            throw e;
        }
        LOG.debug("sk-process channel listening on {}", s.address);
        return s;
    }

    private static ProcessServer open(Seams seams) throws IOException {
        boolean tcp = "tcp".equalsIgnoreCase(System.getProperty("suitkaise.process.transport", "auto"));
        if (!tcp) {
            ProcessServer s = openUnix(seams);
            if (s != null) {
                return s;
            }
        }
        ServerSocketChannel s = ServerSocketChannel.open();
        String bound;
        try {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            InetSocketAddress a = (InetSocketAddress) s.getLocalAddress();
            bound = "tcp:" + a.getAddress().getHostAddress() + ":" + a.getPort();
        } catch (IOException | RuntimeException | Error e) {
            release(s, null, null, null, e, seams.closer());
            throw e;
        }
        return new ProcessServer(s, bound, null, null, null, seams);
    }

    /**
     * A server on a Unix domain socket in a new private directory, or null where Unix domain
     * sockets are missing; whatever it made is closed or deleted if it fails.
     */
    private static ProcessServer openUnix(Seams seams) throws IOException {
        Path dir = null;
        ServerSocketChannel s = null;
        Thread h = null;
        UserPrincipal owner;
        try {
            dir = SocketDirs.create();
            owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
            Path socket = dir.resolve(SocketDirs.SOCKET);
            s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            s.bind(UnixDomainSocketAddress.of(socket));
            Path d = dir;
            h = Thread.ofPlatform().unstarted(() -> {
                try {
                    Files.deleteIfExists(socket);
                    Files.deleteIfExists(d);
                } catch (IOException e) {
                    LOG.debug("Cannot delete {}: {}", d, e.toString());
                }
            });
            Runtime.getRuntime().addShutdownHook(h);
            SocketDirs.sweepBeside(dir.getParent(), owner);
        } catch (UnsupportedOperationException | IOException e) {
            release(s, null, dir, h, e, seams.closer());
            LOG.warn("Unix domain sockets are not available here ({}); children connect over loopback TCP instead.", e.toString());
            return null;
        } catch (RuntimeException | Error e) {
            release(s, null, dir, h, e, seams.closer());
            throw e;
        }
        return new ProcessServer(s, "unix:" + dir.resolve(SocketDirs.SOCKET), dir, owner, h, seams);
    }

    /**
     * Closes, removes and deletes each of the given parts that is not null, each even if another
     * fails; what fails is added to {@code cause} as suppressed. The socket and the selector are
     * closed with {@code closer}. Never throws.
     */
    private static void release(ServerSocketChannel server, Selector selector, Path directory, Thread hook, Throwable cause,
                                Closer closer) {
        List<Step> steps = List.of(
                () -> {
                    if (server != null) {
                        closer.close(server);
                    }
                },
                () -> {
                    if (selector != null) {
                        closer.close(selector);
                    }
                },
                () -> {
                    if (hook != null) {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    }
                },
                () -> {
                    if (directory != null) {
                        Files.deleteIfExists(directory.resolve(SocketDirs.SOCKET));
                        Files.deleteIfExists(directory);
                    }
                });
        for (Step step : steps) {
            try {
                step.run();
            } catch (Throwable e) {
                suppress(cause, e);
            }
        }
    }

    /** One part of {@link #release}. */
    private interface Step {
        void run() throws IOException;
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
     * Removes, in the background, the socket directories that dead JVMs left beside this server's
     * (see {@link SocketDirs#sweepBesideInBackground}); does nothing over TCP. Does not block.
     */
    void sweepBesideInBackground() {
        if (directory != null) {
            SocketDirs.sweepBesideInBackground(directory.getParent(), directoryOwner);
        }
    }

    /**
     * Whether this server's listening socket or its selector is still open.
     *
     * @return false once both are closed
     */
    boolean isOpen() {
        return server.isOpen() || selector.isOpen();
    }

    /**
     * The shutdown hook that deletes this server's directory.
     *
     * @return the hook, or null over TCP
     */
    Thread shutdownHook() {
        return hook;
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
     * @return completes with the child's channel once it has shaken hands, or with an
     *     {@link IOException} if its connection could not be set up or this server's thread died
     *     (then the next {@link #get()} opens a new server)
     */
    CompletableFuture<Channel> expect(String token) {
        CompletableFuture<Channel> f = new CompletableFuture<>();
        expected.put(token, f);
        if (death != null && expected.remove(token, f)) {
            // died before or while this was put: the failing in die() may have missed it
            f.completeExceptionally(died());
        }
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

    /**
     * Accepts connections and reads their hellos until the server closes ({@link #close()}; the
     * process's server serves until the JVM exits). An error that one connection causes refuses that connection; should anything else
     * end the thread, the server dies: see {@link #die}.
     */
    private void handshakeLoop() {
        try {
            while (server.isOpen()) {
                try {
                    selector.select(this::ready, selectTimeoutMillis());
                    afterSelect.run();
                    summarizeRefusals();
                    expire();
                    resumeAccepting();
                } catch (IOException | RuntimeException e) {
                    if (!server.isOpen()) {
                        break;
                    }
                    // not one connection's failure (those are refused where they happen): keep serving, without spinning
                    LOG.error("sk-process channel {} failed while accepting connections or reading hellos; it goes on in 100 ms",
                            address, e);
                    LockSupport.parkNanos(ACCEPT_PAUSE_NANOS);
                }
            }
        } catch (Throwable t) {
            die(t);
            return;
        }
        closed();
    }

    /**
     * Stops this server (used by tests; the process's server serves until the JVM exits): closes
     * its listening socket at once; its handshake thread then fails every start waiting for a
     * child, closes the held connections and its selector, removes its shutdown hook, deletes its
     * directory and ends. Does not wait for that; idempotent; does nothing to a server that died.
     */
    void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("Closing the sk-process channel {}: {}", address, e.toString());
        }
        selector.wakeup();
    }

    /** Ends this server on its handshake thread after {@link #close()}. */
    private void closed() {
        try {
            tearDown(new IOException("it was closed"));
        } finally {
            LOG.debug("sk-process channel {} closed", address);
        }
    }

    /**
     * The teardown {@link #closed()} and {@link #die} share: records {@code cause} as the death,
     * fails every start waiting for a child, then closes every held connection and releases the
     * socket, selector, shutdown hook and directory, each even if another fails (what fails is
     * added to {@code cause} as suppressed). Throws only what failing the waiting starts threw,
     * after the rest is done.
     */
    private void tearDown(Throwable cause) {
        death = cause;
        try {
            failWaiting();
        } finally {
            for (Pending p : List.copyOf(pending)) {
                try {
                    closeQuietly(p);
                } catch (Throwable e) {
                    suppress(cause, e);
                }
            }
            pending.clear();
            release(server, selector, directory, hook, cause, closer);
        }
    }

    /**
     * Ends this server after its thread failed: fails every start waiting for a child with the
     * reason, closes its socket, selector and every held connection, removes its shutdown hook and
     * deletes its directory (each even if another of these fails), then logs the refusals it had not
     * logged yet and, at ERROR, its death; a failure to log (an OutOfMemoryError, say) changes
     * nothing of the rest. The next {@link #get()} opens a new server. Never throws.
     */
    private void die(Throwable t) {
        int unlogged = unwarnedInInterval;
        try {
            tearDown(t);
        } finally {
            try {
                if (unlogged > 0) {
                    LOG.warn("Refused {} more connections to the sk-process channel {} without logging each (at most {} are"
                                    + " logged one by one per {} ms) before it stopped; something connects to it that is not a"
                                    + " child of this process.", unlogged, address, WARN_REFUSALS, WARN_INTERVAL_MILLIS);
                }
            } catch (Throwable e) {
                suppress(t, e);
            }
            try {
                LOG.error("sk-process channel {} stopped: its thread failed ({}). Every start waiting for its child fails;"
                        + " the next start opens a new channel.", address, describe(t), t);
            } catch (Throwable e) {
                suppress(t, e);
            }
        }
    }

    /** Fails every start waiting for a child with {@link #died()}, or with the death itself if that cannot be made. */
    private void failWaiting() {
        for (String token : expected.keySet()) {
            CompletableFuture<Channel> f = expected.remove(token);
            if (f != null) {
                Throwable why;
                try {
                    why = died();
                } catch (Throwable e) {
                    why = death;
                }
                f.completeExceptionally(why);
            }
        }
    }

    private static void suppress(Throwable into, Throwable e) {
        try {
            into.addSuppressed(e);
        } catch (Throwable ignored) {
            // nothing more can be done for it
        }
    }

    /** {@code t.toString()}, or its class name if that fails. */
    private static String describe(Throwable t) {
        try {
            return t.toString();
        } catch (Throwable e) {
            return t.getClass().getName();
        }
    }

    private IOException died() {
        return new IOException("The sk-process channel server " + address + " died (" + describe(death) + "), so the child"
                + " could not connect back; the next start opens a new channel server (see the ERROR logged by "
                + ProcessServer.class.getName() + ")", death);
    }

    /** How long the next select may wait: until the oldest held connection's window ends, or accepting resumes. */
    private long selectTimeoutMillis() {
        long now = clock.getAsLong();
        long until = Long.MAX_VALUE;
        if (!pending.isEmpty()) {
            until = pending.iterator().next().acceptedAt + TimeUnit.MILLISECONDS.toNanos(HELLO_MILLIS) - now;
        }
        if (acceptPausedUntil != 0) {
            until = Math.min(until, acceptPausedUntil - now);
        }
        if (warnedInInterval > 0 || unwarnedInInterval > 0) {
            until = Math.min(until, warnIntervalStart + TimeUnit.MILLISECONDS.toNanos(WARN_INTERVAL_MILLIS) - now);
        }
        if (until == Long.MAX_VALUE) {
            return 0; // nothing to time: wait for a connection or a hello
        }
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(until) + 1);
    }

    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key == acceptKey) {
            acceptAll();
            return;
        }
        advanceGuarded((Pending) key.attachment());
    }

    /** {@link #advance}, refusing the connection if that fails in any way (an OutOfMemoryError, say), so the others are served. */
    private void advanceGuarded(Pending p) {
        try {
            advance(p);
        } catch (RuntimeException | Error e) {
            LOG.error("sk-process channel {} failed reading connection {}; it is refused", address, p.number, e);
            if (pending.contains(p)) {
                refuse(p, "reading it failed (" + e + ")");
            } else {
                closeQuietly(p);
            }
        }
    }

    /**
     * Accepts every connection waiting, reads what each has sent, and keeps the cap: the hello of a
     * child that wrote it right after connecting is usually there already.
     */
    private void acceptAll() {
        while (acceptPausedUntil == 0) {
            SocketChannel socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("sk-process channel {} failed to accept a connection ({}); it accepts again in 100 ms", address,
                            e.toString());
                    acceptKey.interestOps(0);
                    acceptPausedUntil = Math.max(1, clock.getAsLong() + ACCEPT_PAUSE_NANOS);
                }
                return;
            }
            if (socket == null) {
                return;
            }
            Pending p = new Pending(socket, connections.incrementAndGet(), clock.getAsLong());
            try {
                socket.configureBlocking(false);
                p.key = socket.register(selector, SelectionKey.OP_READ, p);
            } catch (IOException | RuntimeException e) {
                LOG.warn("sk-process channel {} cannot read connection {}: {}", address, p.number, e.toString());
                closeQuietly(p);
                continue;
            }
            pending.add(p);
            advanceGuarded(p);
            if (pending.size() > MAX_UNAUTHENTICATED) {
                // a hello that has come is taken before anyone is refused for the cap
                List.copyOf(pending).forEach(this::advanceGuarded);
            }
            if (pending.size() > MAX_UNAUTHENTICATED) {
                Pending oldest = pending.iterator().next();
                refuse(oldest, "its hello was not complete " + millisSince(oldest) + " ms after its accept while "
                        + MAX_UNAUTHENTICATED + " newer connections waited for theirs, the most this process holds");
            }
        }
    }

    /** Accepts again once the pause after a failed accept is over. */
    private void resumeAccepting() {
        if (acceptPausedUntil != 0 && clock.getAsLong() - acceptPausedUntil >= 0) {
            acceptPausedUntil = 0;
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /** Refuses the held connections whose window has ended, oldest first, each after reading it once more. */
    private void expire() {
        long now = clock.getAsLong();
        while (!pending.isEmpty()) {
            Pending oldest = pending.iterator().next();
            if (now - oldest.acceptedAt < TimeUnit.MILLISECONDS.toNanos(HELLO_MILLIS)) {
                return;
            }
            advance(oldest);
            if (pending.contains(oldest)) {
                refuse(oldest, "its hello was not complete " + millisSince(oldest) + " ms after its accept (" + HELLO_MILLIS
                        + " ms allowed; a child sends it right after it connects)");
            }
        }
    }

    /** Reads what a held connection has sent; refuses it, or hands it over once its hello is complete. */
    private void advance(Pending p) {
        if (!pending.contains(p)) {
            return;
        }
        Hello hello;
        try {
            hello = p.reader.read(p.socket);
        } catch (IOException e) {
            refuse(p, "no valid hello (" + e.getMessage() + ")");
            return;
        }
        if (hello != null) {
            pending.remove(p);
            p.key.cancel();
            authenticate(p, hello);
        }
    }

    private void authenticate(Pending p, Hello hello) {
        if (hello.version() != Frame.VERSION) {
            refuse(p, "protocol version " + hello.version() + " (this process speaks " + Frame.VERSION + ")");
            return;
        }
        CompletableFuture<Channel> waiting = match(hello.token());
        if (waiting == null) {
            refuse(p, "an unknown token from a client claiming pid " + hello.pid());
            return;
        }
        Channel ch;
        try {
            ch = channels.make(p.socket, "conn-" + p.number);
        } catch (RuntimeException | Error e) {
            // the constructor closed what it opened; closing the socket again costs nothing
            closeQuietly(p);
            if (e instanceof IllegalStateException) {
                LOG.warn("sk-process channel {} cannot set up the connection of the child claiming pid {}: {}", address,
                        hello.pid(), e.getMessage());
            } else {
                LOG.error("sk-process channel {} cannot set up the connection of the child claiming pid {}", address,
                        hello.pid(), e);
            }
            waiting.completeExceptionally(new IOException("The connection of the child pid " + hello.pid() + " to "
                    + address + " could not be set up: " + e, e));
            return;
        }
        if (!waiting.complete(ch)) {
            refused.incrementAndGet();
            if (mayWarnRefusal()) {
                LOG.warn("Refused a connection to the sk-process channel {}: a token whose child has already given up (pid {}).",
                        address, hello.pid());
            }
            ch.close();
            return;
        }
        LOG.debug("Child pid {} said hello on {} {} us after its connection {} was accepted", hello.pid(), address,
                TimeUnit.NANOSECONDS.toMicros(clock.getAsLong() - p.acceptedAt), p.number);
    }

    private long millisSince(Pending p) {
        return TimeUnit.NANOSECONDS.toMillis(clock.getAsLong() - p.acceptedAt);
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

    private void refuse(Pending p, String reason) {
        pending.remove(p);
        refused.incrementAndGet();
        if (mayWarnRefusal()) {
            LOG.warn("Refused a connection to the sk-process channel {}: {}. Only children started by this process,"
                    + " which know their token, may connect.", address, reason);
        }
        closeQuietly(p);
    }

    /**
     * Whether no interval of refusal logging is running: the next {@link #WARN_REFUSALS} refusals
     * are logged one by one. An interval ends {@value #WARN_INTERVAL_MILLIS} ms after its first refusal.
     *
     * @return true if no refusal was logged or counted in the last interval that is still running
     */
    boolean refusalLogIdle() {
        return warnedInInterval == 0 && unwarnedInInterval == 0;
    }

    /**
     * Whether a refusal is logged one by one: yes for the first {@link #WARN_REFUSALS} of an
     * interval, else it is counted for the interval's summary.
     */
    private boolean mayWarnRefusal() {
        summarizeRefusals();
        if (warnedInInterval == 0 && unwarnedInInterval == 0) {
            warnIntervalStart = clock.getAsLong();
        }
        if (warnedInInterval < WARN_REFUSALS) {
            warnedInInterval++;
            return true;
        }
        unwarnedInInterval++;
        return false;
    }

    /** Ends the interval of refusal logging if it is over, logging how many refusals it did not log one by one. */
    private void summarizeRefusals() {
        if (warnedInInterval == 0 && unwarnedInInterval == 0
                || clock.getAsLong() - warnIntervalStart < TimeUnit.MILLISECONDS.toNanos(WARN_INTERVAL_MILLIS)) {
            return;
        }
        if (unwarnedInInterval > 0) {
            LOG.warn("Refused {} more connections to the sk-process channel {} in {} ms without logging each (at most {}"
                            + " are logged one by one per {} ms); something connects to it that is not a child of this process.",
                    unwarnedInInterval, address, TimeUnit.NANOSECONDS.toMillis(clock.getAsLong() - warnIntervalStart),
                    WARN_REFUSALS, WARN_INTERVAL_MILLIS);
        }
        warnedInInterval = 0;
        unwarnedInInterval = 0;
    }

    private void closeQuietly(Pending p) {
        if (p.key != null) {
            p.key.cancel();
        }
        try {
            p.socket.close();
        } catch (IOException e) {
            LOG.debug("Closing connection {} to {}: {}", p.number, address, e.toString());
        }
    }
}
