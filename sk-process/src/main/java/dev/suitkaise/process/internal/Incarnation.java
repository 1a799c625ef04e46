package dev.suitkaise.process.internal;

import org.slf4j.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/** One child JVM behind an {@link ManagedProcess} handle; a restart makes a new one. */
public final class Incarnation {

    final Process process;
    final long pid;
    final Instant startedAt = Instant.now();
    final StreamPump out;
    final StreamPump err;
    final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Completes with the exit code, from this incarnation's own waiter thread (not the common pool). */
    final CompletableFuture<Integer> exited = new CompletableFuture<>();
    final AtomicBoolean unresponsive = new AtomicBoolean();
    volatile Channel channel;
    volatile boolean intentional;
    volatile String killReason;
    /** A heartbeat ping was sent and not answered yet; written by the timer, cleared by the reader. */
    volatile boolean pingInFlight;
    /** When the ping in flight was sent ({@link System#nanoTime()}); read only while one is. */
    volatile long pingSentNanos;
    volatile Instant lastBeatAt;
    volatile long heapUsed = -1;
    volatile long heapMax = -1;
    volatile ScheduledFuture<?> heartbeat;
    /** Budget slots this JVM took for processes it spawned itself. */
    final HeldSlots slots = new HeldSlots();
    /** The globals this JVM listens to; set before its reader starts. */
    volatile GlobalRelay relay;
    private final Thread waiter;

    Incarnation(Process process, String name, Logger childLog) {
        this.process = process;
        this.pid = process.pid();
        this.out = new StreamPump(process.getInputStream(), childLog, false, "sk-process-out-" + name + "-" + pid);
        this.err = new StreamPump(process.getErrorStream(), childLog, true, "sk-process-err-" + name + "-" + pid);
        this.waiter = Thread.ofPlatform().daemon().name("sk-process-wait-" + name + "-" + pid).start(() -> {
            while (true) {
                try {
                    exited.complete(process.waitFor());
                    return;
                } catch (InterruptedException e) {
                    // keep waiting: this thread exists only to see the exit
                }
            }
        });
    }

    /**
     * Gives a warm spare JVM the name of the process that takes it: its output goes to that
     * process's logger from now on, and its threads carry the name.
     *
     * @param name the process's name
     * @param childLog the process's logger
     */
    void adopt(String name, Logger childLog) {
        out.redirect(childLog, "sk-process-out-" + name + "-" + pid);
        err.redirect(childLog, "sk-process-err-" + name + "-" + pid);
        waiter.setName("sk-process-wait-" + name + "-" + pid);
    }

    /**
     * A task sent (or to be sent) to a child.
     *
     * @param id the task's id
     * @param function the serialized function
     * @param timeoutMillis its timeout, or 0 for none
     * @param future its result
     */
    record Pending(long id, byte[] function, long timeoutMillis, CompletableFuture<Object> future) {
    }
}
