package dev.suitkaise.examples.focused;

import dev.suitkaise.cycle.Cycle;
import dev.suitkaise.cycle.CycleBuilder;
import dev.suitkaise.cycle.CycleContext;
import dev.suitkaise.cycle.CycleHandle;
import dev.suitkaise.cycle.CyclePart;
import dev.suitkaise.cycle.CycleRun;
import dev.suitkaise.cycle.SyncMode;
import dev.suitkaise.cycle.Where;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A continuous cycle (sk-cycle) with two branches that do not wait for each other within a run
 * ({@link SyncMode#PARALLEL}): a clock part forks into a temperature branch, which runs on its own
 * component worker, and a humidity branch. The cycle runs back to back until it is stopped after
 * (at least) five runs.
 *
 * <p>When sk-cycle gains the independent sync mode (each branch of a continuous cycle looping at its
 * own pace), switching is the one {@code sync(...)} line; the per-branch counters then differ.
 */
public final class ContinuousCycle {

    private ContinuousCycle() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while waiting for the runs
     */
    public static void main(String[] args) throws InterruptedException {
        // begin:continuous
        AtomicInteger temperatureRuns = new AtomicInteger();
        AtomicInteger humidityRuns = new AtomicInteger();
        CyclePart clock = CyclePart.of("clock", () -> CycleContext.current().iteration());
        CyclePart temperature = CyclePart.builder("temperature", () -> 20 + CycleContext.current().iteration() % 3)
                .where(Where.worker("thermometer"))                // a component worker of this process
                .build();
        CyclePart alarm = CyclePart.of("alarm", () -> {
            temperatureRuns.incrementAndGet();
            return (Long) CycleContext.current().parentResult().orElseThrow() > 21 ? "warm" : "ok";
        });
        CyclePart humidity = CyclePart.of("humidity", () -> 40 + humidityRuns.incrementAndGet() % 5);

        Cycle cycle;
        try (CycleBuilder builder = Cycle.builder("examples.sensors")) {
            builder.add(clock, 1, 1)                               // 1-1
                    .split(List.of(temperature, humidity), 2, 1)  // the fork at 2-1: branches 3-1 and 3-2
                    .add(alarm, 4, 1)                              // below temperature
                    .sync(SyncMode.PARALLEL);                      // branches never wait for each other
            System.out.print(builder.describe());
            cycle = builder.build();
        }
        try (cycle) {
            CycleHandle running = cycle.start();                   // back to back, on a thread of the SKThreader
            boolean reached = running.awaitRuns(5, Duration.ofSeconds(60));
            running.stop();                                        // no new run; the one in progress finishes
            running.awaitStop(Duration.ofSeconds(60));
            CycleRun last = running.lastRun().orElseThrow();
            System.out.println("reached 5 runs: " + reached + "; stopped after " + running.runs() + " runs, the last "
                    + last.status() + ", alarm says " + last.part("alarm").output());
            System.out.println("temperature branch ran " + temperatureRuns.get() + " times, humidity branch "
                    + humidityRuns.get() + " times");
        }
        // end:continuous
    }
}
