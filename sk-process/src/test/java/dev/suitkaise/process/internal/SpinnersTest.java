package dev.suitkaise.process.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JVM's polling slots: never more pollers than processors, and every slot comes back; and the
 * spin window, from its system property.
 */
class SpinnersTest {

    @Test
    void manyThreadsNeverHoldMoreSlotsThanThereAreProcessorsAndAllComeBack() throws Exception {
        int max = Math.max(1, Runtime.getRuntime().availableProcessors());
        int threads = 16;
        int rounds = 20_000;
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        AtomicInteger entered = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < rounds; i++) {
                    if (Spinners.tryEnter()) {
                        entered.incrementAndGet();
                        int now = holding.incrementAndGet();
                        mostHeld.accumulateAndGet(now, Math::max);
                        Thread.onSpinWait();
                        holding.decrementAndGet();
                        Spinners.exit();
                    }
                }
            }));
        }
        start.countDown();
        for (Thread t : all) {
            t.join();
        }

        assertThat(mostHeld.get()).isBetween(1, max);
        assertThat(entered.get()).isPositive();
        assertThat(Spinners.polling()).isZero();
    }

    @Test
    void watchBrieflyReportsWhetherItsConditionHoldsAndGivesItsSlotBack() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean flag = new java.util.concurrent.atomic.AtomicBoolean();
        assertThat(dev.suitkaise.process.SKProcessManager.watchBriefly(java.time.Duration.ZERO, flag::get)).isFalse();
        assertThat(dev.suitkaise.process.SKProcessManager.watchBriefly(java.time.Duration.ofSeconds(1), flag::get)).isFalse();

        Thread setter = Thread.ofPlatform().start(() -> flag.set(true));
        setter.join();
        assertThat(dev.suitkaise.process.SKProcessManager.watchBriefly(java.time.Duration.ofSeconds(1), flag::get)).isTrue();
        assertThat(Spinners.polling()).isZero();
    }

    @Test
    void aSlotIsRefusedWhileAllAreHeldAndGivenOnceOneIsBack() {
        int max = Math.max(1, Runtime.getRuntime().availableProcessors());
        int taken = 0;
        try {
            while (Spinners.tryEnter()) {
                taken++;
            }
            assertThat(taken).isEqualTo(max);
            assertThat(Spinners.tryEnter()).isFalse();

            Spinners.exit();
            taken--;
            assertThat(Spinners.tryEnter()).isTrue();
            taken++;
        } finally {
            for (int i = 0; i < taken; i++) {
                Spinners.exit();
            }
        }
        assertThat(Spinners.polling()).isZero();
    }

    @Test
    void theSpinWindowComesFromTheSystemPropertyAndABadValueTurnsPollingOff() {
        assertThat(Spinners.spinNanos(null, 2)).isEqualTo(TimeUnit.MICROSECONDS.toNanos(Spinners.DEFAULT_SPIN_MICROS));
        assertThat(Spinners.spinNanos(" 200 ", 8)).isEqualTo(200_000);
        assertThat(Spinners.spinNanos("0", 2)).isZero();
        assertThat(Spinners.spinNanos("200", 1)).as("one processor never polls").isZero();
        assertThat(Spinners.spinNanos("-1", 2)).isZero();
        assertThat(Spinners.spinNanos("fast", 2)).isZero();
        assertThat(Spinners.spinNanos(String.valueOf(Spinners.MAX_SPIN_MICROS + 1), 2)).isZero();
        assertThat(Spinners.spinNanos(String.valueOf(Spinners.MAX_SPIN_MICROS), 2)).isEqualTo(1_000_000_000L);
    }

    @Test
    void theSpinWindowOfThisJvmIsTheOneThePublicApiReports() {
        long expected = Spinners.spinNanos(System.getProperty(Spinners.SPIN_PROPERTY), Runtime.getRuntime().availableProcessors());

        assertThat(Spinners.SPIN_NANOS).isEqualTo(expected);
        assertThat(dev.suitkaise.process.SKProcessManager.spinWindow()).isEqualTo(Duration.ofNanos(expected));
    }
}
