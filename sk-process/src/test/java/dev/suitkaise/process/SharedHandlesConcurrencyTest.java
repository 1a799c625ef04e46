package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@link SKPool} and one {@link SKProcess} used by many threads at once (their Javadoc: all methods are
 * thread-safe): every call gets its own results, exactly; the children ran each task once, none was lost or
 * sent twice; and no child outlives the handles.
 */
@ExtendWith(NoOrphans.class)
class SharedHandlesConcurrencyTest {

    private static final int THREADS = 16;
    private static final int ROUNDS = 200;
    private static final int ITEMS = 3;

    /** A value no other call of the test computes: thread, round and slot each have their own digits. */
    private static long tag(int thread, int round, int slot) {
        return thread * 1_000_000L + round * 10L + slot;
    }

    @Test
    void sixteenThreadsSharingOnePoolAndOneProcessEachGetTheirOwnResultsExactlyOnce() throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
        List<Long> pids = new ArrayList<>();
        try (SKPool pool = manager.pool(ProcessSpec.builder("shared-pool").build(), 2)) {
            SKProcess process = manager.spawn("shared-process");
            try {
                pool.workers().forEach(w -> pids.add(w.pid()));
                pids.add(process.pid());
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> threads = new ArrayList<>();
                // half platform threads (preempted anywhere), half virtual threads (the README names them)
                try (ExecutorService platform = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory());
                     ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int t = 0; t < THREADS; t++) {
                        int thread = t;
                        threads.add((t % 2 == 0 ? platform : virtual).submit(() -> {
                            go.await();
                            for (int round = 0; round < ROUNDS; round++) {
                                oneRound(pool, process, thread, round);
                            }
                            return ROUNDS;
                        }));
                    }
                    go.countDown();
                    try {
                        for (Future<Integer> f : threads) {
                            assertThat(doneWithin(f)).isEqualTo(ROUNDS);
                        }
                    } catch (Throwable t) {
                        // the others' calls are cancelled by the interrupt, rather than run all their rounds
                        platform.shutdownNow();
                        virtual.shutdownNow();
                        throw t;
                    }
                }

                int calls = THREADS * ROUNDS;
                // each call got exactly its own results (checked in the rounds); no task ran twice or failed
                assertThat(process.stats().tasksDone()).as("tasks the process ran").isEqualTo(calls);
                assertThat(process.stats().tasksFailed()).isZero();
                List<ProcessStats> stats = pool.workers().stream().map(SKProcess::stats).toList();
                assertThat(stats.stream().mapToLong(ProcessStats::tasksDone).sum()).as("tasks the pool's children ran")
                        .isEqualTo((long) calls * (ITEMS + 1));
                assertThat(stats.stream().mapToLong(ProcessStats::tasksFailed).sum()).isZero();
                assertThat(stats).as("no child restarted").allSatisfy(s -> assertThat(s.restarts()).isZero());
                assertThat(process.stats().restarts()).isZero();
            } finally {
                process.stop(Duration.ofSeconds(10));
            }
        }

        for (long pid : pids) {
            assertThat(Children.goneWithin(pid, Children.BOUND)).as("child %d gone after close and stop", pid).isTrue();
        }
    }

    /**
     * One thread's round: a map of three items and a submit on the pool, an execute on the process, each result
     * checked against what this thread and round alone would compute.
     */
    private static void oneRound(SKPool pool, SKProcess process, int thread, int round) throws Exception {
        List<Long> items = new ArrayList<>();
        for (int slot = 0; slot < ITEMS; slot++) {
            items.add(tag(thread, round, slot));
        }
        List<Long> mapped = pool.map(x -> -x, items, Children.BOUND);
        assertThat(mapped).as("map of thread %d round %d", thread, round)
                .containsExactly(-items.get(0), -items.get(1), -items.get(2));

        long submitted = tag(thread, round, ITEMS);
        long fromPool = Children.await(pool.submit(() -> -submitted));
        assertThat(fromPool).as("submit of thread %d round %d", thread, round).isEqualTo(-submitted);

        long executed = tag(thread, round, ITEMS + 1);
        long fromProcess = process.execute(() -> -executed, Children.BOUND);
        assertThat(fromProcess).as("execute of thread %d round %d", thread, round).isEqualTo(-executed);

    }

    private static <T> T doneWithin(Future<T> f) throws Exception {
        try {
            return f.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error; // an assertion that failed on that thread
            }
            throw e.getCause() instanceof Exception x ? x : e;
        } catch (TimeoutException e) {
            throw new AssertionError("a thread sharing the pool and the process did not finish its rounds", e);
        }
    }
}
