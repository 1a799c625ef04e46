package dev.suitkaise.cereal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ExternalCollectionsTest {
    private final ExternalCereal cereal = SKCereal.external();

    record Lists(List<String> names, Set<Integer> numbers, SortedSet<String> sorted, Deque<Double> queue,
                 LinkedList<Long> linked, List<List<String>> nested, int[] ints, long[] longs, short[] shorts,
                 double[] doubles, float[] floats, boolean[] flags, String[] words, Integer[][] grid) {
    }

    record Maps(Map<String, Integer> byName, Map<Integer, List<String>> byNumber, NavigableMap<String, Long> sorted,
                Map<List<Integer>, String> byList, HashMap<String, String> concrete) {
    }

    @Test
    void listsSetsQueuesAndArraysComeBackAsTheDeclaredTypes() {
        Lists value = new Lists(List.of("a", "b", "a"), Set.of(3), new TreeSet<>(List.of("z", "y")),
                new ArrayDeque<>(List.of(1.5, -2.0)), new LinkedList<>(List.of(9L)), List.of(List.of("x"), List.of()),
                new int[] {1, -2, Integer.MAX_VALUE}, new long[] {Long.MIN_VALUE}, new short[] {-7},
                new double[] {0.1, Double.MAX_VALUE}, new float[] {2.5f}, new boolean[] {true, false},
                new String[] {"w", null}, new Integer[][] {{1, 2}, {}});

        Lists back = cereal.deserialize(cereal.serialize(value), Lists.class);

        assertThat(back.names()).containsExactly("a", "b", "a");
        assertThat(back.numbers()).containsExactly(3);
        assertThat(back.sorted()).isInstanceOf(TreeSet.class).containsExactly("y", "z");
        assertThat(back.queue()).containsExactly(1.5, -2.0);
        assertThat(back.linked()).isInstanceOf(LinkedList.class).containsExactly(9L);
        assertThat(back.nested()).containsExactly(List.of("x"), List.of());
        assertThat(back.ints()).containsExactly(1, -2, Integer.MAX_VALUE);
        assertThat(back.longs()).containsExactly(Long.MIN_VALUE);
        assertThat(back.shorts()).containsExactly((short) -7);
        assertThat(back.doubles()).containsExactly(0.1, Double.MAX_VALUE);
        assertThat(back.floats()).containsExactly(2.5f);
        assertThat(back.flags()).containsExactly(true, false);
        assertThat(back.words()).containsExactly("w", null);
        assertThat(back.grid()).isDeepEqualTo(new Integer[][] {{1, 2}, {}});
    }

    @Test
    void mapsKeepTheirOrderAndKeyTypes() {
        Map<String, Integer> byName = new LinkedHashMap<>();
        byName.put("zeta", 1);
        byName.put("alpha", 2);
        Map<List<Integer>, String> byList = new LinkedHashMap<>();
        byList.put(List.of(1, 2), "one-two");
        Maps value = new Maps(byName, Map.of(7, List.of("seven")), new TreeMap<>(Map.of("b", 2L, "a", 1L)), byList,
                new HashMap<>(Map.of("k", "v")));

        Maps back = cereal.deserialize(cereal.serialize(value), Maps.class);

        assertThat(back.byName()).containsExactly(Map.entry("zeta", 1), Map.entry("alpha", 2));
        assertThat(back.byNumber()).containsExactly(Map.entry(7, List.of("seven")));
        assertThat(back.sorted()).isInstanceOf(TreeMap.class).containsExactly(Map.entry("a", 1L), Map.entry("b", 2L));
        assertThat(back.byList()).containsExactly(Map.entry(List.of(1, 2), "one-two"));
        assertThat(back.concrete()).isInstanceOf(HashMap.class).containsExactly(Map.entry("k", "v"));
    }

    record Groups(List<String> shared, Set<List<String>> groups, Map<List<String>, Integer> sizes) {
    }

    @Test
    void mapKeysAndSetElementsAreWrittenInFullEvenWhenShared() {
        List<String> shared = new ArrayList<>(List.of("a", "b"));
        Groups groups = new Groups(shared, Set.of(shared), Map.of(shared, 2));

        Groups back = cereal.deserialize(cereal.serialize(groups), Groups.class);

        assertThat(back).isEqualTo(groups);
        assertThat(back.groups().iterator().next()).isNotSameAs(back.shared());
    }

    enum Day { MON, TUE, WED }

    record Week(java.util.EnumSet<Day> open, java.util.EnumMap<Day, Integer> hours) {
    }

    @Test
    void enumSetsAndEnumMapsComeBackAsThemselves() {
        java.util.EnumMap<Day, Integer> hours = new java.util.EnumMap<>(Day.class);
        hours.put(Day.WED, 8);
        Week week = new Week(java.util.EnumSet.of(Day.MON, Day.WED), hours);

        Week back = cereal.deserialize(cereal.serialize(week), Week.class);

        assertThat(back).isEqualTo(week);
        assertThat(back.open()).isInstanceOf(java.util.EnumSet.class);
        assertThat(back.hours()).isInstanceOf(java.util.EnumMap.class);
    }

    @Test
    void plainReadingGivesMutableListsAndOrderedMaps() {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(1, "one");
        map.put(null, List.of(2.5, 3.5));

        Object back = cereal.deserialize(cereal.serialize(List.of("a", 1, map, new int[] {4, 5})));

        assertThat(back).isInstanceOf(ArrayList.class);
        List<?> list = (List<?>) back;
        assertThat(list.get(0)).isEqualTo("a");
        assertThat(list.get(1)).isEqualTo(1L);
        assertThat(list.get(2)).isInstanceOf(LinkedHashMap.class);
        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put(1L, "one");
        expected.put(null, List.of(2.5, 3.5));
        assertThat(list.get(2)).isEqualTo(expected);
        assertThat(new ArrayList<Object>(((Map<?, ?>) list.get(2)).keySet())).containsExactly(1L, null);
        assertThat(list.get(3)).isEqualTo(List.of(4L, 5L));
    }

    @Test
    void numericCollectionsArePackedCompactly() {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            numbers.add(i % 50);
        }

        byte[] bytes = cereal.serialize(numbers);

        assertThat(bytes.length).isLessThanOrEqualTo(1010);
        assertThat(cereal.deserialize(bytes, int[].class)).hasSize(1000).startsWith(0, 1, 2);
    }

    @Test
    void aTopLevelGenericCollectionReadWithAClassGivesPlainElements() {
        byte[] bytes = cereal.serialize(List.of(Map.of("x", 1)));

        @SuppressWarnings("unchecked")
        List<Object> back = cereal.deserialize(bytes, List.class);

        assertThat(back).containsExactly(Map.of("x", 1L));
    }

    @Test
    void anElementOutOfRangeIsRefusedWithItsIndex() {
        byte[] bytes = cereal.serialize(new long[] {1, 2, 1L << 40});

        assertThatThrownBy(() -> cereal.deserialize(bytes, int[].class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("root[2]")
                .hasMessageContaining("does not fit in Integer");
    }

    @Test
    void aListIsRefusedWhereAMapIsDeclared() {
        byte[] bytes = cereal.serialize(Arrays.asList("a", "b"));

        assertThatThrownBy(() -> cereal.deserialize(bytes, Map.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("list_value");
    }

    @Test
    void aQueueThatRefusesNullSaysWhichElement() {
        byte[] bytes = cereal.serialize(Arrays.asList("a", null));

        assertThatThrownBy(() -> cereal.deserialize(bytes, ArrayDeque.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("java.util.ArrayDeque refused the element null");
    }
}
