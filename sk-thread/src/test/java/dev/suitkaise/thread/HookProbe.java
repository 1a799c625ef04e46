package dev.suitkaise.thread;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * The main class of the child JVMs of {@link ShutdownHookTest} and {@link FailureLoggingTest}:
 * starts one thread on the process threader and returns from main, so the JVM exits and the
 * threader's shutdown hook runs.
 */
public final class HookProbe {

    private HookProbe() {
    }

    /**
     * Runs the probe.
     *
     * @param args {@code polite} for a body that polls the stop flag, {@code stubborn} for one that
     *             ignores stop requests and interrupts, {@code fails} for one that throws,
     *             {@code long-user-shutdown} for a stubborn one and a shutdown with a 60 s grace begun
     *             before main returns
     * @throws InterruptedException if interrupted while waiting for the thread to start
     */
    public static void main(String[] args) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        if (args[0].equals("polite")) {
            SKThreader.get().start("polite-child", ThreadSpec.platform(), () -> {
                started.countDown();
                while (!SKThread.stopRequested()) {
                    LockSupport.park();
                }
                System.out.println("polite-child saw the stop request");
                return null;
            });
        } else if (args[0].equals("fails")) {
            SKThread<Object> t = SKThreader.get().start("failing-child", () -> {
                started.countDown();
                throw new IllegalStateException("unique-boom-7f3a");
            });
            t.join(Waits.BOUND);
            System.out.println("state " + t.state() + ", failure " + t.failure().map(Throwable::getMessage).orElse("none"));
        } else if (args[0].equals("long-user-shutdown")) {
            SKThreader.get().start("stubborn-child", ThreadSpec.platform(), () -> {
                started.countDown();
                Waits.awaitIgnoringInterrupts(new CountDownLatch(1));
                return null;
            });
            started.await();
            Thread user = new Thread(() -> SKThreader.get().shutdown(Duration.ofSeconds(60)), "user-shutdown");
            user.setDaemon(true);
            user.start();
            Waits.until(SKThreader.get()::isShutdown, "the user's shutdown began");
        } else {
            SKThreader.get().start("stubborn-child", ThreadSpec.platform(), () -> {
                started.countDown();
                Waits.awaitIgnoringInterrupts(new CountDownLatch(1));
                return null;
            });
        }
        started.await();
        System.out.println("main returns");
    }
}
