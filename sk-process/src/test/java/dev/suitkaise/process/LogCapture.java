package dev.suitkaise.process;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Tees this JVM's stderr (where slf4j-simple writes) into a buffer, so a test can wait for a
 * log line. Close to restore stderr. Public for the tests of the internal package.
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Object lock = new Object();

    /** Starts teeing stderr. */
    public LogCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (lock) {
                    buffer.write(b);
                    lock.notifyAll();
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (lock) {
                    buffer.write(b, off, len);
                    lock.notifyAll();
                }
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Waits until a line containing all the given parts has been logged; returns that line. */
    public String awaitLine(Duration bound, String... parts) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        synchronized (lock) {
            while (true) {
                for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
                    boolean all = true;
                    for (String p : parts) {
                        all &= line.contains(p);
                    }
                    if (all) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("No log line with %s within %s", String.join(" and ", parts), bound);
                }
                lock.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** How many lines logged so far contain all the given parts. */
    public int count(String... parts) {
        int n = 0;
        synchronized (lock) {
            for (String line : buffer.toString(StandardCharsets.UTF_8).split("\n")) {
                boolean all = true;
                for (String p : parts) {
                    all &= line.contains(p);
                }
                if (all) {
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
