package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.InProcessGlobalStorage;
import dev.suitkaise.testkit.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Global maps: ConcurrentMap semantics, sharing by name, and exact results under contention, both
 * while nobody listens (operations go straight to the map) and while a listener is registered
 * (every change goes through the observed path).
 */
class GlobalMapTest {

    private static final int THREADS = Concurrently.THREADS;
    private static final Duration BOUND = Duration.ofSeconds(60);
    /** The display name of the races run without and with a listener. */
    private static final String WITH_A_LISTENER = "with a listener registered: {0}";

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

    @ParameterizedTest(name = WITH_A_LISTENER)
    @ValueSource(booleans = {false, true})
    void replaceAllRefusesAFunctionThatReturnsNullAndLeavesTheKey(boolean listened) {
        counts.put("a", 1);
        List<GlobalChange<String, Integer>> seen = new CopyOnWriteArrayList<>();
        if (listened) {
            counts.onChange(seen::add);
        }

        assertThatThrownBy(() -> counts.replaceAll((k, v) -> null)).isInstanceOf(NullPointerException.class);

        assertThat(counts).containsExactly(Map.entry("a", 1));
        assertThat(seen).isEmpty();
    }

    @ParameterizedTest(name = WITH_A_LISTENER)
    @ValueSource(booleans = {false, true})
    void anIteratorRemovesOnlyAfterNextAndOnlyOncePerEntry(boolean listened) {
        counts.putAll(Map.of("a", 1, "b", 2));
        List<GlobalChange<String, Integer>> seen = new CopyOnWriteArrayList<>();
        if (listened) {
            counts.onChange(seen::add);
        }
        var entries = counts.entrySet().iterator();
        var keys = counts.keySet().iterator();

        assertThatThrownBy(entries::remove).isInstanceOf(IllegalStateException.class);
        String first = entries.next().getKey();
        entries.remove();
        assertThatThrownBy(entries::remove).isInstanceOf(IllegalStateException.class);
        assertThat(counts).doesNotContainKey(first).hasSize(1);
        String other = keys.next();
        if (other.equals(first)) { // a weakly consistent iterator may still show the removed key
            other = keys.next();
        }
        keys.remove();
        assertThatThrownBy(keys::remove).isInstanceOf(IllegalStateException.class);

        assertThat(counts).isEmpty();
        assertThat(seen).hasSize(listened ? 2 : 0);
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

    /**
     * A listener that checks each key's changes form one chain (each change's old value is the new
     * value the change before it delivered, starting from the map as it was when it registered),
     * and keeps each key's last delivered value. Listeners of one global never run concurrently.
     */
    private static final class KeyChains implements GlobalListener<String, Integer> {
        private final Map<String, Integer> last = new ConcurrentHashMap<>();
        private final List<String> breaks = new CopyOnWriteArrayList<>();
        private final AtomicInteger delivered = new AtomicInteger();

        KeyChains(Map<String, Integer> start) {
            last.putAll(start);
        }

        @Override
        public void onChange(GlobalChange<String, Integer> c) {
            Integer before = last.get(c.key());
            if (!Objects.equals(before, c.oldValue()) && breaks.size() < 10) {
                breaks.add("key " + c.key() + ": a change from " + c.oldValue() + " to " + c.newValue()
                        + " arrived after the change to " + before);
            }
            if (c.newValue() == null) {
                last.remove(c.key());
            } else {
                last.put(c.key(), c.newValue());
            }
            delivered.incrementAndGet();
        }
    }

    /** Registers a {@link KeyChains} listener on the counts if {@code listened}; null otherwise. */
    private KeyChains listenIf(boolean listened) {
        if (!listened) {
            return null;
        }
        KeyChains chains = new KeyChains(new HashMap<>(counts));
        counts.onChange(chains);
        return chains;
    }

    /**
     * Once the race is over, waits (bounded) for the {@code changes} it made to be delivered, then
     * checks each key's changes arrived in the order they took effect and the last one delivered
     * for each key is what the map holds. Does nothing when nobody listened.
     */
    private void assertEachKeysChangesArrivedInOrderEndingAtTheMap(KeyChains chains, int changes) {
        if (chains == null) {
            return;
        }
        Conditions.until("all " + changes + " changes delivered (" + chains.delivered.get() + " so far)", BOUND,
                () -> chains.delivered.get() >= changes);
        assertThat(chains.breaks).as("changes that arrived out of their key's order").isEmpty();
        assertThat(chains.delivered.get()).as("changes delivered").isEqualTo(changes);
        assertThat(chains.last).as("the last value delivered for each key").isEqualTo(new HashMap<>(counts));
    }

    @ParameterizedTest(name = WITH_A_LISTENER)
    @ValueSource(booleans = {false, true})
    void sixteenThreadsMergingTenThousandTimesCountExactly(boolean listened) throws Exception {
        int perThread = 10_000;

        KeyChains chains = listenIf(listened);
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
        assertEachKeysChangesArrivedInOrderEndingAtTheMap(chains, 2 * THREADS * perThread);
    }

    @ParameterizedTest(name = WITH_A_LISTENER)
    @ValueSource(booleans = {false, true})
    void sixteenThreadsComputingCountExactly(boolean listened) throws Exception {
        int perThread = 5_000;

        KeyChains chains = listenIf(listened);
        Concurrently.run(t -> {
            for (int i = 0; i < perThread; i++) {
                counts.compute("hits", (k, v) -> v == null ? 1 : v + 1);
                counts.computeIfPresent("hits", (k, v) -> v + 1);
            }
            return null;
        });

        assertThat(counts.get("hits")).isEqualTo(2 * THREADS * perThread);
        assertEachKeysChangesArrivedInOrderEndingAtTheMap(chains, 2 * THREADS * perThread);
    }

    @ParameterizedTest(name = WITH_A_LISTENER)
    @ValueSource(booleans = {false, true})
    void compareAndReplaceLoopsFromSixteenThreadsLoseNoUpdate(boolean listened) throws Exception {
        int perThread = 2_000;
        counts.put("hits", 0);

        KeyChains chains = listenIf(listened);
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
        assertEachKeysChangesArrivedInOrderEndingAtTheMap(chains, THREADS * perThread);
    }

    @ParameterizedTest(name = WITH_A_LISTENER)
    @ValueSource(booleans = {false, true})
    void racingPutIfAbsentHasExactlyOneWinnerPerKey(boolean listened) throws Exception {
        int keys = 1_000;

        KeyChains chains = listenIf(listened);
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
        assertEachKeysChangesArrivedInOrderEndingAtTheMap(chains, keys);
    }

    @ParameterizedTest(name = WITH_A_LISTENER)
    @ValueSource(booleans = {false, true})
    void racingConditionalRemovesRemoveEachEntryExactlyOnce(boolean listened) throws Exception {
        int keys = 2_000;
        for (int i = 0; i < keys; i++) {
            counts.put("k" + i, i);
        }

        KeyChains chains = listenIf(listened);
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
        assertEachKeysChangesArrivedInOrderEndingAtTheMap(chains, keys);
    }

    @ParameterizedTest(name = WITH_A_LISTENER)
    @ValueSource(booleans = {false, true})
    void replacesRacingRemovesAndReinsertsNeverCreateAKey(boolean listened) throws Exception {
        int keys = 4; // few keys, so that a remove often falls between another thread's look and its write
        int rounds = 2_500;
        for (int i = 0; i < keys; i++) {
            counts.put("k" + i, -1);
        }

        KeyChains chains = listenIf(listened);
        // even threads replace with values no other call writes (so each success changes the value);
        // odd threads remove and insert again: every key present at the end was inserted by them
        List<int[]> made = Concurrently.run(t -> {
            int[] done = new int[3]; // successful replaces, removes, inserts
            int unique = t;
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < keys; i++) {
                    String k = "k" + (i + t) % keys;
                    if (t % 2 == 0) {
                        unique += THREADS;
                        if (counts.replace(k, unique) != null) {
                            done[0]++;
                        }
                    } else {
                        if (counts.remove(k) != null) {
                            done[1]++;
                        }
                        if (counts.putIfAbsent(k, -2 - t) == null) {
                            done[2]++;
                        }
                    }
                }
            }
            return done;
        });

        int replaced = made.stream().mapToInt(d -> d[0]).sum();
        int removed = made.stream().mapToInt(d -> d[1]).sum();
        int inserted = made.stream().mapToInt(d -> d[2]).sum();
        assertThat(counts.size()).as("keys present: %d at the start, %d inserted, %d removed", keys, inserted, removed)
                .isEqualTo(keys + inserted - removed);
        assertEachKeysChangesArrivedInOrderEndingAtTheMap(chains, replaced + removed + inserted);
    }
}
