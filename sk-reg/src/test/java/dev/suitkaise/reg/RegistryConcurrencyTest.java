package dev.suitkaise.reg;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/** Registries under real contention from 16 threads, with the exact final state asserted. */
class RegistryConcurrencyTest {

    private static final int THREADS = Concurrently.THREADS;

    /** This test class's own registry type. */
    static final class JobReg extends SKReg<String> {
        private JobReg(Domain domain) {
            super(domain);
        }

        static JobReg of(Domain domain) {
            return SKReg.open(JobReg.class, domain, JobReg::new);
        }
    }

    private JobReg reg;
    private final Map<RegEvent.Kind, LongAdder> eventCounts = new ConcurrentHashMap<>();
    private Subscription counting;

    @BeforeEach
    void startEmptyAndCounting() {
        reg = JobReg.of(Domain.INTERNAL);
        reg.clear();
        counting = reg.addListener(e -> eventCounts.computeIfAbsent(e.kind(), k -> new LongAdder()).increment());
    }

    @AfterEach
    void stopCounting() {
        counting.close();
    }

    private long events(RegEvent.Kind kind) {
        LongAdder count = eventCounts.get(kind);
        return count == null ? 0 : count.sum();
    }

    @Test
    void concurrentRegisterGetAndRemoveLeaveExactlyTheExpectedEntries() throws Exception {
        int perThread = 1_000;

        Concurrently.run(t -> {
            for (int i = 0; i < perThread; i++) {
                String key = "t" + t + "-k" + i;
                reg.register(key, "v" + t + "-" + i);
                reg.register("shared-" + (i % 10), "t" + t, OnDuplicate.OVERWRITE);
            }
            for (int i = 0; i < perThread; i++) {
                String key = "t" + t + "-k" + i;
                if (!reg.require(key).equals("v" + t + "-" + i) || reg.get(key).isEmpty()) {
                    throw new AssertionError("wrong value under " + key);
                }
                if (i % 2 == 1 && reg.remove(key).isEmpty()) {
                    throw new AssertionError("could not remove " + key);
                }
            }
            return null;
        });

        assertThat(reg.size()).isEqualTo(THREADS * perThread / 2 + 10);
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < perThread; i++) {
                String key = "t" + t + "-k" + i;
                if (i % 2 == 0) {
                    assertThat(reg.get(key)).as(key).contains("v" + t + "-" + i);
                    assertThat(reg.metadata(key).orElseThrow().accessCount()).as(key).isEqualTo(3);
                } else {
                    assertThat(reg.contains(key)).as(key).isFalse();
                }
            }
        }
        for (int s = 0; s < 10; s++) {
            assertThat(reg.require("shared-" + s)).matches("t\\d+");
        }
        assertThat(events(RegEvent.Kind.REGISTERED)).isEqualTo(THREADS * perThread + 10);
        assertThat(events(RegEvent.Kind.REPLACED)).isEqualTo(THREADS * perThread - 10);
        assertThat(events(RegEvent.Kind.REMOVED)).isEqualTo(THREADS * perThread / 2);
    }

    @Test
    void racingRaiseRegistrationsHaveExactlyOneWinnerPerKey() throws Exception {
        int keys = 500;

        List<Integer> wins = Concurrently.run(t -> {
            int won = 0;
            for (int i = 0; i < keys; i++) {
                try {
                    reg.register("slot-" + i, "t" + t);
                    won++;
                } catch (SKRegException lost) {
                    if (!lost.getMessage().contains("already registered")) {
                        throw lost;
                    }
                }
            }
            return won;
        });

        assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(keys);
        assertThat(reg.size()).isEqualTo(keys);
        assertThat(events(RegEvent.Kind.REGISTERED)).isEqualTo(keys);
        assertThat(events(RegEvent.Kind.REPLACED)).isZero();
    }

    @Test
    void racingIgnoreRegistrationsKeepTheFirstValueAndFireOnce() throws Exception {
        int keys = 500;

        Concurrently.run(t -> {
            for (int i = 0; i < keys; i++) {
                reg.register("slot-" + i, "t" + t, OnDuplicate.IGNORE);
            }
            return null;
        });

        assertThat(reg.size()).isEqualTo(keys);
        assertThat(events(RegEvent.Kind.REGISTERED)).isEqualTo(keys);
        assertThat(events(RegEvent.Kind.REPLACED)).isZero();
    }

    @Test
    void racingCreateNewRegistrationsProduceEveryKeyInTheSequenceOnce() throws Exception {
        int perThread = 100;

        List<List<String>> keys = Concurrently.run(t -> {
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                mine.add(reg.register("job", "t" + t + "-" + i, OnDuplicate.CREATE_NEW));
            }
            return mine;
        });

        int total = THREADS * perThread;
        Set<String> expected = new HashSet<>();
        expected.add("job");
        for (int n = 1; n < total; n++) {
            expected.add("job_" + n);
        }
        assertThat(keys.stream().flatMap(List::stream).toList()).hasSize(total).doesNotHaveDuplicates();
        assertThat(reg.keys()).isEqualTo(expected);
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < perThread; i++) {
                assertThat(reg.require(keys.get(t).get(i))).isEqualTo("t" + t + "-" + i);
            }
        }
        assertThat(events(RegEvent.Kind.REGISTERED)).isEqualTo(total);
    }

    @Test
    void readsDuringConcurrentOverwritesAreAllCounted() throws Exception {
        int perThread = 2_000;
        reg.register("hot", "initial");

        Concurrently.run(t -> {
            for (int i = 0; i < perThread; i++) {
                if (t % 2 == 0) {
                    reg.register("hot", "t" + t + "-" + i, OnDuplicate.OVERWRITE);
                }
                if (reg.get("hot").isEmpty()) {
                    throw new AssertionError("the hot key vanished during an overwrite");
                }
            }
            return null;
        });

        assertThat(reg.metadata("hot").orElseThrow().accessCount()).isEqualTo((long) THREADS * perThread);
        assertThat(reg.require("hot")).endsWith("-" + (perThread - 1));
        assertThat(events(RegEvent.Kind.REPLACED)).isEqualTo((long) THREADS / 2 * perThread);
    }

    @Test
    void racingRemovesRemoveEachKeyExactlyOnce() throws Exception {
        int keys = 2_000;
        for (int i = 0; i < keys; i++) {
            reg.register("k" + i, "v" + i);
        }

        List<Integer> removed = Concurrently.run(t -> {
            int mine = 0;
            for (int i = 0; i < keys; i++) {
                if (reg.remove("k" + ((i + t * 97) % keys)).isPresent()) {
                    mine++;
                }
            }
            return mine;
        });

        assertThat(removed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(keys);
        assertThat(reg.size()).isZero();
        assertThat(events(RegEvent.Kind.REMOVED)).isEqualTo(keys);
    }

    @Test
    void clearRacingWithRemovesAccountsForEveryKeyOnce() throws Exception {
        int keys = 5_000;
        for (int i = 0; i < keys; i++) {
            reg.register("k" + i, "v" + i);
        }
        AtomicInteger removedTotal = new AtomicInteger();

        Concurrently.run(t -> {
            if (t % 4 == 0) {
                removedTotal.addAndGet(reg.clear());
            } else {
                for (int i = t; i < keys; i += THREADS) {
                    if (reg.remove("k" + i).isPresent()) {
                        removedTotal.incrementAndGet();
                    }
                }
            }
            return null;
        });

        assertThat(removedTotal).hasValue(keys);
        assertThat(reg.size()).isZero();
        assertThat(events(RegEvent.Kind.REMOVED)).isEqualTo(keys);
    }

    @Test
    void listenersAddedAndClosedDuringChangesNeverBreakDelivery() throws Exception {
        int perThread = 500;
        LongAdder seenByChurningListeners = new LongAdder();

        Concurrently.run(t -> {
            for (int i = 0; i < perThread; i++) {
                if (t % 4 == 0) {
                    Subscription s = reg.addListener(e -> seenByChurningListeners.increment());
                    try {
                        reg.register("churn-" + t + "-" + i, "v");
                    } finally {
                        s.close();
                    }
                } else {
                    reg.register("t" + t + "-" + i, "v");
                }
            }
            return null;
        });

        assertThat(reg.size()).isEqualTo(THREADS * perThread);
        assertThat(events(RegEvent.Kind.REGISTERED)).isEqualTo(THREADS * perThread);
        // Each churning listener sees at least its own thread's registration.
        assertThat(seenByChurningListeners.sum()).isGreaterThanOrEqualTo(THREADS / 4 * perThread);
    }
}
