package dev.suitkaise.process.internal;

import dev.suitkaise.process.CommanderConfig;
import dev.suitkaise.process.QuotaPolicy;
import dev.suitkaise.process.SKProcessException;
import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.Test;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The slots a child JVM holds for the processes it spawned: once the child's end has freed them,
 * none is left taken, however the child's slot requests and its end (seen by two threads)
 * interleave. Each test has a budget of its own; holding its monitor stops a slot call where the
 * test needs it.
 */
class HeldSlotsTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final Domain D = Domain.INTERNAL;

    private static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Not reached within " + BOUND + ": " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** Whether the thread is blocked entering the monitor of {@code monitor} (and not of another object). */
    private static boolean blockedOn(Thread thread, Object monitor) {
        ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(thread.threadId());
        LockInfo lock = info == null || info.getThreadState() != Thread.State.BLOCKED ? null : info.getLockInfo();
        return lock != null && lock.getIdentityHashCode() == System.identityHashCode(monitor)
                && lock.getClassName().equals(monitor.getClass().getName());
    }

    private static Budget budget(int max) {
        return new Budget(CommanderConfig.builder().maxProcesses(max).policy(QuotaPolicy.WAIT).maxWait(BOUND).build());
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
}
