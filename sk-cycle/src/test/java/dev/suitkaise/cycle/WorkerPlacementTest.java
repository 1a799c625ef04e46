package dev.suitkaise.cycle;

import org.junit.jupiter.api.Test;

import dev.suitkaise.thread.SKThreader;
import dev.suitkaise.thread.SKWorker;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerPlacementTest {

    @Test
    void partsOnAComponentWorkerRunOnTheSameThreadEveryTime() {
        Set<Thread> workerThreads = ConcurrentHashMap.newKeySet();
        Set<Thread> pooledThreads = ConcurrentHashMap.newKeySet();
        Where worker = Where.worker("cycle-placement-test");
        CyclePart root = CyclePart.of("root", () -> pooledThreads.add(Thread.currentThread()));
        CyclePart w1 = CyclePart.builder("w1", () -> workerThreads.add(Thread.currentThread())).where(worker).build();
        CyclePart w2 = CyclePart.builder("w2", () -> workerThreads.add(Thread.currentThread())).where(worker).build();
        CyclePart w3 = CyclePart.builder("w3", () -> Thread.currentThread().getName()).where(worker).build();
        try (Cycle cycle = Cycle.builder("placement").add(root, 1).split(List.of(w1, w2, w3), 2).build()) {
            for (int i = 0; i < 3; i++) {
                CycleRun run = cycle.runOnce();
                assertThat(run.status()).isEqualTo(RunStatus.OK);
                assertThat(run.output("w3", String.class)).isEqualTo("cycle-placement-test");
                assertThat(run.part("w1").where()).isEqualTo(worker);
            }
        }
        assertThat(workerThreads).hasSize(1).doesNotContain(Thread.currentThread());
        assertThat(workerThreads.iterator().next().getName()).isEqualTo("cycle-placement-test");
        assertThat(pooledThreads).doesNotContain(Thread.currentThread()).doesNotContainAnyElementsOf(workerThreads);
    }

    @Test
    void aRunStartedOnAWorkerFailsAPartPlacedOnThatSameWorkerAtOnceInsteadOfWaitingForever() throws Exception {
        Where self = Where.worker("cycle-self-worker-test");
        CyclePart onSelf = CyclePart.builder("onSelf", () -> "ran").where(self).build();
        CyclePart elsewhere = CyclePart.of("elsewhere", () -> "ran");
        try (Cycle cycle = Cycle.builder("self-worker").add(CyclePart.of("root", () -> 0), 1)
                .split(List.of(onSelf, elsewhere), 2).build()) {
            // a limit only so that a regression ends (CANCELLED) instead of holding the worker for good
            for (int round = 0; round < 2; round++) { // the second time the worker's thread is already known
                CycleRun run = SKThreader.get().worker("cycle-self-worker-test")
                        .submit("trigger", () -> cycle.runOnce(Duration.ofSeconds(20)))
                        .get(30, TimeUnit.SECONDS);
                assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.ERROR);
                assertThat(run.part("onSelf").outcome()).isEqualTo(PartOutcome.FAILED);
                assertThat(run.part("onSelf").error()).isInstanceOf(CycleException.class)
                        .hasMessageContaining("part 'onSelf' of cycle 'self-worker' cannot run on worker"
                                + " 'cycle-self-worker-test': the run was started on that worker's own thread")
                        .hasMessageContaining("start the run from another thread");
                assertThat(run.part("elsewhere").outcome()).isEqualTo(PartOutcome.SUCCEEDED);
                // from any other thread the part runs on that worker as usual
                assertThat(cycle.runOnce().output("onSelf", String.class)).isEqualTo("ran");
            }
        }
    }

    @Test
    void aPartStillWaitingForItsBusyWorkerAtItsTimeoutIsReportedAsNeverStartedAndNeverRuns() throws Exception {
        String component = "cycle-busy-worker-test";
        SKWorker worker = SKThreader.get().worker(component);
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        worker.submit("blocker", () -> {
            blocking.countDown();
            return release.await(30, TimeUnit.SECONDS);
        });
        assertThat(blocking.await(10, TimeUnit.SECONDS)).isTrue();
        AtomicBoolean ran = new AtomicBoolean();
        CyclePart queued = CyclePart.builder("queued", () -> ran.getAndSet(true)).where(Where.worker(component))
                .timeout(Duration.ofMillis(100)).build();
        // a short grace: before, a queued part was reported as abandoned once the grace ran out
        try (Cycle cycle = Cycle.builder("busy-worker").abandonAfter(Duration.ofMillis(100)).add(queued, 1).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.part("queued").outcome()).as(run.report()).isEqualTo(PartOutcome.TIMED_OUT);
            assertThat(run.part("queued").abandoned()).isFalse();
            assertThat(run.part("queued").attempts()).isZero();
            assertThat(run.part("queued").error()).isInstanceOf(CycleTimeoutException.class)
                    .hasMessageContaining("part 'queued' of cycle 'busy-worker' did not start within its timeout of PT0.1S:"
                            + " it waited all that time for worker 'cycle-busy-worker-test', busy with other tasks;"
                            + " it was taken off and will not run");
        } finally {
            release.countDown();
        }
        assertThat(worker.submit("after", () -> "drained").get(10, TimeUnit.SECONDS)).isEqualTo("drained");
        assertThat(ran).as("the timed-out part never ran once its worker was free").isFalse();
    }
}
