package dev.suitkaise.process.internal;

import dev.suitkaise.testkit.Conditions;
import dev.suitkaise.process.CommanderConfig;
import dev.suitkaise.process.QuotaPolicy;
import dev.suitkaise.process.SKProcessException;
import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static dev.suitkaise.testkit.Conditions.blockedOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The slots a child JVM holds for the processes it spawned: once the child's end has freed them,
 * none is left taken, however the child's slot requests and its end (seen by two threads)
 * interleave; a request the child cancels ends its wait, and a slot granted to it is freed once,
 * by the parent or by the child, however the grant and the cancel interleave. Each test has a budget of its own; holding its monitor stops a slot call where the
 * test needs it.
 */
class HeldSlotsTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final Domain D = Domain.INTERNAL;

    private static Budget budget(int max) {
        return new Budget(CommanderConfig.builder().maxProcesses(max).policy(QuotaPolicy.WAIT).maxWait(BOUND).build());
    }

    private static void until(String what, java.util.function.BooleanSupplier condition) {
        Conditions.until(what, BOUND, condition);
    }

    @Test
    void aSecondEndOfTheChildReturnsOnlyOnceTheFirstHasFreedItsSlots() throws Exception {
        Budget budget = budget(4);
        HeldSlots slots = new HeldSlots();
        assertThat(slots.tryAcquire(budget, D, "grandchild")).isTrue();
        AtomicInteger runningWhenSecondReturned = new AtomicInteger(-1);
        Thread first;
        Thread second;
        synchronized (budget) {
            // the exit's callback sees the end first and is held where it frees the slot...
            first = Thread.ofPlatform().name("held-slots-first").start(() -> slots.close(budget, "child (first)"));
            until("the first end waits to free the slot", () -> blockedOn(first, budget));
            // ...while the thread that records the end sees it second: it must not go on before the slot is freed
            second = Thread.ofPlatform().name("held-slots-second").start(() -> {
                slots.close(budget, "child (second)");
                runningWhenSecondReturned.set(budget.running(D));
            });
            until("the second end waits or returns", () -> blockedOn(second, slots) || blockedOn(second, budget)
                    || second.getState() == Thread.State.TERMINATED);
            assertThat(blockedOn(second, slots)).as("the second end waits for the first to free the slot").isTrue();
        }
        first.join(BOUND.toMillis());
        second.join(BOUND.toMillis());
        assertThat(runningWhenSecondReturned).hasValue(0);
    }

    @Test
    void theEndOfTheChildEndsItsWaitForASlotSoNothingIsTakenOrWaitingAfterwards() {
        Budget budget = budget(1);
        assertThat(budget.tryAcquire(D, "sibling")).isTrue();
        HeldSlots slots = new HeldSlots();
        CompletableFuture<Void> asked = new CompletableFuture<>();
        Thread.ofPlatform().name("held-slots-acquire").start(() -> {
            try {
                slots.acquire(budget, D, "grandchild");
                asked.complete(null);
            } catch (Throwable e) {
                asked.completeExceptionally(e);
            }
        });
        until("the child's request waits for a slot", () -> budget.waiting(D) == 1);

        assertThat(slots.close(budget, "child")).isZero();

        assertThat(budget.waiting(D)).as("requests still waiting for the ended child").isZero();
        assertThat(asked).failsWithin(BOUND).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(SKProcessException.class).withMessageContaining("'grandchild'")
                .withMessageContaining("has ended");
        budget.release(D);
        assertThat(budget.running(D)).isZero();
    }

    @Test
    void aRequestOfAChildThatHasEndedTakesNoSlot() {
        Budget budget = budget(4);
        HeldSlots slots = new HeldSlots();
        slots.close(budget, "child");

        assertThatThrownBy(() -> slots.acquire(budget, D, "late")).isInstanceOf(SKProcessException.class)
                .hasMessageContaining("'late'").hasMessageContaining("has ended");
        assertThatThrownBy(() -> slots.tryAcquire(budget, D, "late")).isInstanceOf(SKProcessException.class)
                .hasMessageContaining("has ended");
        assertThat(budget.running(D)).isZero();
    }

    @Test
    void aSlotTheChildFreedItselfIsNotFreedAgainAtItsEnd() {
        Budget budget = budget(4);
        assertThat(budget.tryAcquire(D, "sibling")).isTrue();
        HeldSlots slots = new HeldSlots();
        slots.acquire(budget, D, "grandchild-a");
        assertThat(slots.tryAcquire(budget, D, "grandchild-b")).isTrue();
        assertThat(budget.running(D)).isEqualTo(3);

        slots.release(budget, D);
        assertThat(slots.close(budget, "child")).isOne();
        slots.release(budget, D); // a release that arrives after the end frees nothing

        assertThat(budget.running(D)).as("only the sibling's slot").isOne();
    }

    @Test
    void aReleaseThatFailsAfterTheCommanderCarriedItOutIsNotRepeatedByTheEnd() {
        Budget budget = budget(4);
        // a parent's commander whose answer to a release is lost after it freed the slot
        Authority answerLost = new Authority() {
            @Override public void acquire(Domain domain, String who, SlotCancel cancel) { budget.acquire(domain, who, cancel); }
            @Override public boolean tryAcquire(Domain domain, String who) { return budget.tryAcquire(domain, who); }
            @Override public void release(Domain domain) {
                budget.release(domain);
                throw new SKProcessException("the answer to the release was lost");
            }
            @Override public int maxProcesses() { return budget.maxProcesses(); }
            @Override public void setMaxProcesses(int max) { budget.setMaxProcesses(max); }
            @Override public int quota(Domain domain) { return budget.quota(domain); }
            @Override public void setQuota(Domain domain, int quota) { budget.setQuota(domain, quota); }
            @Override public int running(Domain domain) { return budget.running(domain); }
            @Override public int waiting(Domain domain) { return budget.waiting(domain); }
            @Override public Policy policyAndMaxWait() { return budget.policyAndMaxWait(); }
            @Override public void setPolicy(QuotaPolicy policy, Duration maxWait) { budget.setPolicy(policy, maxWait); }
            @Override public boolean remote() { return true; }
        };
        HeldSlots slots = new HeldSlots();
        assertThat(budget.tryAcquire(D, "bystander")).isTrue();
        assertThat(slots.tryAcquire(answerLost, D, "grandchild")).isTrue();

        assertThatThrownBy(() -> slots.release(answerLost, D)).isInstanceOf(SKProcessException.class);
        assertThat(budget.running(D)).as("the bystander's slot, after the grandchild's was freed").isEqualTo(1);

        assertThat(slots.close(answerLost, "the child")).as("slots freed again by the end").isZero();
        assertThat(budget.running(D)).as("the bystander's slot").isEqualTo(1);
    }

    /** Asks for a slot as the commander call with this id, on a thread of its own, which completes {@code asked}. */
    private static Thread ask(HeldSlots slots, Budget budget, long id, CompletableFuture<Void> asked) {
        slots.expect(id);
        return Thread.ofPlatform().name("held-slots-request-" + id).start(() -> {
            try {
                slots.acquire(budget, D, "grandchild", id);
                asked.complete(null);
            } catch (Throwable e) {
                asked.completeExceptionally(e);
            }
        });
    }

    private static void assertGivenUp(CompletableFuture<Void> asked) {
        assertThat(asked).failsWithin(BOUND).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause().isInstanceOf(SKProcessException.class).withMessageContaining("'grandchild'")
                .withMessageContaining("gave the request up");
    }

    @Test
    void aCancelEndsTheWaitOfTheRequestItNamesWhichTakesNoSlot() {
        Budget budget = budget(1);
        assertThat(budget.tryAcquire(D, "sibling")).isTrue();
        HeldSlots slots = new HeldSlots();
        CompletableFuture<Void> asked = new CompletableFuture<>();
        ask(slots, budget, 7, asked);
        until("the child's request waits for a slot", () -> budget.waiting(D) == 1);

        assertThat(slots.cancel(8)).as("a cancel of another request").isFalse();
        assertThat(slots.cancel(7)).isTrue();

        assertGivenUp(asked);
        assertThat(budget.waiting(D)).isZero();
        budget.release(D);
        assertThat(budget.running(D)).isZero();
        assertThat(slots.close(budget, "child")).isZero();
    }

    @Test
    void aSlotGrantedAsItsRequestIsCancelledIsFreedByTheParentAlone() {
        Budget budget = budget(1);
        assertThat(budget.tryAcquire(D, "sibling")).isTrue();
        HeldSlots slots = new HeldSlots();
        CompletableFuture<Void> asked = new CompletableFuture<>();
        Thread asker = ask(slots, budget, 7, asked);
        until("the child's request waits for a slot", () -> budget.waiting(D) == 1);
        synchronized (slots) {
            budget.release(D); // the sibling's slot frees and goes to the request, whose answer then waits here
            until("the slot is granted and the answer waits", () -> budget.running(D) == 1 && blockedOn(asker, slots));
            assertThat(slots.cancel(7)).as("cancelled before its answer").isTrue();
        }

        assertGivenUp(asked);
        assertThat(budget.running(D)).as("freed by the parent, once").isZero();
        assertThat(slots.close(budget, "child")).as("held for the child").isZero();
        assertThat(budget.running(D)).isZero();
    }

    @Test
    void theSlotGrantedAsItsRequestIsCancelledIsFreedWithoutTheCancelsInterrupt() {
        // in a middle JVM release is a call to its own parent, which an interrupt would make fail
        Budget budget = budget(1);
        List<Boolean> releasedInterrupted = new CopyOnWriteArrayList<>();
        Authority recording = new ForwardingAuthority(budget) {
            @Override
            public void release(Domain domain) {
                releasedInterrupted.add(Thread.currentThread().isInterrupted());
                super.release(domain);
            }
        };
        assertThat(budget.tryAcquire(D, "sibling")).isTrue();
        HeldSlots slots = new HeldSlots();
        slots.expect(7);
        CompletableFuture<Void> asked = new CompletableFuture<>();
        Thread asker = Thread.ofPlatform().name("held-slots-request-7").start(() -> {
            try {
                slots.acquire(recording, D, "grandchild", 7);
                asked.complete(null);
            } catch (Throwable e) {
                asked.completeExceptionally(e);
            }
        });
        until("the child's request waits for a slot", () -> budget.waiting(D) == 1);
        synchronized (slots) {
            budget.release(D);
            until("the slot is granted and the answer waits", () -> budget.running(D) == 1 && blockedOn(asker, slots));
            assertThat(slots.cancel(7)).as("cancelled before its answer").isTrue();
        }

        assertGivenUp(asked);
        assertThat(releasedInterrupted).as("whether the freeing thread was interrupted, per release").containsExactly(false);
        assertThat(budget.running(D)).isZero();
    }

    @Test
    void aCancelAfterTheAnswerLeavesTheGrantedSlotToTheChildToGiveBack() {
        Budget budget = budget(4);
        HeldSlots slots = new HeldSlots();
        slots.expect(7);
        slots.acquire(budget, D, "grandchild", 7);

        assertThat(slots.cancel(7)).as("cancelled after its answer").isFalse();
        assertThat(budget.running(D)).isOne();
        slots.release(budget, D); // the child's release of the slot granted after it gave up
        assertThat(budget.running(D)).isZero();
        assertThat(slots.close(budget, "child")).isZero();
    }

    @Test
    void aRequestCancelledBeforeItsWaitBeganTakesNoSlot() {
        Budget budget = budget(4);
        HeldSlots slots = new HeldSlots();
        slots.expect(7);

        assertThat(slots.cancel(7)).isTrue();

        assertThatThrownBy(() -> slots.acquire(budget, D, "grandchild", 7)).isInstanceOf(SKProcessException.class)
                .hasMessageContaining("gave the request up");
        assertThat(budget.running(D)).isZero();
        assertThat(slots.cancel(7)).as("forgotten once answered").isFalse();
    }

    @Test
    void aSlotRequestWaitsForTheCommandersLongestWaitPlusTheMarginUnderWaitAndForTheMarginOtherwise() {
        long margin = TimeUnit.SECONDS.toNanos(60);
        assertThat(RemoteAuthority.acquireTimeoutNanos(QuotaPolicy.WAIT, 300_000, margin))
                .isEqualTo(TimeUnit.SECONDS.toNanos(300) + margin);
        assertThat(RemoteAuthority.acquireTimeoutNanos(QuotaPolicy.FAIL, 300_000, margin)).isEqualTo(margin);
        assertThat(RemoteAuthority.acquireTimeoutNanos(QuotaPolicy.WAIT, Long.MAX_VALUE / 1_000, margin)).isEqualTo(Long.MAX_VALUE);
    }
}
