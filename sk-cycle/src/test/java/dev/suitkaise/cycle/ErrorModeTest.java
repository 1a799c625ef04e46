package dev.suitkaise.cycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorModeTest {

    private static CyclePart failing(String name, ErrorMode mode) {
        return CyclePart.builder(name, () -> {
            throw new IllegalStateException(name + " broke");
        }).errorMode(mode).build();
    }

    /** Root, then a split into the failing part and an independent one, each with a child. */
    private static CycleRun runWith(CyclePart bad) {
        CyclePart root = CyclePart.of("root", () -> "root");
        CyclePart good = CyclePart.of("good", () -> "good");
        CyclePart badChild = CyclePart.of("badChild", () -> CycleContext.current().parentResult().orElse("none"));
        CyclePart goodChild = CyclePart.of("goodChild", () -> "goodChild");
        CyclePart later = CyclePart.of("later", () -> "later");
        try (Cycle cycle = Cycle.builder("modes-" + bad.name()).add(root, 1).split(List.of(bad, good), 2)
                .add(badChild, 4, 1).add(goodChild, 4, 2).add(later, 5, 1).after(later, goodChild).build()) {
            return cycle.runOnce();
        }
    }

    @Test
    void cleanFailStopsOnlyTheDependentsAndPutsTheRunInError() {
        CycleRun run = runWith(failing("bad", ErrorMode.cleanFail()));
        assertThat(run.status()).isEqualTo(RunStatus.ERROR);
        assertThat(run.part("bad").outcome()).isEqualTo(PartOutcome.FAILED);
        assertThat(run.part("bad").error()).isInstanceOf(IllegalStateException.class).hasMessage("bad broke");
        assertThat(run.part("badChild").outcome()).isEqualTo(PartOutcome.NOT_RUN);
        assertThat(run.part("later").outcome()).isEqualTo(PartOutcome.NOT_RUN);
        assertThat(run.part("good").outcome()).isEqualTo(PartOutcome.SUCCEEDED);
        assertThat(run.part("goodChild").outcome()).isEqualTo(PartOutcome.SUCCEEDED);
    }

    @Test
    void skipStopsTheDependentsWithoutPuttingTheRunInError() {
        CycleRun run = runWith(failing("bad", ErrorMode.skip()));
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.part("bad").outcome()).isEqualTo(PartOutcome.SKIPPED);
        assertThat(run.part("bad").error()).hasMessage("bad broke");
        assertThat(run.part("badChild").outcome()).isEqualTo(PartOutcome.NOT_RUN);
        assertThat(run.part("goodChild").outcome()).isEqualTo(PartOutcome.SUCCEEDED);
    }

    @Test
    void fallbackFailGivesTheValueToDependentsAndPutsTheRunInError() {
        CycleRun run = runWith(failing("bad", ErrorMode.fallbackFail("spare")));
        assertThat(run.status()).isEqualTo(RunStatus.ERROR);
        assertThat(run.part("bad").outcome()).isEqualTo(PartOutcome.FALLBACK);
        assertThat(run.part("bad").output()).isEqualTo("spare");
        assertThat(run.output("badChild", String.class)).isEqualTo("spare");
    }

    @Test
    void fallbackSkipGivesTheValueToDependentsWithoutPuttingTheRunInError() {
        CycleRun run = runWith(failing("bad", ErrorMode.fallbackSkip("spare")));
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.part("bad").outcome()).isEqualTo(PartOutcome.FALLBACK);
        assertThat(run.output("badChild", String.class)).isEqualTo("spare");
        assertThat(run.part("later").outcome()).isEqualTo(PartOutcome.SUCCEEDED);
    }

    @Test
    void propagateMakesTheErrorThePartsResultAndDependentsRun() {
        CycleRun run = runWith(failing("bad", ErrorMode.propagate()));
        assertThat(run.status()).isEqualTo(RunStatus.ERROR);
        assertThat(run.part("bad").outcome()).isEqualTo(PartOutcome.FAILED);
        assertThat(run.part("bad").output()).isInstanceOf(IllegalStateException.class);
        assertThat(run.part("badChild").outcome()).isEqualTo(PartOutcome.SUCCEEDED);
        assertThat(run.part("badChild").output()).isSameAs(run.part("bad").output());
    }

    @Test
    void retryRunsThePartAgainWithinItsTimeoutUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        CyclePart flaky = CyclePart.builder("bad", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            return "third time";
        }).errorMode(ErrorMode.retry(5, ErrorMode.cleanFail())).timeout(Duration.ofSeconds(30)).build();
        CycleRun run = runWith(flaky);
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.part("bad").outcome()).isEqualTo(PartOutcome.SUCCEEDED);
        assertThat(run.part("bad").attempts()).isEqualTo(3);
        assertThat(run.output("badChild", String.class)).isEqualTo("third time");
    }

    @Test
    void retryWithBackoffWaitsLongerBeforeEachAttempt() {
        List<Long> starts = new java.util.concurrent.CopyOnWriteArrayList<>();
        CyclePart flaky = CyclePart.builder("bad", () -> {
            starts.add(System.nanoTime());
            if (starts.size() < 3) {
                throw new IllegalStateException("not yet");
            }
            return "third time";
        }).errorMode(ErrorMode.retry(5, Duration.ofMillis(40), ErrorMode.cleanFail())).timeout(Duration.ofSeconds(30)).build();
        CycleRun run = runWith(flaky);

        assertThat(run.part("bad").outcome()).isEqualTo(PartOutcome.SUCCEEDED);
        assertThat(run.part("bad").attempts()).isEqualTo(3);
        // lower bounds only: the backoff is the least time between attempts
        assertThat(starts.get(1) - starts.get(0)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
        assertThat(starts.get(2) - starts.get(1)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(80));
    }

    @Test
    void theBackoffDoublesBeforeEachFurtherAttempt() {
        ErrorMode.Retry retry = (ErrorMode.Retry) ErrorMode.retry(5, Duration.ofMillis(40), ErrorMode.skip());
        assertThat(retry.waitBefore(1)).isEqualTo(Duration.ZERO);
        assertThat(retry.waitBefore(2)).isEqualTo(Duration.ofMillis(40));
        assertThat(retry.waitBefore(3)).isEqualTo(Duration.ofMillis(80));
        assertThat(retry.waitBefore(4)).isEqualTo(Duration.ofMillis(160));
        assertThat(retry.waitBefore(5)).isEqualTo(Duration.ofMillis(320));
    }

    @Test
    void aRetryNeedsTimeLeftAtLeastAsLongAsTheLongestAttemptSoFar() {
        // attempt 1 takes 6 s of the 10 s timeout (whose clock starts at hand-off to the pool): the 4 s or less
        // left cannot hold another attempt as long, and a machine that stalls the part for up to 4 s changes nothing
        long attemptNanos = TimeUnit.SECONDS.toNanos(6);
        AtomicInteger calls = new AtomicInteger();
        CyclePart bad = CyclePart.builder("bad", () -> {
            int call = calls.incrementAndGet();
            long begin = System.nanoTime();
            long left;
            while ((left = attemptNanos - (System.nanoTime() - begin)) > 0) {
                LockSupport.parkNanos(left); // the attempt's own length is the rule under test
                if (Thread.interrupted()) {
                    throw new InterruptedException("attempt " + call + " interrupted");
                }
            }
            throw new IllegalStateException("attempt " + call);
        }).errorMode(ErrorMode.retry(5, ErrorMode.cleanFail())).timeout(Duration.ofSeconds(10)).build();
        CycleRun run = runWith(bad);

        assertThat(run.part("bad").outcome()).isEqualTo(PartOutcome.FAILED);
        assertThat(run.part("bad").attempts()).isEqualTo(1);
        assertThat(run.part("bad").error()).isInstanceOf(IllegalStateException.class).hasMessage("attempt 1");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aBackoffTheTimeoutCannotHoldEndsTheRetriesAtOnce() {
        AtomicInteger calls = new AtomicInteger();
        CyclePart bad = CyclePart.builder("bad", () -> {
            throw new IllegalStateException("attempt " + calls.incrementAndGet());
        }).errorMode(ErrorMode.retry(5, Duration.ofMinutes(10), ErrorMode.skip())).timeout(Duration.ofSeconds(5)).build();
        CycleRun run = runWith(bad);

        assertThat(run.part("bad").outcome()).isEqualTo(PartOutcome.SKIPPED);
        assertThat(run.part("bad").attempts()).isEqualTo(1);
        // the final mode got the body's own failure, not the part's timeout running out during the backoff
        assertThat(run.part("bad").error()).isInstanceOf(IllegalStateException.class).hasMessage("attempt 1");
        assertThat(calls).hasValue(1);
        assertThat(ErrorMode.retry(5, Duration.ofDays(365 * 100), ErrorMode.skip()) instanceof ErrorMode.Retry r
                && r.waitBefore(40).equals(Duration.ofDays(10_000))).as("saturates").isTrue();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ErrorMode.retry(2, Duration.ofMillis(-1), ErrorMode.skip())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backoff");
    }

    @Test
    void retryAppliesItsFinalModeWhenTheAttemptsRunOut() {
        AtomicInteger calls = new AtomicInteger();
        CyclePart bad = CyclePart.builder("bad", () -> {
            throw new IllegalStateException("attempt " + calls.incrementAndGet());
        }).errorMode(ErrorMode.retry(3, ErrorMode.skip())).build();
        CycleRun run = runWith(bad);
        assertThat(run.status()).isEqualTo(RunStatus.OK);
        assertThat(run.part("bad").outcome()).isEqualTo(PartOutcome.SKIPPED);
        assertThat(run.part("bad").attempts()).isEqualTo(3);
        assertThat(run.part("bad").error()).hasMessage("attempt 3");
    }

    @Test
    void instantFailCancelsRunningPartsAndStopsWaitingOnes() {
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean slowInterrupted = new AtomicBoolean();
        CyclePart root = CyclePart.of("root", () -> "root");
        CyclePart slow = CyclePart.of("slow", () -> {
            slowStarted.countDown();
            try {
                return never.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                slowInterrupted.set(true);
                throw e;
            }
        });
        CyclePart bad = CyclePart.builder("bad", () -> {
            if (!slowStarted.await(10, TimeUnit.SECONDS)) {
                return "slow never started";
            }
            throw new IllegalStateException("bad broke");
        }).errorMode(ErrorMode.instantFail()).build();
        CyclePart slowChild = CyclePart.of("slowChild", () -> "slowChild");
        try (Cycle cycle = Cycle.builder("instant").add(root, 1).split(List.of(slow, bad), 2)
                .add(slowChild, 4, 1).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).isEqualTo(RunStatus.ERROR);
            assertThat(run.part("bad").outcome()).isEqualTo(PartOutcome.FAILED);
            assertThat(run.part("slow").outcome()).isEqualTo(PartOutcome.CANCELLED);
            assertThat(run.part("slow").error()).hasMessageContaining("failed under instant fail");
            assertThat(run.part("slow").abandoned()).isFalse();
            assertThat(run.part("slowChild").outcome()).isEqualTo(PartOutcome.NOT_RUN);
            assertThat(slowInterrupted).isTrue();
        }
    }
}
