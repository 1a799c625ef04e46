package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKGlobal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When every child of a pool has ended for good, the tasks still queued fail with a message that
 * says what to do, and the pool refuses new work; a child that restarts keeps the queue.
 */
@ExtendWith(NoOrphans.class)
class PoolChildrenEndTest {

    private final SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);

    /** In a child: ends its JVM at once, as a crash does. */
    static Integer die() {
        Runtime.getRuntime().halt(7);
        return 0;
    }

    @Test
    void aTaskQueuedWhenThePoolsOnlyChildCrashesForGoodFailsNamingTheCrash() throws Exception {
        try (SKPool pool = manager.pool(ProcessSpec.builder("end-crash").build(), 1)) {
            CompletableFuture<String> blocked = pool.submit(ChildState::block);
            CompletableFuture<Integer> crash = pool.submit(PoolChildrenEndTest::die);
            // the child holds two tasks at a time: this one waits in the pool's queue
            CompletableFuture<Integer> queued = pool.submit(ChildState::answer);

            assertThat(Children.failureOf(crash)).isInstanceOf(SKProcessCrashedException.class);
            assertThat(Children.failureOf(blocked)).isInstanceOf(SKProcessCrashedException.class);
            Throwable failure = Children.failureOf(queued);

            assertThat(failure).isInstanceOf(SKProcessException.class).hasMessageContaining("end-crash-1 CRASHED")
                    .hasMessageContaining("exit code 7").hasMessageContaining("RestartPolicy")
                    .hasMessageContaining("new one with SKProcessManager.pool")
                    .hasCauseInstanceOf(SKProcessCrashedException.class);
            assertThatThrownBy(() -> pool.submit(ChildState::answer)).isInstanceOf(SKProcessException.class)
                    .hasMessageContaining("takes no more tasks").hasMessageContaining("RestartPolicy");
            assertThatThrownBy(() -> pool.map(x -> x, List.of(1, 2), Children.BOUND)).isInstanceOf(SKProcessException.class)
                    .hasMessageContaining("ended for good");
        }
    }

    @Test
    void aTaskQueuedWhileThePoolsOnlyChildIsStoppedFailsOnceItHasStopped() throws Exception {
        String first = "end-stop-" + UUID.randomUUID();
        String second = "end-stop-" + UUID.randomUUID();
        try (SKPool pool = manager.pool(ProcessSpec.builder("end-stop").build(), 1)) {
            SKProcess worker = pool.workers().getFirst();
            CompletableFuture<String> running = pool.submit(() -> TaskCancelTest.waitForGate(first));
            CompletableFuture<String> alsoRunning = pool.submit(() -> TaskCancelTest.waitForGate(second));
            CompletableFuture<Integer> queued = pool.submit(ChildState::answer);
            Children.until("both tasks started", Children.BOUND, () -> "started".equals(SKGlobal.value(Domain.GLOBAL, first).get())
                    && "started".equals(SKGlobal.value(Domain.GLOBAL, second).get()));
            CompletableFuture<Integer> stop = CompletableFuture.supplyAsync(() -> worker.stop(Children.BOUND),
                    r -> Thread.ofPlatform().start(r));
            Children.until("the child is stopping", Children.BOUND, () -> worker.state() == ProcessState.STOPPING);

            // the running tasks finish within the grace, then the child exits: no child is left for the queued one
            SKGlobal.<String>value(Domain.GLOBAL, first + "-gate").set("open");
            SKGlobal.<String>value(Domain.GLOBAL, second + "-gate").set("open");

            assertThat(Children.await(running)).isEqualTo("finished");
            assertThat(Children.await(alsoRunning)).isEqualTo("finished");
            assertThat(Children.failureOf(queued)).isInstanceOf(SKProcessException.class)
                    .hasMessageContaining("end-stop-1 STOPPED").hasMessageContaining("new one with SKProcessManager.pool");
            assertThat(Children.await(stop)).isZero();
        }
    }

    @Test
    void aTaskQueuedWhileThePoolsChildRestartsRunsOnceItIsBack() throws Exception {
        ProcessSpec spec = ProcessSpec.builder("end-restart").restartPolicy(RestartPolicy.onCrash(1, Duration.ofMillis(50))).build();
        try (SKPool pool = manager.pool(spec, 1)) {
            CompletableFuture<String> blocked = pool.submit(ChildState::block);
            CompletableFuture<Integer> crash = pool.submit(PoolChildrenEndTest::die);
            CompletableFuture<Integer> queued = pool.submit(ChildState::answer);

            assertThat(Children.failureOf(crash)).isInstanceOf(SKProcessCrashedException.class);
            assertThat(Children.failureOf(blocked)).isInstanceOf(SKProcessCrashedException.class);

            assertThat(Children.await(queued)).isEqualTo(42);
            assertThat(Children.await(pool.submit(ChildState::answer))).isEqualTo(42);
        }
    }
}
