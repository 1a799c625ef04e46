package dev.suitkaise.cereal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class ExternalObjectsTest {
    private final ExternalCereal cereal = SKCereal.external();

    enum Color { RED, GREEN, BLUE { @Override public String toString() { return "blue!"; } } }

    record Point(int x, int y) {
    }

    record Shape(String name, Color color, List<Point> points, Instant created) {
    }

    record Page<T>(List<T> items, int total) {
    }

    record Catalog(Page<Point> points, Map<String, Page<Color>> palettes) {
    }

    record Positive(int value) {
        Positive {
            if (value <= 0) {
                throw new IllegalArgumentException("value must be positive, got " + value);
            }
        }
    }

    static class Animal {
        protected String name;
        transient String cache = "not written";
        static int counter = 5;
    }

    static final class Dog extends Animal {
        private int age;
        private final List<String> tricks = new ArrayList<>();
        private Dog owner;

        Dog() {
        }

        Dog(String name, int age) {
            this.name = name;
            this.age = age;
        }
    }

    sealed interface Event permits Started, Stopped {
    }

    record Started(Instant at) implements Event {
    }

    record Stopped(String reason) implements Event {
    }

    record Log(List<Event> events) {
    }

    record Tree(String label, List<Tree> children) {
    }

    record Holder(Object anything) {
    }

    record Pair(Point left, Point right) {
    }

    static final class Node {
        Node next;
    }

    static final class NoDefaultConstructor {
        final int value;

        NoDefaultConstructor(int value) {
            this.value = value;
        }
    }

    @Test
    void recordsWithEnumsListsAndTimesComeBackEqual() {
        Shape shape = new Shape("tri", Color.BLUE, List.of(new Point(0, 0), new Point(3, -4)), Instant.ofEpochSecond(9));

        Shape back = cereal.deserialize(cereal.serialize(shape), Shape.class);

        assertThat(back).isEqualTo(shape);
        assertThat(back.color()).isSameAs(Color.BLUE);
    }

    @Test
    void plainReadingGivesTypedObjectsAsMapsOfTheirFieldsAndEnumsAsNames() {
        Object back = cereal.deserialize(cereal.serialize(new Shape("sq", Color.RED, List.of(new Point(1, 2)), null)));

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "sq");
        expected.put("color", "RED");
        expected.put("points", List.of(Map.of("x", 1L, "y", 2L)));
        expected.put("created", null);
        assertThat(back).isEqualTo(expected);
    }

    @Test
    void genericRecordsResolveTheirTypeArguments() {
        Catalog catalog = new Catalog(new Page<>(List.of(new Point(1, 1)), 1),
                Map.of("warm", new Page<>(List.of(Color.RED), 1)));

        Catalog back = cereal.deserialize(cereal.serialize(catalog), Catalog.class);

        assertThat(back).isEqualTo(catalog);
        assertThat(back.points().items().get(0)).isInstanceOf(Point.class);
        assertThat(back.palettes().get("warm").items().get(0)).isSameAs(Color.RED);
    }

    @Test
    void plainClassesAreWrittenByTheirFieldsIncludingInheritedOnes() {
        Dog dog = new Dog("Rex", 4);
        dog.tricks.add("sit");
        dog.owner = new Dog("Ann", 40);

        Dog back = cereal.deserialize(cereal.serialize(dog), Dog.class);

        assertThat(back.name).isEqualTo("Rex");
        assertThat(back.age).isEqualTo(4);
        assertThat(back.tricks).containsExactly("sit");
        assertThat(back.owner.name).isEqualTo("Ann");
        assertThat(back.cache).isEqualTo("not written");
        assertThat(new ArrayList<Object>(((Map<?, ?>) cereal.deserialize(cereal.serialize(dog))).keySet()))
                .containsExactly("name", "age", "tricks", "owner");
    }

    @Test
    void sealedTypesPickThePermittedSubclassNamedInThePayload() {
        Log log = new Log(List.of(new Started(Instant.EPOCH), new Stopped("done")));

        Log back = cereal.deserialize(cereal.serialize(log), Log.class);

        assertThat(back).isEqualTo(log);
    }

    @Test
    void sharedObjectsStaySharedAndAreWrittenOnce() {
        Point shared = new Point(5, 5);
        List<Point> many = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(shared);
        }

        byte[] bytes = cereal.serialize(new Pair(shared, shared));
        byte[] manyBytes = cereal.serialize(many);
        Pair back = cereal.deserialize(bytes, Pair.class);
        List<?> plain = (List<?>) cereal.deserialize(manyBytes);

        assertThat(back.left()).isSameAs(back.right()).isEqualTo(shared);
        assertThat(plain).hasSize(100);
        assertThat(plain.get(99)).isSameAs(plain.get(0));
        assertThat(manyBytes.length).isLessThan(100 * 6);
    }

    @Test
    void deepTreesRoundTrip() {
        Tree leaf = new Tree("leaf", List.of());
        Tree tree = new Tree("root", List.of(new Tree("a", List.of(leaf)), new Tree("b", List.of(leaf))));

        assertThat(cereal.deserialize(cereal.serialize(tree), Tree.class)).isEqualTo(tree);
    }

    @Test
    void aCycleIsRefusedWithItsPath() {
        Node node = new Node();
        node.next = new Node();
        node.next.next = node;

        assertThatThrownBy(() -> cereal.serialize(node))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("root.next.next")
                .hasMessageContaining("cycle");
    }

    @Test
    void fieldsThePayloadLacksKeepDefaultsAndUnknownFieldsAreIgnored() {
        record Before(String name) {
        }
        record After(String name, int count, List<String> tags) {
        }

        After after = cereal.deserialize(cereal.serialize(new Before("n")), After.class);
        Before before = cereal.deserialize(cereal.serialize(new After("m", 3, List.of("t"))), Before.class);

        assertThat(after).isEqualTo(new After("n", 0, null));
        assertThat(before).isEqualTo(new Before("m"));
    }

    @Test
    void aStringKeyedMapFillsARecordByName() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("y", 2);
        map.put("x", 1);

        assertThat(cereal.deserialize(cereal.serialize(map), Point.class)).isEqualTo(new Point(1, 2));
    }

    @Test
    void anObjectUnderAnObjectFieldComesBackPlain() {
        Holder back = cereal.deserialize(cereal.serialize(new Holder(new Point(3, 4))), Holder.class);

        assertThat(back.anything()).isEqualTo(Map.of("x", 3L, "y", 4L));
    }

    @Test
    void aRecordConstructorRejectingTheValuesGivesAnSKCerealException() {
        byte[] bytes = cereal.serialize(Map.of("value", -1));

        assertThatThrownBy(() -> cereal.deserialize(bytes, Positive.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("constructor of " + Positive.class.getName())
                .hasMessageContaining("value must be positive");
    }

    @Test
    void aClassWithoutANoArgumentConstructorCannotBeReadButCanBeWritten() {
        byte[] bytes = cereal.serialize(new NoDefaultConstructor(3));

        assertThat(cereal.deserialize(bytes)).isEqualTo(Map.of("value", 3L));
        assertThatThrownBy(() -> cereal.deserialize(bytes, NoDefaultConstructor.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("no no-argument constructor");
    }

    @Test
    void anEnumNameUnknownToTheTargetIsRefused() {
        enum Size { SMALL }

        assertThatThrownBy(() -> cereal.deserialize(cereal.serialize(Color.GREEN), Size.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("has no constant GREEN");
    }

    @Test
    void unsupportedJdkObjectsAndLambdasAreRefusedWithTheirPath() {
        Runnable lambda = () -> { };

        assertThatThrownBy(() -> cereal.serialize(new Holder(new Thread())))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("root.anything")
                .hasMessageContaining("java.lang.Thread")
                .hasMessageContaining("SKCereal.internal()");
        assertThatThrownBy(() -> cereal.serialize(List.of(lambda)))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("root[0]")
                .hasMessageContaining("lambda");
    }

    record Profile(String name, java.util.Optional<String> nickname, java.util.Optional<List<Point>> places,
                   java.util.OptionalInt age, java.util.OptionalDouble score) {
    }

    @Test
    void optionalsTravelAsTheirValueOrNull() {
        Profile full = new Profile("a", java.util.Optional.of("b"), java.util.Optional.of(List.of(new Point(1, 2))),
                java.util.OptionalInt.of(3), java.util.OptionalDouble.of(0.5));
        Profile empty = new Profile("c", java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.OptionalInt.empty(), java.util.OptionalDouble.empty());

        assertThat(cereal.deserialize(cereal.serialize(full), Profile.class)).isEqualTo(full);
        assertThat(cereal.deserialize(cereal.serialize(empty), Profile.class)).isEqualTo(empty);
        assertThat(cereal.deserialize(cereal.serialize(java.util.Optional.of("x")))).isEqualTo("x");
        assertThat(cereal.deserialize(cereal.serialize(Map.of("name", "d")), Profile.class))
                .as("missing Optional components are empty, not null")
                .isEqualTo(new Profile("d", java.util.Optional.empty(), java.util.Optional.empty(),
                        java.util.OptionalInt.empty(), java.util.OptionalDouble.empty()));
    }

    record Fragile(int x) {
        @Override
        public int x() {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void anAccessorThatThrowsIsReportedWithItsPath() {
        assertThatThrownBy(() -> cereal.serialize(List.of(new Fragile(1))))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("root[0].x")
                .hasMessageContaining("its accessor threw java.lang.IllegalStateException: boom")
                .hasRootCauseMessage("boom");
    }

    @Test
    void typeAndFieldNamesAreWrittenOncePerDocument() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            points.add(new Point(i, -i));
        }

        byte[] bytes = cereal.serialize(points);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);

        assertThat(text.indexOf(Point.class.getName())).isEqualTo(text.lastIndexOf(Point.class.getName()));
        assertThat(Objects.requireNonNull(cereal.deserialize(bytes, Point[].class))).hasSize(100);
        assertThat(bytes.length).isLessThan(100 * 14 + 100);
    }
}
