package dev.suitkaise.cycle;

import dev.suitkaise.thread.SKThreader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Under INDEPENDENT, each branch of the root's split loops at its own pace in a continuous run. */
class IndependentSyncTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    /** Waits until the condition holds, at most the bound; false if it never did. */
    private static boolean within(Duration bound, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    /**
     * The slow branch ends its k-th run only once the fast branch has run 5k times: under PARALLEL the
     * fast branch could not run again before the slow one ended, so this never finishes in time.
     */
    private static void fastAndSlowBranches(CycleBuilder builder) throws InterruptedException {
        AtomicInteger fast = new AtomicInteger();
        AtomicInteger slow = new AtomicInteger();
        AtomicInteger trunk = new AtomicInteger();
        CyclePart root = CyclePart.of("root", () -> "trunk#" + trunk.incrementAndGet());
        CyclePart fastPart = CyclePart.of("fast", () -> CycleContext.current().parentResult().orElseThrow() + " fast#"
                + fast.incrementAndGet() + " it" + CycleContext.current().iteration());
        CyclePart fastTail = CyclePart.of("fastTail", () -> "tail");
        java.util.concurrent.atomic.AtomicBoolean ending = new java.util.concurrent.atomic.AtomicBoolean();
        CyclePart slowPart = CyclePart.of("slow", () -> {
            int target = 5 * (slow.get() + 1);
            if (!within(BOUND, () -> fast.get() >= target || ending.get())) {
                throw new IllegalStateException("the fast branch did not reach " + target + " runs");
            }
            return slow.incrementAndGet();
        });
        try (Cycle cycle = builder.add(root, 1).split(List.of(fastPart, slowPart), 2).add(fastTail, 4, 1)
                .after(fastTail, fastPart).build();
             CycleHandle handle = cycle.start()) {
            boolean slowRanThrice = handle.awaitBranchRuns("slow", 3, BOUND);
            assertThat(slowRanThrice).as("the slow branch ran three times; runs %s, fast %s, slow %s, last %s",
                    handle.branchRuns(), fast, slow, handle.lastRun().map(CycleRun::report).orElse("none")).isTrue();
            ending.set(true);
            handle.stop();
            assertThat(handle.awaitStop(BOUND)).isTrue();
            assertThat(trunk.get()).as("the trunk ran once").isEqualTo(1);
            assertThat(fast.get()).isGreaterThanOrEqualTo(15).isGreaterThan(slow.get());
            assertThat(handle.branchRuns().get("fast")).isGreaterThan(handle.branchRuns().get("slow"));
            assertThat(handle.branchRuns().keySet()).containsExactly("fast", "slow");
            assertThat(handle.runs()).isEqualTo(1 + handle.branchRuns().get("fast") + handle.branchRuns().get("slow"));
            CycleRun last = handle.lastRun().orElseThrow();
            assertThat(last.status()).isEqualTo(RunStatus.OK);
            assertThat(last.parts()).extracting(PartResult::name).isSubsetOf("fast", "fastTail", "slow");
        }
        assertThat(fast.get()).isPositive();
    }

    @Test
    void cycleWideIndependentBranchesLoopAtTheirOwnPace() throws InterruptedException {
        fastAndSlowBranches(Cycle.builder("independent").sync(SyncMode.INDEPENDENT));
    }

    @Test
    void independentSetOnTheRootsSplitLoopsItsBranchesTheSameWay() throws InterruptedException {
        fastAndSlowBranches(Cycle.builder("independent-split").sync(new SlotAddress(2, 1), SyncMode.INDEPENDENT));
    }

    @Test
    void aBranchRunReadsTheTrunksOutputAndCountsItsOwnIterations() throws InterruptedException {
        CyclePart root = CyclePart.of("root", () -> "from trunk");
        CyclePart left = CyclePart.of("left", () -> CycleContext.current().parentResult().orElseThrow() + " @"
                + CycleContext.current().iteration());
        CyclePart right = CyclePart.of("right", () -> 1);
        try (Cycle cycle = Cycle.builder("independent-context").sync(SyncMode.INDEPENDENT).add(root, 1)
                .split(List.of(left, right), 2).build();
             CycleHandle handle = cycle.start()) {
            java.util.concurrent.CopyOnWriteArrayList<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            handle.addListener(new CycleListener() {
                @Override
                public void partEnded(String cycleName, long iteration, PartResult part) {
                    if (part.name().equals("left")) {
                        seen.add(part.output() + " in run " + iteration);
                    }
                }
            });
            assertThat(handle.awaitBranchRuns("left", 3, BOUND)).isTrue();
            assertThat(within(BOUND, () -> seen.size() >= 2)).as("the listener saw two runs of the branch").isTrue();
            assertThat(handle.stop(BOUND)).isTrue();
            assertThat(seen).allSatisfy(s -> assertThat(s).matches("from trunk @(\\d+) in run \\1"));
            assertThat(seen).doesNotHaveDuplicates();
        }
    }

    @Test
    void aCycleWideLimitCountsThePartsOfAllIndependentBranchesTogether() throws InterruptedException {
        AtomicInteger runningNow = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        java.util.concurrent.CyclicBarrier pairs = new java.util.concurrent.CyclicBarrier(2);
        List<Cycle> branches = new java.util.ArrayList<>();
        for (String side : List.of("left", "right")) {
            List<CyclePart> workers = new java.util.ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                workers.add(CyclePart.of(side + i, () -> {
                    most.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
                    try {
                        return pairs.await(10, java.util.concurrent.TimeUnit.SECONDS);
                    } finally {
                        runningNow.decrementAndGet();
                    }
                }));
            }
            branches.add(Cycle.builder(side).add(CyclePart.of(side, () -> side), 1).split(workers, 2).build());
        }
        try (Cycle cycle = Cycle.builder("independent-limit").sync(SyncMode.INDEPENDENT).limit(2)
                .add(CyclePart.of("root", () -> 0), 1).split(branches, 2).build();
             CycleHandle handle = cycle.start()) {
            assertThat(handle.awaitBranchRuns("left", 3, BOUND)).isTrue();
            assertThat(handle.awaitBranchRuns("right", 3, BOUND)).isTrue();
            assertThat(most.get()).isEqualTo(2);
        } finally {
            branches.forEach(Cycle::close);
        }
    }

    @Test
    void edgesBetweenIndependentBranchesAreRefusedAndRunOnceActsAsParallel() {
        CyclePart a = CyclePart.of("a", () -> "a");
        CyclePart b = CyclePart.of("b", () -> "b");
        assertThatThrownBy(() -> Cycle.builder("crossing").sync(SyncMode.INDEPENDENT).add(CyclePart.of("root", () -> 0), 1)
                .split(List.of(a, b), 2).after(b, a).build())
                .isInstanceOf(CycleBuildException.class)
                .hasMessageContaining("independent branches do not wait for each other")
                .hasMessageContaining("'a'").hasMessageContaining("'b'");
        try (Cycle cycle = Cycle.builder("independent-once").sync(SyncMode.INDEPENDENT)
                .add(CyclePart.of("root", () -> 0), 1).split(List.of(a, b), 2).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).isEqualTo(RunStatus.OK);
            assertThat(run.parts()).extracting(PartResult::name).containsExactly("root", "a", "b");
        }
    }

    @Test
    void closeCalledFromOneBranchsListenerWaitsForTheOtherBranchAndLeavesTheCallerUninterrupted() throws Exception {
        SKThreader threader = SKThreader.builder().name("close-from-branch").build();
        CountDownLatch bInPart = new CountDownLatch(1);
        CountDownLatch releaseB = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        AtomicBoolean once = new AtomicBoolean();
        AtomicReference<CycleHandle> handle = new AtomicReference<>();
        AtomicReference<Thread> closing = new AtomicReference<>();
        AtomicBoolean bEnded = new AtomicBoolean();
        AtomicReference<String> atReturn = new AtomicReference<>();
        CyclePart b = CyclePart.of("b", () -> {
            bInPart.countDown();
            boolean interrupted = false;
            while (releaseB.getCount() > 0) { // ignores the stop's interrupt: ends when the test releases it
                try {
                    releaseB.await();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            bEnded.set(true);
            return 2;
        });
        CycleListener closer = new CycleListener() {
            @Override
            public void runEnded(CycleRun run) { // on branch a's loop thread
                if (!Thread.currentThread().getName().endsWith("-branch-a") || !once.compareAndSet(false, true)) {
                    return;
                }
                try {
                    if (!bInPart.await(BOUND.toSeconds(), TimeUnit.SECONDS) || !within(BOUND, () -> handle.get() != null)) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                closing.set(Thread.currentThread());
                handle.get().close();
                atReturn.set("b ended: " + bEnded.get() + ", interrupted: " + Thread.currentThread().isInterrupted());
                closed.countDown();
            }
        };
        try (Cycle cycle = Cycle.builder("close-from-branch").threader(threader).abandonAfter(BOUND)
                .sync(SyncMode.INDEPENDENT).add(CyclePart.of("t", () -> 1), 1)
                .split(List.of(CyclePart.of("a", () -> 1), b), 2).build()) {
            cycle.addListener(closer); // before the start: a handle's listener sees only runs started after it
            handle.set(cycle.start());
            // release b once close() waits (or has returned without waiting, as it did when it interrupted its caller)
            assertThat(within(BOUND, () -> closed.getCount() == 0 || (closing.get() != null
                    && closing.get().getState() == Thread.State.TIMED_WAITING))).as("close() called from branch a").isTrue();
            releaseB.countDown();

            assertThat(closed.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("close() in the listener returned").isTrue();
            assertThat(atReturn.get()).as("close() from branch a waited for branch b and kept its caller's interrupt status")
                    .isEqualTo("b ended: true, interrupted: false");
            assertThat(handle.get().awaitStop(BOUND)).isTrue();
        } finally {
            releaseB.countDown();
            threader.shutdown(Duration.ofSeconds(5));
        }
    }
}
