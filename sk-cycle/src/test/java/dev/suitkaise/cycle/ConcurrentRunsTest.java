package dev.suitkaise.cycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@link Cycle} used from many threads at once, as the README's thread-safety guarantee says
 * it may be: runs started concurrently are independent (each its own iteration and outputs) and
 * share the cycle's rate limit.
 */
class ConcurrentRunsTest {

    @Test
    void runsStartedFromManyThreadsAreIndependentAndShareTheCyclesLimit() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<CyclePart> parts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            parts.add(CyclePart.of("p" + i, () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.yield();
                    return CycleContext.current().iteration();
                } finally {
                    running.decrementAndGet();
                }
            }));
        }
        try (Cycle cycle = Cycle.builder("concurrent-runs").limit(2).add(CyclePart.of("root", () -> 0), 1)
                .split(parts, 2).build();
             ExecutorService callers = Executors.newFixedThreadPool(8)) {
            List<Future<CycleRun>> runs = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                runs.add(callers.submit(() -> cycle.runOnce(Duration.ofSeconds(60))));
            }
            Set<Long> iterations = new TreeSet<>();
            for (Future<CycleRun> f : runs) {
                CycleRun run = f.get(120, TimeUnit.SECONDS);
                assertThat(run.status()).as(run.report()).isEqualTo(RunStatus.OK);
                iterations.add(run.iteration());
                for (int i = 0; i < 6; i++) {
                    assertThat(run.output("p" + i, Long.class)).as("output of p%d in run %d", i, run.iteration())
                            .isEqualTo(run.iteration());
                }
            }
            assertThat(iterations).as("every run has its own iteration").hasSize(64);
            assertThat(most.get()).as("parts running at once across all runs").isBetween(1, 2);
        }
    }
}
