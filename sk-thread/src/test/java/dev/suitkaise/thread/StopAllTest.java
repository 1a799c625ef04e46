package dev.suitkaise.thread;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** stopAll and shutdown: ask, wait, interrupt, wait, report; never leak silently. */
class StopAllTest {

    private final SKThreader threader = Waits.threader("stop-all");
    private final CountDownLatch releaseStubborn = new CountDownLatch(1);

    /**
     * The grace of stopAll calls whose report depends on threads reacting within a wait: far above a
     * stall of a few seconds without a processor on a loaded 2-core machine. Calls whose report does
     * not depend on it (threads that never end by themselves) use a short grace instead.
     */
    private static final Duration GENEROUS_GRACE = Duration.ofSeconds(10);

    @AfterEach
    void closeThreader() {
        releaseStubborn.countDown();
        Waits.closeAndCheck(threader);
    }

    @Test
    void stopAllReportsAPollingThreadAsStoppedCleanlyAndOneDeafToTheFlagAndFirstInterruptAsStoppedByInterrupt()
            throws Exception {
        CountDownLatch started = new CountDownLatch(2);
        List<String> deafSaw = new CopyOnWriteArrayList<>();
        threader.start("polite", () -> {
            started.countDown();
            while (!SKThread.stopRequested()) {
                Thread.onSpinWait();
            }
            return null;
        });
        threader.start("deaf-to-flag", () -> {
            started.countDown();
            // ignores the flag and the first interrupt; ends on the second interrupt
            while (true) {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    deafSaw.add(SKThread.stopRequested() ? "interrupt after the stop request" : "interrupt before it");
                    if (deafSaw.size() == 2) {
                        return null;
                    }
                }
            }
        });
        Waits.await(started);

        // the first wait lasts the whole grace (deaf-to-flag ignores the request): a generous one costs
        // time, but a thread that gets no processor for a while still reacts within each wait
        StopReport report = stopAllOnAnotherThread(GENEROUS_GRACE);

        assertThat(report.stoppedCleanly()).containsExactly("polite");
        assertThat(report.stoppedByInterrupt()).containsExactly("deaf-to-flag");
        assertThat(report.notFinished()).isEmpty();
        assertThat(report.allStopped()).isTrue();
        assertThat(deafSaw).as("the stop request's interrupt, then the forced one")
                .containsExactly("interrupt after the stop request", "interrupt after the stop request");
        assertThat(threader.threads()).isEmpty();
    }

    @Test
    void stopAllReportsAThreadDeafToTheFlagAndToInterruptsAsNotFinishedAndStillListsIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        threader.start("stubborn", () -> {
            started.countDown();
            Waits.awaitIgnoringInterrupts(releaseStubborn);
            return null;
        });
        Waits.await(started);

        // any grace gives this report: the thread ends only when the test releases it
        StopReport report = stopAllOnAnotherThread(Duration.ofMillis(200));

        assertThat(report.stoppedCleanly()).isEmpty();
        assertThat(report.stoppedByInterrupt()).isEmpty();
        assertThat(report.notFinished()).containsExactly("stubborn");
        assertThat(report.allStopped()).isFalse();
        assertThat(threader.threads()).extracting(ThreadInfo::name).containsExactly("stubborn");
    }

    @Test
    void stopAllLetsAWorkerRunTheTasksQueuedBeforeIt() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        SKWorker fine = threader.worker("fine");
        CompletableFuture<Boolean> first = fine.submit(() -> {
            running.countDown();
            Waits.until(SKThread::stopRequested, "stopAll asked the worker to stop");
            return true;
        });
        CompletableFuture<String> queuedBehind = fine.submit(() -> "drained");
        Waits.await(running);

        StopReport report = stopAllOnAnotherThread(GENEROUS_GRACE);

        assertThat(report.stoppedCleanly()).containsExactly("fine");
        assertThat(report.stoppedByInterrupt()).isEmpty();
        assertThat(first.get()).isTrue();
        assertThat(queuedBehind.get()).as("queued behind the running task when stopAll began").isEqualTo("drained");
    }

    @Test
    void stopAllRejectsWhatAStuckWorkerStillHoldsAndReportsItAsNotFinished() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        SKWorker stuck = threader.worker("stuck");
        stuck.submit(() -> {
            running.countDown();
            Waits.awaitIgnoringInterrupts(releaseStubborn);
            return null;
        });
        CompletableFuture<String> queued = stuck.submit(() -> "never");
        Waits.await(running);

        // any grace gives this report: the worker's task ends only when the test releases it
        StopReport report = stopAllOnAnotherThread(Duration.ofMillis(200));

        assertThat(report.notFinished()).containsExactly("stuck");
        assertThat(report.stoppedCleanly()).isEmpty();
        assertThat(report.stoppedByInterrupt()).isEmpty();
        // failed on a thread of its own, which a short grace may not wait for
        assertThatThrownBy(() -> queued.get(Waits.BOUND.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SKRejectedException.class);
    }

    @Test
    void shutdownRunsOnceRejectsNewThreadsAndReturnsTheFirstReport() {
        CountDownLatch started = new CountDownLatch(1);
        threader.start("one", () -> {
            started.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        Waits.await(started);

        StopReport first = threader.shutdown(Duration.ofSeconds(5));
        StopReport second = threader.shutdown(Duration.ofSeconds(5));

        assertThat(second).isSameAs(first);
        assertThat(first.stoppedCleanly()).containsExactly("one");
        assertThat(threader.isShutdown()).isTrue();
        assertThatThrownBy(() -> threader.start("late", () -> 1)).isInstanceOf(SKThreadException.class)
                .hasMessageContaining("stop-all").hasMessageContaining("late").hasMessageContaining("shut down");
        assertThatThrownBy(() -> threader.worker("late-worker")).isInstanceOf(SKThreadException.class);
    }

    @Test
    void stopAllCalledFromAManagedThreadDoesNotWaitForItself() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        threader.start("other", () -> {
            started.countDown();
            new CountDownLatch(1).await();
            return null;
        });
        Waits.await(started);
        SKThread<StopReport> stopper = threader.start("stopper", () -> threader.stopAll(Duration.ofSeconds(5)));

        StopReport report = stopper.result();
        assertThat(report.stoppedCleanly()).containsExactly("other");
        assertThat(report.notFinished()).isEmpty();
    }

    @Test
    void shutdownCalledFromAWorkersOwnTaskStopsThatWorkerAfterItsQueuedTasks() throws Exception {
        SKWorker quitter = threader.worker("quitter");
        CountDownLatch queuedBehind = new CountDownLatch(1);
        CompletableFuture<StopReport> shutdown = quitter.submit(() -> {
            Waits.await(queuedBehind);
            return threader.shutdown(Duration.ofSeconds(5));
        });
        CompletableFuture<String> behind = quitter.submit(() -> "ran after the shutdown task");
        queuedBehind.countDown();

        StopReport report = shutdown.get();
        Waits.join(quitter);

        assertThat(report.notFinished()).isEmpty();
        assertThat(behind.get()).as("a task queued before the shutdown still runs").isEqualTo("ran after the shutdown task");
        assertThat(quitter.state()).isEqualTo(ThreadState.FINISHED);
        assertThat(threader.liveCount()).isZero();
        assertThatThrownBy(() -> quitter.submit(() -> "late").get()).hasCauseInstanceOf(SKRejectedException.class);
    }

    @Test
    void shutdownCalledFromAThreadsOwnBodyAsksThatThreadToStopWithoutInterruptingIt() throws Exception {
        SKThread<List<Boolean>> quitter = threader.start("quitter", () -> {
            StopReport report = threader.shutdown(Duration.ofSeconds(5));
            return List.of(report.notFinished().isEmpty(), SKThread.stopRequested(),
                    Thread.currentThread().isInterrupted());
        });

        assertThat(quitter.result()).as("report complete, stop requested, interrupted").containsExactly(true, true, false);
        Waits.join(quitter);
    }

    /** Starts a thread that ignores stop requests and interrupts until releaseStubborn: it holds a shutdown up. */
    private void startStubborn() {
        CountDownLatch started = new CountDownLatch(1);
        threader.start("stubborn", () -> {
            started.countDown();
            Waits.awaitIgnoringInterrupts(releaseStubborn);
            return null;
        });
        Waits.await(started);
    }

    /** Runs the first shutdown on a plain thread, with a grace above the waits' bound, and waits until it began. */
    private CompletableFuture<StopReport> firstShutdown() {
        CompletableFuture<StopReport> first = new CompletableFuture<>();
        Thread t = new Thread(() -> first.complete(threader.shutdown(Duration.ofSeconds(60))), "first-shutdown");
        t.setDaemon(true);
        t.start();
        Waits.until(threader::isShutdown, "the first shutdown began");
        return first;
    }

    @Test
    void aSecondShutdownFromAThreadOfTheSameThreaderReturnsAtOnceInsteadOfHoldingUpTheFirst() throws Exception {
        startStubborn();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch bodyStarted = new CountDownLatch(1);
        // busy (not polling) when the first shutdown asks it to stop; then it shuts the threader down too
        SKThread<StopReport> second = threader.start("second", ThreadSpec.platform(), () -> {
            bodyStarted.countDown();
            Waits.awaitIgnoringInterrupts(go);
            Waits.until(SKThread::stopRequested, "the first shutdown asked 'second' to stop");
            // the stop request sets the flag before it interrupts: wait for the interrupt, then clear it;
            // without this the stop's interrupt would end a wait by itself, whatever the self-check does
            Waits.until(() -> Thread.currentThread().isInterrupted(), "the first shutdown interrupted 'second'");
            Thread.interrupted();
            return threader.shutdown(Duration.ofSeconds(60));
        });
        // a stop request before the body started would cancel 'second' instead of asking its body to stop
        Waits.await(bodyStarted);
        CompletableFuture<StopReport> first = firstShutdown();

        go.countDown();
        StopReport inProgress = second.result(Waits.BOUND);

        assertThat(inProgress.stoppedCleanly()).isEmpty();
        assertThat(inProgress.notFinished()).as("the shutdown in progress still waits for these")
                .containsExactly("second", "stubborn");
        releaseStubborn.countDown();
        StopReport report = first.get(Waits.BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(report.stoppedCleanly()).containsExactlyInAnyOrder("second", "stubborn");
        assertThat(report.notFinished()).isEmpty();
    }

    @Test
    void aLaterShutdownFromAPlainThreadWaitsForTheFirstsReportAndStopsWaitingWhenInterrupted() throws Exception {
        startStubborn();
        CompletableFuture<StopReport> first = firstShutdown();
        CompletableFuture<StopReport> patient = new CompletableFuture<>();
        Thread patientThread = new Thread(() -> patient.complete(threader.shutdown(Duration.ofSeconds(60))), "patient");
        CompletableFuture<StopReport> interrupted = new CompletableFuture<>();
        CompletableFuture<Boolean> flagKept = new CompletableFuture<>();
        Thread interruptedThread = new Thread(() -> {
            interrupted.complete(threader.shutdown(Duration.ofSeconds(60)));
            flagKept.complete(Thread.currentThread().isInterrupted());
        }, "interrupted");
        for (Thread t : List.of(patientThread, interruptedThread)) {
            t.setDaemon(true);
            t.start();
        }
        Waits.until(() -> interruptedThread.getState() == Thread.State.WAITING
                || interruptedThread.getState() == Thread.State.BLOCKED, "the later caller waits for the first");

        interruptedThread.interrupt();
        Waits.join(interruptedThread);

        assertThat(interrupted).isCompleted();
        assertThat(interrupted.get().notFinished()).containsExactly("stubborn");
        assertThat(flagKept.get()).as("interrupt status restored").isTrue();
        assertThat(patient).as("still waiting for the first shutdown").isNotDone();
        releaseStubborn.countDown();
        StopReport report = first.get(Waits.BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(patient.get(Waits.BOUND.toSeconds(), TimeUnit.SECONDS)).isSameAs(report);
        assertThat(report.stoppedCleanly()).containsExactly("stubborn");
    }

    @Test
    void aStateListenerThatShutsTheThreaderDownDuringItsShutdownGetsTheReportInProgressWithoutStoppingAgain()
            throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        List<StopReport> nested = new CopyOnWriteArrayList<>();
        ThreadStateListener shutsDown = (name, from, to) -> {
            if (to == ThreadState.STOP_REQUESTED) {
                nested.add(threader.shutdown(Duration.ofSeconds(5))); // on the thread of the first shutdown
            }
        };
        threader.start("polling", ThreadSpec.builder().listener(shutsDown).build(), () -> {
            started.countDown();
            while (!SKThread.stopRequested()) {
                LockSupport.parkNanos(1_000_000);
            }
            return null;
        });
        Waits.await(started);

        StopReport report = threader.shutdown(Duration.ofSeconds(5));

        assertThat(nested).hasSize(1);
        assertThat(nested.get(0).stoppedCleanly()).isEmpty();
        assertThat(nested.get(0).notFinished()).containsExactly("polling");
        assertThat(report.stoppedCleanly()).containsExactly("polling");
    }

    @Test
    void stopAllReturnsWhileADependentOfARejectedTaskStillBlocks() throws Exception {
        SKWorker w = threader.worker("consumer");
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch releaseDependent = new CountDownLatch(1);
        CountDownLatch dependentEntered = new CountDownLatch(1);
        w.submit(() -> {
            inFirst.countDown();
            new CountDownLatch(1).await(); // ignores the stop flag; ends on the interrupt of stopNow
            return null;
        });
        CompletableFuture<String> second = w.submit(() -> "second");
        second.whenComplete((v, e) -> {
            dependentEntered.countDown();
            Waits.awaitIgnoringInterrupts(releaseDependent); // e.g. waits for another component
        });
        Waits.await(inFirst);

        try {
            // the first wait lasts the whole grace (the task ignores the request); a generous grace lets
            // the interrupted worker end, and the rejection be completed, within the second wait even
            // when it gets no processor for a while
            StopReport report = stopAllOnAnotherThread(GENEROUS_GRACE);

            assertThat(releaseDependent.getCount()).as("the dependent still blocks").isOne();
            assertThat(report.stoppedByInterrupt()).containsExactly("consumer");
            assertThat(second).isCompletedExceptionally();
            assertThatThrownBy(second::get).hasCauseInstanceOf(SKRejectedException.class);
            Waits.await(dependentEntered);
        } finally {
            releaseDependent.countDown();
        }
    }

    @Test
    void stopAllReturnsWhileADependentOfACancelledThreadStillBlocks() throws Exception {
        CountDownLatch releaseInitializer = new CountDownLatch(1);
        CountDownLatch inInitializer = new CountDownLatch(1);
        CountDownLatch releaseDependent = new CountDownLatch(1);
        Registration init = threader.onThreadStart("slow-start", 0, () -> {
            inInitializer.countDown();
            Waits.awaitIgnoringInterrupts(releaseInitializer);
            return null;
        });
        SKThread<String> t = threader.start("not-yet-running", () -> "body");
        t.future().whenComplete((v, e) -> Waits.awaitIgnoringInterrupts(releaseDependent));
        Waits.await(inInitializer);

        try {
            StopReport report = stopAllOnAnotherThread(Duration.ofMillis(200));

            assertThat(releaseDependent.getCount()).as("the dependent still blocks").isOne();
            assertThat(report.notFinished()).containsExactly("not-yet-running");
            assertThat(t.state()).isEqualTo(ThreadState.CANCELLED);
            // completed on a virtual thread of its own, which stopAll waits for only until its last deadline
            Waits.until(() -> t.future().isCancelled(), "the cancelled thread's future is cancelled");
        } finally {
            releaseDependent.countDown();
            releaseInitializer.countDown();
            init.close();
        }
    }

    @Test
    void aThreadStartedWhileShutdownRunsIsEitherRejectedOrStoppedAndReported() throws Exception {
        for (int round = 0; round < 300; round++) {
            SKThreader racing = SKThreader.builder().name("race-" + round).build();
            List<SKThread<Object>> started = new CopyOnWriteArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            Thread starter = Thread.ofPlatform().start(() -> {
                go.countDown();
                try {
                    for (int i = 0; ; i++) {
                        started.add(racing.start("t" + i, () -> {
                            while (!SKThread.stopRequested()) {
                                LockSupport.park();
                            }
                            return null;
                        }));
                    }
                } catch (SKThreadException rejected) {
                    // the threader is shut down: the expected end of the loop
                }
            });
            Waits.await(go);

            StopReport report = racing.shutdown(Duration.ofSeconds(10));
            Waits.join(starter);

            try {
                assertThat(started).as("round %d: every started thread ended by the shutdown", round)
                        .allSatisfy(s -> assertThat(s.state().isTerminal()).as(s.toString()).isTrue());
                assertThat(report.stoppedCleanly()).as("round %d: the report names every started thread", round)
                        .containsAll(started.stream().map(SKThread::name).toList());
                assertThat(racing.liveCount()).isZero();
            } finally {
                started.forEach(SKThread::requestStop);
            }
        }
    }

    @Test
    void aWorkerCreatedWhileShutdownRunsIsEitherRejectedOrStoppedAndReported() throws Exception {
        for (int round = 0; round < 300; round++) {
            SKThreader racing = SKThreader.builder().name("race-" + round).build();
            List<SKWorker> created = new CopyOnWriteArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            Thread creator = Thread.ofPlatform().start(() -> {
                go.countDown();
                try {
                    for (int i = 0; ; i++) {
                        created.add(racing.worker("w" + i));
                    }
                } catch (SKThreadException rejected) {
                    // the threader is shut down: the expected end of the loop
                }
            });
            Waits.await(go);

            StopReport report = racing.shutdown(Duration.ofSeconds(10));
            Waits.join(creator);

            try {
                assertThat(created).as("round %d: every created worker ended by the shutdown", round)
                        .allSatisfy(w -> assertThat(w.state().isTerminal()).as(w.toString()).isTrue());
                assertThat(report.stoppedCleanly()).as("round %d: the report names every created worker", round)
                        .containsAll(created.stream().map(SKWorker::name).toList());
                assertThat(racing.liveCount()).isZero();
            } finally {
                created.forEach(SKWorker::stopNow);
            }
        }
    }

    @Test
    void aNegativeGraceIsRejected() {
        assertThatThrownBy(() -> threader.stopAll(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void aThreaderWithAShutdownHookCanBeClosedBeforeTheJvmExits() {
        SKThreader hooked = SKThreader.builder().name("hooked").shutdownHook(true)
                .shutdownGrace(Duration.ofSeconds(1)).build();
        SKThread<Integer> t = hooked.start("job", () -> 7);
        Waits.join(t);

        hooked.close();

        assertThat(hooked.isShutdown()).isTrue();
        assertThat(hooked.liveCount()).isZero();
    }

    /**
     * Runs stopAll on its own thread and returns its report, failing the test if it does not return
     * within its two graces plus the generous bound of {@link Waits} (for a grace above
     * {@link #GENEROUS_GRACE}, within that bound: such a test's threads end, so no wait lasts its grace):
     * a bounded wait for completion, no timing assertion.
     */
    private StopReport stopAllOnAnotherThread(Duration grace) throws Exception {
        CompletableFuture<StopReport> report = new CompletableFuture<>();
        Thread stopper = Thread.ofPlatform().name("test-stopper").start(() -> {
            try {
                report.complete(threader.stopAll(grace));
            } catch (Throwable e) {
                report.completeExceptionally(e);
            }
        });
        Duration bound = grace.compareTo(GENEROUS_GRACE) > 0 ? Waits.BOUND : Waits.BOUND.plus(grace.multipliedBy(2));
        assertThat(stopper.join(bound)).as("stopAll(%s) returned within %s", grace, bound).isTrue();
        return report.get();
    }

    @Test
    void aGraceTooLongForNanosecondsMeansNoLimitInStopAllShutdownAndClose() throws Exception {
        Duration forever = ChronoUnit.FOREVER.getDuration();
        CountDownLatch started = new CountDownLatch(1);
        threader.start("polite", ThreadSpec.platform(), () -> {
            started.countDown();
            while (!SKThread.stopRequested()) {
                LockSupport.parkNanos(1_000_000);
            }
            return null;
        });
        Waits.await(started);

        StopReport stopped = stopAllOnAnotherThread(Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(stopped.stoppedCleanly()).containsExactly("polite");

        SKThreader closing = SKThreader.builder().name("forever-grace").shutdownGrace(forever).build();
        CountDownLatch closingStarted = new CountDownLatch(1);
        SKThread<Void> t = closing.start("polite-too", ThreadSpec.platform(), () -> {
            closingStarted.countDown();
            while (!SKThread.stopRequested()) {
                LockSupport.parkNanos(1_000_000);
            }
            return null;
        });
        Waits.await(closingStarted);
        CompletableFuture<StopReport> shutdown = CompletableFuture.supplyAsync(() -> closing.shutdown(forever));
        CompletableFuture<Void> close = CompletableFuture.runAsync(closing::close);

        assertThat(shutdown.get(Waits.BOUND.toSeconds(), TimeUnit.SECONDS).stoppedCleanly()).containsExactly("polite-too");
        close.get(Waits.BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(t.state()).isEqualTo(ThreadState.FINISHED);
        assertThat(closing.liveCount()).isZero();
    }
}
