package dev.suitkaise.reg;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs a task on many platform threads released together through a start gate. */
final class Concurrently {

    /** The number of threads the stress tests use. */
    static final int THREADS = 16;

    /** How long a stress run may take before the test fails instead of hanging. */
    private static final long BOUND_SECONDS = 60;

    /** One thread's work, given the thread's index (0-based). */
    @FunctionalInterface
    interface Work<T> {
        T run(int thread) throws Exception;
    }

    private Concurrently() {
    }

    /**
     * Runs {@code work} on {@link #THREADS} threads at once.
     *
     * @return the threads' results, by index
     */
    static <T> List<T> run(Work<T> work) throws InterruptedException {
        return run(THREADS, work);
    }

    /**
     * Runs {@code work} on {@code threads} platform threads, all released at the same moment,
     * and waits (bounded) for all of them. A failure of any thread fails the caller.
     *
     * @return the threads' results, by index
     */
    static <T> List<T> run(int threads, Work<T> work) throws InterruptedException {
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "stress-" + names.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    if (!go.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
                        throw new AssertionError("start gate never opened");
                    }
                    return work.run(index);
                }));
            }
            if (!ready.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("not all " + threads + " threads started");
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    results.add(f.get(BOUND_SECONDS, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    throw new AssertionError("a worker thread failed: " + e.getCause(), e.getCause());
                } catch (TimeoutException e) {
                    throw new AssertionError("a worker thread did not finish within " + BOUND_SECONDS + " s", e);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
            if (!pool.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("worker threads did not stop");
            }
        }
    }
}
