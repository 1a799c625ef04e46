package dev.suitkaise.process.internal;

import dev.suitkaise.testkit.Conditions;
import dev.suitkaise.process.ProcessState;
import dev.suitkaise.process.QuotaPolicy;
import dev.suitkaise.process.SKProcess;
import dev.suitkaise.process.SKProcessException;
import dev.suitkaise.process.SKProcessManager;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.testkit.NoOrphanProcesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slots a child JVM asks its parent's commander for, when the child gives up on a request
 * or its answer is lost: a request the child gives up on stops waiting in the parent, a slot
 * granted after the child stopped waiting (its cancel lost) is given back, a slot request waits
 * as long as the commander's policy may make it wait, and a release carried out in the parent is
 * never repeated. Runs real child JVMs against this JVM's budget.
 */
@ExtendWith(RemoteSlotsTest.NoOrphans.class)
class RemoteSlotsTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final Domain D = Domain.INTERNAL;

    private Authority budget;
    private int maxBefore;
    private QuotaPolicy policyBefore;
    private Duration maxWaitBefore;

    /** After the class: shuts both managers down, then fails it if a child JVM is left. */
    static final class NoOrphans extends NoOrphanProcesses {
        @Override
        protected void shutDownOwners() {
            SKProcessManager.of(Domain.INTERNAL).shutdownAll(Duration.ofSeconds(5));
            SKProcessManager.of(Domain.EXTERNAL).shutdownAll(Duration.ofSeconds(5));
        }
    }

    @BeforeEach
    void remember() {
        budget = Commanders.current(); // this JVM's budget: the children's commander
        maxBefore = budget.maxProcesses();
        policyBefore = budget.policy();
        maxWaitBefore = budget.maxWait();
        budget.setPolicy(QuotaPolicy.WAIT, BOUND);
    }

    @AfterEach
    void restore() {
        SKProcessManager.of(Domain.INTERNAL).shutdownAll(Duration.ofSeconds(5));
        budget.setMaxProcesses(maxBefore);
        budget.setPolicy(policyBefore, maxWaitBefore);
    }

    /** Leaves no slot free: a spawn waits in this JVM's budget. */
    private int useUpTheBudget() {
        int total = budget.running(Domain.INTERNAL) + budget.running(Domain.EXTERNAL);
        budget.setMaxProcesses(total);
        return total;
    }

    private static void until(String what, java.util.function.BooleanSupplier condition) {
        Conditions.until(what, BOUND, condition);
    }

    /**
     * In a child JVM: spawns on a thread of its own, waits until that spawn's slot request waits in
     * the commander above ({@code Commanders.current()}), interrupts the spawning thread and tells
     * how the spawn ended.
     */
    static String spawnThenGiveUp(String waiting) throws Exception {
        Authority parents = Commanders.current();
        CompletableFuture<String> spawn = new CompletableFuture<>();
        Thread spawner = Thread.ofPlatform().name("spawner").start(() -> {
            try {
                SKProcessManager.of(D).spawn("never-started");
                spawn.complete("spawned");
            } catch (Throwable e) {
                spawn.complete(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        });
        until(waiting, () -> parents.waiting(D) == 1);
        spawner.interrupt();
        return spawn.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aSlotRequestTheChildsSpawnGaveUpOnStopsWaitingInTheParentAtOnce() throws Exception {
        // far longer than this test's bound: the request ends only when the parent hears that the child gave it up
        budget.setPolicy(QuotaPolicy.WAIT, Duration.ofMinutes(30));
        SKProcess child = SKProcessManager.of(D).spawn("giving-up-spawner");
        int before = budget.running(D);
        useUpTheBudget();

        String outcome = child.submit(() -> {
            return spawnThenGiveUp("the spawn waits in the parent's commander");
        }).get(BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(outcome).startsWith("SKProcessException: Interrupted while process 'giving-up-spawner' waited for its parent");
        until("the parent stops waiting for the request the child gave up on", () -> budget.waiting(D) == 0);
        assertThat(budget.running(D)).as("slots taken here").isEqualTo(before);
        assertThat(child.state()).isEqualTo(ProcessState.READY);
    }

    /**
     * In a child JVM: spawns on a thread of its own, waits until that spawn's slot request waits in
     * the commander above, then begins a shutdownAll while holding the lock every send on the
     * channel to the parent takes, so that the spawn, its wait ended, stops as it sends the cancel
     * of its request; interrupts the spawning thread there (the caller's own interrupt), lets it
     * go on, and tells how the spawn ended and whether its thread was left interrupted.
     */
    static String spawnThenShutDownWhileTheCallerInterrupts() throws Exception {
        Authority parents = Commanders.current();
        SKProcessManager manager = SKProcessManager.of(D);
        CompletableFuture<String> spawn = new CompletableFuture<>();
        Thread spawner = Thread.ofPlatform().name("spawner").start(() -> {
            try {
                manager.spawn("never-started");
                spawn.complete("spawned");
            } catch (Throwable e) {
                spawn.complete("interrupted " + Thread.currentThread().isInterrupted() + ", " + e.getClass().getSimpleName()
                        + ": " + e.getMessage());
            }
        });
        until("the spawn waits in the parent's commander", () -> parents.waiting(D) == 1);
        CompletableFuture<Void> shutdown = new CompletableFuture<>();
        java.util.concurrent.locks.ReentrantLock sends = ChildRuntime.current().channel().writeLock();
        sends.lock();
        try {
            Thread.ofPlatform().name("shutter").start(() -> {
                try {
                    manager.shutdownAll(Duration.ofSeconds(5));
                    shutdown.complete(null);
                } catch (Throwable e) {
                    shutdown.completeExceptionally(e);
                }
            });
            until("the spawn, its wait ended by shutdownAll, sends the cancel of its slot request", () -> sends.hasQueuedThread(spawner));
            spawner.interrupt(); // the caller's own interrupt, set while shutdownAll ends the spawn
        } finally {
            sends.unlock();
        }
        shutdown.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        return spawn.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void anInterruptTheCallerSetsWhileAChildsShutdownAllEndsItsSpawnsSlotRequestIsKept() throws Exception {
        budget.setPolicy(QuotaPolicy.WAIT, Duration.ofMinutes(30)); // only the child's shutdownAll ends the wait in time
        SKProcess child = SKProcessManager.of(D).spawn("shut-down-spawner");
        int before = budget.running(D);
        useUpTheBudget();

        String outcome = child.submit(() -> {
            return spawnThenShutDownWhileTheCallerInterrupts();
        }).get(BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(outcome).as("the spawn fails naming shutdownAll, its thread still interrupted")
                .startsWith("interrupted true, SKProcessStartException: Spawn of process 'never-started' (INTERNAL) ended:"
                        + " shutdownAll of the INTERNAL process manager began");
        until("the parent stops waiting for the request the child's shutdownAll ended", () -> budget.waiting(D) == 0);
        assertThat(budget.running(D)).as("slots taken here").isEqualTo(before);
        assertThat(child.state()).isEqualTo(ProcessState.READY);
    }

    @Test
    void aSlotRequestAGrandchildGaveUpOnStopsWaitingHereThroughItsParent() throws Exception {
        budget.setPolicy(QuotaPolicy.WAIT, Duration.ofMinutes(30));
        SKProcess middle = SKProcessManager.of(D).spawn("middle");
        int before = budget.running(D);

        CompletableFuture<String> outcome = middle.submit(() -> {
            SKProcess grandchild = SKProcessManager.of(D).spawn("giving-up-grandchild");
            Authority top = Commanders.current();
            until("the budget is used up", () -> top.running(Domain.INTERNAL) + top.running(Domain.EXTERNAL) >= top.maxProcesses());
            return grandchild.submit(() -> {
                // the middle's commander, which asks this test's JVM
                return spawnThenGiveUp("the spawn waits in the top commander");
            }).get(BOUND.toSeconds(), TimeUnit.SECONDS);
        });
        until("the grandchild holds its slot here", () -> budget.running(D) == before + 1);
        useUpTheBudget();

        assertThat(outcome.get(BOUND.toSeconds(), TimeUnit.SECONDS))
                .startsWith("SKProcessException: Interrupted while process 'giving-up-grandchild' waited for its parent");
        until("this JVM stops waiting for the request the grandchild gave up on", () -> budget.waiting(D) == 0);
        assertThat(budget.running(D)).as("slots taken here: the grandchild's").isEqualTo(before + 1);
    }

    @Test
    void aSlotGrantedAfterTheChildGaveTheRequestUpIsGivenBackWhenItsCancelIsLost() throws Exception {
        SKProcess child = SKProcessManager.of(D).spawn("interrupted-spawner");
        int before = budget.running(D);
        int total = useUpTheBudget();

        String outcome = child.submit(() -> {
            ChildRuntime rt = ChildRuntime.current();
            RemoteAuthority parents = new RemoteAuthority(rt);
            CompletableFuture<String> request = new CompletableFuture<>();
            Thread asker = Thread.ofPlatform().name("asker").start(() -> {
                try {
                    // the slot request a spawn sends, whose cancel is lost: the asker gives up and no cancel is sent
                    rt.call(id -> new Frame.CommanderCall(id, Frame.CommanderOp.ACQUIRE, D.name(), 0, "never-started"),
                            BOUND.toNanos(), late -> parents.lateAnswer(Frame.CommanderOp.ACQUIRE, D, "never-started", late));
                    request.complete("granted");
                } catch (Throwable e) {
                    request.complete(e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            });
            until("the request waits in the parent's commander", () -> parents.waiting(D) == 1);
            asker.interrupt();
            return request.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        }).get(BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(outcome).startsWith("SKProcessException: Interrupted while process 'interrupted-spawner' waited for its parent");
        assertThat(budget.waiting(D)).as("the request the child gave up on, not cancelled, still waits here").isOne();
        budget.setMaxProcesses(total + 1);
        until("the slot is granted to the request the child gave up on", () -> budget.waiting(D) == 0);
        until("the child gives the slot back", () -> budget.running(D) == before);
        assertThat(child.state()).isEqualTo(ProcessState.READY);
    }

    @Test
    void aChildsSlotRequestWaitsAsLongAsTheCommandersLongestWait() throws Exception {
        SKProcess child = SKProcessManager.of(D).spawn("patient-spawner");
        int before = budget.running(D);
        int total = useUpTheBudget();

        CompletableFuture<String> request = child.submit(() -> {
            // the commander as a spawn in the child reaches it, but with no margin: the request's own
            // wait is the commander's longest wait alone
            Authority parents = new RemoteAuthority(ChildRuntime.current(), 0);
            parents.acquire(D, "patient-grandchild");
            parents.release(D);
            return "granted";
        });
        until("the grandchild's slot request waits in this JVM's budget", () -> budget.waiting(D) == 1);
        budget.setMaxProcesses(total + 1);

        assertThat(request.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("granted");
        until("the grandchild's slot is free again", () -> budget.running(D) == before);
    }

    @Test
    void aReleaseThatFailedAfterTheParentCarriedItOutIsNotRepeatedWhenTheSlotsAreClosed() throws Exception {
        SKProcess child = SKProcessManager.of(D).spawn("releasing-child");
        int before = budget.running(D);

        int freedAtTheEnd = child.execute(() -> {
            Authority parents = Commanders.current();
            if (!parents.tryAcquire(D, "bystander")) {
                return -1;
            }
            HeldSlots slots = new HeldSlots();
            if (!slots.tryAcquire(parents, D, "grandchild")) {
                return -2;
            }
            // the release is sent; the wait for its answer usually ends at once, failing the release after the
            // parent carried it out (an answer already read by then lets it succeed: either way nothing is freed again)
            Thread.currentThread().interrupt();
            try {
                slots.release(parents, D);
            } catch (SKProcessException expected) {
                // the parent freed the slot, but this JVM did not hear it
            } finally {
                Thread.interrupted();
            }
            return slots.close(parents, "the grandchild's parent");
        }, BOUND);

        assertThat(freedAtTheEnd).as("slots freed again by the end").isZero();
        until("the released slot is free and the bystander's is not", () -> budget.running(D) == before + 1);
    }
}
