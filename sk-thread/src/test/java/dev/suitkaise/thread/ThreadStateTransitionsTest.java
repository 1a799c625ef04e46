package dev.suitkaise.thread;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every transition of the thread state machine, and the listener that sees them. */
class ThreadStateTransitionsTest {

    /** One observed transition and the thread that reported it. */
    record Seen(String name, ThreadState from, ThreadState to, String reportedOn) {
    }

    private final SKThreader threader = Waits.threader("transitions");
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final ThreadStateListener recorder =
            (name, from, to) -> seen.add(new Seen(name, from, to, Thread.currentThread().getName()));

    @AfterEach
    void closeThreader() {
        Waits.closeAndCheck(threader);
    }

    private ThreadSpec spec() {
        return ThreadSpec.builder().listener(recorder).build();
    }

    private List<String> transitions() {
        return seen.stream().map(s -> s.from() + "->" + s.to()).toList();
    }

    @Test
    void aBodyThatReturnsGoesFromNewThroughRunningToFinished() {
        CountDownLatch go = new CountDownLatch(1);
        SKThread<String> t = threader.start("returns", spec(), () -> {
            Waits.await(go);
            return "done";
        });
        Waits.until(() -> t.state() == ThreadState.RUNNING, "running");
        go.countDown();
        Waits.join(t);

        assertThat(t.state()).isEqualTo(ThreadState.FINISHED);
        assertThat(transitions()).containsExactly("NEW->RUNNING", "RUNNING->FINISHED");
        assertThat(seen).allSatisfy(s -> assertThat(s.reportedOn()).isEqualTo("returns"));
    }

    @Test
    void aBodyThatThrowsGoesFromRunningToFailed() {
        SKThread<Object> t = threader.start("throws", spec(), () -> {
            throw new IllegalStateException("boom");
        });
        Waits.join(t);

        assertThat(t.state()).isEqualTo(ThreadState.FAILED);
        assertThat(transitions()).containsExactly("NEW->RUNNING", "RUNNING->FAILED");
    }

    @Test
    void aStopRequestedBeforeTheBodyStartsCancelsTheThreadAndTheBodyNeverRuns() {
        CountDownLatch inInitializer = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch bodyRan = new CountDownLatch(1);
        Registration registration = threader.onThreadStart("hold", 0, () -> {
            inInitializer.countDown();
            Waits.awaitIgnoringInterrupts(release);
            return null;
        });
        try {
            SKThread<String> t = threader.start("early-stop", spec(), () -> {
                bodyRan.countDown();
                return "ran";
            });
            Waits.await(inInitializer);
            assertThat(t.state()).isEqualTo(ThreadState.NEW);

            t.requestStop();
            assertThat(t.state()).isEqualTo(ThreadState.CANCELLED);
            release.countDown();
            Waits.join(t);

            assertThat(bodyRan.getCount()).as("body ran").isEqualTo(1);
            assertThat(transitions()).containsExactly("NEW->CANCELLED");
            assertThat(seen.getFirst().reportedOn()).isEqualTo(Thread.currentThread().getName());
        } finally {
            registration.close();
        }
    }

    @Test
    void aStopRequestWhileRunningMovesToStopRequestedOnTheCallersThreadThenToFinished() {
        CountDownLatch started = new CountDownLatch(1);
        SKThread<Integer> t = threader.start("polls", spec(), () -> {
            started.countDown();
            int loops = 0;
            while (!SKThread.stopRequested()) {
                loops++;
                Thread.onSpinWait();
            }
            return loops;
        });
        Waits.await(started);
        t.requestStop();
        Waits.join(t);

        assertThat(t.state()).isEqualTo(ThreadState.FINISHED);
        assertThat(transitions()).containsExactly("NEW->RUNNING", "RUNNING->STOP_REQUESTED", "STOP_REQUESTED->FINISHED");
        assertThat(seen.get(1).reportedOn()).isEqualTo(Thread.currentThread().getName());
        assertThat(seen.get(2).reportedOn()).isEqualTo("polls");
    }

    @Test
    void aBodyThatAnswersAStopRequestWithInterruptedExceptionEndsCancelledNotFailed() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        SKThread<Object> t = threader.start("blocks", spec(), () -> {
            started.countDown();
            never.await();
            return null;
        });
        Waits.await(started);
        t.requestStop();
        Waits.join(t);

        assertThat(t.state()).isEqualTo(ThreadState.CANCELLED);
        assertThat(t.failure()).isEmpty();
        assertThat(transitions()).containsExactly("NEW->RUNNING", "RUNNING->STOP_REQUESTED", "STOP_REQUESTED->CANCELLED");
    }

    @Test
    void aBodyThatThrowsInterruptedExceptionWithoutAStopRequestEndsFailedNotCancelled() {
        SKThread<Object> t = threader.start("stray-interrupt", spec(), () -> {
            throw new InterruptedException("not a stop request");
        });
        Waits.join(t);

        assertThat(t.state()).isEqualTo(ThreadState.FAILED);
        assertThat(t.failure()).get().isInstanceOf(InterruptedException.class);
        assertThatThrownBy(t::result).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(transitions()).containsExactly("NEW->RUNNING", "RUNNING->FAILED");
    }

    @Test
    void cancellingTheFutureWhileRunningCancelsTheThreadAndInterruptsIt() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        SKThread<Object> t = threader.start("cancelled", spec(), () -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "late value";
        });
        Waits.await(started);

        assertThat(t.future().cancel(true)).isTrue();
        assertThat(t.state()).isEqualTo(ThreadState.CANCELLED);
        Waits.await(interrupted);
        Waits.join(t);

        assertThat(t.state()).as("terminal states never change").isEqualTo(ThreadState.CANCELLED);
        assertThat(t.future().isCancelled()).isTrue();
        assertThat(transitions()).containsExactly("NEW->RUNNING", "RUNNING->CANCELLED");
    }

    @Test
    void aFailingInitializerMovesFromNewToFailed() {
        Registration registration = threader.onThreadStart("broken", 0, () -> {
            throw new IllegalArgumentException("no bus");
        });
        try {
            SKThread<String> t = threader.start("init-fails", spec(), () -> "never");
            Waits.join(t);

            assertThat(t.state()).isEqualTo(ThreadState.FAILED);
            assertThat(transitions()).containsExactly("NEW->FAILED");
        } finally {
            registration.close();
        }
    }

    @Test
    void aWorkerWhoseInitializerThrowsMovesFromNewToFailedAndCountsOneFailure() {
        Registration registration = threader.onThreadStart("broken", 0, () -> {
            throw new IllegalStateException("no bus");
        });
        try {
            SKWorker w = threader.worker("worker-init-fails", WorkerSpec.builder().listener(recorder).build());
            Waits.join(w);

            assertThat(w.state()).isEqualTo(ThreadState.FAILED);
            assertThat(w.failures()).isEqualTo(1);
            assertThat(transitions()).containsExactly("NEW->FAILED");
        } finally {
            registration.close();
        }
    }

    @Test
    void requestStopAfterATerminalStateChangesNothingAndFiresNothing() {
        SKThread<String> t = threader.start("quick", spec(), () -> "v");
        Waits.join(t);
        int before = seen.size();

        t.requestStop();
        t.future().cancel(true);

        assertThat(t.state()).isEqualTo(ThreadState.FINISHED);
        assertThat(seen).hasSize(before);
    }

    @Test
    void aThrowingListenerIsLoggedAndTheTransitionStands() {
        ThreadSpec spec = ThreadSpec.builder().listener((n, from, to) -> {
            throw new IllegalStateException("listener bug");
        }).build();
        CountDownLatch go = new CountDownLatch(1);
        SKThread<String> t = threader.start("bad-listener", spec, () -> {
            Waits.await(go);
            return "fine";
        });
        t.addListener(recorder);
        go.countDown();
        Waits.join(t);

        assertThat(t.state()).isEqualTo(ThreadState.FINISHED);
        assertThat(transitions()).endsWith("RUNNING->FINISHED");
    }

    @Test
    void everyTransitionIsReportedExactlyOnceUnderConcurrentStopRequests() {
        CountDownLatch started = new CountDownLatch(1);
        SKThread<Object> t = threader.start("contended", spec(), () -> {
            started.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        Waits.await(started);
        List<SKThread<Object>> stoppers = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            stoppers.add(threader.start("stopper-" + i, () -> {
                t.requestStop();
                return null;
            }));
        }
        stoppers.forEach(Waits::join);
        Waits.join(t);

        assertThat(transitions()).containsExactly("NEW->RUNNING", "RUNNING->STOP_REQUESTED", "STOP_REQUESTED->CANCELLED");
    }
}
