package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.InProcessGlobalStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Global maps: ConcurrentMap semantics, sharing by name, and exact results under contention. */
class GlobalMapTest {

    private static final int THREADS = Concurrently.THREADS;

    private final InProcessGlobalStorage storage = new InProcessGlobalStorage();
    private SKGlobalStorage previous;
    private GlobalMap<String, Integer> counts;

    @BeforeEach
    void useAFreshStorage() {
        previous = SKGlobal.install(storage);
        counts = SKGlobal.map(Domain.GLOBAL, "counts");
    }

    @AfterEach
    void restoreTheStorage() {
        SKGlobal.install(previous);
    }

    @Test
    void aMapIsCreatedEmptyOnFirstUseAndKnowsItsName() {
        assertThat(counts).isEmpty();
        assertThat(counts.size()).isZero();
        assertThat(counts.globalName()).isEqualTo(new GlobalName(Domain.GLOBAL, "counts"));
        assertThat(counts.globalName()).hasToString("GLOBAL/counts");
    }

    @Test
    void viewsOfTheSameNameShareTheirContents() {
        GlobalMap<String, Integer> again = SKGlobal.map(Domain.GLOBAL, "counts");

        counts.put("a", 1);

        assertThat(again).containsExactly(Map.entry("a", 1));
        again.remove("a");
        assertThat(counts).isEmpty();
    }

    @Test
    void aViewOpenedBeforeADropWritesTheGlobalThatViewsOpenedAfterItSee() {
        counts.put("k", 1);

        assertThat(storage.drop(new GlobalName(Domain.GLOBAL, "counts"))).isTrue();
        counts.put("k", 2);
        GlobalMap<String, Integer> late = SKGlobal.map(Domain.GLOBAL, "counts");

        assertThat(late.get("k")).isEqualTo(2);
        assertThat(counts.get("k")).isEqualTo(2);
        late.put("k", 3);
        assertThat(counts.get("k")).isEqualTo(3);
        assertThat(storage.names()).contains(new GlobalName(Domain.GLOBAL, "counts"));
    }

    @Test
    void mapsOfOtherNamesOrDomainsAreSeparate() {
        GlobalMap<String, Integer> other = SKGlobal.map(Domain.GLOBAL, "other");
        GlobalMap<String, Integer> internal = SKGlobal.map(Domain.INTERNAL, "counts");

        counts.put("a", 1);

        assertThat(other).isEmpty();
        assertThat(internal).isEmpty();
        assertThat(internal.globalName()).isEqualTo(new GlobalName(Domain.INTERNAL, "counts"));
    }

    @Test
    void putGetRemoveAndQueriesBehaveLikeAMap() {
        assertThat(counts.put("a", 1)).isNull();
        assertThat(counts.put("a", 2)).isEqualTo(1);
        counts.putAll(Map.of("b", 3, "c", 4));

        assertThat(counts.get("a")).isEqualTo(2);
        assertThat(counts.get("missing")).isNull();
        assertThat(counts.getOrDefault("missing", -1)).isEqualTo(-1);
        assertThat(counts.containsKey("b")).isTrue();
        assertThat(counts.containsValue(4)).isTrue();
        assertThat(counts.containsValue(99)).isFalse();
        assertThat(counts.size()).isEqualTo(3);
        assertThat(counts.isEmpty()).isFalse();
        assertThat(counts.remove("b")).isEqualTo(3);
        assertThat(counts.remove("b")).isNull();
        assertThat(new TreeMap<>(counts)).isEqualTo(Map.of("a", 2, "c", 4));

        counts.clear();
        assertThat(counts).isEmpty();
    }

    @Test
    void putIfAbsentStoresOnlyWhenTheKeyIsFree() {
        assertThat(counts.putIfAbsent("a", 1)).isNull();
        assertThat(counts.putIfAbsent("a", 2)).isEqualTo(1);

        assertThat(counts.get("a")).isEqualTo(1);
    }

    @Test
    void replaceWithAnExpectedValueSucceedsOnlyOnAnEqualValue() {
        GlobalMap<String, String> names = SKGlobal.map(Domain.GLOBAL, "names");
        names.put("k", "old");

        assertThat(names.replace("k", "other", "new")).isFalse();
        assertThat(names.get("k")).isEqualTo("old");
        assertThat(names.replace("k", new String("old"), "new")).isTrue();
        assertThat(names.get("k")).isEqualTo("new");
        assertThat(names.replace("missing", "old", "new")).isFalse();
        assertThat(names.containsKey("missing")).isFalse();
    }

    @Test
    void replaceWithoutAnExpectedValueReplacesOnlyAPresentKey() {
        counts.put("a", 1);

        assertThat(counts.replace("a", 2)).isEqualTo(1);
        assertThat(counts.replace("missing", 3)).isNull();

        assertThat(counts).containsExactly(Map.entry("a", 2));
    }

    @Test
    void removeWithAValueRemovesOnlyAnEqualValue() {
        counts.put("a", 1000);

        assertThat(counts.remove("a", 999)).isFalse();
        assertThat(counts.containsKey("a")).isTrue();
        assertThat(counts.remove("a", Integer.valueOf(1000))).isTrue();
        assertThat(counts.containsKey("a")).isFalse();
        assertThat(counts.remove("a", 1000)).isFalse();
    }

    @Test
    void computeInsertsUpdatesAndRemoves() {
        assertThat(counts.compute("a", (k, v) -> v == null ? 1 : v + 1)).isEqualTo(1);
        assertThat(counts.compute("a", (k, v) -> v == null ? 1 : v + 1)).isEqualTo(2);
        assertThat(counts.compute("a", (k, v) -> null)).isNull();

        assertThat(counts.containsKey("a")).isFalse();
    }

    @Test
    void computeIfAbsentRunsOnlyForAFreeKey() {
        List<String> calls = new ArrayList<>();

        assertThat(counts.computeIfAbsent("a", k -> {
            calls.add(k);
            return 7;
        })).isEqualTo(7);
        assertThat(counts.computeIfAbsent("a", k -> {
            calls.add(k);
            return 8;
        })).isEqualTo(7);
        assertThat(counts.computeIfAbsent("b", k -> null)).isNull();

        assertThat(calls).containsExactly("a");
        assertThat(counts).containsExactly(Map.entry("a", 7));
    }

    @Test
    void computeIfPresentRunsOnlyForAPresentKeyAndNullRemoves() {
        counts.put("a", 1);

        assertThat(counts.computeIfPresent("a", (k, v) -> v * 10)).isEqualTo(10);
        assertThat(counts.computeIfPresent("missing", (k, v) -> 99)).isNull();
        assertThat(counts.containsKey("missing")).isFalse();
        assertThat(counts.computeIfPresent("a", (k, v) -> null)).isNull();
        assertThat(counts).isEmpty();
    }

    @Test
    void mergeInsertsCombinesAndRemoves() {
        assertThat(counts.merge("a", 5, Integer::sum)).isEqualTo(5);
        assertThat(counts.merge("a", 3, Integer::sum)).isEqualTo(8);
        assertThat(counts.merge("a", 0, (old, x) -> null)).isNull();

        assertThat(counts).isEmpty();
    }

    @Test
    void forEachReplaceAllAndTheCollectionViewsSeeTheContents() {
        counts.putAll(Map.of("a", 1, "b", 2));
        Map<String, Integer> seen = new HashMap<>();

        counts.forEach(seen::put);
        counts.replaceAll((k, v) -> v * 100);

        assertThat(seen).isEqualTo(Map.of("a", 1, "b", 2));
        assertThat(counts.keySet()).containsExactlyInAnyOrder("a", "b");
        assertThat(counts.values()).containsExactlyInAnyOrder(100, 200);
        assertThat(counts.entrySet()).containsExactlyInAnyOrder(Map.entry("a", 100), Map.entry("b", 200));
        counts.keySet().remove("a");
        assertThat(counts).containsExactly(Map.entry("b", 200));
    }

    @Test
    void aGlobalMapEqualsAnyMapWithTheSameContents() {
        counts.putAll(Map.of("a", 1, "b", 2));

        assertThat(counts).isEqualTo(Map.of("a", 1, "b", 2));
        assertThat(counts.hashCode()).isEqualTo(Map.of("a", 1, "b", 2).hashCode());
        assertThat(counts.toString()).startsWith("GlobalMap[GLOBAL/counts]");
    }

    @Test
    void nullKeysAndValuesAreRejected() {
        assertThatThrownBy(() -> counts.put(null, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> counts.put("a", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> counts.putIfAbsent("a", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> counts.get(null)).isInstanceOf(NullPointerException.class);
        assertThat(counts).isEmpty();
    }

    @Test
    void internalMapsOpenForInternalCodeAndExternalOnesDoNot() {
        GlobalMap<String, String> internal = SKGlobal.map(Domain.INTERNAL, "config");
        internal.put("mode", "fast");

        assertThat(SKGlobal.<String, String>map(Domain.INTERNAL, "config")).containsEntry("mode", "fast");
        assertThatThrownBy(() -> SKGlobal.map(Domain.EXTERNAL, "config"))
                .isInstanceOfSatisfying(SKAccessException.class, e -> {
                    assertThat(e.domain()).isEqualTo(Domain.EXTERNAL);
                    assertThat(e).hasMessageContaining("may not open the EXTERNAL global map 'config'");
                });
    }

    @Test
    void sixteenThreadsMergingTenThousandTimesCountExactly() throws Exception {
        int perThread = 10_000;

        Concurrently.run(t -> {
            for (int i = 0; i < perThread; i++) {
                counts.merge("hits", 1, Integer::sum);
                counts.merge("key-" + (i % 10), 1, Integer::sum);
            }
            return null;
        });

        assertThat(counts.get("hits")).isEqualTo(THREADS * perThread);
        for (int k = 0; k < 10; k++) {
            assertThat(counts.get("key-" + k)).isEqualTo(THREADS * perThread / 10);
        }
        assertThat(counts).hasSize(11);
    }

    @Test
    void sixteenThreadsComputingCountExactly() throws Exception {
        int perThread = 5_000;

        Concurrently.run(t -> {
            for (int i = 0; i < perThread; i++) {
                counts.compute("hits", (k, v) -> v == null ? 1 : v + 1);
                counts.computeIfPresent("hits", (k, v) -> v + 1);
            }
            return null;
        });

        assertThat(counts.get("hits")).isEqualTo(2 * THREADS * perThread);
    }

    @Test
    void compareAndReplaceLoopsFromSixteenThreadsLoseNoUpdate() throws Exception {
        int perThread = 2_000;
        counts.put("hits", 0);

        Concurrently.run(t -> {
            for (int i = 0; i < perThread; i++) {
                boolean replaced;
                do {
                    Integer current = counts.get("hits");
                    replaced = counts.replace("hits", current, current + 1);
                } while (!replaced);
            }
            return null;
        });

        assertThat(counts.get("hits")).isEqualTo(THREADS * perThread);
    }

    @Test
    void racingPutIfAbsentHasExactlyOneWinnerPerKey() throws Exception {
        int keys = 1_000;

        List<Integer> wins = Concurrently.run(t -> {
            int won = 0;
            for (int i = 0; i < keys; i++) {
                if (counts.putIfAbsent("k" + i, t) == null) {
                    won++;
                }
            }
            return won;
        });

        assertThat(wins.stream().mapToInt(Integer::intValue).sum()).isEqualTo(keys);
        assertThat(counts).hasSize(keys);
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            assertThat(counts.values().stream().filter(v -> v == thread).count()).isEqualTo((long) wins.get(t));
        }
    }

    @Test
    void racingConditionalRemovesRemoveEachEntryExactlyOnce() throws Exception {
        int keys = 2_000;
        for (int i = 0; i < keys; i++) {
            counts.put("k" + i, i);
        }

        List<Integer> removed = Concurrently.run(t -> {
            int mine = 0;
            for (int i = 0; i < keys; i++) {
                int k = (i + t * 131) % keys;
                if (counts.remove("k" + k, k)) {
                    mine++;
                }
            }
            return mine;
        });

        assertThat(removed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(keys);
        assertThat(counts).isEmpty();
    }
}
