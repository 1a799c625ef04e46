package dev.suitkaise.cycle;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineTest {

    @Test
    void thePipedOutputBecomesTheNextPartsInput() {
        CyclePart produce = CyclePart.of("produce", () -> 21);
        CyclePart twice = CyclePart.of("twice", () -> (Integer) CycleContext.current().input().orElseThrow() * 2);
        CyclePart show = CyclePart.of("show", () -> "=" + CycleContext.current().input().orElseThrow());
        try (Cycle cycle = Cycle.builder("pipe").add(produce, 1).add(twice, 2).add(show, 3)
                .pipe(produce, twice, v -> v instanceof Integer).pipe(twice, show).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).isEqualTo(RunStatus.OK);
            assertThat(run.output("show", String.class)).isEqualTo("=42");
        }
    }

    @Test
    void aValueRejectedOnArrivalFailsTheReceivingPartWithoutRunningIt() {
        AtomicInteger calls = new AtomicInteger();
        CyclePart produce = CyclePart.of("produce", () -> -1);
        CyclePart consume = CyclePart.of("consume", () -> calls.incrementAndGet());
        CyclePart after = CyclePart.of("after", () -> "after");
        try (Cycle cycle = Cycle.builder("pipe-reject").add(produce, 1).add(consume, 2).add(after, 3)
                .pipe(produce, consume, v -> (Integer) v >= 0).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.part("consume").outcome()).isEqualTo(PartOutcome.FAILED);
            assertThat(run.part("consume").error()).isInstanceOf(CycleValidationException.class)
                    .hasMessageContaining("rejected the value piped from 'produce' on arrival: -1");
            assertThat(calls).hasValue(0);
            assertThat(run.part("after").outcome()).isEqualTo(PartOutcome.NOT_RUN);
            assertThat(run.status()).isEqualTo(RunStatus.ERROR);
        }
    }

    @Test
    void anOutputRejectedByThePartsValidatorFailsThePart() {
        CyclePart produce = CyclePart.builder("produce", () -> "").validator(v -> !((String) v).isEmpty()).build();
        try (Cycle cycle = Cycle.builder("validator").add(produce, 1).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.part("produce").outcome()).isEqualTo(PartOutcome.FAILED);
            assertThat(run.part("produce").error()).isInstanceOf(CycleValidationException.class)
                    .hasMessageContaining("validator rejected");
        }
    }
}
