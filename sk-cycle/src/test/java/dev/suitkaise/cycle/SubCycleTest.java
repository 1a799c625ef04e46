package dev.suitkaise.cycle;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A cycle added into another brings its edges, conditions and sync settings to its new addresses. */
class SubCycleTest {

    private static CyclePart part(String name) {
        return CyclePart.of(name, () -> name);
    }

    @Test
    void anAddedCycleKeepsItsPipesAfterEdgesAndConditions() {
        CyclePart head = CyclePart.of("head", () -> "h");
        CyclePart produce = CyclePart.of("produce", () -> 42);
        CyclePart consume = CyclePart.of("consume", () -> CycleContext.current().input().orElse("no input"));
        CyclePart never = CyclePart.of("never", () -> "ran although its condition is false");
        CyclePart last = CyclePart.of("last", () -> CycleContext.current().result("consume").isPresent());
        try (Cycle sub = Cycle.builder("sub").add(head, 1).split(List.of(produce, consume, never, last), 2)
                     .pipe(produce, consume).when(never, c -> false).after(last, consume).build();
             Cycle outer = Cycle.builder("outer").add(CyclePart.of("root", () -> 0), 1).add(sub, 2).build()) {
            CycleRun alone = sub.runOnce();
            CycleRun inside = outer.runOnce();
            assertThat(alone.output("consume", Integer.class)).isEqualTo(42);
            assertThat(inside.status()).as(inside.report()).isEqualTo(RunStatus.OK);
            assertThat(inside.output("consume", Integer.class)).isEqualTo(42);
            assertThat(inside.part("never").outcome()).isEqualTo(PartOutcome.SKIPPED);
            assertThat(inside.output("last", Boolean.class)).as("last runs after consume").isTrue();
            assertThat(outer.describe()).contains("consume takes its input from produce", "last runs after consume");
        }
    }

    /** A part that counts how many parts of its group run at once, and meets one other part on the barrier. */
    private static CyclePart paired(String name, AtomicInteger running, AtomicInteger most, CyclicBarrier pairs) {
        return CyclePart.of(name, () -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                return pairs.await(10, TimeUnit.SECONDS);
            } finally {
                running.decrementAndGet();
            }
        });
    }

    @Test
    void theCycleWideLimitOfAnAddedCycleHoldsOverItsPartsInTheNewCycle() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CyclicBarrier pairs = new CyclicBarrier(2);
        List<CyclePart> workers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            workers.add(paired("w" + i, running, most, pairs));
            names.add("w" + i);
        }
        try (Cycle sub = Cycle.builder("limited-sub").limit(2).add(part("head"), 1).split(workers, 2).build();
             Cycle outer = Cycle.builder("outer-of-limited").add(part("root"), 1).add(sub, 2).build()) {
            CycleRun run = outer.runOnce();
            assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.OK);
            assertThat(most.get()).isEqualTo(2);
            // without the limit all six would start in one pass of the engine, before any of them ends
            assertThat(RunTimeline.mostOverlapping(run, names)).isEqualTo(2);
            assertThat(outer.describe()).contains("(2-1): head [here] (with the parts below it: limit 2)");
        }
    }

    @Test
    void theSplitSettingsOfAnAddedCycleMoveToTheSplitsNewAddress() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CyclicBarrier pairs = new CyclicBarrier(2);
        List<CyclePart> workers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            workers.add(paired("s" + i, running, most, pairs));
            names.add("s" + i);
        }
        try (Cycle sub = Cycle.builder("split-sub").add(part("head"), 1).split(workers, 2)
                     .limit(SlotAddress.of(2, 1), 2).sync(SlotAddress.of(2, 1), SyncMode.LEVEL).build();
             Cycle outer = Cycle.builder("outer-of-split").add(part("root"), 1).split(List.of(part("side"), sub), 2)
                     .build()) {
            assertThat(outer.describe()).contains("(4-2): split into 4 (sync LEVEL, limit 2)");
            CycleRun run = outer.runOnce();
            assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.OK);
            assertThat(RunTimeline.mostOverlapping(run, names)).isEqualTo(2);
        }
    }

    @Test
    void aSettingMadeHereOnAnAddedSplitsAddressReplacesTheCarriedOneSettingBySetting() {
        try (Cycle sub = Cycle.builder("set-sub").add(part("head"), 1).split(List.of(part("p"), part("q")), 2)
                .limit(SlotAddress.of(2, 1), 2).sync(SlotAddress.of(2, 1), SyncMode.LEVEL).build()) {
            try (CycleBuilder modeHere = Cycle.builder("mode-here").add(part("root"), 1).add(sub, 2)
                    .sync(SlotAddress.of(3, 1), SyncMode.PARALLEL)) {
                assertThat(modeHere.describe()).contains("(3-1): split into 2 (sync PARALLEL, limit 2)");
                try (Cycle built = modeHere.build()) {
                    assertThat(built.describe()).as("the mode set here replaces LEVEL, the carried limit stays")
                            .contains("(3-1): split into 2 (limit 2)");
                }
            }
            try (CycleBuilder limitHere = Cycle.builder("limit-here").add(part("root"), 1).add(sub, 2)
                    .limit(SlotAddress.of(3, 1), 1)) {
                assertThat(limitHere.describe()).contains("(3-1): split into 2 (sync LEVEL, limit 1)");
                try (Cycle built = limitHere.build()) {
                    assertThat(built.describe()).as("the limit set here replaces 2, the carried LEVEL stays")
                            .contains("(3-1): split into 2 (sync LEVEL, limit 1)");
                }
            }
        }
    }

    @Test
    void aLevelBarrierBroughtByAnAddedCycleTakesPartInTheLoopCheck() {
        // the sub-cycle's LEVEL holds its level 3 (b, c) until level 2... and c would wait for d below b
        Cycle sub = Cycle.builder("level-sub").sync(SyncMode.LEVEL).add(part("a"), 1)
                .split(List.of(part("b"), part("c")), 2).add(part("d"), 4, 1).build();
        try (CycleBuilder outer = Cycle.builder("outer-of-level").add(part("root"), 1).add(sub, 2)) {
            assertThat(outer.describe()).contains("(2-1): a [here] (with the parts below it: sync LEVEL)");
            assertThatThrownBy(() -> outer.after(part("c"), part("d")).build())
                    .isInstanceOf(CycleBuildException.class)
                    .hasMessageContaining("a level barrier must not be part of a loop of waits")
                    .hasMessageContaining("under the LEVEL sync of 'a' and the parts below it (from an added cycle)");
        }
        try (Cycle outer = Cycle.builder("outer-parallel").sync(SyncMode.PARALLEL).add(part("root"), 1).add(sub, 2)
                .after(part("c"), part("d")).build()) {
            assertThat(outer.runOnce().status()).as("a cycle-wide mode of the new cycle wins").isEqualTo(RunStatus.OK);
        } finally {
            sub.close();
        }
    }

    @Test
    void anIndependentCycleCanOnlyBeAddedAtTheRootWhereItsBranchesStillLoopOnTheirOwn() {
        Cycle sub = Cycle.builder("independent-sub").add(part("trunk"), 1).split(List.of(part("p"), part("q")), 2)
                .sync(SlotAddress.of(2, 1), SyncMode.INDEPENDENT).build();
        try (CycleBuilder below = Cycle.builder("below-root").add(part("root"), 1)) {
            assertThatThrownBy(() -> below.add(sub, 2))
                    .isInstanceOf(CycleBuildException.class)
                    .hasMessageContaining("independent applies to the whole cycle or to the root's split")
                    .hasMessageContaining("cannot add cycle 'independent-sub' at 2-1: the branches of cycle"
                            + " 'independent-sub' loop independently")
                    .hasMessageContaining("add it at 1-1");
            assertThat(below.openSlots()).as("the refused add changed nothing").containsExactly(SlotAddress.of(2, 1));
            assertThatThrownBy(() -> below.split(List.of(sub, part("other")), 2))
                    .hasMessageContaining("cannot split [independent-sub, other] at 2-1");
        }
        try (Cycle atRoot = Cycle.builder("at-root").add(sub, 1).build()) {
            assertThat(atRoot.describe()).contains("(2-1): split into 2 (sync INDEPENDENT)");
        } finally {
            sub.close();
        }
    }
}
