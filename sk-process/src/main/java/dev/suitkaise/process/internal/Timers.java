package dev.suitkaise.process.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The shared timer of sk-process (timeouts, heartbeats, restarts' backoff): one daemon thread. */
final class Timers {

    /**
     * Runs short actions only; anything that may block is handed to another thread, and so is
     * every completion of a caller's future (its dependent actions would otherwise run here, and
     * a slow one would hold up every timeout and heartbeat of the JVM).
     */
    static final ScheduledExecutorService SCHEDULER;

    static {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("sk-process-timer").factory());
        s.setRemoveOnCancelPolicy(true);
        SCHEDULER = s;
    }

    private Timers() {
    }
}
