package dev.suitkaise.cycle;

import dev.suitkaise.testkit.GrowingTimeout;
import dev.suitkaise.thread.SKThreader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cycle added into another does not bring its threader or abandon grace: the parts it brings run on the new
 * cycle's threader and are abandoned after the new cycle's grace.
 */
class SubCycleThreaderAndGraceTest {

    private static final Duration BOUND = Duration.ofSeconds(30);
    /** The name of the threader that started the current thread, set on each thread by the threader's initializer. */
    private static final ThreadLocal<String> STARTED_BY = new ThreadLocal<>();

    /** A threader that marks every thread it starts with its own name. */
    private static SKThreader marking(String name) {
        SKThreader threader = SKThreader.builder().name(name).build();
        threader.onThreadStart("mark-" + name, 0, () -> {
            STARTED_BY.set(name);
            return null;
        });
        return threader;
    }

    /** A part whose output names the threader that started the thread it ran on. */
    private static CyclePart reportingThreader(String name) {
        return CyclePart.of(name, () -> String.valueOf(STARTED_BY.get()));
    }

    @Test
    void thePartsOfAnAddedCycleRunOnTheNewCyclesThreaderAndItsOwnStartsNoThread() throws InterruptedException {
        SKThreader innerThreader = marking("inner-threader");
        SKThreader outerThreader = marking("outer-threader");
        List<String> innerParts = List.of("inner-head", "inner-a", "inner-b");
        try (Cycle inner = Cycle.builder("threaded-inner").threader(innerThreader).add(reportingThreader("inner-head"), 1)
                     .split(List.of(reportingThreader("inner-a"), reportingThreader("inner-b")), 2).build();
             Cycle outer = Cycle.builder("threaded-outer").threader(outerThreader).add(reportingThreader("outer-root"), 1)
                     .add(inner, 2).build()) {
            CycleRun once = outer.runOnce();
            assertThat(once.status()).as(once.report()).isEqualTo(RunStatus.OK);
            for (String part : innerParts) {
                assertThat(once.output(part, String.class)).as("threader of %s in runOnce", part).isEqualTo("outer-threader");
            }
            assertThat(once.output("outer-root", String.class)).isEqualTo("outer-threader");

            try (CycleHandle handle = outer.start()) {
                assertThat(handle.awaitRuns(2, BOUND)).isTrue();
                assertThat(handle.stop(BOUND)).isTrue();
                CycleRun looped = handle.lastRun().orElseThrow();
                assertThat(looped.status()).as(looped.report()).isEqualTo(RunStatus.OK);
                for (String part : innerParts) {
                    assertThat(looped.output(part, String.class)).as("threader of %s in a continuous run", part)
                            .isEqualTo("outer-threader");
                }
            }
            assertThat(innerThreader.threads()).as("threads of the added cycle's own threader").isEmpty();

            // the marks tell the threaders apart: run alone, the inner cycle uses its own
            CycleRun alone = inner.runOnce();
            assertThat(alone.output("inner-a", String.class)).isEqualTo("inner-threader");
        } finally {
            innerThreader.shutdown(Duration.ofSeconds(5));
            outerThreader.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void aPartOfAnAddedCycleThatIgnoresItsInterruptIsAbandonedAfterTheNewCyclesGraceNotItsOwn() throws Exception {
        // repeated with a doubled timeout while the part did not start within it (its clock starts at hand-off)
        GrowingTimeout.untilStarted(timeout -> {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch stubbornEnded = new CountDownLatch(1);
            CyclePart stubborn = TimeoutTest.stubborn(timeout, started, release, stubbornEnded);
            // the added cycle's own grace is a day: were it brought, the run would wait for the part until released
            try (Cycle inner = Cycle.builder("patient-inner").abandonAfter(Duration.ofDays(1))
                         .add(CyclePart.of("head", () -> 0), 1)
                         .split(List.of(stubborn, CyclePart.of("other", () -> "other")), 2).build();
                 Cycle outer = Cycle.builder("impatient-outer").abandonAfter(Duration.ofMillis(100))
                         .add(CyclePart.of("root", () -> 0), 1).add(inner, 2).build()) {
                CompletableFuture<CycleRun> running = new CompletableFuture<>();
                Thread caller = Thread.ofPlatform().name("impatient-outer-caller").start(() -> {
                    try {
                        running.complete(outer.runOnce());
                    } catch (Throwable t) {
                        running.completeExceptionally(t);
                    }
                });
                CycleRun run;
                boolean partRanOnWhenTheRunEnded;
                boolean partStartedByTheEnd;
                try {
                    try {
                        run = running.get(BOUND.toSeconds(), TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        throw new AssertionError("the run did not end within " + BOUND + " while the part ignored its"
                                + " interrupt: it waits for the part as if the added cycle's grace of a day applied", e);
                    }
                    partStartedByTheEnd = started.getCount() == 0;
                    partRanOnWhenTheRunEnded = stubbornEnded.getCount() == 1;
                } finally {
                    release.countDown();
                    caller.join(BOUND.toMillis());
                }
                if (!partStartedByTheEnd) {
                    return false;
                }

                assertThat(run.part("stubborn").outcome()).as(run.report()).isEqualTo(PartOutcome.TIMED_OUT);
                assertThat(run.part("stubborn").abandoned()).isTrue();
                assertThat(run.part("stubborn").error()).hasMessageContaining("ignored the interrupt; it was abandoned");
                assertThat(run.part("other").outcome()).isEqualTo(PartOutcome.SUCCEEDED);
                assertThat(partRanOnWhenTheRunEnded).as("the run ended while the part still ran").isTrue();
                assertThat(stubbornEnded.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("the released part ended").isTrue();
                return true;
            }
        });
    }
}
