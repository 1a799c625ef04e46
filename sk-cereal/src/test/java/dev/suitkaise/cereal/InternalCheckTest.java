package dev.suitkaise.cereal;

import dev.suitkaise.cereal.fixtures.Crew;
import dev.suitkaise.cereal.fixtures.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class InternalCheckTest {

    private final InternalCereal cereal = SKCereal.internal();

    private static Crew crewWithProblems() {
        Crew crew = new Crew();
        crew.workers.add(new Crew.Worker("a", new ReentrantLock()));
        crew.workers.add(new Crew.Worker("b", List.of(1, 2)));
        crew.workers.add(new Crew.Worker("c", Runtime.getRuntime()));
        crew.task = Fixtures.plainLambda();
        crew.extras.put("ok", new Fixtures.Point(1, 2));
        crew.extras.put("bad", new Object[] {"fine", new java.util.zip.CRC32()});
        return crew;
    }

    @Test
    void checkReturnsEveryPartThatCannotBeCarriedWithItsObjectPathAndReason() {
        List<CerealIssue> issues = cereal.check(crewWithProblems());
        assertThat(issues).extracting(CerealIssue::path)
                .containsExactlyInAnyOrder("root.workers[2].tool", "root.task", "root.extras[bad][1]");
        CerealIssue runtime = issues.stream().filter(i -> i.path().equals("root.workers[2].tool")).findFirst().orElseThrow();
        assertThat(runtime.type()).isEqualTo("java.lang.Runtime");
        assertThat(runtime.reason()).contains("not supported").contains("CerealHandler");
        CerealIssue task = issues.stream().filter(i -> i.path().equals("root.task")).findFirst().orElseThrow();
        assertThat(task.reason()).contains("Serializable");
    }

    @Test
    void checkOfACarriableGraphIsEmptyAndConsumesNothing() {
        Stream<String> stream = Stream.of("x", "y");
        Map<String, Object> graph = Map.of("stream", stream, "point", new Fixtures.Point(1, 1), "list", List.of(1));
        assertThat(cereal.check(graph)).isEmpty();
        assertThat(stream.toList()).containsExactly("x", "y");
        assertThat(cereal.check(null)).isEmpty();
    }

    @Test
    void checkFindsLiveObjectsThatCannotTravelWithoutTouchingThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("closed.txt");
        java.nio.file.Files.writeString(file, "x");
        java.io.FileInputStream closed = new java.io.FileInputStream(file.toFile());
        closed.close();
        try (java.io.FileInputStream open = new java.io.FileInputStream(file.toFile())) {
            List<CerealIssue> issues = cereal.check(List.of(new java.net.Socket(), closed, open));
            assertThat(issues).extracting(CerealIssue::path).containsExactly("root[0]", "root[1]");
            assertThat(issues.get(0).reason()).contains("never connected");
            assertThat(issues.get(1).reason()).contains("closed");
            assertThat(open.read()).isEqualTo('x');
        }
    }

    @Test
    void aClassOfAModuleThatDoesNotOpenItsPackageIsReportedWithTheOpensDirectiveToAdd() {
        List<CerealIssue> issues = cereal.check(new Fixtures.Pair<>("marker", org.slf4j.MarkerFactory.getMarker("m")));
        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.path()).isEqualTo("root.second");
            assertThat(issue.reason()).contains("opens org.slf4j.helpers to dev.suitkaise.cereal;")
                    .contains("module org.slf4j");
        });
    }

    @Test
    void serializeNamesTheFirstProblemByItsPathAndCountsTheRest() {
        assertThatThrownBy(() -> cereal.serialize(crewWithProblems()))
                .isInstanceOf(SKCerealException.class)
                .hasMessageMatching("(?s)Cannot serialize a .*Crew at root\\.(workers\\[2\\]\\.tool|task|extras\\[bad\\]\\[1\\]) .*")
                .hasMessageContaining("2 more issue(s)");
    }

    @Test
    void checkFindsNothingInTheWorstObjectWhichRoundTrips(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("worst.bin");
        java.nio.file.Files.writeString(file, "0123456789");
        dev.suitkaise.cereal.fixtures.WorstObject.Cargo cargo = dev.suitkaise.cereal.fixtures.WorstObject.build(file,
                new ReentrantLock());
        try {
            assertThat(cereal.check(cargo)).isEmpty();
        } finally {
            ((java.io.FileInputStream) cargo.sections.get("hard").get(11).value).close();
            ((java.util.concurrent.ExecutorService) cargo.sections.get("hard").get(5).value).shutdownNow();
        }
    }

    // ------------------------------------------------------------------ the reader's allow-list

    @Test
    void checkReportsAClassTheReaderOfTheSameCodecRefusesAndSaysHowToAllowIt() {
        InternalCereal strict = InternalCereal.builder().allowDomainRoots(false).build();
        Fixtures.Node node = new Fixtures.Node("a");
        node.next = new Fixtures.Node("b");
        node.payload = new Fixtures.Point(1, 2);

        List<CerealIssue> issues = strict.check(node);

        assertThat(issues).extracting(CerealIssue::path).containsExactly("root", "root.payload");
        assertThat(issues.get(0).type()).isEqualTo(Fixtures.Node.class.getName());
        assertThat(issues.get(0).reason()).contains("Fixtures$Node is not allowed")
                .contains("allowClasses(Node.class)").contains(".allowPackages(\"dev.suitkaise.cereal.fixtures\")")
                .contains("every Node");
        assertThat(catchThrowable(() -> strict.deserialize(strict.serialize(node))))
                .isInstanceOf(SKCerealException.class).hasMessageContaining("Fixtures$Node is not allowed");

        InternalCereal allowing = InternalCereal.builder().allowDomainRoots(false)
                .allowClasses(Fixtures.Node.class, Fixtures.Point.class).build();
        assertThat(allowing.check(node)).isEmpty();
        assertThat(allowing.deserialize(allowing.serialize(node))).isInstanceOf(Fixtures.Node.class);
    }

    @Test
    void checkReportsTheCapturingClassOfALambdaAndClassesInsideJavaSerializationThatTheReaderRefuses() {
        InternalCereal strict = InternalCereal.builder().allowDomainRoots(false)
                .allowClasses(Envelope.class).build();
        Envelope envelope = new Envelope(new Stamp());
        Function<Integer, Integer> lambda = Fixtures.adder(2);

        assertThat(strict.check(envelope)).singleElement().satisfies(issue -> {
            assertThat(issue.path()).isEqualTo("root.stamp");
            assertThat(issue.reason()).contains(Stamp.class.getName() + " is not allowed").contains("Java serialization");
        });
        assertThat(catchThrowable(() -> strict.deserialize(strict.serialize(envelope))))
                .isInstanceOf(SKCerealException.class).hasMessageContaining(Stamp.class.getName());

        assertThat(strict.check(lambda)).singleElement().satisfies(issue -> {
            assertThat(issue.path()).isEqualTo("root");
            assertThat(issue.reason()).contains(Fixtures.class.getName() + " is not allowed");
        });
        assertThat(catchThrowable(() -> strict.deserialize(strict.serialize(lambda))))
                .isInstanceOf(SKCerealException.class).hasMessageContaining(Fixtures.class.getName());
    }

    @Test
    void serializeExplainsItsOwnFailureEvenWhenTheReaderWouldAlsoRefuseAnEarlierClass() {
        InternalCereal strict = InternalCereal.builder().allowDomainRoots(false).build();
        Fixtures.Node node = new Fixtures.Node("a");
        node.payload = Fixtures.plainLambda();

        assertThat(strict.check(node)).extracting(CerealIssue::path).containsExactly("root", "root.payload");
        assertThatThrownBy(() -> strict.serialize(node)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("at root.payload").hasMessageContaining("is not serializable")
                .hasMessageNotContaining("not allowed").hasMessageNotContaining("more issue");
    }

    /** Written with Java serialization (it has writeObject); holds a Serializable class of its own. */
    public static final class Envelope implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        final Stamp stamp;

        Envelope(Stamp stamp) {
            this.stamp = stamp;
        }

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
        }
    }

    /** A plain Serializable class. */
    public static final class Stamp implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        final String text = "stamp";
    }

    // ------------------------------------------------------------------ comparators

    @Test
    void theComparatorOfASortedCollectionOrMapIsCheckedAtItsOwnPath() {
        Comparator<String> notSerializable = (x, y) -> y.compareTo(x);
        TreeMap<String, Integer> map = new TreeMap<>(notSerializable);
        map.put("a", 1);
        TreeSet<String> set = new TreeSet<>(notSerializable);
        PriorityQueue<String> queue = new PriorityQueue<>(notSerializable);

        assertThat(cereal.check(map)).singleElement().satisfies(issue -> {
            assertThat(issue.path()).isEqualTo("root.comparator()");
            assertThat(issue.reason()).contains("is not serializable").contains("Serializable");
        });
        assertThat(cereal.check(List.of(set, queue))).extracting(CerealIssue::path)
                .containsExactly("root[0].comparator()");
        assertThatThrownBy(() -> cereal.serialize(map)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("at root.comparator()");

        Comparator<String> serializable = (Comparator<String> & Serializable) (x, y) -> y.compareTo(x);
        TreeMap<String, Integer> fine = new TreeMap<>(serializable);
        fine.put("a", 1);
        fine.put("b", 2);
        assertThat(cereal.check(fine)).isEmpty();
        assertThat(((TreeMap<?, ?>) cereal.deserialize(cereal.serialize(fine))).firstKey()).isEqualTo("b");
    }

    @Test
    void aLambdaCreatedInsideTheJdkIsReportedWithAdviceToUseAComparatorOfYourOwn() {
        Comparator<String> byLength = Comparator.comparing((Function<String, Integer> & Serializable) String::length);
        TreeSet<String> set = new TreeSet<>(byLength);
        set.add("aa");

        assertThat(cereal.check(set)).singleElement().satisfies(issue -> {
            assertThat(issue.path()).isEqualTo("root.comparator()");
            assertThat(issue.reason()).contains("created inside the JDK").contains("cannot be carried")
                    .contains("of your own").doesNotContain("opens java.util");
        });
        assertThatThrownBy(() -> cereal.serialize(set)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("at root.comparator()").hasMessageContaining("created inside the JDK")
                .hasMessageNotContaining("to the module-info.java of java.base");
        assertThatThrownBy(() -> cereal.serialize(byLength)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("created inside the JDK")
                .hasMessageNotContaining("to the module-info.java of java.base");
    }

    // ------------------------------------------------------------------ inside Java serialization

    /** Written with Java serialization; holds what Java serialization refuses. */
    @SuppressWarnings("serial") // on purpose: check() must find these fields
    public static final class Keeper implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        final String name = "keeper";
        final Object lock = new Object();
        final List<Object> items = new ArrayList<>(List.of("fine", new Fixtures.Point(1, 2)));
        @SuppressWarnings("unused")
        transient Object cache = new Object();

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
        }
    }

    /** Replaced by a {@link Proxy} when Java serialization writes it. */
    public static final class Replacing implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        @SuppressWarnings("unused")
        transient Object held = new Object();

        @Serial
        private Object writeReplace() {
            return new Proxy(held);
        }
    }

    /** The replacement of a {@link Replacing}. */
    @SuppressWarnings("serial") // on purpose: check() must find this field
    public static final class Proxy implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        final Object held;

        Proxy(Object held) {
            this.held = held;
        }
    }

    @Test
    void checkLooksInsideObjectsWrittenWithJavaSerializationAsJavaSerializationWould() {
        assertThat(cereal.check(new Keeper())).extracting(CerealIssue::path)
                .containsExactly("root.items[1]", "root.lock");
        assertThat(cereal.check(new Keeper())).allSatisfy(issue -> assertThat(issue.reason())
                .contains("is not Serializable").contains("inside root (a " + Keeper.class.getName() + ")")
                .contains("transient"));
        assertThatThrownBy(() -> cereal.serialize(new Keeper())).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("at root.items[1]").hasMessageContaining("1 more issue");

        assertThat(cereal.check(List.of(new Replacing()))).singleElement().satisfies(issue -> {
            assertThat(issue.path()).isEqualTo("root[0].held");
            assertThat(issue.type()).isEqualTo("java.lang.Object");
        });
        assertThat(catchThrowable(() -> cereal.serialize(new Replacing()))).isInstanceOf(SKCerealException.class);

        Fixtures.Custom fine = new Fixtures.Custom("c");
        assertThat(cereal.check(fine)).isEmpty();
        assertThat(cereal.deserialize(cereal.serialize(fine))).isInstanceOf(Fixtures.Custom.class);
    }

    /** Written with Java serialization; holds JDK containers with what Java serialization refuses inside. */
    @SuppressWarnings("serial") // on purpose: check() must find what these fields hold
    public static final class Containing implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
        final Map<Object, Object> map = new java.util.LinkedHashMap<>(Map.of("k", new Object()));
        final TreeMap<String, Object> sorted = new TreeMap<>((Comparator<String>) (x, y) -> y.compareTo(x));
        final java.util.concurrent.atomic.AtomicReference<Object> ref =
                new java.util.concurrent.atomic.AtomicReference<>(new Object());
        final java.util.concurrent.atomic.AtomicReferenceArray<Object> refs =
                new java.util.concurrent.atomic.AtomicReferenceArray<>(new Object[] {"fine", new Object()});
        final Throwable error = failure();

        private static Throwable failure() {
            IllegalStateException e = new IllegalStateException("outer", new Holding());
            e.addSuppressed(new Holding());
            return e;
        }

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
        }
    }

    /** An exception that holds what Java serialization refuses. */
    @SuppressWarnings("serial") // on purpose: check() must find this field
    public static final class Holding extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;
        final Object held = new Object();
    }

    @Test
    void theContentsOfContainersAreCheckedAtTheirPathsBothAsTheCodecAndAsJavaSerializationWritesThem() {
        Object[] refused = new Object[6];
        for (int i = 0; i < refused.length; i++) {
            refused[i] = new java.util.zip.CRC32();
        }
        Map<Object, Object> map = new java.util.LinkedHashMap<>();
        map.put("k", refused[0]);
        map.put(refused[1], "v");
        List<Object> codec = List.of(map, new ArrayList<>(List.of("fine", refused[2])),
                new java.util.concurrent.atomic.AtomicReference<>(refused[3]),
                new java.util.concurrent.atomic.AtomicReferenceArray<>(new Object[] {"fine", refused[4]}),
                java.util.Optional.of(refused[5]));

        assertThat(cereal.check(codec)).extracting(CerealIssue::path).containsExactly("root[0][k]",
                "root[0].key(CRC32@" + Integer.toHexString(System.identityHashCode(refused[1])) + ")",
                "root[1][1]", "root[2].value", "root[3][1]", "root[4].value");

        assertThat(cereal.check(new Containing())).extracting(CerealIssue::path).containsExactly(
                "root.error.cause.held", "root.error.suppressed[0].held", "root.map[k]", "root.ref.value",
                "root.refs[1]", "root.sorted.comparator()");
    }

    // ------------------------------------------------------------------ robustness

    /** A map key whose toString() throws. */
    public static final class BadKey {
        @Override
        public String toString() {
            throw new IllegalStateException("no text");
        }
    }

    @Test
    void checkNeverRunsToStringOfMapKeysSoKeysThatRecurseOrThrowDoNotBreakIt() {
        List<Object> a = new ArrayList<>();
        List<Object> b = new ArrayList<>();
        a.add(b);
        b.add(a); // a.toString() recurses without end
        Map<Object, Object> map = new IdentityHashMap<>();
        map.put(a, new Object[] {"fine", Runtime.getRuntime()});
        map.put(new BadKey(), 1);
        map.put("named", 2);

        List<CerealIssue> issues = cereal.check(map);

        assertThat(issues).singleElement().satisfies(issue ->
                assertThat(issue.path()).matches("root\\[ArrayList@[0-9a-f]+\\]\\[1\\]"));
        assertThat(cereal.deserialize(cereal.serialize(new IdentityHashMap<>(Map.of(new BadKey(), 1))))).isNotNull();
    }

    /** A list whose toArray() recurses without end. */
    static final class EndlessList extends AbstractList<Object> {
        @Override
        public Object get(int index) {
            return "x";
        }

        @Override
        public int size() {
            return 1;
        }

        @Override
        public Object[] toArray() {
            return toArray();
        }
    }

    @Test
    void anObjectWhoseCodeOverflowsTheStackIsReportedAndTheRestOfTheGraphIsStillChecked() {
        List<Object> graph = List.of(Collections.unmodifiableList(new EndlessList()), Runtime.getRuntime());

        List<CerealIssue> issues = cereal.check(graph);

        assertThat(issues).extracting(CerealIssue::path).containsExactly("root[0]", "root[1]");
        assertThat(issues.get(0).reason()).contains("StackOverflowError");
        assertThatCode(() -> cereal.check(graph)).doesNotThrowAnyException();
    }

    // ------------------------------------------------------------------ thread locals

    @Test
    void checkDoesNotRunTheInitialValueSupplierOfAThreadLocalButChecksThePlainOnesValue() {
        AtomicInteger runs = new AtomicInteger();
        ThreadLocal<Object> withInitial = ThreadLocal.withInitial(() -> {
            runs.incrementAndGet();
            return "initial";
        });
        ThreadLocal<Object> plain = new ThreadLocal<>();
        plain.set(Runtime.getRuntime());
        InheritableThreadLocal<Object> inheritable = new InheritableThreadLocal<>();

        List<CerealIssue> issues = cereal.check(List.of(withInitial, plain, inheritable));

        assertThat(runs).hasValue(0);
        assertThat(issues).extracting(CerealIssue::path).containsExactly("root[1].value");
    }
}
