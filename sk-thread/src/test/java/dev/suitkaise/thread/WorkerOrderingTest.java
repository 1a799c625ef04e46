package dev.suitkaise.thread;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Component workers: one thread per component, tasks one at a time in submission order. */
class WorkerOrderingTest {

    private static final int SUBMITTERS = 32;
    private static final int PER_SUBMITTER = 500;

    private final SKThreader threader = Waits.threader("workers");

    @AfterEach
    void closeThreader() {
        Waits.closeAndCheck(threader);
    }

    /** A task's record: which submitter, which of its tasks, and the thread it ran on. */
    record Ran(int submitter, int seq, String thread) {
    }

    @Test
    void tasksOf32ConcurrentSubmittersRunOneAtATimeInEachSubmittersOrderOnOneThread() throws Exception {
        SKWorker worker = threader.worker("ordered");
        List<Ran> log = new ArrayList<>(); // touched only by the worker thread: tasks run one at a time
        int[] concurrent = {0};
        int[] maxConcurrent = {0};
        CountDownLatch go = new CountDownLatch(1);
        List<SKThread<List<CompletableFuture<Integer>>>> submitters = new ArrayList<>();
        for (int s = 0; s < SUBMITTERS; s++) {
            int submitter = s;
            submitters.add(threader.start("submitter-" + s, ThreadSpec.platform(), () -> {
                Waits.await(go);
                List<CompletableFuture<Integer>> futures = new ArrayList<>();
                for (int i = 0; i < PER_SUBMITTER; i++) {
                    int seq = i;
                    futures.add(worker.submit(() -> {
                        concurrent[0]++;
                        maxConcurrent[0] = Math.max(maxConcurrent[0], concurrent[0]);
                        log.add(new Ran(submitter, seq, Thread.currentThread().getName()));
                        concurrent[0]--;
                        return seq;
                    }));
                }
                return futures;
            }));
        }
        go.countDown();
        for (SKThread<List<CompletableFuture<Integer>>> submitter : submitters) {
            for (CompletableFuture<Integer> f : submitter.result()) {
                f.get();
            }
        }
        // the last future completing happens-before this read; a final task makes the log's state visible
        List<Ran> snapshot = worker.submit(() -> List.copyOf(log)).get();

        assertThat(snapshot).hasSize(SUBMITTERS * PER_SUBMITTER);
        Map<Integer, List<Integer>> bySubmitter = new HashMap<>();
        Set<String> threads = new HashSet<>();
        for (Ran r : snapshot) {
            bySubmitter.computeIfAbsent(r.submitter(), k -> new ArrayList<>()).add(r.seq());
            threads.add(r.thread());
        }
        assertThat(bySubmitter).hasSize(SUBMITTERS);
        List<Integer> expected = java.util.stream.IntStream.range(0, PER_SUBMITTER).boxed().toList();
        bySubmitter.forEach((s, seqs) -> assertThat(seqs).as("order of submitter %d", s).isEqualTo(expected));
        assertThat(threads).containsExactly("ordered");
        assertThat(maxConcurrent[0]).isEqualTo(1);
    }

    @Test
    void workerForTheSameComponentReturnsTheSameWorkerWhileItRuns() {
        SKWorker a = threader.worker("net");
        SKWorker b = threader.worker("net");
        SKWorker other = threader.worker("disk");

        assertThat(b).isSameAs(a);
        assertThat(other).isNotSameAs(a);
        assertThat(a.name()).isEqualTo("net");
    }

    @Test
    void askingForARunningWorkerWithADifferentSpecFailsWithAMessageNamingIt() {
        threader.worker("spec'd", WorkerSpec.defaults());
        WorkerSpec other = WorkerSpec.builder().bounded(4, OverflowPolicy.FAIL).build();

        assertThatThrownBy(() -> threader.worker("spec'd", other)).isInstanceOf(SKThreadException.class)
                .hasMessageContaining("spec'd").hasMessageContaining("already runs");
        assertThat(threader.worker("spec'd")).isNotNull();
    }

    @Test
    void aFailingTaskFailsItsOwnFutureAndTheWorkerGoesOn() throws Exception {
        SKWorker worker = threader.worker("resilient");
        CompletableFuture<Object> bad = worker.submit("bad", () -> {
            throw new IllegalStateException("task bug");
        });
        CompletableFuture<String> good = worker.submit(() -> "still here");

        assertThat(good.get()).isEqualTo("still here");
        assertThatThrownBy(bad::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(worker.failures()).isEqualTo(1);
        assertThat(worker.state()).isEqualTo(ThreadState.RUNNING);
    }

    @Test
    void aStoppedWorkerIsReplacedByANewOneOnTheNextRequest() throws Exception {
        SKWorker first = threader.worker("replaced");
        first.requestStop();
        Waits.join(first);

        SKWorker second = threader.worker("replaced");

        assertThat(second).isNotSameAs(first);
        assertThat(second.submit(() -> "new").get()).isEqualTo("new");
        assertThat(first.state()).isEqualTo(ThreadState.FINISHED);
    }

    @Test
    void cancellingAQueuedTasksFutureSkipsTheTask() throws Exception {
        SKWorker worker = threader.worker("skips");
        CountDownLatch release = new CountDownLatch(1);
        worker.submit(() -> {
            Waits.await(release);
            return null;
        });
        boolean[] ran = {false};
        CompletableFuture<Object> skipped = worker.submit(() -> {
            ran[0] = true;
            return null;
        });
        skipped.cancel(false);
        release.countDown();

        assertThat(worker.submit(() -> ran[0]).get()).as("cancelled task ran").isFalse();
    }
}
