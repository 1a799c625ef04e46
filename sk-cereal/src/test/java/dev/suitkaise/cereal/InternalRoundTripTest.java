package dev.suitkaise.cereal;

import dev.suitkaise.cereal.fixtures.Fixtures;
import dev.suitkaise.cereal.fixtures.Fixtures.Color;
import dev.suitkaise.cereal.fixtures.Fixtures.Line;
import dev.suitkaise.cereal.fixtures.Fixtures.Node;
import dev.suitkaise.cereal.fixtures.Fixtures.Op;
import dev.suitkaise.cereal.fixtures.Fixtures.Pair;
import dev.suitkaise.cereal.fixtures.Fixtures.Point;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class InternalRoundTripTest {

    private final InternalCereal cereal = SKCereal.internal();

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(T value) {
        return (T) cereal.deserialize(cereal.serialize(value));
    }

    @Test
    void primitivesBoxesAndStringsComeBackEqual() {
        Object[] values = {1, -7L, 3.5f, 2.25d, (short) 9, (byte) -3, 'x', true, null, "", "héllo wörld ✓",
                Integer.MIN_VALUE, Long.MAX_VALUE, Double.NaN};
        for (Object v : values) {
            assertThat(roundTrip(v)).isEqualTo(v);
        }
        assertThat(cereal.deserialize(cereal.serialize(42), int.class)).isEqualTo(42);
    }

    @Test
    void arraysIncludingMultiDimensionalComeBackEqual() {
        int[][] grid = {{1, 2}, {3}, {}};
        String[][][] cube = {{{"a", null}, {"b"}}};
        assertThat(roundTrip(grid)).isDeepEqualTo(grid);
        assertThat(roundTrip(cube)).isDeepEqualTo(cube);
        assertThat(roundTrip(new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
        assertThat(roundTrip(new char[] {'a'})).containsExactly('a');
        assertThat(roundTrip(new boolean[] {true, false})).containsExactly(true, false);
        assertThat(roundTrip(new double[] {1.5})).containsExactly(1.5);
        Object[] mixed = {1, "two", new int[] {3}};
        Object[] back = roundTrip(mixed);
        assertThat(back[0]).isEqualTo(1);
        assertThat((int[]) back[2]).containsExactly(3);
    }

    @Test
    void enumsIncludingEnumsWithBodiesKeepTheirIdentity() {
        assertThat(roundTrip(Color.GREEN)).isSameAs(Color.GREEN);
        assertThat(roundTrip(Op.MUL)).isSameAs(Op.MUL);
        assertThat(roundTrip(Op.ADD).apply(2, 3)).isEqualTo(5);
        assertThat(roundTrip(java.util.concurrent.TimeUnit.SECONDS)).isSameAs(java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void recordsIncludingNestedAndGenericComeBackEqual() {
        Line line = new Line(new Pair<>(1, 2), new Pair<>(3, 4), "diag");
        assertThat(roundTrip(line)).isEqualTo(line);
        Pair<String, List<Pair<Integer, Color>>> generic = new Pair<>("g", List.of(new Pair<>(1, Color.RED)));
        assertThat(roundTrip(generic)).isEqualTo(generic);
    }

    @Test
    void classesWithoutANoArgConstructorAreRebuiltWithoutRunningOne() {
        Point p = new Point(3, 4);
        assertThat(roundTrip(p)).isEqualTo(p);
    }

    @Test
    void innerAnonymousAndLocalClassesKeepTheirState() {
        Fixtures.Outer outer = new Fixtures.Outer();
        outer.label = "mine";
        Fixtures.Outer.Inner inner = outer.inner(7);
        Fixtures.Outer.Inner innerBack = roundTrip(inner);
        assertThat(innerBack.value).isEqualTo(7);
        assertThat(innerBack.outer().label).isEqualTo("mine");

        int captured = 11;
        Supplier<Integer> anonymous = new Supplier<>() {
            @Override
            public Integer get() {
                return captured * 2;
            }
        };
        assertThat(roundTrip(anonymous).get()).isEqualTo(22);

        class Local {
            final String text;

            Local(String text) {
                this.text = text;
            }
        }
        assertThat(roundTrip(new Local("local")).text).isEqualTo("local");
    }

    @Test
    void immutableFactoryCollectionsComeBackEqualAndImmutableOfTheSameClass() {
        List<Object> values = List.of(List.of(), List.of(1), List.of(1, 2, 3), Set.of(), Set.of("a"), Set.of(1, 2, 3),
                Map.of(), Map.of("k", 1), Map.of("a", 1, "b", 2), List.copyOf(new ArrayList<>(List.of(5, 6))),
                java.util.stream.Stream.of(1, null).toList());
        for (Object v : values) {
            Object back = roundTrip(v);
            assertThat(back).isEqualTo(v);
            assertThat(back.getClass()).isEqualTo(v.getClass());
        }
    }

    @Test
    void collectionsWrappersSingletonsAndEmptiesComeBackEqualAndOfTheSameClass() {
        List<Object> values = List.of(
                Collections.unmodifiableList(new ArrayList<>(List.of(1, 2))),
                Collections.unmodifiableList(new LinkedList<>(List.of(1, 2))),
                Collections.unmodifiableSet(new java.util.HashSet<>(Set.of("x"))),
                Collections.unmodifiableMap(new HashMap<>(Map.of("a", 1))),
                Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(3, 1, 2))),
                Collections.unmodifiableNavigableMap(new TreeMap<>(Map.of(1, "one"))),
                Collections.unmodifiableCollection(new ArrayList<>(List.of(9))),
                Collections.synchronizedList(new ArrayList<>(List.of(1))),
                Collections.synchronizedMap(new HashMap<>(Map.of(1, 2))),
                Collections.synchronizedSet(new java.util.HashSet<>(Set.of(4))),
                Collections.synchronizedSortedMap(new TreeMap<>(Map.of(2, 3))),
                Collections.singletonList("one"), Collections.singleton(1), Collections.singletonMap("k", "v"),
                Collections.emptyList(), Collections.emptySet(), Collections.emptyMap(), Collections.emptySortedSet(),
                Collections.emptyNavigableMap(), Arrays.asList(1, 2, 3));
        for (Object v : values) {
            Object back = roundTrip(v);
            assertThat(back.getClass()).as(v.getClass().getName()).isEqualTo(v.getClass());
            if (v instanceof Collection<?> c && !(v instanceof List<?>) && !(v instanceof Set<?>)) {
                assertThat(new ArrayList<>((Collection<?>) back)).isEqualTo(new ArrayList<>(c));
            } else {
                assertThat(back).isEqualTo(v);
            }
        }
    }

    @Test
    void sortedCollectionsKeepTheirSerializableComparator() {
        Comparator<String> byLength = (Comparator<String> & Serializable) (a, b) -> Integer.compare(a.length(), b.length());
        TreeSet<String> set = new TreeSet<>(byLength);
        set.addAll(List.of("ccc", "a", "bb"));
        TreeSet<String> back = roundTrip(set);
        assertThat(back).containsExactly("a", "bb", "ccc");
        back.add("dddd");
        assertThat(back.last()).isEqualTo("dddd");
        TreeMap<String, Integer> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.putAll(Map.of("a", 1, "b", 2));
        assertThat(roundTrip(reversed).firstKey()).isEqualTo("b");
    }

    @Test
    void enumSetsAndEnumMapsComeBackEqualEvenWhenEmpty() {
        assertThat(roundTrip(EnumSet.of(Color.RED, Color.BLUE))).isEqualTo(EnumSet.of(Color.RED, Color.BLUE));
        assertThat(roundTrip(EnumSet.noneOf(Color.class))).isEqualTo(EnumSet.noneOf(Color.class));
        EnumMap<Color, String> map = new EnumMap<>(Color.class);
        map.put(Color.GREEN, "g");
        assertThat(roundTrip(map)).isEqualTo(map).isInstanceOf(EnumMap.class);
        EnumMap<Color, String> empty = roundTrip(new EnumMap<>(Color.class));
        empty.put(Color.RED, "now typed");
        assertThat(empty).containsEntry(Color.RED, "now typed");
    }

    @Test
    void optionalsTimeTypesAndValueTypesComeBackEqual() throws Exception {
        List<Object> values = List.of(Optional.of("x"), Optional.empty(), OptionalInt.of(3), Instant.ofEpochSecond(5, 7),
                Duration.ofMillis(1234), LocalDate.of(2026, 11, 25), LocalTime.of(18, 5), LocalDateTime.of(2026, 1, 2, 3, 4),
                ZonedDateTime.of(2026, 1, 2, 3, 4, 5, 6, ZoneId.of("Europe/Paris")), OffsetDateTime.now(ZoneOffset.ofHours(2)),
                ZoneId.of("America/New_York"), ZoneOffset.UTC, Period.ofDays(3), Year.of(1999), YearMonth.of(2020, 2),
                MonthDay.of(12, 24), UUID.randomUUID(), new BigInteger("123456789012345678901234567890"),
                new BigDecimal("-3.14159265358979323846"), Path.of("/tmp/some/file.txt"), new File("rel/x.txt"),
                URI.create("https://suitkaise.dev/a?b=c#d"), URI.create("https://suitkaise.dev/x").toURL(), StandardCharsets.UTF_8,
                Locale.CANADA_FRENCH, Locale.forLanguageTag("sr-Latn-RS"), String.class, int.class, Node.class,
                new StringBuilder("sb").toString());
        for (Object v : values) {
            assertThat(roundTrip(v)).as(v.getClass().getName()).isEqualTo(v);
        }
        java.util.GregorianCalendar calendar = new java.util.GregorianCalendar(java.util.TimeZone.getTimeZone("Asia/Tokyo"));
        calendar.setTimeInMillis(1_700_000_000_000L);
        assertThat(roundTrip(calendar)).isEqualTo(calendar);
        java.sql.Timestamp timestamp = new java.sql.Timestamp(1_700_000_000_123L);
        timestamp.setNanos(123_456_789);
        assertThat(roundTrip(timestamp)).isEqualTo(timestamp);
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("key", "value");
        assertThat(roundTrip(properties)).isEqualTo(properties).isInstanceOf(java.util.Properties.class);
        Pattern p = Pattern.compile("a+b", Pattern.CASE_INSENSITIVE);
        Pattern pb = roundTrip(p);
        assertThat(pb.pattern()).isEqualTo("a+b");
        assertThat(pb.flags()).isEqualTo(Pattern.CASE_INSENSITIVE);
        assertThat(pb.matcher("AAB").matches()).isTrue();
    }

    @Test
    void atomicsKeepTheirValues() {
        assertThat(roundTrip(new AtomicInteger(5)).get()).isEqualTo(5);
        assertThat(roundTrip(new AtomicLong(-9)).get()).isEqualTo(-9);
        assertThat(roundTrip(new AtomicBoolean(true)).get()).isTrue();
        assertThat(roundTrip(new AtomicReference<>("ref")).get()).isEqualTo("ref");
        AtomicIntegerArray array = new AtomicIntegerArray(new int[] {1, 2});
        assertThat(roundTrip(array).get(1)).isEqualTo(2);
        java.util.concurrent.atomic.LongAdder adder = new java.util.concurrent.atomic.LongAdder();
        adder.add(41);
        adder.increment();
        assertThat(roundTrip(adder).sum()).isEqualTo(42);
        java.util.concurrent.atomic.DoubleAdder doubleAdder = new java.util.concurrent.atomic.DoubleAdder();
        doubleAdder.add(1.5);
        assertThat(roundTrip(doubleAdder).sum()).isEqualTo(1.5);
    }

    @Test
    void concurrentCollectionsKeepTheirContents() {
        ConcurrentHashMap<String, Integer> chm = new ConcurrentHashMap<>(Map.of("a", 1, "b", 2));
        assertThat(roundTrip(chm)).isEqualTo(chm).isInstanceOf(ConcurrentHashMap.class);
        ConcurrentSkipListMap<Integer, String> skip = new ConcurrentSkipListMap<>(Map.of(2, "b", 1, "a"));
        assertThat(roundTrip(skip)).isEqualTo(skip);
        CopyOnWriteArrayList<Integer> cow = new CopyOnWriteArrayList<>(List.of(1, 2));
        assertThat(roundTrip(cow)).isEqualTo(cow);
        ConcurrentLinkedDeque<String> deque = new ConcurrentLinkedDeque<>(List.of("x", "y"));
        assertThat(roundTrip(deque)).containsExactly("x", "y");
        Set<String> keySet = ConcurrentHashMap.newKeySet();
        keySet.add("k");
        assertThat(roundTrip(keySet)).containsExactly("k");
    }

    @Test
    void blockingQueuesAreSnapshottedWithoutDrainingTheOriginal() throws Exception {
        LinkedBlockingQueue<Integer> linked = new LinkedBlockingQueue<>(10);
        linked.addAll(List.of(1, 2, 3));
        ArrayBlockingQueue<String> array = new ArrayBlockingQueue<>(5);
        array.add("a");
        LinkedBlockingDeque<Integer> deque = new LinkedBlockingDeque<>(List.of(7));
        PriorityBlockingQueue<Integer> priority = new PriorityBlockingQueue<>(List.of(5, 1, 3));

        LinkedBlockingQueue<Integer> linkedBack = roundTrip(linked);
        ArrayBlockingQueue<String> arrayBack = roundTrip(array);
        assertThat(linked).containsExactly(1, 2, 3);
        assertThat(array).containsExactly("a");
        assertThat(linkedBack).containsExactly(1, 2, 3);
        assertThat(linkedBack.remainingCapacity()).isEqualTo(7);
        assertThat(arrayBack.remainingCapacity()).isEqualTo(4);
        assertThat(roundTrip(deque)).containsExactly(7);
        assertThat(roundTrip(priority).take()).isEqualTo(1);
        assertThat(priority).hasSize(3);
    }

    @Test
    void serializableLambdasAndMethodReferencesIncludingCapturingOnesStillWork() {
        Fixtures.SerializableFunction<Integer, Integer> add5 = Fixtures.adder(5);
        assertThat(roundTrip(add5).apply(1)).isEqualTo(6);
        Fixtures.SerializableFunction<String, Integer> length = String::length;
        assertThat(roundTrip(length).apply("four")).isEqualTo(4);
        String prefix = "pre-";
        Function<String, String> capturing = (Function<String, String> & Serializable) s -> prefix + s;
        assertThat(roundTrip(capturing).apply("x")).isEqualTo("pre-x");
        Supplier<List<String>> ctor = (Supplier<List<String>> & Serializable) ArrayList::new;
        assertThat(roundTrip(ctor).get()).isEmpty();
    }

    @Test
    void customWriteObjectReadObjectWriteReplaceAndReadResolveAreHonoured() {
        Fixtures.Custom custom = roundTrip(new Fixtures.Custom("secret"));
        assertThat(custom.secret).isEqualTo("secret");
        assertThat(custom.reads).isEqualTo(1);
        assertThat(roundTrip(Fixtures.Singleton.INSTANCE)).isSameAs(Fixtures.Singleton.INSTANCE);
        assertThat(roundTrip(new Fixtures.Replaced("v")).value).isEqualTo("V!");
    }

    @Test
    void exceptionsKeepTheirMessageCauseAndStackTrace() {
        IllegalStateException original = new IllegalStateException("outer", new java.io.IOException("inner"));
        original.addSuppressed(new SKCerealException("suppressed"));
        IllegalStateException back = roundTrip(original);
        assertThat(back).hasMessage("outer");
        assertThat(back.getCause()).isInstanceOf(java.io.IOException.class).hasMessage("inner");
        assertThat(back.getSuppressed()).singleElement().isInstanceOf(SKCerealException.class);
        assertThat(back.getStackTrace()).isEqualTo(original.getStackTrace());
    }

    @Test
    void sharedAndCyclicReferencesKeepTheirIdentityStructure() {
        Node a = new Node("a");
        Node b = new Node("b");
        a.next = b;
        b.next = a;
        a.children.add(b);
        a.children.add(a);
        List<Object> shared = new ArrayList<>();
        shared.add(shared);
        a.payload = new Object[] {shared, shared, b};
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", a);
        map.put("b", b);
        map.put("self", map);

        Map<String, Object> back = roundTrip(map);
        Node a2 = (Node) back.get("a");
        Node b2 = (Node) back.get("b");
        assertThat(back.get("self")).isSameAs(back);
        assertThat(a2.next).isSameAs(b2);
        assertThat(b2.next).isSameAs(a2);
        assertThat(a2.children.get(0)).isSameAs(b2);
        assertThat(a2.children.get(1)).isSameAs(a2);
        Object[] payload = (Object[]) a2.payload;
        assertThat(payload[0]).isSameAs(payload[1]);
        assertThat(((List<?>) payload[0]).get(0)).isSameAs(payload[0]);
        assertThat(payload[2]).isSameAs(b2);
    }

    @Test
    void aChainAThousandObjectsDeepRoundTripsOnAVirtualThread() throws Exception {
        Node head = new Node("0");
        Node cursor = head;
        for (int i = 1; i < 1000; i++) {
            cursor.next = new Node(String.valueOf(i));
            cursor = cursor.next;
        }
        cursor.next = head;
        Object[] result = new Object[1];
        Thread worker = Thread.ofVirtual().start(() -> {
            try {
                result[0] = roundTrip(head);
            } catch (RuntimeException e) {
                result[0] = e;
            }
        });
        assertThat(worker.join(Duration.ofSeconds(30))).isTrue();
        assertThat(result[0]).isInstanceOf(Node.class);
        Node back = (Node) result[0];
        Node walk = back;
        for (int i = 0; i < 1000; i++) {
            assertThat(walk.name).isEqualTo(String.valueOf(i));
            walk = walk.next;
        }
        assertThat(walk).isSameAs(back);
    }

    @Test
    void streamVariantsCarrySeveralFramesOnOneStream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cereal.serialize("first", out);
        cereal.serialize(List.of(1, 2), out);
        cereal.serialize(null, out);
        ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
        assertThat(cereal.deserialize(in, String.class)).isEqualTo("first");
        assertThat(cereal.deserialize(in)).isEqualTo(List.of(1, 2));
        assertThat(cereal.deserialize(in)).isNull();
        assertThat(in.available()).isZero();
    }

    @Test
    void manyVirtualThreadsCanUseTheCodecAtOnce() throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicInteger good = new AtomicInteger();
        for (int t = 0; t < 64; t++) {
            int id = t;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 50; i++) {
                    Pair<Integer, String> value = new Pair<>(id * 1000 + i, "v" + i);
                    if (value.equals(roundTrip(value))) {
                        good.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            assertThat(thread.join(Duration.ofSeconds(30))).isTrue();
        }
        assertThat(good.get()).isEqualTo(64 * 50);
    }

    @Test
    void smallGraphsAfterALargeOneOnThePooledSessionsKeepIdentityAndCycles() {
        InternalCereal codec = InternalCereal.builder().build(); // its own pool: the sessions below are reused
        Node shared = new Node();
        shared.name = "shared";
        java.util.Map<String, Object> large = new java.util.HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            large.put("k" + i, i % 2 == 0 ? shared : List.of(i));
        }
        java.util.Map<?, ?> largeBack = (java.util.Map<?, ?>) codec.deserialize(codec.serialize(large));
        assertThat(largeBack).hasSize(5_000);
        assertThat(largeBack.get("k0")).isSameAs(largeBack.get("k4998"));

        for (int round = 0; round < 50; round++) {
            Node a = new Node();
            a.name = "a" + round;
            a.next = a;
            a.payload = shared; // written in full again: nothing of the large message is remembered
            a.children.add(a);
            Object[] back = (Object[]) codec.deserialize(codec.serialize(new Object[] {a, a, shared}));
            Node first = (Node) back[0];
            assertThat(first.name).isEqualTo("a" + round);
            assertThat(back[1]).isSameAs(first);
            assertThat(first.next).isSameAs(first);
            assertThat(first.children.get(0)).isSameAs(first);
            assertThat(first.payload).isSameAs(back[2]);
            assertThat(((Node) back[2]).name).isEqualTo("shared");
        }
    }

    @Test
    void mapsSharedWithAWritingThreadAreSnapshottedWhenSynchronizedOrAViewOfAConcurrentMap() throws Exception {
        java.util.concurrent.ConcurrentHashMap<Integer, Integer> concurrent = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Map<Integer, Integer> synced = java.util.Collections.synchronizedMap(new java.util.HashMap<>());
        for (int i = 0; i < 2_000; i++) {
            concurrent.put(i, i);
            synced.put(i, i);
        }
        java.util.Map<Integer, Integer> view = java.util.Collections.unmodifiableMap(concurrent);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = Thread.ofPlatform().start(() -> {
            for (int n = 0; !stop.get(); n++) {
                int k = 2_000 + n % 10;
                concurrent.put(k, n);
                concurrent.remove(k);
                synced.put(k, n);
                synced.remove(k);
            }
        });
        try {
            for (int round = 0; round < 300; round++) {
                java.util.Map<?, ?> a = (java.util.Map<?, ?>) cereal.deserialize(cereal.serialize(view));
                java.util.Map<?, ?> b = (java.util.Map<?, ?>) cereal.deserialize(cereal.serialize(synced));
                assertThat(a.size()).isBetween(2_000, 2_010);
                assertThat(b.size()).isBetween(2_000, 2_010);
                assertThat(b.get(1_999)).isEqualTo(1_999);
            }
        } finally {
            stop.set(true);
            writer.join();
        }
    }
}
