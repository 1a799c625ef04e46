package dev.suitkaise.cereal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The internal codec bounds the hashing and comparing a message can make its reader do: nested
 * hash sets that share their parts, keys with one hash code, sets that compare every element.
 * Work is counted (hash codes and equals calls), never timed.
 */
class InternalHashingWorkTest {

    private final InternalCereal cereal = SKCereal.internal();

    /** Counts its hash code computations; all leaves share one hash code. */
    public static final class Leaf {
        static final AtomicLong HASHES = new AtomicLong();

        @Override
        public int hashCode() {
            HASHES.incrementAndGet();
            return 7;
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }
    }

    /** A key whose every instance has the same hash code; counts its equals calls. */
    public static final class SameHash {
        static final AtomicLong EQUALS = new AtomicLong();
        int id;

        public SameHash() {
        }

        SameHash(int id) {
            this.id = id;
        }

        @Override
        public int hashCode() {
            return 42;
        }

        @Override
        public boolean equals(Object o) {
            EQUALS.incrementAndGet();
            return o instanceof SameHash s && s.id == id;
        }
    }

    /** A task of a build graph: equal by id, hashed by id, depending on other tasks. */
    public static final class Task {
        String id;
        List<Task> deps = new ArrayList<>();

        public Task() {
        }

        Task(String id) {
            this.id = id;
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Task t && t.id.equals(id);
        }
    }

    /** An edge between two tasks; records hash their components. */
    public record Edge(Task from, Task to) {
    }

    /**
     * The "SerialDOS" graph: two sets per level, each holding both sets of the next level, so
     * hashing the root visits every path through the levels: 2^depth of them.
     */
    private static Set<Object> sharedNestedSets(int depth) {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < depth; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("foo");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        s1.add(new Leaf());
        s2.add(new Leaf());
        return root;
    }

    /** 2^blocks distinct strings of one hash code ("Aa" and "BB" hash alike). */
    private static List<String> stringsOfOneHash(int blocks) {
        List<String> strings = new ArrayList<>();
        for (int bits = 0; bits < 1 << blocks; bits++) {
            StringBuilder s = new StringBuilder();
            for (int b = 0; b < blocks; b++) {
                s.append((bits >> b & 1) == 0 ? "Aa" : "BB");
            }
            strings.add(s.toString());
        }
        return strings;
    }

    @Test
    void nestedSetsThatShareTheirPartsAreRefusedBeforeTheirHashCodesAreComputedExponentiallyOften() {
        byte[] bytes = cereal.serialize(sharedNestedSets(24)); // about 400 bytes; hashing it fully visits 2^24 paths
        assertThat(bytes.length).isLessThan(500);
        Leaf.HASHES.set(0);
        assertThatThrownBy(() -> cereal.deserialize(bytes)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("would hash or compare more than")
                .hasMessageContaining("share their parts");
        // the budget of a 400-byte message is about a million units; without it, 50 million hash codes
        assertThat(Leaf.HASHES.get()).isLessThan(2_000_000L);

        byte[] shallow = cereal.serialize(sharedNestedSets(8));
        assertThat(cereal.deserialize(shallow)).isInstanceOf(HashSet.class);
    }

    @Test
    void aBackReferenceToASetStillBeingReadWeighsWhatTheSetHoldsSoFar() {
        // the set first gets a list of 2,000 numbers, then a list of 5,000 references to the set
        // itself: adding that list hashes the set 5,000 times, 10 million element visits
        Set<Object> set = new LinkedHashSet<>();
        List<Object> numbers = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            numbers.add(i);
        }
        set.add(numbers);
        List<Object> selfReferences = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            selfReferences.add(set);
        }
        set.add(selfReferences);
        byte[] bytes = cereal.serialize(set);
        assertThatThrownBy(() -> cereal.deserialize(bytes)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("would hash or compare more than");
    }

    @Test
    void manyMapKeysWithOneHashCodeAreRefusedBeforeBuildingTheMapTurnsQuadratic() {
        Map<Object, Object> map = new HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            map.put(new SameHash(i), i); // the sender pays about 12 million equals calls
        }
        byte[] bytes = cereal.serialize(map);
        SameHash.EQUALS.set(0);
        assertThatThrownBy(() -> cereal.deserialize(bytes)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("many keys with one hash code");
        assertThat(SameHash.EQUALS.get()).isLessThan(5_000_000L);

        Map<Object, Object> few = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            few.put(new SameHash(i), i);
        }
        assertThat((Map<?, ?>) cereal.deserialize(cereal.serialize(few))).hasSize(200);
    }

    @Test
    void stringKeysWithOneHashCodeFillAHashMapButNotATableThatChainsOrProbesThem() {
        List<String> strings = stringsOfOneHash(12); // 4,096 strings of one hash code
        Map<String, Integer> map = new HashMap<>();
        Map<String, Integer> linked = new LinkedHashMap<>();
        Set<String> set = new HashSet<>(strings);
        for (int i = 0; i < strings.size(); i++) {
            map.put(strings.get(i), i);
            linked.put(strings.get(i), i);
        }
        // a HashMap orders equal-hash strings in a tree: building it is not quadratic, so it is not refused
        assertThat(cereal.deserialize(cereal.serialize(map))).isEqualTo(map);
        assertThat(cereal.deserialize(cereal.serialize(linked))).isEqualTo(linked);
        assertThat(cereal.deserialize(cereal.serialize(set))).isEqualTo(set);

        Hashtable<String, Integer> table = new Hashtable<>(map);
        Set<String> immutable = Set.copyOf(strings);
        for (Object chainedOrProbed : List.of(table, immutable)) {
            byte[] bytes = cereal.serialize(chainedOrProbed);
            assertThatThrownBy(() -> cereal.deserialize(bytes)).as(chainedOrProbed.getClass().getName())
                    .isInstanceOf(SKCerealException.class).hasMessageContaining("many keys with one hash code");
        }
    }

    @Test
    void keysOfTwoClassesWithOneHashCodeAreCountedTogether() {
        List<String> strings = stringsOfOneHash(12);
        int hash = strings.get(0).hashCode();
        Map<Object, Object> mixed = new HashMap<>();
        for (int i = 0; i < strings.size(); i++) {
            mixed.put(strings.get(i), i);
            long sameHash = ((long) i << 32) | ((i ^ hash) & 0xFFFF_FFFFL); // Long.hashCode folds the halves
            assertThat(Long.hashCode(sameHash)).isEqualTo(hash);
            mixed.put(sameHash, i);
        }
        byte[] bytes = cereal.serialize(mixed);
        assertThatThrownBy(() -> cereal.deserialize(bytes)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("many keys with one hash code");
    }

    @Test
    void aCopyOnWriteArraySetIsChargedForComparingEachElementWithTheOnesBefore() {
        CopyOnWriteArraySet<Integer> big = new CopyOnWriteArraySet<>();
        for (int i = 0; i < 5_000; i++) {
            big.add(i);
        }
        byte[] bytes = cereal.serialize(big);
        assertThatThrownBy(() -> cereal.deserialize(bytes)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("would hash or compare more than");
        CopyOnWriteArraySet<Integer> small = new CopyOnWriteArraySet<>(List.of(3, 1, 2));
        assertThat(cereal.deserialize(cereal.serialize(small))).isEqualTo(small);
    }

    /** A task of a build graph as a record that hashes by its id alone, as records of this kind do. */
    public record TaskRecord(String id, List<TaskRecord> deps) {
        @Override
        public int hashCode() {
            return id.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TaskRecord t && t.id.equals(id);
        }
    }

    @Test
    void aSetOfRecordsThatHashByTheirIdAndShareTheirDependenciesRoundTrips() {
        // 20 layers of 3 tasks, each depending on the whole layer before it: 3^20 paths through the
        // shared dependencies, which a record's default hash code would walk, but this one does not
        List<TaskRecord> previous = List.of();
        List<TaskRecord> all = new ArrayList<>();
        for (int layer = 0; layer < 20; layer++) {
            List<TaskRecord> current = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
                current.add(new TaskRecord(layer + "." + j, List.copyOf(previous)));
            }
            all.addAll(current);
            previous = current;
        }
        Set<TaskRecord> tasks = new HashSet<>(all);

        @SuppressWarnings("unchecked")
        Set<TaskRecord> back = (Set<TaskRecord>) cereal.deserialize(cereal.serialize(tasks));

        assertThat(back).hasSize(60).isEqualTo(tasks);
        TaskRecord last = back.stream().filter(t -> t.id().equals("19.2")).findFirst().orElseThrow();
        assertThat(last.deps()).hasSize(3);
        assertThat(last.deps().get(0).deps()).hasSize(3);
    }

    @Test
    void sharedObjectsInsideSetsAndMapKeysStillRoundTripWithTheirIdentity() {
        // a layered build graph, 40 layers of 3 tasks, each depending on the whole layer before it:
        // 3^40 paths, but a task hashes by its id, and is counted as one object
        List<Task> previous = List.of();
        List<Task> all = new ArrayList<>();
        for (int layer = 0; layer < 40; layer++) {
            List<Task> current = new ArrayList<>();
            for (int j = 0; j < 3; j++) {
                Task t = new Task(layer + "." + j);
                t.deps.addAll(previous);
                current.add(t);
            }
            all.addAll(current);
            previous = current;
        }
        Set<Task> tasks = new HashSet<>(all);
        Map<Task, Integer> order = new HashMap<>();
        Set<Edge> edges = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            order.put(all.get(i), i);
            for (Task dep : all.get(i).deps) {
                edges.add(new Edge(dep, all.get(i)));
            }
        }
        Object[] back = (Object[]) cereal.deserialize(cereal.serialize(new Object[] {all, tasks, order, edges}));
        @SuppressWarnings("unchecked")
        List<Task> allBack = (List<Task>) back[0];
        Set<Object> read = Collections.newSetFromMap(new IdentityHashMap<>());
        read.addAll(allBack);
        assertThat(read).hasSize(120);
        assertThat((Set<?>) back[1]).hasSize(120).allMatch(read::contains);
        assertThat(((Map<?, ?>) back[2]).keySet()).hasSize(120).allMatch(read::contains);
        assertThat((Set<?>) back[3]).hasSize(edges.size())
                .allMatch(e -> read.contains(((Edge) e).from()) && read.contains(((Edge) e).to()));
        Task last = allBack.get(119);
        assertThat(last.deps).hasSize(3);
        assertThat(last.deps.get(0)).isSameAs(allBack.get(114));

        // records that are map keys and list elements at once; sets of lists; sets nested 200 deep
        List<Edge> keys = new ArrayList<>(new ArrayList<>(edges).subList(0, 50));
        Map<Edge, String> index = new LinkedHashMap<>();
        keys.forEach(k -> index.put(k, k.from().id));
        Set<List<String>> pairs = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            pairs.add(List.of("a" + i, "b" + i));
        }
        Set<Object> nested = new HashSet<>(Set.of(-1));
        for (int i = 0; i < 200; i++) {
            Set<Object> outer = new HashSet<>(); // built from the inside out: a set's hash code must not change after it is added
            outer.add(i);
            outer.add(nested);
            nested = outer;
        }
        Object[] more = (Object[]) cereal.deserialize(cereal.serialize(new Object[] {keys, index, pairs, nested}));
        List<?> keysBack = (List<?>) more[0];
        Map<?, ?> indexBack = (Map<?, ?>) more[1];
        assertThat(new ArrayList<Object>(indexBack.keySet())).isEqualTo(keysBack);
        assertThat(indexBack.keySet().iterator().next()).isSameAs(keysBack.get(0));
        assertThat(more[2]).isEqualTo(pairs);
        assertThat(more[3]).isEqualTo(nested);
    }

    @Test
    void theBudgetIsPerMessage() {
        Map<Object, Object> map = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            map.put(new SameHash(i), i);
        }
        byte[] bytes = cereal.serialize(map);
        // each message alone stays within its budget, so a pooled reader does not carry work over
        for (int i = 0; i < 20; i++) {
            assertThat(catchThrowable(() -> cereal.deserialize(bytes))).isNull();
        }
    }
}
