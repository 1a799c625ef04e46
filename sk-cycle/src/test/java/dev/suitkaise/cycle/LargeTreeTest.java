package dev.suitkaise.cycle;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A 1,000-part tree of mixed splits and chains builds, numbers its slots and runs within its limits. */
class LargeTreeTest {

    private static final AtomicInteger RUNNING = new AtomicInteger();
    private static final AtomicInteger MOST = new AtomicInteger();
    private static final AtomicInteger RAN = new AtomicInteger();

    private static CyclePart part(String name) {
        return CyclePart.of(name, () -> {
            MOST.accumulateAndGet(RUNNING.incrementAndGet(), Math::max);
            try {
                RAN.incrementAndGet();
                return CycleContext.current().parentResult().map(p -> (Integer) p + 1).orElse(1);
            } finally {
                RUNNING.decrementAndGet();
            }
        });
    }

    /** head, a split of 10 parts, then a chain of 10 parts below each: 111 parts. */
    private static Cycle branch(int i) {
        try (CycleBuilder b = Cycle.builder("branch" + i)) {
            List<CyclePart> split = new ArrayList<>();
            for (int j = 1; j <= 10; j++) {
                split.add(part("s" + i + "." + j));
            }
            b.add(part("h" + i), 1).split(split, 2);
            for (int level = 4; level <= 13; level++) {
                for (int j = 1; j <= 10; j++) {
                    b.add(part("c" + i + "." + j + "." + level), level, j);
                }
            }
            return b.build();
        }
    }

    @Test
    void aThousandPartTreeOfMixedSplitsRunsEveryPartOnceWithinItsLimits() {
        List<Cycle> branches = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            branches.add(branch(i));
        }
        try (Cycle cycle = Cycle.builder("thousand").add(part("root"), 1).split(branches, 2)
                .limit(new SlotAddress(2, 1), 4).sync(new SlotAddress(4, 1), SyncMode.LEVEL).build()) {
            assertThat(cycle.addresses()).hasSize(1000)
                    .containsEntry("h9", new SlotAddress(3, 9))
                    .containsEntry("s1.1", new SlotAddress(5, 1))
                    .containsEntry("s9.10", new SlotAddress(5, 90))
                    .containsEntry("c9.10.13", new SlotAddress(15, 90));
            RAN.set(0);
            MOST.set(0);
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).isEqualTo(RunStatus.OK);
            assertThat(run.parts()).hasSize(1000)
                    .allSatisfy(p -> assertThat(p.outcome()).isEqualTo(PartOutcome.SUCCEEDED));
            assertThat(RAN.get()).isEqualTo(1000);
            assertThat(MOST.get()).isBetween(1, 4);
            assertThat(run.output("c9.10.13", Integer.class)).as("parts on the deepest path (splits are not parts)")
                    .isEqualTo(13);
        } finally {
            branches.forEach(Cycle::close);
        }
    }

    @Test
    void aFortyThousandPartSplitOfPartsAndACyclePutsEveryPartAtItsPosition() {
        List<CycleElement> wide = new ArrayList<>();
        for (int i = 1; i <= 40_000; i++) {
            wide.add(CyclePart.of("w" + i, () -> 1));
        }
        Cycle last = Cycle.builder("last").add(CyclePart.of("l", () -> 1), 1)
                .split(List.of(CyclePart.of("l1", () -> 1), CyclePart.of("l2", () -> 1)), 2).build();
        wide.add(last);
        try (CycleBuilder b = Cycle.builder("forty-thousand")) {
            b.add(CyclePart.of("root", () -> 0), 1).split(wide, 2);
            assertThat(b.openSlots()).containsExactly(new SlotAddress(6, 1), new SlotAddress(6, 2));
            b.add(CyclePart.of("below-l2", () -> 1), 6, 2);
            try (Cycle cycle = b.build()) {
                assertThat(cycle.addresses()).hasSize(40_005)
                        .containsEntry("w1", new SlotAddress(3, 1))
                        .containsEntry("w20000", new SlotAddress(3, 20_000))
                        .containsEntry("w40000", new SlotAddress(3, 40_000))
                        .containsEntry("l", new SlotAddress(3, 40_001))
                        .containsEntry("l1", new SlotAddress(5, 1))
                        .containsEntry("l2", new SlotAddress(5, 2))
                        .containsEntry("below-l2", new SlotAddress(6, 2));
            }
        } finally {
            last.close();
        }
    }
}
