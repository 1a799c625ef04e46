package dev.suitkaise.examples.focused;

import dev.suitkaise.cereal.CerealIssue;
import dev.suitkaise.cereal.SKCereal;
import dev.suitkaise.process.SKProcess;
import dev.suitkaise.process.SKProcessManager;
import dev.suitkaise.reg.Domain;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialization (sk-cereal) through a child process (sk-process): an object holding a held lock, a
 * semaphore, a latch, a counter, a queue, a running executor, a running thread, a lambda and
 * reference cycles is captured by a function that runs in a child JVM, which describes what it
 * received; then the object goes to the child and back. The rules for each kind of object are in
 * the {@code dev.suitkaise.cereal} package documentation.
 *
 * <p>Run with {@code -Dsuitkaise.domain.external=module:dev.suitkaise.examples}, as the
 * {@code example} profile does.
 */
public final class WorstObject {

    // begin:worst-type
    /** The kind of object that usually cannot leave its process. */
    static final class Everything {
        final ReentrantLock lock = new ReentrantLock();
        final Semaphore permits = new Semaphore(3);
        final CountDownLatch started = new CountDownLatch(2);
        final AtomicLong counter = new AtomicLong(42);
        final BlockingQueue<String> inbox = new LinkedBlockingQueue<>(List.of("a", "b", "c"));
        final ExecutorService executor = Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().factory());
        final Thread watcher = Thread.ofPlatform().daemon().name("watcher").unstarted(() -> awaitQuietly(started));
        final Callable<String> task = (Callable<String> & Serializable) () -> "ran in " + ProcessHandle.current().pid();
        final List<Object> parts = new ArrayList<>(List.of("first"));
        final Everything self = this;

        Everything() {
            parts.add(parts);  // a list that contains itself
        }
    }
    // end:worst-type

    /** What an {@code Everything} looks like in the process that runs this. */
    static String describe(Everything e) throws Exception {
        return "pid " + ProcessHandle.current().pid()
                + ": lock held=" + e.lock.isLocked()
                + ", permits=" + e.permits.availablePermits()
                + ", latch=" + e.started.getCount()
                + ", counter=" + e.counter.get()
                + ", inbox=" + e.inbox
                + ", executor threads=" + ((ThreadPoolExecutor) e.executor).getPoolSize()
                + " of " + ((ThreadPoolExecutor) e.executor).getCorePoolSize()
                + ", thread '" + e.watcher.getName() + "' " + e.watcher.getState()
                + ", task " + e.task.call()
                + ", self is this=" + (e.self == e)
                + ", parts holds itself=" + (e.parts.get(1) == e.parts);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lets the watcher end and stops the executor. */
    static void release(Everything e) throws InterruptedException {
        while (e.started.getCount() > 0) {
            e.started.countDown();
        }
        e.watcher.join();
        e.executor.shutdown();
    }

    /** A plain lambda is not serializable; {@code check} finds it and names where it is. */
    static final class Careless {
        final String label = "careless";
        final Supplier<String> callback = () -> "cannot travel";
    }

    private WorstObject() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception if the child fails or the wait is interrupted
     */
    public static void main(String[] args) throws Exception {
        System.out.println("parent pid " + ProcessHandle.current().pid());
        // begin:worst
        Everything worst = new Everything();
        worst.lock.lock();                          // held by this thread while the object travels
        worst.permits.acquire();                    // 2 of 3 permits left
        worst.watcher.start();                      // a running thread ...
        worst.executor.submit(() -> "warm").get();  // ... and an executor with a live thread
        System.out.println("here:  " + describe(worst));
        System.out.println(SKCereal.internal().serialize(worst).length + " bytes through the internal codec");

        SKProcessManager manager = SKProcessManager.of(Domain.EXTERNAL);
        try {
            SKProcess child = manager.spawn("inspector");
            String seen = child.execute(() -> describe(worst), Duration.ofSeconds(60));    // runs in the child
            System.out.println("child: " + seen);
            Everything back = child.execute(() -> worst, Duration.ofSeconds(60));           // there and back
            System.out.println("back:  " + describe(back));
        } finally {
            manager.shutdownAll(Duration.ofSeconds(5));                                     // no child left behind
            worst.lock.unlock();
            release(worst);
        }
        // end:worst

        // begin:check
        for (CerealIssue issue : SKCereal.internal().check(new Careless())) {
            System.out.println("check: " + issue);  // root.callback (...): ... is not serializable ...
        }
        // end:check
    }
}
