package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Load: 100,000 small tasks over a pool of two warm children; every result is checked, none is
 * lost and none arrives twice.
 */
@ExtendWith(NoOrphans.class)
class PoolLoadTest {

    private static final int TASKS = 100_000;

    @Test
    void oneHundredThousandTasksOverTwoChildrenEachGiveTheirOwnResultExactlyOnce() {
        List<Integer> items = IntStream.range(0, TASKS).boxed().toList();
        BitSet seen = new BitSet(TASKS);
        int duplicates = 0;
        int wrong = 0;
        int count = 0;
        long started = System.nanoTime();
        try (SKPool pool = SKProcessManager.of(Domain.INTERNAL).pool(ProcessSpec.builder("load").build(), 2)) {
            assertThat(pool.workers()).hasSize(2);
            // Each item is its own task (one submit, one future); the result names its item.
            List<Long> results = pool.unorderedImap(x -> (long) x * TASKS + (TASKS - 1 - x), items, Duration.ofMinutes(3)).toList();
            for (long r : results) {
                count++;
                int item = (int) (r / TASKS);
                if (item < 0 || item >= TASKS || r % TASKS != TASKS - 1 - item) {
                    wrong++;
                } else if (seen.get(item)) {
                    duplicates++;
                } else {
                    seen.set(item);
                }
            }
            List<ProcessStats> stats = pool.workers().stream().map(SKProcess::stats).toList();
            assertThat(stats).as("both children took tasks").allSatisfy(s -> assertThat(s.tasksDone()).isPositive());
            assertThat(stats.stream().mapToLong(ProcessStats::tasksDone).sum()).as("tasks done by the children").isEqualTo(TASKS);
            assertThat(stats.stream().mapToLong(ProcessStats::tasksFailed).sum()).as("tasks failed").isZero();
            assertThat(stats).as("no child restarted").allSatisfy(s -> assertThat(s.restarts()).isZero());
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.printf("PoolLoadTest: %,d tasks over 2 children in %,d ms (%,.0f tasks/s)%n",
                TASKS, millis, TASKS * 1000.0 / Math.max(1, millis));

        assertThat(wrong).as("results that match no item").isZero();
        assertThat(duplicates).as("results delivered twice").isZero();
        assertThat(count).as("results delivered").isEqualTo(TASKS);
        if (seen.cardinality() != TASKS) {
            fail("lost items, first: " + seen.nextClearBit(0));
        }
    }
}
