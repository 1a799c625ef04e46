package dev.suitkaise.cycle;

import dev.suitkaise.process.ProcessSpec;
import dev.suitkaise.process.SKProcess;
import dev.suitkaise.process.SKProcessCrashedException;
import dev.suitkaise.process.SKProcessManager;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.testkit.Conditions;
import dev.suitkaise.testkit.GrowingTimeout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Parts placed in managed child JVMs run there through sk-process, with their context and the shared store. */
@ExtendWith(NoOrphans.class)
class ChildProcessPlacementTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    /** Long enough that a part which stops when interrupted is never reported abandoned on a loaded machine. */
    private static final Duration GENEROUS_GRACE = Duration.ofSeconds(30);
    private static final long PARENT = ProcessHandle.current().pid();
    private static SKProcess childA;
    private static SKProcess childB;

    @BeforeAll
    static void spawnTwoChildren() throws Exception {
        CompletableFuture<SKProcess> a = CompletableFuture.supplyAsync(
                () -> SKProcessManager.of(Domain.INTERNAL).spawn("cycle-child-a"));
        CompletableFuture<SKProcess> b = CompletableFuture.supplyAsync(
                () -> SKProcessManager.of(Domain.EXTERNAL).spawn("cycle-child-b"));
        childA = a.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        childB = b.get(BOUND.toSeconds(), TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopChildren() {
        childA.stop(Duration.ofSeconds(5));
        childB.stop(Duration.ofSeconds(5));
    }

    private static long pid() {
        return ProcessHandle.current().pid();
    }

    @Test
    void partsInTwoChildProcessesRunThereInOneRunWithTheirContext() {
        CyclePart root = CyclePart.of("root", () -> "root@" + pid());
        CyclePart a = CyclePart.builder("a", () -> {
            CycleContext ctx = CycleContext.current();
            return List.of(pid(), ctx.parentResult().orElseThrow(), ctx.runId(), ctx.iteration(), ctx.address().toString());
        }).where(Where.process("cycle-child-a")).build();
        CyclePart b = CyclePart.builder("b", () -> List.of(pid(), CycleContext.current().result(1, 1).orElseThrow(),
                CycleContext.current().runId())).where(Where.process(Domain.EXTERNAL, "cycle-child-b")).build();
        CyclePart join = CyclePart.of("join", () -> CycleContext.current().runId());
        try (Cycle cycle = Cycle.builder("two-children").add(root, 1).split(List.of(a, b), 2).add(join, 4, 1)
                .after(join, b).build()) {
            cycle.runOnce();
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.OK);
            List<?> seenA = run.output("a", List.class);
            List<?> seenB = run.output("b", List.class);
            assertThat(seenA.get(0)).isEqualTo(childA.pid());
            assertThat(seenB.get(0)).isEqualTo(childB.pid());
            assertThat(Set.of(PARENT, childA.pid(), childB.pid())).hasSize(3);
            assertThat(seenA.subList(1, 5)).isEqualTo(List.of("root@" + PARENT, run.output("join", String.class), 2L, "3-1"));
            assertThat(seenB.subList(1, 3)).isEqualTo(List.of("root@" + PARENT, run.output("join", String.class)));
            assertThat(run.part("a").where()).hasToString("process(cycle-child-a)");
            assertThat(run.report()).contains("process(cycle-child-a)");
        }
    }

    @Test
    void partsOnAComponentWorkerInAChildRunOnTheSameThreadEveryTime() {
        Where worker = Where.process("cycle-child-a").worker("cycle-child-component");
        List<CyclePart> parts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            parts.add(CyclePart.builder("w" + i, () -> pid() + "/" + Thread.currentThread().getName() + "/"
                    + Thread.currentThread().threadId()).where(worker).build());
        }
        Set<String> seen = new HashSet<>();
        try (Cycle cycle = Cycle.builder("child-worker").add(CyclePart.of("root", () -> 0), 1).split(parts, 2).build()) {
            for (int run = 0; run < 3; run++) {
                CycleRun r = cycle.runOnce();
                assertThat(r.status()).as(r.report()).isEqualTo(RunStatus.OK);
                parts.forEach(p -> seen.add(r.output(p.name(), String.class)));
            }
        }
        assertThat(seen).hasSize(1);
        assertThat(seen.iterator().next()).startsWith(childA.pid() + "/cycle-child-component/");
    }

    @Test
    void theSharedStoreWrittenInAChildIsReadByALaterPartInTheParent() {
        CyclePart write = CyclePart.builder("write", () -> {
            CycleContext.current().data().put("written", "by " + pid());
            return CycleContext.current().data().merge("count", 1, (x, y) -> (Integer) x + (Integer) y);
        }).where(Where.process("cycle-child-b")).build();
        CyclePart read = CyclePart.of("read", () -> CycleContext.current().data().get("written") + " seen in " + pid());
        try (Cycle cycle = Cycle.builder("store").add(CyclePart.of("root", () -> 0), 1).split(List.of(write, read), 2)
                .after(read, write).build()) {
            cycle.data().put("count", 41);
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.OK);
            assertThat(run.output("read", String.class)).isEqualTo("by " + childB.pid() + " seen in " + PARENT);
            assertThat(run.output("write", Integer.class)).isEqualTo(42);
            assertThat(cycle.data()).containsEntry("count", 42).containsEntry("written", "by " + childB.pid());
        }
    }

    @Test
    void aPartThatThrowsInAChildFollowsItsErrorMode() {
        CyclePart cleanFail = CyclePart.builder("clean", () -> {
            throw new IllegalStateException("broke in " + pid());
        }).where(Where.process("cycle-child-a")).build();
        CyclePart fallback = CyclePart.builder("fallback", () -> {
            throw new IllegalArgumentException("also broke");
        }).where(Where.process("cycle-child-b")).errorMode(ErrorMode.fallbackSkip("spare")).build();
        CyclePart afterClean = CyclePart.of("afterClean", () -> "never");
        CyclePart afterFallback = CyclePart.of("afterFallback", () -> CycleContext.current().parentResult().orElseThrow());
        try (Cycle cycle = Cycle.builder("child-errors").add(CyclePart.of("root", () -> 0), 1)
                .split(List.of(cleanFail, fallback), 2).add(afterClean, 4, 1).add(afterFallback, 4, 2).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).isEqualTo(RunStatus.ERROR);
            assertThat(run.part("clean").outcome()).isEqualTo(PartOutcome.FAILED);
            assertThat(run.part("clean").error()).isInstanceOf(IllegalStateException.class)
                    .hasMessage("broke in " + childA.pid());
            assertThat(run.part("afterClean").outcome()).isEqualTo(PartOutcome.NOT_RUN);
            assertThat(run.part("fallback").outcome()).isEqualTo(PartOutcome.FALLBACK);
            assertThat(run.part("fallback").error()).isInstanceOf(IllegalArgumentException.class);
            assertThat(run.output("afterFallback", String.class)).isEqualTo("spare");
        }
    }

    @Test
    void aRetriedChildPartRunsAgainWithinItsTimeoutAndAPipedValueIsValidatedBeforeItTravels() {
        CyclePart produce = CyclePart.of("produce", () -> 21);
        CyclePart flaky = CyclePart.builder("flaky", () -> {
            CycleContext ctx = CycleContext.current();
            int attempt = (Integer) ctx.data().merge("flaky-attempts", 1, (x, y) -> (Integer) x + (Integer) y);
            if (attempt < 3) {
                throw new IllegalStateException("attempt " + attempt + " in " + pid());
            }
            return (Integer) ctx.input().orElseThrow() * 2;
        }).where(Where.process("cycle-child-b")).timeout(Duration.ofSeconds(30))
                .errorMode(ErrorMode.retry(5, ErrorMode.cleanFail())).validator(v -> (Integer) v > 0).build();
        CyclePart refused = CyclePart.builder("refused", () -> "never").where(Where.process("cycle-child-b")).build();
        try (Cycle cycle = Cycle.builder("child-retry").add(produce, 1).split(List.of(flaky, refused), 2)
                .pipe(produce, flaky, v -> v instanceof Integer).pipe(produce, refused, v -> v instanceof String)
                .build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.part("flaky").outcome()).as(run.report()).isEqualTo(PartOutcome.SUCCEEDED);
            assertThat(run.part("flaky").attempts()).isEqualTo(3);
            assertThat(run.output("flaky", Integer.class)).isEqualTo(42);
            assertThat(run.part("refused").outcome()).isEqualTo(PartOutcome.FAILED);
            assertThat(run.part("refused").error()).isInstanceOf(CycleValidationException.class)
                    .hasMessageContaining("rejected the value piped from 'produce'");
            assertThat(cycle.data()).containsEntry("flaky-attempts", 3);
        }
    }

    // The two tests below repeat with a doubled timeout while the part did not start within it (see GrowingTimeout):
    // its clock starts at the hand-off to the child and covers sending the part and starting it there. The part
    // marks its start with a file, which no interrupt can cut short (a store access is a round trip to the parent).

    @Test
    void aChildPartPastItsTimeoutIsInterruptedThereAndTheCycleGoesOn(@TempDir Path marks) throws Exception {
        GrowingTimeout.untilStarted(timeout -> {
            String startMark = marks.resolve("slow-started-" + timeout.toMillis()).toString();
            CyclePart slow = CyclePart.builder("slow", () -> {
                Files.createFile(Path.of(startMark));
                try {
                    awaitInterrupt();
                    return "woke";
                } catch (InterruptedException e) {
                    CycleContext.current().data().put("slow-interrupted-in", pid());
                    throw e;
                }
            }).where(Where.process("cycle-child-a")).timeout(timeout).build();
            CyclePart other = CyclePart.builder("other", () -> pid()).where(Where.process("cycle-child-a")).build();
            CyclePart afterSlow = CyclePart.of("afterSlow", () -> "never");
            try (Cycle cycle = Cycle.builder("child-timeout").abandonAfter(GENEROUS_GRACE)
                    .add(CyclePart.of("root", () -> 0), 1)
                    .split(List.of(slow, other), 2).add(afterSlow, 4, 1).build()) {
                CycleRun run = cycle.runOnce();
                // not abandoned, the part answered: had it started, its mark is there
                if (!run.part("slow").abandoned() && !Files.exists(Path.of(startMark))) {
                    return false;
                }
                assertThat(run.part("slow").outcome()).as(run.report()).isEqualTo(PartOutcome.TIMED_OUT);
                assertThat(run.part("slow").error()).isInstanceOf(CycleTimeoutException.class)
                        .hasMessageContaining("it was interrupted");
                assertThat(run.part("slow").abandoned()).isFalse();
                assertThat(run.part("afterSlow").outcome()).isEqualTo(PartOutcome.NOT_RUN);
                assertThat(run.output("other", Long.class)).isEqualTo(childA.pid());
                assertThat(cycle.data()).containsEntry("slow-interrupted-in", childA.pid());
                assertThat(cycle.runOnce().output("other", Long.class)).as("the child still takes work")
                        .isEqualTo(childA.pid());
                return true;
            }
        });
    }

    @Test
    void aChildPartThatIgnoresTheInterruptIsReportedAndAbandoned(@TempDir Path marks) throws Exception {
        GrowingTimeout.untilStarted(timeout -> {
            String startMark = marks.resolve("stubborn-started-" + timeout.toMillis()).toString();
            CyclePart stubborn = CyclePart.builder("stubborn", () -> {
                Files.createFile(Path.of(startMark));
                CycleContext ctx = CycleContext.current();
                AtomicBoolean interrupted = new AtomicBoolean();
                AtomicBoolean reported = new AtomicBoolean();
                try {
                    // ignores the interrupt wherever it lands (the flag, or a store access, which is a round
                    // trip to the parent), says so once, and waits on until the test releases it
                    Conditions.until("the test releases the stubborn part", BOUND, () -> {
                        if (Thread.interrupted()) {
                            interrupted.set(true);
                        }
                        try {
                            if (ctx.data().containsKey("release-stubborn")) {
                                return true;
                            }
                        } catch (RuntimeException ignoredWhereItLanded) {
                            interrupted.set(true);
                            Thread.interrupted();
                        }
                        if (interrupted.get() && !reported.get()) {
                            try {
                                ctx.data().put("stubborn-ignored-interrupt", true);
                                reported.set(true);
                            } catch (RuntimeException tryAgainNextCheck) {
                                Thread.interrupted();
                            }
                        }
                        return false;
                    });
                } finally {
                    ctx.data().put("stubborn-ended", true);
                }
                return "released";
            }).where(Where.process("cycle-child-a")).timeout(timeout).build();
            try (Cycle cycle = Cycle.builder("child-abandon").abandonAfter(Duration.ofMillis(200)).add(stubborn, 1)
                    .build()) {
                CycleRun run = cycle.runOnce();
                if (!Files.exists(Path.of(startMark))) {
                    // it may still start late, and be interrupted then: let it end
                    cycle.data().put("release-stubborn", true);
                    return false;
                }
                assertThat(run.part("stubborn").outcome()).as(run.report()).isEqualTo(PartOutcome.TIMED_OUT);
                assertThat(run.part("stubborn").abandoned()).isTrue();
                assertThat(run.part("stubborn").error()).hasMessageContaining("ignored the interrupt; it was abandoned");
                awaitKey(cycle, "stubborn-ignored-interrupt");
                cycle.data().put("release-stubborn", true);
                awaitKey(cycle, "stubborn-ended");
                return true;
            }
        });
    }

    /** Waits, bounded, until the key appears in the cycle's shared store (in a child: a round trip per look). */
    private static void awaitKey(Cycle cycle, String key) {
        Conditions.until(key + " appears in the shared store", BOUND, () -> cycle.data().containsKey(key));
    }

    @Test
    void instantFailCancelsAPartRunningInAChild() {
        CyclePart slow = CyclePart.builder("slow", () -> {
            CycleContext.current().data().put("slow-started", true);
            try {
                awaitInterrupt();
                return "woke";
            } catch (InterruptedException e) {
                CycleContext.current().data().put("slow-cancelled-in", pid());
                throw e;
            }
        }).where(Where.process("cycle-child-b")).build();
        CyclePart bad = CyclePart.builder("bad", () -> {
            Map<String, Object> data = CycleContext.current().data();
            Conditions.until("slow-started appears in the shared store", BOUND, () -> data.containsKey("slow-started"));
            throw new IllegalStateException("bad broke");
        }).errorMode(ErrorMode.instantFail()).build();
        try (Cycle cycle = Cycle.builder("child-instant").abandonAfter(GENEROUS_GRACE)
                .add(CyclePart.of("root", () -> 0), 1)
                .split(List.of(slow, bad), 2).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).isEqualTo(RunStatus.ERROR);
            assertThat(run.part("slow").outcome()).as(run.report()).isEqualTo(PartOutcome.CANCELLED);
            assertThat(run.part("slow").abandoned()).isFalse();
            assertThat(cycle.data()).containsEntry("slow-cancelled-in", childB.pid());
        }
    }

    @Test
    void aPartForAnUnknownChildFailsWithAMessageToSpawnItFirst() {
        CyclePart lost = CyclePart.builder("lost", () -> 1).where(Where.process("cycle-no-such-child")).build();
        try (Cycle cycle = Cycle.builder("unknown-child").add(lost, 1).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.part("lost").outcome()).isEqualTo(PartOutcome.FAILED);
            assertThat(run.part("lost").error()).isInstanceOf(CycleException.class)
                    .hasMessageContaining("'cycle-no-such-child'").hasMessageContaining("spawn it first");
        }
    }

    @Test
    void aChildKilledUnderARunningPartFailsThePartWithTheCrashReason() throws Exception {
        SKProcess doomed = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("cycle-doomed").build());
        try {
            CyclePart victim = CyclePart.builder("victim", () -> {
                CycleContext.current().data().put("victim-started", pid());
                awaitInterrupt();
                return "survived";
            }).where(Where.process("cycle-doomed")).build();
            CyclePart bystander = CyclePart.of("bystander", () -> "fine");
            try (Cycle cycle = Cycle.builder("crash").add(CyclePart.of("root", () -> 0), 1)
                    .split(List.of(victim, bystander), 2).build()) {
                CompletableFuture<CycleRun> running = CompletableFuture.supplyAsync(cycle::runOnce);
                awaitKey(cycle, "victim-started");
                assertThat(cycle.data().get("victim-started")).isEqualTo(doomed.pid());
                ProcessHandle.of(doomed.pid()).orElseThrow().destroyForcibly();
                CycleRun run = running.get(BOUND.toSeconds(), TimeUnit.SECONDS);
                assertThat(run.status()).isEqualTo(RunStatus.ERROR);
                assertThat(run.part("victim").outcome()).as(run.report()).isEqualTo(PartOutcome.FAILED);
                assertThat(run.part("victim").error()).isInstanceOf(SKProcessCrashedException.class)
                        .hasMessageContaining("cycle-doomed");
                assertThat(((SKProcessCrashedException) run.part("victim").error()).exitCode()).isEqualTo(137);
                assertThat(run.part("bystander").outcome()).isEqualTo(PartOutcome.SUCCEEDED);
            }
        } finally {
            doomed.stop(Duration.ofSeconds(5));
        }
    }

    /** Blocks the part until its thread is interrupted, at most {@code BOUND}; the interrupt throws. */
    static void awaitInterrupt() throws InterruptedException {
        new java.util.concurrent.CountDownLatch(1).await(BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

}
