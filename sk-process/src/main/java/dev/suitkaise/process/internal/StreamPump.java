package dev.suitkaise.process.internal;

import org.slf4j.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Forwards a child's stdout or stderr line by line to an SLF4J logger and keeps the last lines.
 * Runs on its own daemon thread until the stream ends. Thread-safe.
 */
final class StreamPump {

    private static final int KEEP = 40;

    private final ArrayDeque<String> last = new ArrayDeque<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Logger logger;
    private final Thread thread;

    StreamPump(InputStream stream, Logger logger, boolean error, String threadName) {
        this.logger = logger;
        this.thread = Thread.ofPlatform().daemon().name(threadName).start(() -> pump(stream, error));
    }

    /**
     * Sends the lines read from now on to another logger, and renames the pumping thread: a warm
     * spare JVM gets its process's name when a spawn takes it.
     *
     * @param to the new logger
     * @param threadName the thread's new name
     */
    void redirect(Logger to, String threadName) {
        logger = to;
        thread.setName(threadName);
    }

    private void pump(InputStream stream, boolean error) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, Charset.defaultCharset()))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (last) {
                    if (last.size() == KEEP) {
                        last.removeFirst();
                    }
                    last.addLast(line);
                }
                Logger log = logger;
                if (error) {
                    log.warn("{}", line);
                } else {
                    log.info("{}", line);
                }
            }
        } catch (IOException e) {
            logger.debug("Stream of the child ended: {}", e.toString());
        } finally {
            ended.countDown();
        }
    }

    /**
     * Waits for the stream to end.
     *
     * @param millis the bound
     */
    void awaitEnd(long millis) {
        try {
            ended.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The last lines read.
     *
     * @return oldest first
     */
    List<String> lastLines() {
        synchronized (last) {
            return List.copyOf(last);
        }
    }
}
