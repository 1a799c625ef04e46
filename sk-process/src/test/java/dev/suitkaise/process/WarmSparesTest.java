package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Warm spares: JVMs started ahead of need that a matching spawn takes, with their budget slots,
 * replaced in the background and stopped by {@code shutdownAll}.
 */
@ExtendWith(NoOrphans.class)
class WarmSparesTest {

    private static final int GENEROUS = 1000;
    private final SKProcessManager manager = SKProcessManager.of(Domain.INTERNAL);
    private SKProcessCommander commander;
    private int maxBefore;

    @BeforeEach
    void startClean() {
        commander = SKProcessCommander.current();
        maxBefore = commander.maxProcesses();
        SKProcessManager.of(Domain.INTERNAL).shutdownAll(Duration.ofSeconds(5));
        SKProcessManager.of(Domain.EXTERNAL).shutdownAll(Duration.ofSeconds(5));
        Children.until("no child left by earlier tests", Children.BOUND, () -> childPids().isEmpty());
    }

    @AfterEach
    void restore() {
        manager.shutdownAll(Duration.ofSeconds(5));
        commander.setMaxProcesses(maxBefore);
        commander.setQuota(Domain.INTERNAL, GENEROUS);
    }

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private Set<Long> sparePids() {
        Set<Long> pids = childPids();
        manager.processes().forEach(p -> pids.remove(p.pid()));
        return pids;
    }

    private void awaitSpares(int count) {
        try {
            assertThat(manager.awaitWarmSpares(count, Children.BOUND)).as("%d warm spare(s) ready within %s", count, Children.BOUND)
                    .isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for warm spares", e);
        }
        assertThat(manager.warmSpares()).isEqualTo(count);
    }

    @Test
    void aSpawnTakesAReadySpareWhichRunsItsInitFunctionsAndKnowsItsName() throws Exception {
        String tag = "warm-" + UUID.randomUUID() + "-";
        manager.keepWarm(1);
        awaitSpares(1);
        Set<Long> spares = sparePids();
        assertThat(spares).hasSize(1);

        SKProcess p = manager.spawn(ProcessSpec.builder("warm-taker").init(() -> ChildState.record(tag + "init")).build());

        assertThat(p.pid()).isIn(spares);
        assertThat(p.state()).isEqualTo(ProcessState.READY);
        List<Object> seen = Children.await(p.submit(() -> List.of(SKProcess.current().orElseThrow().name(),
                String.valueOf(System.getProperty("suitkaise.process.name")), ChildState.inits(tag))));
        assertThat(seen).containsExactly("warm-taker", "warm-taker", List.of(tag + "init"));
        assertThat(p.execute(() -> 6 * 7, Children.BOUND)).isEqualTo(42);
    }

    @Test
    void aTakenSpareIsReplacedInTheBackgroundByANewJvm() {
        manager.keepWarm(1);
        awaitSpares(1);
        long first = sparePids().iterator().next();

        SKProcess p = manager.spawn("warm-replaced");

        assertThat(p.pid()).isEqualTo(first);
        awaitSpares(1);
        assertThat(sparePids()).hasSize(1).doesNotContain(first);
    }

    @Test
    void aSpawnWithOtherJvmSettingsStartsItsOwnJvmAndLeavesTheSpare() {
        manager.keepWarm(1);
        awaitSpares(1);
        Set<Long> spares = sparePids();

        SKProcess p = manager.spawn(ProcessSpec.builder("warm-other").systemProperty("sk.warm.test", "other").build());

        assertThat(p.pid()).isNotIn(spares);
        assertThat(manager.warmSpares()).isEqualTo(1);
        assertThat(sparePids()).isEqualTo(spares);
    }

    @Test
    void sparesHoldBudgetSlotsAndGiveThemUpToSpawnsThatNeedThem() {
        commander.setMaxProcesses(2);
        manager.keepWarm(2);
        awaitSpares(2);
        assertThat(commander.running(Domain.INTERNAL)).isEqualTo(2);

        // other settings: no spare fits, the budget is used up, so one spare is stopped for it
        SKProcess other = manager.spawn(ProcessSpec.builder("warm-budget-other").systemProperty("sk.warm.test", "b").build());
        assertThat(manager.warmSpares()).isEqualTo(1);
        assertThat(commander.running(Domain.INTERNAL)).isEqualTo(2);

        // default settings: takes the last spare; no slot is left for a new one
        Set<Long> spares = sparePids();
        SKProcess taker = manager.spawn("warm-budget-taker");
        assertThat(taker.pid()).isIn(spares);
        assertThat(manager.warmSpares()).isZero();
        assertThat(commander.running(Domain.INTERNAL)).isEqualTo(2);
        assertThat(childPids()).containsExactlyInAnyOrder(other.pid(), taker.pid());

        // once slots are free again, the next spawn starts a spare beside its own JVM
        other.stop(Duration.ofSeconds(5));
        taker.stop(Duration.ofSeconds(5));
        Children.until("the stopped children's slots are free", Children.BOUND, () -> commander.running(Domain.INTERNAL) == 0);
        manager.spawn("warm-budget-third");
        awaitSpares(1);
        assertThat(commander.running(Domain.INTERNAL)).isEqualTo(2);
    }

    @Test
    void aSpareThatDiesWhileItWaitsFreesItsSlotAndTheNextSpawnReplacesIt() throws Exception {
        manager.keepWarm(1);
        awaitSpares(1);
        long spare = sparePids().iterator().next();

        Children.signal("KILL", spare);

        Children.until("the dead spare is dropped and its slot freed", Children.BOUND,
                () -> manager.warmSpares() == 0 && commander.running(Domain.INTERNAL) == 0);
        SKProcess p = manager.spawn("warm-after-loss");
        assertThat(p.pid()).isNotEqualTo(spare);
        assertThat(p.execute(() -> "alive", Children.BOUND)).isEqualTo("alive");
        awaitSpares(1);
    }

    @Test
    void shutdownAllStopsTheSparesAndKeepsNoneAfterwards() throws Exception {
        manager.keepWarm(2);
        awaitSpares(2);
        Set<Long> spares = sparePids();

        manager.shutdownAll(Duration.ofSeconds(5));

        assertThat(manager.warmSpares()).isZero();
        assertThat(commander.running(Domain.INTERNAL)).isZero();
        for (long pid : spares) {
            assertThat(Children.goneWithin(pid, Children.BOUND)).as("spare %d gone", pid).isTrue();
        }
        SKProcess p = manager.spawn("warm-after-shutdown");
        assertThat(p.pid()).isNotIn(spares);
        assertThat(manager.warmSpares()).isZero();
        assertThat(sparePids()).isEmpty();
    }

    @Test
    void changingTheSettingsStopsTheOldSparesAndStartsNewOnes() {
        manager.keepWarm(1);
        awaitSpares(1);
        long old = sparePids().iterator().next();

        ProcessSpec template = ProcessSpec.builder("warm-template").systemProperty("sk.warm.test", "template").build();
        manager.keepWarm(template, 1);
        awaitSpares(1);
        Children.until("the old spare is gone", Children.BOUND, () -> !sparePids().contains(old));

        SKProcess p = manager.spawn(ProcessSpec.builder("warm-templated").systemProperty("sk.warm.test", "template").build());
        assertThat(p.execute(() -> System.getProperty("sk.warm.test"), Children.BOUND)).isEqualTo("template");
        assertThat(p.pid()).isNotEqualTo(old);
    }

    @Test
    void concurrentSpawnsTakeSparesWithoutLosingOrDoublingABudgetSlot() throws Exception {
        commander.setMaxProcesses(20);
        manager.keepWarm(3);
        awaitSpares(3);
        int spawns = 6;
        List<java.util.concurrent.CompletableFuture<SKProcess>> started = new java.util.ArrayList<>();
        for (int k = 0; k < spawns; k++) {
            String name = "warm-many-" + k;
            started.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> manager.spawn(name),
                    r -> Thread.ofVirtual().start(r)));
        }
        for (int k = 0; k < spawns; k++) {
            SKProcess p = Children.await(started.get(k));
            String expected = "warm-many-" + k;
            assertThat(p.execute(() -> SKProcess.current().orElseThrow().name(), Children.BOUND)).isEqualTo(expected);
        }

        awaitSpares(3);
        assertThat(manager.processes()).hasSize(spawns);
        assertThat(commander.running(Domain.INTERNAL)).isEqualTo(spawns + 3);
        assertThat(childPids()).hasSize(spawns + 3);

        manager.shutdownAll(Duration.ofSeconds(5));
        assertThat(commander.running(Domain.INTERNAL)).isZero();
        Children.until("every child and spare gone", Children.BOUND, () -> childPids().isEmpty());
    }

    @Test
    void aSpawnTakesTheSlotOfASpareStillStartingWhenTheBudgetIsUsedUp() {
        commander.setMaxProcesses(1);
        manager.keepWarm(1); // its slot is taken now, while its JVM starts

        SKProcess p = manager.spawn("warm-early");

        assertThat(p.state()).isEqualTo(ProcessState.READY);
        assertThat(commander.running(Domain.INTERNAL)).isEqualTo(1);
        Children.until("only the spawned child is left", Children.BOUND, () -> childPids().equals(Set.of(p.pid())));
    }

    @Test
    void aFailingInitFunctionRunsOnceWhenTheSpawnTookASpare() throws Exception {
        Path log = Files.createTempFile("warm-init", ".log");
        String path = log.toString();
        manager.keepWarm(1);
        awaitSpares(1);

        assertThatThrownBy(() -> manager.spawn(ProcessSpec.builder("warm-failing-init").init(() -> appendAndFail(path)).build()))
                .isInstanceOf(SKProcessStartException.class).hasMessageContaining("init function");

        assertThat(Files.readAllLines(log)).containsExactly("init");
        Files.deleteIfExists(log);
    }

    /** An init function that leaves a trace, then fails. */
    static int appendAndFail(String path) throws IOException {
        Files.writeString(Path.of(path), "init\n", StandardOpenOption.APPEND);
        throw new IllegalStateException("init fails on purpose");
    }

    @Test
    void shutdownAllStopsSparesThatAreStillStartingBeforeItReturns() {
        manager.keepWarm(2);

        manager.shutdownAll(Duration.ofSeconds(5));

        assertThat(childPids()).isEmpty();
        assertThat(commander.running(Domain.INTERNAL)).isZero();
        assertThat(manager.warmSpares()).isZero();
    }

    @Test
    void raisingTheCountKeepsTheSparesAlreadyStarting() {
        manager.keepWarm(1);
        manager.keepWarm(3);

        awaitSpares(3);
        assertThat(sparePids()).hasSize(3);
        assertThat(commander.running(Domain.INTERNAL)).isEqualTo(3);
    }

    @Test
    void waitingForSparesThatAreNotKeptGivesUpAfterTheTimeout() throws Exception {
        assertThat(manager.awaitWarmSpares(1, Duration.ofMillis(50))).isFalse();
        assertThat(manager.awaitWarmSpares(0, Duration.ZERO)).isTrue();
    }

    @Test
    void aNegativeCountIsRefused() {
        assertThatThrownBy(() -> manager.keepWarm(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }
}
