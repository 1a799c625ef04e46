package dev.suitkaise.process.internal;

import dev.suitkaise.testkit.Conditions;
import dev.suitkaise.process.ProcessSpec;
import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static dev.suitkaise.testkit.Conditions.blockedOn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How warm spares take and give budget slots: a spare's slot changes hands at most once, and the
 * commander (in a child, the parent, over the channel) is asked for a slot outside the spares'
 * monitor, and a spawn's wait for fills asking for slots ends when the spawn is cancelled. The tests hold this JVM's budget monitor to stop a spare's slot call where they need it.
 */
class WarmSparesSlotTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    private static Set<Long> childPids() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    private static void until(String what, java.util.function.BooleanSupplier condition) {
        Conditions.until(what, BOUND, condition);
    }

    @Test
    void aSpareThatIsNotKeptAndFreesItsSlotGivesThatSlotToNoSpawn() {
        Authority budget = Commanders.current(); // this JVM's budget: its monitor guards the slot counts
        WarmSpares spares = new WarmSpares(Domain.INTERNAL);
        ProcessSpec template = ProcessSpec.builder("slot-spare").startTimeout(BOUND).build();
        int before = budget.running(Domain.INTERNAL);
        Set<Long> others = childPids();
        boolean gave;
        try {
            synchronized (budget) { // the spare's start, once over, waits here to free its slot
                synchronized (spares) { // the spare's start waits here as soon as its JVM runs
                    spares.keep(template, List.of(), 1);
                    spares.keep(template, List.of(), 0); // so that the spare, once started, is not kept
                    assertThat(budget.running(Domain.INTERNAL)).as("slots in use while the spare starts").isEqualTo(before + 1);
                    until("the spare's JVM runs", () -> !others.containsAll(childPids()));
                }
                Set<Long> spare = childPids();
                spare.removeAll(others);
                // its JVM is stopped once its start has ended and it was found not wanted: from then on
                // it frees its slot, and waits for this thread's monitor to do so
                until("the spare's JVM is stopped", () -> spare.stream().noneMatch(childPids()::contains));

                gave = spares.giveSlot(new SlotCancel()); // as a spawn that finds the budget used up
            }
            spares.shutdown(BOUND); // returns once the spare's start has ended
            assertThat(budget.running(Domain.INTERNAL)).as("slots in use: the ones held before, and one more if the spare gave"
                    + " its slot to the spawn").isEqualTo(before + (gave ? 1 : 0));
            assertThat(gave).as("a spare that frees its slot gave it to a spawn too").isFalse();
        } finally {
            spares.shutdown(BOUND);
        }
        if (gave) {
            budget.release(Domain.INTERNAL);
        }
    }

    @Test
    void askingTheCommanderForASpareSlotLeavesTheSparesFreeForOtherCallers() throws Exception {
        Authority budget = Commanders.current();
        WarmSpares spares = new WarmSpares(Domain.INTERNAL);
        ProcessSpec template = ProcessSpec.builder("monitor-spare").startTimeout(BOUND).build();
        Thread keeper;
        Thread reader;
        try {
            synchronized (budget) { // a slot request waits here, as a call to the parent would
                keeper = Thread.ofPlatform().name("spare-keeper").start(() -> spares.keep(template, List.of(), 1));
                // BLOCKED alone does not say on which monitor (a logger's or a class's may block it briefly)
                until("the keeper's slot request waits for the commander", () -> blockedOn(keeper, budget));

                reader = Thread.ofPlatform().name("spare-reader").start(spares::ready);
                until("the reader has returned or waits for the spares' monitor", () -> reader.getState() == Thread.State.TERMINATED
                        || blockedOn(reader, spares));

                assertThat(reader.getState()).as("a caller of the spares while a slot request waits for the commander")
                        .isEqualTo(Thread.State.TERMINATED);
            }
            assertThat(keeper.join(BOUND)).isTrue();
            assertThat(reader.join(BOUND)).isTrue();
        } finally {
            spares.shutdown(BOUND);
        }
    }
    @Test
    void aShutdownReturnsOnlyOnceTheSlotThatAFillWasAskingForIsFreedAgain() throws Exception {
        Authority budget = Commanders.current();
        WarmSpares spares = new WarmSpares(Domain.INTERNAL);
        ProcessSpec template = ProcessSpec.builder("shutdown-spare").startTimeout(BOUND).build();
        int before = budget.running(Domain.INTERNAL);
        AtomicInteger runningWhenShutDown = new AtomicInteger(-1);
        Thread keeper;
        Thread stopper;
        try {
            synchronized (budget) { // the fill's slot request waits here, as a call to the parent would
                keeper = Thread.ofPlatform().name("spare-keeper").start(() -> spares.keep(template, List.of(), 1));
                until("the keeper's slot request waits for the commander", () -> blockedOn(keeper, budget));

                stopper = Thread.ofPlatform().name("spare-stopper").start(() -> {
                    spares.shutdown(BOUND);
                    runningWhenShutDown.set(budget.running(Domain.INTERNAL));
                });
                until("the shutdown has returned or waits", () -> stopper.getState() == Thread.State.TERMINATED
                        || stopper.getState() == Thread.State.TIMED_WAITING || blockedOn(stopper, budget));

                assertThat(stopper.getState()).as("a shutdown while a fill asks for a slot, which it gets and must free again")
                        .isEqualTo(Thread.State.TIMED_WAITING);
            }
            assertThat(keeper.join(BOUND)).isTrue();
            assertThat(stopper.join(BOUND)).isTrue();
            assertThat(runningWhenShutDown).as("slots in use when the shutdown returned").hasValue(before);
        } finally {
            spares.shutdown(BOUND);
        }
    }

    @Test
    void aSpawnWaitingForAFillThatAsksForASlotStopsWaitingWhenItIsCancelledAndTakesNoSlot() throws Exception {
        Authority budget = Commanders.current();
        // a wait for fills far longer than this test's bound: only the cancel ends it in time
        WarmSpares spares = new WarmSpares(Domain.INTERNAL);
        spares.acquireWait(Duration.ofMinutes(10));
        ProcessSpec template = ProcessSpec.builder("cancel-spare").startTimeout(BOUND).build();
        int before = budget.running(Domain.INTERNAL);
        SlotCancel cancel = new SlotCancel(); // as a shutdownAll hands it to the spawn it ends
        CompletableFuture<Boolean> gave = new CompletableFuture<>();
        CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
        Thread keeper;
        try {
            synchronized (budget) { // the fill's slot request waits here, as a call to the parent would
                keeper = Thread.ofPlatform().name("spare-keeper").start(() -> spares.keep(template, List.of(), 1));
                until("the keeper's slot request waits for the commander", () -> blockedOn(keeper, budget));
                Thread giver = Thread.ofPlatform().name("spare-giver").start(() -> {
                    try {
                        gave.complete(spares.giveSlot(cancel)); // as a spawn that found the budget used up
                    } catch (Throwable e) {
                        gave.completeExceptionally(e);
                    } finally {
                        interruptedAfter.complete(Thread.currentThread().isInterrupted());
                    }
                });
                until("the spawn waits for the fill", () -> giver.getState() == Thread.State.TIMED_WAITING);

                cancel.cancel();

                assertThat(gave.get(BOUND.toSeconds(), TimeUnit.SECONDS)).as("a slot given to the cancelled spawn").isFalse();
                assertThat(interruptedAfter.get(BOUND.toSeconds(), TimeUnit.SECONDS)).as("the spawn's thread interrupted").isFalse();
                assertThat(blockedOn(keeper, budget)).as("the fill still waits for the commander").isTrue();
            }
            assertThat(keeper.join(BOUND)).isTrue();
        } finally {
            spares.shutdown(BOUND);
        }
        assertThat(budget.running(Domain.INTERNAL)).as("slots in use once the spares are shut down").isEqualTo(before);
    }
}
