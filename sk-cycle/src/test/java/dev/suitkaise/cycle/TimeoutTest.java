package dev.suitkaise.cycle;

import dev.suitkaise.testkit.GrowingTimeout;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class TimeoutTest {

    /**
     * A part named "stubborn" with the given timeout that ignores interrupts: it counts {@code started} down
     * first, returns only once {@code release} opens, and counts {@code ended} down when it ends.
     */
    static CyclePart stubborn(Duration timeout, CountDownLatch started, CountDownLatch release, CountDownLatch ended) {
        return CyclePart.builder("stubborn", () -> {
            try {
                started.countDown();
                while (true) {
                    try {
                        release.await();
                        return "released";
                    } catch (InterruptedException ignored) {
                        // this part ignores interrupts on purpose
                    }
                }
            } finally {
                ended.countDown();
            }
        }).timeout(timeout).build();
    }

    // Each scenario repeats with a doubled timeout while its part did not start within it (see GrowingTimeout):
    // the clock starts at hand-off to the pool, and a loaded machine may leave the part waiting for a thread.

    @Test
    void aPartPastItsTimeoutIsInterruptedAndReportedTimedOut() throws Exception {
        GrowingTimeout.untilStarted(timeout -> {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            AtomicBoolean interrupted = new AtomicBoolean();
            CyclePart slow = CyclePart.builder("slow", () -> {
                started.countDown();
                try {
                    return never.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                    throw e;
                }
            }).timeout(timeout).build();
            CyclePart child = CyclePart.of("child", () -> "child");
            // a generous grace: the part stops when interrupted, so it is never abandoned even on a loaded machine
            try (Cycle cycle = Cycle.builder("timeout").abandonAfter(Duration.ofSeconds(30)).add(slow, 1).add(child, 2)
                    .build()) {
                CycleRun run = cycle.runOnce();
                if (started.getCount() == 1) {
                    return false;
                }
                assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.ERROR);
                assertThat(run.part("slow").outcome()).isEqualTo(PartOutcome.TIMED_OUT);
                assertThat(run.part("slow").error()).isInstanceOf(CycleTimeoutException.class)
                        .hasMessageContaining("it was interrupted");
                assertThat(run.part("slow").abandoned()).isFalse();
                assertThat(run.part("child").outcome()).isEqualTo(PartOutcome.NOT_RUN);
                assertThat(interrupted).isTrue();
                return true;
            }
        });
    }

    @Test
    void retryStopsWhenTheTimeoutLeavesNoTimeForAnotherAttempt() throws Exception {
        GrowingTimeout.untilStarted(timeout -> {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            CyclePart slow = CyclePart.builder("slow", () -> {
                started.countDown();
                return never.await(30, TimeUnit.SECONDS);
            }).timeout(timeout).errorMode(ErrorMode.retry(10, ErrorMode.fallbackSkip("late"))).build();
            try (Cycle cycle = Cycle.builder("retry-timeout").add(slow, 1).build()) {
                CycleRun run = cycle.runOnce();
                if (started.getCount() == 1) {
                    return false;
                }
                assertThat(run.part("slow").attempts()).as(run.report()).isEqualTo(1);
                assertThat(run.part("slow").outcome()).isEqualTo(PartOutcome.FALLBACK);
                assertThat(run.part("slow").output()).isEqualTo("late");
                assertThat(run.part("slow").error()).isInstanceOf(CycleTimeoutException.class);
                assertThat(run.status()).isEqualTo(RunStatus.OK);
                return true;
            }
        });
    }

    @Test
    void aPartThatIgnoresTheInterruptIsReportedAndAbandoned() throws Exception {
        GrowingTimeout.untilStarted(timeout -> {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch stubbornEnded = new CountDownLatch(1);
            CyclePart stubborn = stubborn(timeout, started, release, stubbornEnded);
            CyclePart other = CyclePart.of("other", () -> "other");
            try (Cycle cycle = Cycle.builder("abandon").abandonAfter(Duration.ofMillis(100))
                    .add(CyclePart.of("root", () -> 0), 1)
                    .split(java.util.List.of(stubborn, other), 2).build()) {
                CycleRun run = cycle.runOnce();
                if (started.getCount() == 1) {
                    return false;
                }
                assertThat(run.part("stubborn").outcome()).as(run.report()).isEqualTo(PartOutcome.TIMED_OUT);
                assertThat(run.part("stubborn").abandoned()).isTrue();
                assertThat(run.part("stubborn").error()).hasMessageContaining("ignored the interrupt; it was abandoned");
                assertThat(run.part("other").outcome()).isEqualTo(PartOutcome.SUCCEEDED);
                assertThat(run.report()).contains("(abandoned)");
                assertThat(stubbornEnded.getCount()).isEqualTo(1);
                return true;
            } finally {
                release.countDown();
            }
        });
    }

    @Test
    void aRunLimitCancelsTheRun() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        CyclePart slow = CyclePart.of("slow", () -> never.await(30, TimeUnit.SECONDS));
        CyclePart child = CyclePart.of("child", () -> "child");
        try (Cycle cycle = Cycle.builder("run-limit").add(slow, 1).add(child, 2).build()) {
            CycleRun run = cycle.runOnce(Duration.ofMillis(100));
            assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(run.part("slow").outcome()).isEqualTo(PartOutcome.CANCELLED);
            assertThat(run.part("child").outcome()).isEqualTo(PartOutcome.NOT_RUN);
        }
    }

    @Test
    void anInterruptedCallerCancelsTheRunAndKeepsItsInterruptFlag() {
        CountDownLatch never = new CountDownLatch(1);
        CyclePart slow = CyclePart.of("slow", () -> never.await(30, TimeUnit.SECONDS));
        CyclePart child = CyclePart.of("child", () -> "child");
        try (Cycle cycle = Cycle.builder("interrupted-caller").add(slow, 1).add(child, 2).build()) {
            Thread.currentThread().interrupt();
            CycleRun run = cycle.runOnce();
            assertThat(Thread.interrupted()).isTrue();
            assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(run.part("slow").outcome()).isEqualTo(PartOutcome.CANCELLED);
            assertThat(run.part("slow").error()).hasMessageContaining("the caller's thread was interrupted");
            assertThat(run.part("child").outcome()).isEqualTo(PartOutcome.NOT_RUN);
        }
    }

    @Test
    void aHugeTimeoutMeansPracticallyNoTimeoutAndTheRunEndsNormally() {
        CyclePart busy = CyclePart.of("busy", () -> "busy");
        CyclePart forever = CyclePart.builder("forever", () -> "forever").timeout(Duration.ofMillis(Long.MAX_VALUE))
                .errorMode(ErrorMode.retry(3, ErrorMode.cleanFail())).build();
        try (Cycle cycle = Cycle.builder("huge-timeout").add(CyclePart.of("root", () -> 0), 1)
                .split(java.util.List.of(busy, forever), 2).build()) {
            CycleRun run = cycle.runOnce(Duration.ofSeconds(Long.MAX_VALUE));
            assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.OK);
            assertThat(run.output("forever", String.class)).isEqualTo("forever");
            assertThat(run.output("busy", String.class)).isEqualTo("busy");
        }
    }

    @Test
    void aHugeAbandonGraceStillLetsACancelledPartThatStopsEndTheRun() {
        CountDownLatch slowStarted = new CountDownLatch(1);
        CyclePart slow = CyclePart.of("slow", () -> {
            slowStarted.countDown();
            return new CountDownLatch(1).await(30, TimeUnit.SECONDS);
        });
        CyclePart bad = CyclePart.builder("bad", () -> {
            slowStarted.await(10, TimeUnit.SECONDS);
            throw new IllegalStateException("bad broke");
        }).errorMode(ErrorMode.instantFail()).build();
        try (Cycle cycle = Cycle.builder("huge-grace").abandonAfter(Duration.ofSeconds(Long.MAX_VALUE))
                .add(CyclePart.of("root", () -> 0), 1).split(java.util.List.of(slow, bad), 2).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.ERROR);
            assertThat(run.part("slow").outcome()).isEqualTo(PartOutcome.CANCELLED);
            assertThat(run.part("slow").abandoned()).isFalse();
        }
    }
}
