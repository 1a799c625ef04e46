package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKGlobal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping, killing or shutting down a process while its JVM is still starting (a spawn) or
 * starting again (a restart): the call returns once that JVM has exited, the spawn fails, and
 * the process's budget slot is freed exactly once.
 */
@ExtendWith(NoOrphans.class)
class ProcessStopDuringStartTest {

    /** The start timeout of the slow starts: long enough for a JVM to reach its init, short enough to end a failing run. */
    private static final Duration START = Duration.ofSeconds(30);

    /**
     * A spec whose init counts its runs in a global, then blocks until its JVM is killed; with a
     * restart policy, the first start's init returns at once and the restarts' inits block.
     */
    private static ProcessSpec slowStart(String name, String runs, RestartPolicy restarts) {
        boolean firstStartIsQuick = restarts.maxRestarts() > 0;
        return ProcessSpec.builder(name)
                .init(() -> {
                    int run = SKGlobal.<Integer>value(Domain.GLOBAL, runs).accumulateAndGet(1, Integer::sum);
                    return run == 1 && firstStartIsQuick ? "first start" : ChildState.block();
                })
                .restartPolicy(restarts)
                .startTimeout(START)
                .build();
    }

    private static int runs(String key) {
        return SKGlobal.<Integer>value(Domain.GLOBAL, key).isSet() ? SKGlobal.<Integer>value(Domain.GLOBAL, key).get() : 0;
    }

    private static Set<Long> liveChildren() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Spawns on another thread; the future has the spawn's outcome. */
    private static CompletableFuture<SKProcess> spawnInBackground(SKProcessManager manager, ProcessSpec spec) {
        CompletableFuture<SKProcess> spawn = new CompletableFuture<>();
        Thread.ofPlatform().name("test-spawn-" + spec.name()).start(() -> {
            try {
                spawn.complete(manager.spawn(spec));
            } catch (Throwable t) {
                spawn.completeExceptionally(t);
            }
        });
        return spawn;
    }

    /** Waits until the init of a slow start runs for the {@code run}-th time, and returns the JVM it runs in. */
    private static long awaitInit(String runs, int run, Set<Long> others) {
        Children.until("init run " + run + " of " + runs, Children.BOUND, () -> runs(runs) >= run);
        Set<Long> starting = liveChildren();
        starting.removeAll(others);
        assertThat(starting).as("the one JVM being started besides %s", others).hasSize(1);
        return starting.iterator().next();
    }

    @Test
    void killDuringASpawnReturnsOnceTheStartingJvmHasExitedFailsTheSpawnAndFreesItsSlotOnce() throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
        SKProcess other = manager.spawn("stopstart-kill-other");
        try {
            int withOther = SKProcessCommander.current().running(Domain.INTERNAL);
            String runs = "stopstart-kill-" + UUID.randomUUID();
            CompletableFuture<SKProcess> spawn = spawnInBackground(manager, slowStart("stopstart-kill", runs, RestartPolicy.never()));
            long starting = awaitInit(runs, 1, Set.of(other.pid()));
            SKProcess p = manager.get("stopstart-kill").orElseThrow();
            assertThat(p.state()).isEqualTo(ProcessState.STARTING);

            p.kill();
            boolean aliveAfterKill = alive(starting);
            ProcessState stateAfterKill = p.state();
            Throwable spawnFailure = Children.failureOf(spawn);

            assertThat(SKProcessCommander.current().running(Domain.INTERNAL))
                    .as("slots in use once the killed spawn has failed, with one other process running").isEqualTo(withOther);
            assertThat(aliveAfterKill).as("the starting JVM %d is alive after kill() returned", starting).isFalse();
            assertThat(stateAfterKill).isEqualTo(ProcessState.STOPPED);
            assertThat(p.onExit()).isCompletedWithValue(p);
            assertThat(spawnFailure).isInstanceOf(SKProcessStartException.class)
                    .hasMessageContaining("stopstart-kill").hasMessageContaining("stopped while it started");
            assertThat(manager.get("stopstart-kill")).isEmpty();
            assertThat(other.state()).isEqualTo(ProcessState.READY);
        } finally {
            other.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void stopDuringASpawnDoesNotWaitForTheInitAndKillsTheStartingJvm() throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
        String runs = "stopstart-stop-" + UUID.randomUUID();
        CompletableFuture<SKProcess> spawn = spawnInBackground(manager, slowStart("stopstart-stop", runs, RestartPolicy.never()));
        long starting = awaitInit(runs, 1, Set.of());
        SKProcess p = manager.get("stopstart-stop").orElseThrow();
        CompletableFuture<Object> queued = p.submit(ChildState::answer).thenApply(v -> v);

        assertThat(p.stop(Duration.ofSeconds(30))).as("exit code: no JVM of the process ran").isEqualTo(-1);

        assertThat(alive(starting)).as("the starting JVM %d is alive after stop() returned", starting).isFalse();
        assertThat(p.state()).isEqualTo(ProcessState.STOPPED);
        assertThat(Children.failureOf(queued)).isInstanceOf(SKProcessException.class).hasMessageContaining("stopstart-stop");
        assertThat(Children.failureOf(spawn)).isInstanceOf(SKProcessStartException.class);
        assertThat(SKProcessCommander.current().running(Domain.INTERNAL)).isZero();
    }

    @Test
    void shutdownAllDuringASpawnReturnsWithNoChildJvmOfTheManagerRunning() throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
        SKProcess other = manager.spawn("stopstart-all-other");
        long otherPid = other.pid();
        String runs = "stopstart-all-" + UUID.randomUUID();
        CompletableFuture<SKProcess> spawn = spawnInBackground(manager, slowStart("stopstart-all", runs, RestartPolicy.never()));
        long starting = awaitInit(runs, 1, Set.of(otherPid));

        manager.shutdownAll(Duration.ZERO);

        List<Long> alive = liveChildren().stream().filter(pid -> pid == starting || pid == otherPid).toList();
        assertThat(alive).as("child JVMs of the manager alive after shutdownAll returned").isEmpty();
        assertThat(manager.processes()).isEmpty();
        assertThat(Children.failureOf(spawn)).isInstanceOf(SKProcessStartException.class);
        assertThat(SKProcessCommander.current().running(Domain.INTERNAL)).isZero();
    }

    @Test
    void stopDuringARestartReturnsOnceTheNewJvmHasExitedAndTheProcessStaysStopped() throws Exception {
        SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
        SKProcess other = manager.spawn("stopstart-restart-other");
        try {
            int withOther = SKProcessCommander.current().running(Domain.INTERNAL);
            String runs = "stopstart-restart-" + UUID.randomUUID();
            SKProcess p = manager.spawn(slowStart("stopstart-restart", runs, RestartPolicy.onCrash(3, Duration.ZERO)));
            assertThat(SKProcessCommander.current().running(Domain.INTERNAL)).isEqualTo(withOther + 1);
            CompletableFuture<String> blocked = p.submit(ChildState::block);
            Children.signal("KILL", p.pid());
            assertThat(Children.failureOf(blocked)).isInstanceOf(SKProcessCrashedException.class);
            long restarting = awaitInit(runs, 2, Set.of(other.pid()));
            assertThat(p.state()).isEqualTo(ProcessState.STARTING);
            CompletableFuture<Object> queued = p.submit(ChildState::answer).thenApply(v -> v);

            p.stop(Duration.ofSeconds(30));

            assertThat(alive(restarting)).as("the restarting JVM %d is alive after stop() returned", restarting).isFalse();
            assertThat(p.state()).isEqualTo(ProcessState.STOPPED);
            assertThat(p.onExit()).isCompletedWithValue(p);
            assertThat(Children.failureOf(queued)).isInstanceOf(SKProcessException.class);
            assertThat(p.stats().restarts()).isEqualTo(1);
            assertThat(SKProcessCommander.current().running(Domain.INTERNAL)).isEqualTo(withOther);
            assertThat(other.state()).isEqualTo(ProcessState.READY);
        } finally {
            other.stop(Duration.ofSeconds(5));
        }
    }
}
