package dev.suitkaise.cycle;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ConditionalTest {

    @Test
    void aPartWhoseConditionFailsIsSkippedWithItsSubtreeWhileOtherBranchesRun() {
        AtomicInteger calls = new AtomicInteger();
        CyclePart a = CyclePart.of("a", () -> "a");
        CyclePart gated = CyclePart.of("gated", calls::incrementAndGet);
        CyclePart free = CyclePart.of("free", () -> "free");
        CyclePart below = CyclePart.of("below", calls::incrementAndGet);
        try (Cycle cycle = Cycle.builder("cond").add(a, 1).split(List.of(gated, free), 2).add(below, 4, 1)
                .when(gated, ctx -> Boolean.TRUE.equals(ctx.data().get("go"))).build()) {
            CycleRun first = cycle.runOnce();
            assertThat(first.status()).isEqualTo(RunStatus.OK);
            assertThat(first.part("gated").outcome()).isEqualTo(PartOutcome.SKIPPED);
            assertThat(first.part("below").outcome()).isEqualTo(PartOutcome.SKIPPED);
            assertThat(first.part("free").outcome()).isEqualTo(PartOutcome.SUCCEEDED);
            assertThat(calls).hasValue(0);

            cycle.data().put("go", true);
            CycleRun second = cycle.runOnce();
            assertThat(second.part("gated").outcome()).isEqualTo(PartOutcome.SUCCEEDED);
            assertThat(second.part("below").outcome()).isEqualTo(PartOutcome.SUCCEEDED);
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void aPartsOwnConditionCanReadItsParentsResult() {
        CyclePart a = CyclePart.of("a", () -> 5);
        CyclePart big = CyclePart.builder("big", () -> "big")
                .condition(ctx -> (Integer) ctx.parentResult().orElseThrow() > 10).build();
        CyclePart small = CyclePart.builder("small", () -> "small")
                .condition(ctx -> (Integer) ctx.parentResult().orElseThrow() <= 10).build();
        try (Cycle cycle = Cycle.builder("own-cond").add(a, 1).split(List.of(big, small), 2).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.part("big").outcome()).isEqualTo(PartOutcome.SKIPPED);
            assertThat(run.part("small").outcome()).isEqualTo(PartOutcome.SUCCEEDED);
        }
    }
}
