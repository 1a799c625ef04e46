package dev.suitkaise.thread;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bounded mailboxes and their overflow policies; draining and rejecting stops. */
class MailboxTest {

    private final SKThreader threader = Waits.threader("mailbox");
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void closeThreader() {
        release.countDown();
        Waits.closeAndCheck(threader);
    }

    /** A worker with the given mailbox whose first task holds it busy until {@link #release}. */
    private SKWorker busyWorker(String name, int capacity, OverflowPolicy policy) {
        SKWorker w = threader.worker(name, WorkerSpec.builder().bounded(capacity, policy).build());
        CountDownLatch running = new CountDownLatch(1);
        w.submit("holder", () -> {
            running.countDown();
            Waits.awaitIgnoringInterrupts(release);
            return null;
        });
        Waits.await(running);
        return w;
    }

    private static SKRejectedException rejection(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.get();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(SKRejectedException.class);
            return (SKRejectedException) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new AssertionError("not rejected");
    }

    @Test
    void failRejectsTheNewTaskWhenTheMailboxIsFull() throws Exception {
        SKWorker w = busyWorker("fail", 2, OverflowPolicy.FAIL);
        CompletableFuture<Integer> a = w.submit(() -> 1);
        CompletableFuture<Integer> b = w.submit(() -> 2);
        CompletableFuture<Integer> c = w.submit("third", () -> 3);

        SKRejectedException e = rejection(c);
        assertThat(e.reason()).isEqualTo(SKRejectedException.Reason.FULL);
        assertThat(e.worker()).isEqualTo("fail");
        assertThat(e).hasMessageContaining("'third'").hasMessageContaining("capacity 2");
        assertThat(w.pending()).isEqualTo(2);
        release.countDown();
        assertThat(a.get() + b.get()).isEqualTo(3);
    }

    @Test
    void dropOldestFailsTheOldestWaitingTaskAndQueuesTheNewOne() throws Exception {
        SKWorker w = busyWorker("drop", 2, OverflowPolicy.DROP_OLDEST);
        CompletableFuture<Integer> a = w.submit(() -> 1);
        CompletableFuture<Integer> b = w.submit(() -> 2);
        CompletableFuture<Integer> c = w.submit(() -> 3);
        CompletableFuture<Integer> d = w.submit(() -> 4);

        assertThat(rejection(a).reason()).isEqualTo(SKRejectedException.Reason.DROPPED);
        assertThat(rejection(b).reason()).isEqualTo(SKRejectedException.Reason.DROPPED);
        release.countDown();
        assertThat(List.of(c.get(), d.get())).containsExactly(3, 4);
    }

    @Test
    void blockMakesTheSubmitterWaitForRoomAndThenQueuesInOrder() throws Exception {
        SKWorker w = busyWorker("block", 1, OverflowPolicy.BLOCK);
        CompletableFuture<Integer> first = w.submit(() -> 1);
        SKThread<CompletableFuture<Integer>> submitter =
                threader.start("blocked-submitter", ThreadSpec.platform(), () -> w.submit(() -> 2));
        Waits.until(() -> Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("blocked-submitter") && t.getState() == Thread.State.WAITING),
                "submitter parked waiting for room");

        assertThat(submitter.future()).as("submitter still waiting for room").isNotDone();
        release.countDown();

        assertThat(submitter.result().get()).isEqualTo(2);
        assertThat(first.get()).isEqualTo(1);
    }

    @Test
    void aBlockedSubmitterThatIsInterruptedGetsARejectionAndKeepsItsInterruptStatus() throws Exception {
        SKWorker w = busyWorker("block-interrupt", 1, OverflowPolicy.BLOCK);
        w.submit(() -> 1);
        SKThread<Boolean> submitter = threader.start("interrupted-submitter", () -> {
            Thread.currentThread().interrupt();
            CompletableFuture<Integer> f = w.submit(() -> 2);
            assertThat(rejection(f).reason()).isEqualTo(SKRejectedException.Reason.INTERRUPTED);
            return Thread.currentThread().isInterrupted();
        });

        assertThat(submitter.result()).isTrue();
    }

    @Test
    void aWorkerSubmittingToItsOwnFullMailboxIsRejectedInsteadOfDeadlocking() throws Exception {
        SKWorker w = threader.worker("self", WorkerSpec.builder().bounded(1, OverflowPolicy.BLOCK).build());
        CountDownLatch filled = new CountDownLatch(1);
        CompletableFuture<CompletableFuture<Integer>> outer = w.submit(() -> {
            Waits.await(filled);
            return w.submit(() -> 2);
        });
        w.submit(() -> 1);
        filled.countDown();

        SKRejectedException e = rejection(outer.get());
        assertThat(e.reason()).isEqualTo(SKRejectedException.Reason.FULL);
        assertThat(e).hasMessageContaining("own full mailbox");
    }

    @Test
    void requestStopDrainsThePendingTasksThenRejectsNewOnes() throws Exception {
        SKWorker w = busyWorker("drain", 0, OverflowPolicy.BLOCK);
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int v = i;
            queued.add(w.submit(() -> v));
        }
        w.requestStop();
        CompletableFuture<Integer> late = w.submit(() -> 99);
        release.countDown();
        Waits.join(w);

        for (int i = 0; i < 5; i++) {
            assertThat(queued.get(i).get()).isEqualTo(i);
        }
        assertThat(rejection(late).reason()).isEqualTo(SKRejectedException.Reason.STOPPED);
        assertThat(w.state()).isEqualTo(ThreadState.FINISHED);
    }

    @Test
    void stopNowFailsEveryPendingFutureAndInterruptsTheRunningTask() throws Exception {
        SKWorker w = threader.worker("now");
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<String> current = w.submit(() -> {
            running.countDown();
            new CountDownLatch(1).await();
            return "not interrupted";
        });
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            queued.add(w.submit(() -> 1));
        }
        Waits.await(running);

        w.stopNow();
        Waits.join(w);

        assertThat(queued).allSatisfy(f -> assertThat(rejection(f).reason()).isEqualTo(SKRejectedException.Reason.STOPPED));
        assertThatThrownBy(current::get).hasCauseInstanceOf(InterruptedException.class);
        assertThat(rejection(w.submit(() -> 1))).hasMessageContaining("'now'").hasMessageContaining("stopped");
    }

    @Test
    void aTaskRejectedAfterTheThreaderShutDownIsNotToldToAskTheThreaderForANewWorker() throws Exception {
        SKWorker w = threader.worker("after-shutdown");
        assertThat(w.submit(() -> 1).get()).isEqualTo(1);
        threader.shutdown(java.time.Duration.ofSeconds(5));

        SKRejectedException e = rejection(w.submit("late", () -> 2));

        assertThat(e.reason()).isEqualTo(SKRejectedException.Reason.STOPPED);
        assertThat(e).hasMessageContaining("task 'late' of worker 'after-shutdown' did not run")
                .hasMessageContaining("threader 'mailbox' is shut down")
                .hasMessageContaining("SKThreader.builder()")
                .hasMessageNotContaining("creates a new one");
        assertThatThrownBy(() -> threader.worker("after-shutdown")).as("the advice it no longer gives would fail")
                .isInstanceOf(SKThreadException.class).hasMessageContaining("is shut down");
    }

    @Test
    void submissionsRacingWithAStopEitherRunOrAreRejectedAndNoneHangs() throws Exception {
        for (int round = 0; round < 20; round++) {
            SKWorker w = threader.worker("race-" + round, WorkerSpec.builder().bounded(8, OverflowPolicy.BLOCK).build());
            CountDownLatch go = new CountDownLatch(1);
            List<SKThread<List<CompletableFuture<Integer>>>> submitters = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                submitters.add(threader.start("racer-" + s, () -> {
                    Waits.await(go);
                    List<CompletableFuture<Integer>> fs = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        fs.add(w.submit(() -> 1));
                    }
                    return fs;
                }));
            }
            go.countDown();
            if (round % 2 == 0) {
                w.requestStop();
            } else {
                w.stopNow();
            }
            int settled = 0;
            for (SKThread<List<CompletableFuture<Integer>>> s : submitters) {
                for (CompletableFuture<Integer> f : s.result()) {
                    try {
                        f.get(Waits.BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(SKRejectedException.class);
                    }
                    settled++;
                }
            }
            assertThat(settled).isEqualTo(200);
            Waits.join(w);
        }
    }
}
