package dev.suitkaise.cycle;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitTest {

    @Test
    void neverMoreThanTheLimitOfPartsRunAtOnce() {
        AtomicInteger runningNow = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CyclicBarrier pairs = new CyclicBarrier(2);
        List<CyclePart> workers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            workers.add(CyclePart.of("w" + i, () -> {
                mostAtOnce.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
                try {
                    return pairs.await(10, TimeUnit.SECONDS);
                } finally {
                    runningNow.decrementAndGet();
                }
            }));
        }
        try (Cycle cycle = Cycle.builder("limited").limit(2).add(CyclePart.of("root", () -> 0), 1)
                .split(workers, 2).build()) {
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).isEqualTo(RunStatus.OK);
            assertThat(mostAtOnce.get()).isEqualTo(2);
            // the barrier makes pairs meet, but only the recorded spans catch a broken limit for sure
            assertThat(RunTimeline.mostOverlapping(run, workers.stream().map(CyclePart::name).toList())).isEqualTo(2);
        }
    }
}
