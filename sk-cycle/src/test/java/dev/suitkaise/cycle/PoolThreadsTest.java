package dev.suitkaise.cycle;

import dev.suitkaise.thread.SKThreader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The pooled threads of a cycle are reused between runs and end when the cycle is closed. */
class PoolThreadsTest {


    @Test
    void closingACycleEndsItsIdlePooledThreadsWithoutWaitingForTheirKeepAlive() throws InterruptedException {
        List<CyclePart> parts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            parts.add(CyclePart.of("p" + i, () -> Thread.currentThread().getName()));
        }
        SKThreader threader = SKThreader.builder().name("pool-threads-test").build();
        try {
            Cycle cycle = Cycle.builder("pool-close").threader(threader).add(CyclePart.of("root", () -> 0), 1)
                    .split(parts, 2).build();
            for (int run = 0; run < 3; run++) {
                assertThat(cycle.runOnce().status()).isEqualTo(RunStatus.OK);
            }
            // the cycle's own threader runs nothing but its pooled threads
            assertThat(threader.liveCount()).as("idle pooled threads wait for the next run").isBetween(1, 5 * 3);

            cycle.close();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // far below the 30 s keep-alive
            while (threader.liveCount() > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10); // polling a condition, with the bound above
            }
            assertThat(threader.liveCount()).isZero();
        } finally {
            threader.shutdown(Duration.ofSeconds(5));
        }
    }
}
