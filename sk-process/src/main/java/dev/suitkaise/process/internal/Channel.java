package dev.suitkaise.process.internal;

import dev.suitkaise.cereal.SKCerealException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One end of a parent-child connection.
 *
 * <p>The socket is in non-blocking mode. That is what lets any thread write to it: a blocking
 * socket channel is an interruptible channel, closed (and with it the child) when a thread that
 * writes to it is interrupted, while a non-blocking one ignores interrupts (the JDK's
 * {@code SocketChannelImpl} installs its interrupt hook only for blocking operations). So the
 * sending thread serializes its frame and writes it at once when nothing is waiting to go out and
 * the socket buffer takes it; what does not fit, and every frame sent while something waits,
 * joins a backlog that the writer thread drains when the socket becomes writable. Frames leave in
 * the order of their {@code send} calls: the backlog and the direct write share one lock, and a
 * direct write happens only when the backlog is empty. A sender never waits for the socket; it
 * holds the lock only for non-blocking writes.
 *
 * <p>Frames come in through {@link #receive()}. When the socket has nothing, the receiving thread
 * first polls it for a short while (the spin window, {@value Spinners#DEFAULT_SPIN_MICROS} microseconds
 * unless the system property {@value Spinners#SPIN_PROPERTY} says otherwise; 0 turns polling off, and a
 * JVM with one processor never polls), yielding its processor between polls, and only then waits
 * on a selector for the socket to be readable. A frame that arrives within the window is read
 * without the thread having gone to sleep: waking a sleeping thread costs tens of microseconds on
 * a virtual machine, more than the rest of a round trip between two JVMs. The polling adapts: a
 * poll that missed means the other side is not answering quickly, and the next wait goes straight
 * to the selector, so an idle channel (heartbeats only) never polls; a frame that comes within
 * twice the window of a wait that did not poll turns polling back on. At most one thread per
 * processor polls at a time in a JVM ({@link Spinners}); a reader finding no polling slot free
 * waits on the selector at once. An interrupt of the receiving
 * thread neither ends the wait nor closes the channel; the thread's interrupt status is restored
 * when the frame has been read. Thread-safe: any thread may send; one thread at a time receives.
 */
public final class Channel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Channel.class);

    private final SocketChannel socket;
    private final Selector readable;
    private final Selector writable;
    private final SocketIn socketIn;
    private final PushbackInputStream in;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Condition backlogged = writeLock.newCondition();
    /** Frames (header and body) not yet fully written, oldest first; guarded by the write lock. */
    private final ArrayDeque<ByteBuffer[]> backlog = new ArrayDeque<>();
    private final Thread writer;
    private final String label;
    private final long spinNanos;
    private volatile boolean closed;
    /** Set by {@link #close(Duration)}: the writer drains the backlog, then closes the socket. */
    private boolean closing;

    /**
     * Wraps a connected socket, puts it in non-blocking mode and starts the writer thread.
     *
     * @param socket the connected socket, in either mode and not registered with any selector
     * @param label names the connection in thread names and logs
     * @throws IllegalStateException if the socket cannot be switched to non-blocking mode
     */
    public Channel(SocketChannel socket, String label) {
        this(socket, label, Spinners.SPIN_NANOS);
    }

    /**
     * Wraps a connected socket with a given spin window.
     *
     * @param socket the connected socket, in either mode and not registered with any selector
     * @param label names the connection in thread names and logs
     * @param spinNanos how long a receive polls an empty socket before waiting on the selector; 0
     *     never polls
     * @throws IllegalArgumentException if {@code spinNanos} is negative
     * @throws IllegalStateException if the socket cannot be switched to non-blocking mode
     * @throws OutOfMemoryError if the writer thread cannot be started; the socket and selectors are closed
     */
    Channel(SocketChannel socket, String label, long spinNanos) {
        if (spinNanos < 0) {
            throw new IllegalArgumentException("Channel " + label + ": the spin window must be 0 or more nanoseconds, got " + spinNanos);
        }
        this.socket = socket;
        this.label = label;
        this.spinNanos = spinNanos;
        Selector r = null;
        Selector w = null;
        try {
            socket.configureBlocking(false);
            r = Selector.open();
            w = Selector.open();
            socket.register(r, SelectionKey.OP_READ);
            socket.register(w, SelectionKey.OP_WRITE);
        } catch (IOException | RuntimeException e) {
            // nothing of a channel that failed to set up may stay open: its selectors hold file descriptors
            closeQuietly(e, socket, r, w);
            throw new IllegalStateException("Channel " + label + " cannot set up its socket for non-blocking use: " + e, e);
        }
        this.readable = r;
        this.writable = w;
        this.socketIn = new SocketIn();
        this.in = new PushbackInputStream(new BufferedInputStream(socketIn, 64 * 1024), 1);
        Thread w2;
        try {
            w2 = Thread.ofPlatform().daemon().name("sk-channel-writer-" + label).unstarted(this::writeLoop);
            w2.start(); // an OutOfMemoryError here ("unable to create native thread") must not leak the socket either
        } catch (RuntimeException | Error e) {
            closeQuietly(e, socket, readable, writable);
            throw e;
        }
        this.writer = w2;
    }

    /**
     * Closes what a failed constructor opened, each part even if another fails to close; null
     * parts are skipped and a failure to close is added to the original one.
     */
    private static void closeQuietly(Throwable original, java.io.Closeable... parts) {
        for (java.io.Closeable c : parts) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (IOException e) {
                original.addSuppressed(e);
            }
        }
    }

    /**
     * The lock every {@link #send} takes (for tests: a thread holding it holds up every send on
     * this channel, which waits for it without heeding interrupts).
     *
     * @return the lock
     */
    ReentrantLock writeLock() {
        return writeLock;
    }

    /**
     * Sends a frame: serializes it on the calling thread and writes it at once if nothing is
     * waiting to go out and the socket takes it, else leaves the rest to the writer thread. Never
     * waits for the socket, and safe to call from a thread that is or gets interrupted (the
     * interrupt status is left as it was).
     *
     * @param frame the frame
     * @return false if the channel is closed or the frame cannot be serialized (then logged and
     *     the channel closed); the frame is dropped
     */
    public boolean send(Frame frame) {
        if (closed) {
            return false;
        }
        byte[] body;
        try {
            body = Codecs.ENVELOPE.serialize(frame);
        } catch (RuntimeException e) {
            LOG.error("Channel {} cannot serialize a {} frame and closes: {}", label, frame.getClass().getSimpleName(), e.getMessage(), e);
            closeSocket();
            return false;
        }
        ByteBuffer header = ByteBuffer.allocate(4).putInt(0, body.length);
        ByteBuffer[] bufs = {header, ByteBuffer.wrap(body)};
        writeLock.lock();
        try {
            if (closed || closing) {
                return false;
            }
            if (backlog.isEmpty()) {
                writeNow(bufs);
                if (closed) {
                    return false;
                }
                if (bufs[1].hasRemaining()) {
                    backlog.addLast(bufs);
                    backlogged.signal();
                }
            } else {
                backlog.addLast(bufs);
            }
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Sends a frame; the same as {@link #send(Frame)}, which never waits for the socket either.
     * Kept for callers that must never block (timers).
     *
     * @param frame the frame
     * @return false if the channel is closed (the frame is dropped)
     */
    public boolean sendQueued(Frame frame) {
        return send(frame);
    }

    /**
     * Writes what the socket takes without waiting; called with the write lock held. A failure
     * closes the channel.
     */
    private void writeNow(ByteBuffer[] bufs) {
        try {
            while (bufs[1].hasRemaining()) {
                if (socket.write(bufs) == 0) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.debug("Channel {} stopped writing: {}", label, e.toString());
            }
            closeSocket();
        }
    }

    /**
     * Reads the next frame with the envelope codec. Blocks until a frame arrives.
     *
     * @return the frame
     * @throws IOException if the channel ended (an {@link EOFException} whose message says whether
     *     it was closed on this side or by the other) or the frame cannot be read
     */
    public Frame receive() throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException(closed ? "Channel " + label + " was closed on this side"
                    : "Channel " + label + " closed by the other side");
        }
        in.unread(first);
        try {
            return Codecs.ENVELOPE.deserialize(in, Frame.class);
        } catch (SKCerealException e) {
            throw new IOException("Channel " + label + " received an unreadable frame: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the next wait for a frame polls the socket first; read by the receiving thread (for
     * tests and diagnostics).
     *
     * @return false with a spin window of 0, and after a wait whose polling missed the frame; true
     *     at first, after a frame caught while polling, and after a frame that came within twice the
     *     window of a wait that did not poll; a read that did not wait changes nothing
     */
    boolean pollsNextWait() {
        return socketIn.poll;
    }

    /**
     * Whether the channel is closed.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /** Drains the backlog whenever the socket can take more; ends when the channel closes. */
    private void writeLoop() {
        while (true) {
            boolean waitForSocket;
            writeLock.lock();
            try {
                while (backlog.isEmpty() && !closing && !closed) {
                    backlogged.awaitUninterruptibly();
                }
                if (closed || closing && backlog.isEmpty()) {
                    break;
                }
                ByteBuffer[] head;
                while ((head = backlog.peekFirst()) != null) {
                    writeNow(head);
                    if (closed || head[1].hasRemaining()) {
                        break;
                    }
                    backlog.pollFirst();
                }
                if (closed) {
                    break;
                }
                waitForSocket = !backlog.isEmpty();
            } finally {
                writeLock.unlock();
            }
            if (waitForSocket) {
                try {
                    writable.select(TimeUnit.SECONDS.toMillis(1));
                    writable.selectedKeys().clear();
                } catch (IOException | ClosedSelectorException e) {
                    break;
                }
            }
        }
        closeSocket();
    }

    /**
     * Sends what is queued (waiting at most {@code flushWithin}), then closes the socket. Frames
     * sent after this call are dropped.
     *
     * @param flushWithin how long to wait for queued frames to leave
     */
    public void close(Duration flushWithin) {
        writeLock.lock();
        try {
            closing = true;
            backlogged.signal();
        } finally {
            writeLock.unlock();
        }
        if (Thread.currentThread() != writer) {
            try {
                writer.join(flushWithin.toMillis() + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeSocket();
    }

    /** Closes at once; queued frames are dropped. */
    @Override
    public void close() {
        closeSocket();
    }

    private void closeSocket() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing channel {}: {}", label, e.toString());
        }
        // the socket's file descriptor is released once no selector holds it any more
        closeSelector(readable);
        closeSelector(writable);
        // the lock is held only for writes that do not wait, so taking it here is quick
        writeLock.lock();
        try {
            backlog.clear();
            backlogged.signal();
        } finally {
            writeLock.unlock();
        }
    }

    private void closeSelector(Selector s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("Closing a selector of channel {}: {}", label, e.toString());
        }
    }

    /**
     * Reads from the socket; while nothing is there, polls it for the spin window (when polling is
     * on and a polling slot of {@link Spinners} is free), then waits on the read selector.
     */
    private final class SocketIn extends InputStream {

        /** The last read took all the socket had: waiting for readiness saves a futile read. */
        private boolean drained;

        /**
         * Whether the next wait polls first: false once a poll missed, true again once a frame
         * comes within twice the spin window of a wait that did not poll; never with a window of 0.
         */
        private boolean poll = spinNanos > 0;

        /** One non-blocking read; -1 at the end of the stream or once the channel is closed. */
        private int readSocket(ByteBuffer buf) throws IOException {
            try {
                return socket.read(buf);
            } catch (IOException e) {
                if (closed) {
                    return -1;
                }
                throw e;
            }
        }

        /**
         * Polls the socket until something arrives or the spin window from {@code start} has
         * passed, yielding the processor between polls so that a thread this one keeps from
         * running (on a busy machine, perhaps the one about to answer) gets it.
         *
         * @return what the last read returned: 0 if the window passed with nothing
         */
        private int spin(ByteBuffer buf, long start) throws IOException {
            int n = 0;
            while (n == 0 && !closed && System.nanoTime() - start < spinNanos) {
                Thread.yield();
                n = readSocket(buf);
            }
            return closed && n == 0 ? -1 : n;
        }

        /** Notes whether a read emptied the socket, and passes its result on. */
        private int taken(int n, int len) {
            // a short read emptied the socket: next time wait (or poll) before reading
            drained = n > 0 && n < len;
            return n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            boolean interrupted = false;
            long waitStart = 0;
            boolean spun = false;
            try {
                while (true) {
                    int n = 0;
                    if (!drained || poll) {
                        n = readSocket(buf);
                        if (n == 0 && poll && waitStart == 0) {
                            waitStart = System.nanoTime();
                            if (Spinners.tryEnter()) {
                                spun = true;
                                try {
                                    n = spin(buf, waitStart);
                                } finally {
                                    Spinners.exit();
                                }
                                if (n != 0) {
                                    return taken(n, len); // caught while polling: keep polling
                                }
                            }
                        }
                    }
                    if (n != 0) {
                        if (waitStart != 0) {
                            // slept: a poll that missed turns polling off; with polling off (or no
                            // processor free to poll on), a frame soon after the wait began turns it on
                            poll = !spun && spinNanos > 0 && System.nanoTime() - waitStart <= 2 * spinNanos;
                        }
                        return taken(n, len);
                    }
                    if (waitStart == 0) {
                        waitStart = System.nanoTime();
                    }
                    drained = false;
                    try {
                        readable.select();
                        readable.selectedKeys().clear();
                    } catch (ClosedSelectorException e) {
                        return -1;
                    }
                    if (closed) {
                        return -1;
                    }
                    // an interrupt ends a select at once: keep waiting, and restore it afterwards
                    interrupted |= Thread.interrupted();
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
