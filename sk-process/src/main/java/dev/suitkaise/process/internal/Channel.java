package dev.suitkaise.process.internal;

import dev.suitkaise.cereal.InternalCereal;
import dev.suitkaise.cereal.SKCerealException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One end of a parent-child connection. Frames go out in the order they were sent: written at
 * once by the sending thread when nothing is queued, else queued for a writer thread (and
 * always queued by {@link #sendQueued}, for threads that must never block). Frames come in
 * through {@link #receive()} on the owner's reader thread. Thread-safe: any thread may send; one
 * thread receives.
 */
public final class Channel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Channel.class);
    private static final Object END = new Object();

    private final SocketChannel socket;
    private final PushbackInputStream in;
    private final OutputStream out;
    private final LinkedBlockingQueue<Object> outbox = new LinkedBlockingQueue<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Frames queued but not yet written; a direct write happens only when it is zero. */
    private final AtomicInteger queued = new AtomicInteger();
    private final Thread writer;
    private final String label;
    private volatile boolean closed;

    /**
     * Wraps a connected socket and starts the writer thread.
     *
     * @param socket the connected socket, in blocking mode
     * @param label names the connection in thread names and logs
     */
    public Channel(SocketChannel socket, String label) {
        this.socket = socket;
        this.label = label;
        this.in = new PushbackInputStream(new BufferedInputStream(new SocketIn(socket), 64 * 1024), 1);
        this.out = new BufferedOutputStream(new SocketOut(socket), 64 * 1024);
        this.writer = Thread.ofPlatform().daemon().name("sk-channel-writer-" + label).unstarted(this::writeLoop);
        writer.start();
    }

    /**
     * Sends a frame through the writer thread. Never blocks and never writes on the caller's
     * thread: a socket channel is an interruptible channel, so a write by a thread that is
     * interrupted meanwhile (a task being cancelled, a user thread being interrupted) would close
     * the whole channel and with it the child. Only the writer thread, which nobody interrupts,
     * touches the socket.
     *
     * @param frame the frame
     * @return false if the channel is closed (the frame is dropped)
     */
    public boolean send(Frame frame) {
        return sendQueued(frame);
    }

    /**
     * Queues a frame for the writer thread. Never blocks.
     *
     * @param frame the frame
     * @return false if the channel is closed (the frame is dropped)
     */
    public boolean sendQueued(Frame frame) {
        if (closed) {
            return false;
        }
        queued.incrementAndGet();
        outbox.add(frame);
        return true;
    }

    /** Writes one frame; called with the write lock held. A failure closes the channel. */
    private void write(Object frame) {
        try {
            Codecs.ENVELOPE.serialize(frame, out);
        } catch (RuntimeException e) {
            if (causedByIo(e)) {
                if (!closed) {
                    LOG.debug("Channel {} stopped writing: {}", label, e.toString());
                }
            } else {
                LOG.error("Channel {} cannot write a frame and closes: {}", label, e.getMessage(), e);
            }
            closeSocket();
        }
    }

    /**
     * Reads the next frame with the envelope codec. Blocks until a frame arrives.
     *
     * @return the frame
     * @throws IOException if the channel ended or the frame cannot be read
     */
    public Frame receive() throws IOException {
        return receive(Codecs.ENVELOPE);
    }

    /**
     * Reads the next frame with a given codec.
     *
     * @param codec the codec (the handshake uses a small frame bound)
     * @return the frame
     * @throws IOException if the channel ended or the frame cannot be read
     */
    public Frame receive(InternalCereal codec) throws IOException {
        int first = in.read();
        if (first < 0) {
            throw new EOFException("Channel " + label + " closed by the other side");
        }
        in.unread(first);
        try {
            return codec.deserialize(in, Frame.class);
        } catch (SKCerealException e) {
            throw new IOException("Channel " + label + " received an unreadable frame: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the channel is closed.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    private void writeLoop() {
        try {
            while (true) {
                Object next = outbox.take();
                if (next == END) {
                    break;
                }
                writeLock.lock();
                try {
                    write(next);
                } finally {
                    queued.decrementAndGet();
                    writeLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeSocket();
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends what is queued (waiting at most {@code flushWithin}), then closes the socket.
     *
     * @param flushWithin how long to wait for queued frames to leave
     */
    public void close(Duration flushWithin) {
        if (!closed) {
            outbox.add(END);
            closed = true;
        }
        try {
            writer.join(flushWithin.toMillis() + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeSocket();
    }

    /** Closes at once; queued frames are dropped. */
    @Override
    public void close() {
        closed = true;
        outbox.clear();
        outbox.add(END);
        closeSocket();
    }

    private void closeSocket() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing channel {}: {}", label, e.toString());
        }
    }

    /** Reads straight from the socket; concurrent with writes. */
    private static final class SocketIn extends InputStream {
        private final SocketChannel ch;

        SocketIn(SocketChannel ch) {
            this.ch = ch;
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
            return ch.read(ByteBuffer.wrap(b, off, len));
        }
    }

    /** Writes straight to the socket; concurrent with reads. */
    private static final class SocketOut extends OutputStream {
        private final SocketChannel ch;

        SocketOut(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }
}
