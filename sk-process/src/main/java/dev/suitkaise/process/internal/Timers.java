package dev.suitkaise.process.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/** The shared timer of sk-process (timeouts, heartbeats, restarts' backoff): one daemon thread. */
final class Timers {

    /** Runs short actions only; anything that may block is handed to a virtual thread. */
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
