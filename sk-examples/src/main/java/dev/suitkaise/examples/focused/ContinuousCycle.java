package dev.suitkaise.examples.focused;

import dev.suitkaise.cycle.Cycle;
import dev.suitkaise.cycle.CycleBuilder;
import dev.suitkaise.cycle.CycleContext;
import dev.suitkaise.cycle.CycleHandle;
import dev.suitkaise.cycle.CyclePart;
import dev.suitkaise.cycle.SyncMode;
import dev.suitkaise.cycle.Where;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A continuous cycle (sk-cycle) with independent branches ({@link SyncMode#INDEPENDENT}): a clock part
 * forks into a slow temperature branch, which runs on its own component worker, and a fast humidity
 * branch; each branch loops at its own pace until the cycle is stopped, once the temperature branch has
 * run 5 times and the humidity branch 20 times.
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
        AtomicInteger alarms = new AtomicInteger();
        CyclePart clock = CyclePart.of("clock", () -> System.currentTimeMillis());
        CyclePart temperature = CyclePart.builder("temperature", () -> {
                    Thread.sleep(20);                              // a slow sensor
                    return 20 + CycleContext.current().iteration() % 3;
                })
                .where(Where.worker("thermometer"))                // a component worker of this process
                .build();
        CyclePart alarm = CyclePart.of("alarm", () -> {
            alarms.incrementAndGet();
            return (Long) CycleContext.current().parentResult().orElseThrow() > 21 ? "warm" : "ok";
        });
        CyclePart humidity = CyclePart.of("humidity", () -> 40 + CycleContext.current().iteration() % 5);

        Cycle cycle;
        try (CycleBuilder builder = Cycle.builder("examples.sensors")) {
            builder.add(clock, 1, 1)                               // 1-1, the trunk
                    .split(List.of(temperature, humidity), 2, 1)  // the fork at 2-1: branches 3-1 and 3-2
                    .add(alarm, 4, 1)                              // below temperature
                    .sync(SyncMode.INDEPENDENT);                   // each branch loops at its own pace
            System.out.print(builder.describe());
            cycle = builder.build();
        }
        try (cycle) {
            CycleHandle running = cycle.start();                   // on threads of the SKThreader, one per branch
            boolean reached = running.awaitBranchRuns("temperature", 5, Duration.ofSeconds(60))
                    && running.awaitBranchRuns("humidity", 20, Duration.ofSeconds(60));
            boolean stopped = running.stop(Duration.ofSeconds(10));   // no new run; those in progress finish
            Map<String, Long> branchRuns = running.branchRuns();
            System.out.println("reached 5 temperature and 20 humidity runs: " + reached + "; stopped: " + stopped);
            System.out.println("temperature branch ran " + branchRuns.get("temperature") + " times (alarm "
                    + alarms.get() + " times), humidity branch " + branchRuns.get("humidity") + " times");
        }
        // end:continuous
    }
}
