package dev.suitkaise.cycle;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerPlacementTest {

    @Test
    void partsOnAComponentWorkerRunOnTheSameThreadEveryTime() {
        Set<Thread> workerThreads = ConcurrentHashMap.newKeySet();
        Set<Thread> pooledThreads = ConcurrentHashMap.newKeySet();
        Where worker = Where.worker("cycle-placement-test");
        CyclePart root = CyclePart.of("root", () -> pooledThreads.add(Thread.currentThread()));
        CyclePart w1 = CyclePart.builder("w1", () -> workerThreads.add(Thread.currentThread())).where(worker).build();
        CyclePart w2 = CyclePart.builder("w2", () -> workerThreads.add(Thread.currentThread())).where(worker).build();
        CyclePart w3 = CyclePart.builder("w3", () -> Thread.currentThread().getName()).where(worker).build();
        try (Cycle cycle = Cycle.builder("placement").add(root, 1).split(List.of(w1, w2, w3), 2).build()) {
            for (int i = 0; i < 3; i++) {
                CycleRun run = cycle.runOnce();
                assertThat(run.status()).isEqualTo(RunStatus.OK);
                assertThat(run.output("w3", String.class)).isEqualTo("cycle-placement-test");
                assertThat(run.part("w1").where()).isEqualTo(worker);
            }
        }
        assertThat(workerThreads).hasSize(1).doesNotContain(Thread.currentThread());
        assertThat(workerThreads.iterator().next().getName()).isEqualTo("cycle-placement-test");
        assertThat(pooledThreads).doesNotContain(Thread.currentThread()).doesNotContainAnyElementsOf(workerThreads);
    }
}
