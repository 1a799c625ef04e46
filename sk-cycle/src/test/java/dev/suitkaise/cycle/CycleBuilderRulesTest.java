package dev.suitkaise.cycle;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CycleBuilderRulesTest {

    private static CyclePart part(String name) {
        return CyclePart.of(name, () -> name);
    }

    private static SlotAddress at(int level, int position) {
        return new SlotAddress(level, position);
    }

    @Test
    void theDesignExampleFillsOneOneTwoOneAndThreeOneToThreeThreeAndOpensLevelFourBelowEachBranch() {
        try (CycleBuilder b = Cycle.builder("design")) {
            b.add(part("a"), 1).split(List.of(part("b"), part("c"), part("d")), 2);
            assertThat(b.openSlots()).containsExactly(at(4, 1), at(4, 2), at(4, 3));
            b.add(part("e"), 4, 2);
            Cycle cycle = b.build();
            assertThat(cycle.addresses()).containsExactly(
                    java.util.Map.entry("a", at(1, 1)), java.util.Map.entry("b", at(3, 1)),
                    java.util.Map.entry("c", at(3, 2)), java.util.Map.entry("d", at(3, 3)),
                    java.util.Map.entry("e", at(4, 2)));
            assertThat(cycle.describe()).contains("(1-1): a", "(2-1): split into 3", "(3-3): d", "(4-2): e");
            assertThat(cycle.toMermaid()).startsWith("flowchart TD").contains("s2_1 --> s3_2", "s3_2 --> s4_2");
        }
    }

    @Test
    void aNullPartOrSettingIsRefusedWithAMessageNamingTheMethodAndTheParameterAndTheBuilderStaysUsable() {
        try (CycleBuilder b = Cycle.builder("nulls")) {
            CyclePart a = part("a");
            CyclePart c = part("c");
            b.add(a, 1).add(c, 2);
            assertThatThrownBy(() -> b.after(null, a)).isInstanceOf(NullPointerException.class)
                    .hasMessageStartingWith("after: part is null");
            assertThatThrownBy(() -> b.after(c, null)).isInstanceOf(NullPointerException.class)
                    .hasMessageStartingWith("after: waitsFor is null");
            assertThatThrownBy(() -> b.pipe(null, c)).isInstanceOf(NullPointerException.class)
                    .hasMessageStartingWith("pipe: from is null");
            assertThatThrownBy(() -> b.pipe(a, null, v -> true)).isInstanceOf(NullPointerException.class)
                    .hasMessageStartingWith("pipe: to is null");
            assertThatThrownBy(() -> b.pipe(a, c, null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("validator is null");
            assertThatThrownBy(() -> b.when(null, ctx -> true)).isInstanceOf(NullPointerException.class)
                    .hasMessageStartingWith("when: part is null");
            assertThatThrownBy(() -> b.abandonAfter(null)).isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("grace is null");
            b.pipe(a, c);
            try (Cycle cycle = b.build()) {
                CycleRun run = cycle.runOnce();
                assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.OK);
                assertThat(run.output("c", String.class)).isEqualTo("c");
            }
        }
    }

    @Test
    void aSlotBelowLevelOneNeedsTheRootFirst() {
        try (CycleBuilder b = Cycle.builder("r")) {
            assertThatThrownBy(() -> b.add(part("x"), 2))
                    .isInstanceOf(CycleBuildException.class)
                    .hasMessageContaining("level 1 holds exactly one added part, at (1,1)")
                    .hasMessageEndingWith("open slots: 1-1");
        }
    }

    @Test
    void levelOneTakesExactlyOnePartAtPositionOne() {
        try (CycleBuilder b = Cycle.builder("r")) {
            assertThatThrownBy(() -> b.add(part("x"), 1, 2))
                    .hasMessageContaining("level 1 holds exactly one added part");
            assertThatThrownBy(() -> b.split(List.of(part("x"), part("y")), 1))
                    .hasMessageContaining("level 1 holds exactly one added part");
            b.add(part("a"), 1);
            assertThatThrownBy(() -> b.add(part("x"), 1, 2))
                    .hasMessageContaining("level 1 holds exactly one added part")
                    .hasMessageEndingWith("open slots: 2-1");
        }
    }

    @Test
    void aFilledSlotIsFinal() {
        try (CycleBuilder b = Cycle.builder("r")) {
            b.add(part("a"), 1).split(List.of(part("b"), part("c"), part("d")), 2);
            CycleBuildException e = org.junit.jupiter.api.Assertions.assertThrows(CycleBuildException.class,
                    () -> b.add(part("x"), 3, 2));
            assertThat(e.rule()).isEqualTo("a filled slot is final");
            assertThat(e.getMessage()).contains("cannot add part 'x' at 3-2", "it holds c")
                    .endsWith("open slots: 4-1, 4-2, 4-3");
            assertThat(e.openSlots()).containsExactly(at(4, 1), at(4, 2), at(4, 3));
            assertThatThrownBy(() -> b.add(part("x"), 1)).hasMessageContaining("a filled slot is final");
        }
    }

    @Test
    void aBranchGrowsOnlyAtItsTip() {
        try (CycleBuilder b = Cycle.builder("r")) {
            b.add(part("a"), 1);
            assertThatThrownBy(() -> b.add(part("x"), 3))
                    .hasMessageContaining("a branch grows only at its tip")
                    .hasMessageContaining("no branch reaches level 2")
                    .hasMessageEndingWith("open slots: 2-1");
            assertThatThrownBy(() -> b.add(part("x"), 2, 2))
                    .hasMessageContaining("a branch grows only at its tip")
                    .hasMessageContaining("level 2 has 1 slot(s)");
            assertThatThrownBy(() -> b.add(part("x"), 0, 1))
                    .hasMessageContaining("a branch grows only at its tip");
        }
    }

    @Test
    void onceALevelBelowIsFilledALevelTakesNoMoreAndItsOpenTipsEndTheirBranches() {
        try (CycleBuilder b = Cycle.builder("r")) {
            b.add(part("a"), 1).split(List.of(part("b"), part("c")), 2);
            b.add(part("d"), 4, 1);
            assertThat(b.openSlots()).containsExactly(at(4, 2), at(5, 1));
            b.add(part("f"), 5, 1);
            assertThatThrownBy(() -> b.add(part("e"), 4, 2))
                    .isInstanceOf(CycleBuildException.class)
                    .hasMessageContaining("build level by level: once a slot on level L+1 is filled, level L takes no more")
                    .hasMessageContaining("level 5 already has a filled slot")
                    .hasMessageEndingWith("open slots: 6-1");
        }
    }

    @Test
    void aSplitClosesItsOwnLevel() {
        try (CycleBuilder b = Cycle.builder("r")) {
            b.add(part("a"), 1).split(List.of(part("b"), part("c")), 2);
            b.split(List.of(part("d"), part("e")), 4, 1);
            assertThatThrownBy(() -> b.add(part("x"), 4, 2))
                    .hasMessageContaining("build level by level")
                    .hasMessageEndingWith("open slots: 6-1, 6-2");
        }
    }

    @Test
    void partNamesAreUniqueAndAFailedCallLeavesTheBuilderUnchanged() {
        try (CycleBuilder b = Cycle.builder("r")) {
            b.add(part("a"), 1);
            assertThatThrownBy(() -> b.split(List.of(part("b"), part("a")), 2))
                    .hasMessageContaining("part names are unique within a cycle")
                    .hasMessageContaining("'a'");
            assertThat(b.openSlots()).containsExactly(at(2, 1));
            b.split(List.of(part("b")), 2);
            assertThat(b.build().addresses()).containsKeys("a", "b");
        }
    }

    @Test
    void anEmptySplitIsRejected() {
        try (CycleBuilder b = Cycle.builder("r")) {
            b.add(part("a"), 1);
            assertThatThrownBy(() -> b.split(List.of(), 2))
                    .hasMessageContaining("a split fills k >= 1 new slots on the next level");
        }
    }

    @Test
    void addingACycleAddsItsWholeTreeRootedAtThatSlot() {
        Cycle sub;
        try (CycleBuilder s = Cycle.builder("sub")) {
            sub = s.add(part("x"), 1).split(List.of(part("y"), part("z")), 2).build();
        }
        try (CycleBuilder b = Cycle.builder("main")) {
            b.add(part("a"), 1).split(List.of(part("b"), part("c")), 2);
            b.add(sub, 4, 2);
            assertThat(b.openSlots()).containsExactly(at(7, 1), at(7, 2));
            Cycle cycle = b.build();
            assertThat(cycle.addresses()).containsEntry("x", at(4, 2)).containsEntry("y", at(6, 1))
                    .containsEntry("z", at(6, 2));
            assertThat(cycle.describe()).contains("(5-1): split into 2");
        }
        assertThat(sub.addresses()).containsEntry("x", at(1, 1)).containsEntry("y", at(3, 1));
    }

    @Test
    void positionsAreNumberedInTreeOrderAcrossNestedSplits() {
        Cycle left = Cycle.builder("left").add(part("x"), 1).split(List.of(part("x1"), part("x2")), 2).build();
        Cycle right = Cycle.builder("right").add(part("y"), 1)
                .split(List.of(part("y1"), part("y2"), part("y3")), 2).build();
        try (CycleBuilder b = Cycle.builder("nested")) {
            b.add(part("a"), 1).split(List.of(left, part("m"), right), 2);
            Cycle cycle = b.build();
            assertThat(cycle.addresses()).containsExactly(
                    java.util.Map.entry("a", at(1, 1)),
                    java.util.Map.entry("x", at(3, 1)), java.util.Map.entry("m", at(3, 2)),
                    java.util.Map.entry("y", at(3, 3)),
                    java.util.Map.entry("x1", at(5, 1)), java.util.Map.entry("x2", at(5, 2)),
                    java.util.Map.entry("y1", at(5, 3)), java.util.Map.entry("y2", at(5, 4)),
                    java.util.Map.entry("y3", at(5, 5)));
        }
    }

    @Test
    void aThousandSlotChainAndAThousandSlotFanOutBuild() {
        try (CycleBuilder chain = Cycle.builder("chain")) {
            for (int i = 1; i <= 1000; i++) {
                chain.add(part("p" + i), i);
            }
            Cycle cycle = chain.build();
            assertThat(cycle.addresses()).hasSize(1000).containsEntry("p1000", at(1000, 1));
        }
        try (CycleBuilder wide = Cycle.builder("wide")) {
            List<CyclePart> parts = new ArrayList<>();
            for (int i = 1; i <= 998; i++) {
                parts.add(part("w" + i));
            }
            wide.add(part("root"), 1).split(parts, 2);
            assertThat(wide.openSlots()).hasSize(998).endsWith(at(4, 998));
            Cycle cycle = wide.build();
            assertThat(cycle.addresses()).hasSize(999).containsEntry("w998", at(3, 998));
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).isEqualTo(RunStatus.OK);
            assertThat(run.parts()).allSatisfy(p -> assertThat(p.outcome()).isEqualTo(PartOutcome.SUCCEEDED));
            cycle.close();
        }
    }

    @Test
    void aClosedOrBuiltBuilderTakesNoMoreChanges() {
        CycleBuilder b = Cycle.builder("closed");
        b.add(part("a"), 1);
        b.build();
        assertThatThrownBy(() -> b.add(part("b"), 2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed or already built");
        CycleBuilder c = Cycle.builder("closed2");
        c.close();
        assertThatThrownBy(c::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void describeAndMermaidShowTheTreeBuiltSoFarWithEdgesAndOpenSlots() {
        CyclePart a = part("a");
        CyclePart b = part("b");
        CyclePart c = part("c");
        try (CycleBuilder builder = Cycle.builder("shown")) {
            builder.add(a, 1).split(List.of(b, c), 2).after(c, b).pipe(b, c);
            assertThat(builder.describe()).contains("level 1 position 1 (1-1): a [here]", "c runs after b",
                    "c takes its input from b", "open slots: 4-1, 4-2");
            assertThat(builder.toMermaid()).contains("s1_1[\"a 1-1\"]", "s2_1{{\"split 2-1\"}}",
                    "s3_1 -.->|after| s3_2", "s3_1 ==>|pipe| s3_2");
        }
    }

    @Test
    void buildRejectsEdgesThatFormALoopOrNameMissingParts() {
        CyclePart a = part("a");
        CyclePart b = part("b");
        CyclePart c = part("c");
        assertThatThrownBy(() -> Cycle.builder("loop").add(a, 1).split(List.of(b, c), 2).after(b, c).pipe(b, c).build())
                .isInstanceOf(CycleBuildException.class)
                .hasMessageContaining("after and pipe edges must not form a loop").hasMessageContaining("[b, c]")
                .hasMessageContaining("'b' (3-1) waits for 'c' (3-2) (an after edge); 'c' (3-2) waits for 'b' (3-1) (a pipe)");
        assertThatThrownBy(() -> Cycle.builder("up").add(a, 1).add(b, 2).after(a, b).build())
                .hasMessageContaining("must not form a loop");
        assertThatThrownBy(() -> Cycle.builder("missing").add(a, 1).after(a, part("ghost")).build())
                .hasMessageContaining("names part 'ghost', which is not in the cycle");
        assertThatThrownBy(() -> Cycle.builder("two").add(a, 1).split(List.of(b, c), 2).pipe(a, c).pipe(b, c).build())
                .hasMessageContaining("a part takes at most one pipe");
        assertThatThrownBy(() -> Cycle.builder("empty").build())
                .hasMessageContaining("it is empty").hasMessageEndingWith("open slots: 1-1");
    }

    @Test
    void underALevelBarrierAPartCannotWaitForADeeperLevelThroughEdges() {
        CyclePart a = part("a");
        CyclePart b = part("b");
        CyclePart c = part("c");
        CyclePart d = part("d");
        // d (level 4, below b) must wait for level 3's c, and c waits for d: the barrier would hold d forever
        assertThatThrownBy(() -> Cycle.builder("deep-wait").add(a, 1).split(List.of(b, c), 2).add(d, 4, 1)
                .after(c, d).sync(SyncMode.LEVEL).build())
                .isInstanceOf(CycleBuildException.class)
                .hasMessageContaining("a level barrier must not be part of a loop of waits")
                .hasMessageContaining("parts [c, d] wait for each other in a loop")
                .hasMessageContaining("'c' (3-2) waits for 'd' (4-1) (an after edge); 'd' (4-1) waits, under the"
                        + " cycle's LEVEL sync, for every part of that scope on the levels above 4, among them 'c' (3-2)");
        assertThatThrownBy(() -> Cycle.builder("deep-wait-split").add(a, 1).split(List.of(b, c), 2).add(d, 4, 1)
                .after(c, d).sync(at(2, 1), SyncMode.LEVEL).build())
                .hasMessageContaining("under the LEVEL sync of the split at 2-1");

        // the same edge is fine without a level barrier, and a same-level edge is fine with one
        try (Cycle parallel = Cycle.builder("deep-wait-parallel").add(a, 1).split(List.of(b, c), 2).add(d, 4, 1)
                .after(c, d).build();
             Cycle level = Cycle.builder("same-level").add(part("a2"), 1).split(List.of(part("b2"), part("c2")), 2)
                     .after(part("c2"), part("b2")).sync(SyncMode.LEVEL).build()) {
            assertThat(parallel.runOnce().status()).isEqualTo(RunStatus.OK);
            assertThat(level.runOnce().status()).isEqualTo(RunStatus.OK);
        }
    }

    /**
     * r; split [c1, c2] at 2-1, each a sub-cycle: x0 with a split [x1, x2] at 4-1 and v below x2;
     * y0 with a split [y1, y2] at 4-2 and y below y1. Both inner splits have LEVEL sync.
     */
    private static CycleBuilder twoLevelSplits(String name) {
        Cycle c1 = Cycle.builder("c1").add(part("x0"), 1).split(List.of(part("x1"), part("x2")), 2)
                .add(part("v"), 4, 2).build();
        Cycle c2 = Cycle.builder("c2").add(part("y0"), 1).split(List.of(part("y1"), part("y2")), 2)
                .add(part("y"), 4, 1).build();
        return Cycle.builder(name).add(part("r"), 1).split(List.of(c1, c2), 2)
                .sync(at(4, 1), SyncMode.LEVEL).sync(at(4, 2), SyncMode.LEVEL);
    }

    @Test
    void edgesThatCloseALoopThroughTheBarriersOfTwoLevelSplitsAreRefusedAtBuild() {
        // x1 (level 5 of the left split) waits for y (level 6 of the right split), which waits for its level 5,
        // so for y2, which waits for v (level 6 of the left split), which waits for x1: no part could ever start
        assertThatThrownBy(() -> twoLevelSplits("two-barriers").after(part("x1"), part("y"))
                .after(part("y2"), part("v")).build())
                .isInstanceOf(CycleBuildException.class)
                .hasMessageContaining("a level barrier must not be part of a loop of waits")
                .hasMessageContaining("parts [v, x1, y, y2] wait for each other in a loop")
                .hasMessageContaining("'x1' (5-1) waits for 'y' (6-3) (an after edge)")
                .hasMessageContaining("'y' (6-3) waits, under the LEVEL sync of the split at 4-2, for every part of that"
                        + " scope on the levels above 6, among them 'y2' (5-4)")
                .hasMessageContaining("'y2' (5-4) waits for 'v' (6-2) (an after edge)")
                .hasMessageContaining("'v' (6-2) waits, under the LEVEL sync of the split at 4-1")
                .hasMessageContaining("or use PARALLEL for one of these scopes");
    }

    @Test
    void oneEdgeAcrossTwoLevelSplitsIsNoLoopAndTheRunEnds() {
        try (Cycle cycle = twoLevelSplits("one-cross-edge").after(part("x1"), part("y")).build()) {
            CycleRun run = cycle.runOnce(java.time.Duration.ofSeconds(30));
            assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.OK);
            assertThat(run.part("x1").start()).isAfterOrEqualTo(run.part("y").end());
        }
    }

    @Test
    void aThousandLevelChainUnderALevelBarrierWithAForwardEdgeHasNoLoop() {
        try (CycleBuilder chain = Cycle.builder("deep-level").sync(SyncMode.LEVEL)) {
            for (int i = 1; i <= 1000; i++) {
                chain.add(part("p" + i), i);
            }
            chain.after(part("p1000"), part("p1"));
            try (Cycle cycle = chain.build()) {
                assertThat(cycle.addresses()).hasSize(1000);
            }
        }
    }
}
