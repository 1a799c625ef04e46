package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The commander's budget and per-domain quotas limit spawns, by policy, and can change at run time. */
@ExtendWith(NoOrphans.class)
class ProcessQuotaTest {

    private static final int GENEROUS = 1000;
    private SKProcessCommander commander;
    private int maxBefore;

    @BeforeEach
    void remember() {
        commander = SKProcessCommander.current();
        maxBefore = commander.maxProcesses();
    }

    @AfterEach
    void restore() {
        SKProcessManager.of(Domain.INTERNAL).shutdownAll(Duration.ofSeconds(5));
        SKProcessManager.of(Domain.EXTERNAL).shutdownAll(Duration.ofSeconds(5));
        commander.setMaxProcesses(maxBefore);
        commander.setQuota(Domain.INTERNAL, GENEROUS);
        commander.setQuota(Domain.EXTERNAL, GENEROUS);
        commander.setPolicy(QuotaPolicy.FAIL, Duration.ofSeconds(30));
    }

    @Test
    void aSpawnOverItsDomainsQuotaFailsWhileTheOtherDomainStillSpawns() {
        commander.setQuota(Domain.EXTERNAL, 1);
        SKProcessManager.of(Domain.EXTERNAL).spawn("quota-ext-1");

        assertThatThrownBy(() -> SKProcessManager.of(Domain.EXTERNAL).spawn("quota-ext-2"))
                .isInstanceOf(SKQuotaExceededException.class)
                .hasMessageContaining("quota-ext-2").hasMessageContaining("EXTERNAL quota of 1");
        assertThat(SKProcessManager.of(Domain.EXTERNAL).get("quota-ext-2")).isEmpty();
        assertThat(SKProcessManager.of(Domain.INTERNAL).spawn("quota-int-1").state()).isEqualTo(ProcessState.READY);
        assertThat(commander.running(Domain.EXTERNAL)).isEqualTo(1);
        assertThat(commander.running(Domain.INTERNAL)).isEqualTo(1);
    }

    @Test
    void theBudgetCoversBothDomains() {
        commander.setMaxProcesses(1);
        SKProcessManager.of(Domain.INTERNAL).spawn("budget-int");

        assertThatThrownBy(() -> SKProcessManager.of(Domain.EXTERNAL).spawn("budget-ext"))
                .isInstanceOf(SKQuotaExceededException.class).hasMessageContaining("budget of 1");
    }

    @Test
    void underTheWaitPolicyASpawnOverQuotaProceedsOnceASlotFrees() throws Exception {
        commander.setQuota(Domain.EXTERNAL, 1);
        commander.setPolicy(QuotaPolicy.WAIT, Children.BOUND);
        SKProcess first = SKProcessManager.of(Domain.EXTERNAL).spawn("wait-ext-1");

        CompletableFuture<SKProcess> second = CompletableFuture.supplyAsync(() -> SKProcessManager.of(Domain.EXTERNAL).spawn("wait-ext-2"));
        Children.until("the second spawn waits for a slot", Children.BOUND, () -> commander.waiting(Domain.EXTERNAL) == 1);
        assertThat(second).isNotDone();
        first.stop(Duration.ofSeconds(5));

        assertThat(Children.await(second).state()).isEqualTo(ProcessState.READY);
        assertThat(commander.running(Domain.EXTERNAL)).isEqualTo(1);
    }

    @Test
    void raisingAQuotaAtRunTimeLetsAWaitingSpawnProceed() throws Exception {
        commander.setQuota(Domain.EXTERNAL, 0);
        commander.setPolicy(QuotaPolicy.WAIT, Children.BOUND);

        CompletableFuture<SKProcess> waiting = CompletableFuture.supplyAsync(() -> SKProcessManager.of(Domain.EXTERNAL).spawn("raise-ext"));
        Children.until("the spawn waits for a slot", Children.BOUND, () -> commander.waiting(Domain.EXTERNAL) == 1);
        assertThat(waiting).isNotDone();
        commander.setQuota(Domain.EXTERNAL, 1);

        assertThat(Children.await(waiting).state()).isEqualTo(ProcessState.READY);
    }

    @Test
    void underTheWaitPolicyASpawnFailsWhenNoSlotFreesInTime() {
        commander.setQuota(Domain.EXTERNAL, 0);
        commander.setPolicy(QuotaPolicy.WAIT, Duration.ofMillis(200));

        assertThatThrownBy(() -> SKProcessManager.of(Domain.EXTERNAL).spawn("never-ext"))
                .isInstanceOf(SKQuotaExceededException.class).hasMessageContaining("no slot freed within PT0.2S");
    }

    @Test
    void aChildSpawnsAGrandchildWithinTheProgramsBudget() throws Exception {
        SKProcess child = SKProcessManager.of(Domain.INTERNAL).spawn("quota-parent");

        List<Long> seen = Children.await(child.submit(() -> {
            SKProcess grandchild = SKProcessManager.of(Domain.INTERNAL).spawn("quota-grandchild");
            try {
                long parent = grandchild.execute(() -> ProcessHandle.current().parent().orElseThrow().pid(), Duration.ofSeconds(60));
                return List.of(parent, (long) SKProcessCommander.current().running(Domain.INTERNAL));
            } finally {
                grandchild.stop(Duration.ofSeconds(5));
            }
        }));

        assertThat(seen).containsExactly(child.pid(), 2L);
        assertThat(commander.running(Domain.INTERNAL)).isEqualTo(1);
    }

    @Test
    void aChildsSpawnIsRefusedWhenTheProgramsBudgetIsUsedUp() throws Exception {
        SKProcess child = SKProcessManager.of(Domain.INTERNAL).spawn("budget-parent");
        commander.setMaxProcesses(commander.running(Domain.INTERNAL) + commander.running(Domain.EXTERNAL));

        assertThatThrownBy(() -> child.execute(() -> SKProcessManager.of(Domain.INTERNAL).spawn("budget-grandchild").pid(),
                Children.BOUND))
                .isInstanceOf(SKTaskFailedException.class)
                .hasMessageContaining("SKQuotaExceededException").hasMessageContaining("budget-grandchild");
        assertThat(Children.await(child.submit(() -> SKProcessManager.of(Domain.INTERNAL).processes().size()))).isZero();
    }

    @Test
    void whenAChildIsKilledTheProcessesItSpawnedExitAndTheirSlotsAreFreed() throws Exception {
        int before = commander.running(Domain.INTERNAL);
        SKProcess child = SKProcessManager.of(Domain.INTERNAL).spawn("doomed-parent");
        long grandchildPid = Children.await(child.submit(() -> SKProcessManager.of(Domain.INTERNAL).spawn("doomed-grandchild").pid()));
        assertThat(ProcessHandle.of(grandchildPid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid)).contains(child.pid());
        assertThat(commander.running(Domain.INTERNAL)).as("slots of the child and of its own child").isEqualTo(before + 2);

        Children.signal("KILL", child.pid());

        assertThat(child.onExit().get(Children.BOUND.toSeconds(), TimeUnit.SECONDS).state()).isEqualTo(ProcessState.CRASHED);
        assertThat(Children.goneWithin(grandchildPid, Children.BOUND)).as("the grandchild %d exited with its parent", grandchildPid)
                .isTrue();
        Children.until("both slots are free again", Children.BOUND, () -> commander.running(Domain.INTERNAL) == before);
    }

    @Test
    void aGrandchildThatEndsFreesItsSlotOnceEvenIfItsParentDiesLater() throws Exception {
        // a process that stays, so that a slot freed twice would show in the count
        SKProcessManager.of(Domain.INTERNAL).spawn("bystander");
        int before = commander.running(Domain.INTERNAL);
        assertThat(before).isPositive();
        SKProcess child = SKProcessManager.of(Domain.INTERNAL).spawn("stopping-parent");
        Children.await(child.submit(() -> {
            SKProcessManager.of(Domain.INTERNAL).spawn("short-grandchild").stop(Duration.ofSeconds(5));
            return null;
        }));
        assertThat(commander.running(Domain.INTERNAL)).isEqualTo(before + 1);

        Children.signal("KILL", child.pid());

        child.onExit().get(Children.BOUND.toSeconds(), TimeUnit.SECONDS);
        Children.until("the child's slot is free", Children.BOUND, () -> commander.running(Domain.INTERNAL) == before);
        assertThat(SKProcessManager.of(Domain.INTERNAL).spawn("after-the-parent").state()).isEqualTo(ProcessState.READY);
        assertThat(commander.running(Domain.INTERNAL)).as("no slot freed twice").isEqualTo(before + 1);
    }

    @Test
    void aChildReachesItsParentsCommanderInsteadOfMakingOne() throws Exception {
        commander.setQuota(Domain.EXTERNAL, 7);
        SKProcess child = SKProcessManager.of(Domain.INTERNAL).spawn("quota-child");

        List<Object> seen = Children.await(child.submit(() -> {
            SKProcessCommander c = SKProcessCommander.current();
            return List.of(c.isRemote(), c.maxProcesses(), c.quota(Domain.EXTERNAL), c.running(Domain.INTERNAL));
        }));

        assertThat(seen).containsExactly(true, commander.maxProcesses(), 7, 1);
        assertThat(commander.isRemote()).isFalse();
        assertThatThrownBy(() -> child.execute(() -> SKProcessCommander.start(CommanderConfig.defaults()), Children.BOUND))
                .isInstanceOf(SKTaskFailedException.class).hasMessageContaining("uses its parent's commander");
    }
}
