package dev.suitkaise.cereal;

import dev.suitkaise.cereal.fixtures.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A reference back into an object that the reader builds only after its contents (a record, an
 * immutable collection or Collections wrapper, an Optional, an AtomicReference, a lambda) would
 * come back as null: check() reports it with its path and serialize refuses it. A cycle through
 * objects the reader creates first keeps its identity.
 */
class InternalLateBuiltCycleTest {

    private final InternalCereal cereal = SKCereal.internal();

    /** The node, whose payload is the container that holds the node. */
    private static Object cycleThrough(Function<Fixtures.Node, Object> container) {
        Fixtures.Node node = new Fixtures.Node("n");
        Object root = container.apply(node);
        node.payload = root;
        return root;
    }

    static Stream<Arguments> builtAfterTheirContents() {
        return Stream.of(
                Arguments.of("a record", (Function<Fixtures.Node, Object>) n -> new Fixtures.Pair<>(n, 1),
                        "root.first.payload"),
                Arguments.of("List.of", (Function<Fixtures.Node, Object>) List::of, "root[0].payload"),
                Arguments.of("List.of with three", (Function<Fixtures.Node, Object>) n -> List.of(1, n, 2),
                        "root[1].payload"),
                Arguments.of("Map.of", (Function<Fixtures.Node, Object>) n -> Map.of("k", n), "root[k].payload"),
                Arguments.of("Collections.unmodifiableList",
                        (Function<Fixtures.Node, Object>) n -> Collections.unmodifiableList(new ArrayList<>(List.of(n))),
                        "root[0].payload"),
                Arguments.of("Collections.synchronizedMap",
                        (Function<Fixtures.Node, Object>) n -> Collections.synchronizedMap(new HashMap<>(Map.of("k", n))),
                        "root[k].payload"),
                Arguments.of("Collections.singletonList", (Function<Fixtures.Node, Object>) Collections::singletonList,
                        "root[0].payload"),
                Arguments.of("Arrays.asList", (Function<Fixtures.Node, Object>) n -> Arrays.asList(n),
                        "root[0].payload"),
                Arguments.of("Optional", (Function<Fixtures.Node, Object>) Optional::of, "root.value.payload"),
                Arguments.of("AtomicReference", (Function<Fixtures.Node, Object>) AtomicReference::new,
                        "root.value.payload"),
                Arguments.of("a capturing lambda",
                        (Function<Fixtures.Node, Object>) n -> (Supplier<Object> & Serializable) () -> n,
                        "root.captured[0].payload"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtAfterTheirContents")
    void aCycleThroughAnObjectBuiltAfterItsContentsIsReportedByCheckAndRefusedBySerialize(
            String kind, Function<Fixtures.Node, Object> container, String path) {
        Object root = cycleThrough(container);

        assertThat(cereal.check(root)).as(kind).singleElement().satisfies(issue -> {
            assertThat(issue.path()).isEqualTo(path);
            assertThat(issue.type()).isEqualTo(root.getClass().getName());
            assertThat(issue.reason()).contains("refers back to the " + root.getClass().getName() + " at root")
                    .contains("come back as null").contains("serialize refuses it").contains("mutable object");
        });
        assertThatThrownBy(() -> cereal.serialize(root)).as(kind).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("at " + path).hasMessageContaining("come back as null");
    }

    static Stream<Arguments> createdBeforeTheirContents() {
        return Stream.of(
                Arguments.of("an ArrayList", (Function<Fixtures.Node, Object>) n -> new ArrayList<>(List.of(n))),
                Arguments.of("a HashMap", (Function<Fixtures.Node, Object>) n -> new HashMap<>(Map.of("k", n))),
                Arguments.of("a TreeMap", (Function<Fixtures.Node, Object>) n -> new TreeMap<>(Map.of("k", n))),
                Arguments.of("a ConcurrentHashMap",
                        (Function<Fixtures.Node, Object>) n -> new ConcurrentHashMap<>(Map.of("k", n))),
                Arguments.of("a LinkedBlockingQueue",
                        (Function<Fixtures.Node, Object>) n -> new LinkedBlockingQueue<>(List.of(n))),
                Arguments.of("an array", (Function<Fixtures.Node, Object>) n -> new Object[] {n}),
                Arguments.of("an AtomicReferenceArray",
                        (Function<Fixtures.Node, Object>) n -> new AtomicReferenceArray<>(new Object[] {n})),
                Arguments.of("a class with fields", (Function<Fixtures.Node, Object>) n -> {
                    Fixtures.Node holder = new Fixtures.Node("holder");
                    holder.next = n;
                    return holder;
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("createdBeforeTheirContents")
    void aCycleThroughAnObjectCreatedBeforeItsContentsKeepsItsIdentity(String kind, Function<Fixtures.Node, Object> container) {
        Object root = cycleThrough(container);

        assertThat(cereal.check(root)).as(kind).isEmpty();
        Object back = cereal.deserialize(cereal.serialize(root));
        Fixtures.Node node = nodeIn(back);
        assertThat(node.payload).as(kind).isSameAs(back);
    }

    private static Fixtures.Node nodeIn(Object container) {
        Object found;
        if (container instanceof Map<?, ?> m) {
            found = m.get("k");
        } else if (container instanceof Iterable<?> i) {
            found = i.iterator().next();
        } else if (container instanceof Object[] a) {
            found = a[0];
        } else if (container instanceof AtomicReferenceArray<?> a) {
            found = a.get(0);
        } else {
            found = ((Fixtures.Node) container).next;
        }
        return (Fixtures.Node) found;
    }

    @Test
    void aRecordReachedTwiceOutsideItselfAndOneThatPointsToAnEnclosingMutableObjectKeepTheirIdentity() {
        Fixtures.Pair<String, Integer> shared = new Fixtures.Pair<>("s", 1);
        Fixtures.Node node = new Fixtures.Node("n");
        node.payload = new Fixtures.Pair<>(node, shared); // the record points back to the node that holds it
        List<Object> root = new ArrayList<>(List.of(shared, node, List.of(shared)));

        assertThat(cereal.check(root)).isEmpty();
        List<?> back = (List<?>) cereal.deserialize(cereal.serialize(root));
        Fixtures.Node nodeBack = (Fixtures.Node) back.get(1);
        Fixtures.Pair<?, ?> pairBack = (Fixtures.Pair<?, ?>) nodeBack.payload;
        assertThat(pairBack.first()).isSameAs(nodeBack);
        assertThat(pairBack.second()).isSameAs(back.get(0));
        assertThat(((List<?>) back.get(2)).get(0)).isSameAs(back.get(0));
    }

    @Test
    void aCodecThatRefusedACycleStillWritesTheNextGraph() {
        Object cyclic = cycleThrough(n -> new Fixtures.Pair<>(n, 1));
        Fixtures.Pair<String, Integer> fine = new Fixtures.Pair<>("x", 2);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> cereal.serialize(cyclic)).isInstanceOf(SKCerealException.class);
            assertThat(cereal.deserialize(cereal.serialize(List.of(fine, fine)))).isEqualTo(List.of(fine, fine));
        }
    }
}
