package dev.suitkaise.cereal;

import com.esotericsoftware.kryo.io.Output;
import dev.suitkaise.cereal.fixtures.Fixtures;
import dev.suitkaise.cereal.fixtures.SafeBox;
import dev.suitkaise.cereal.fixtures.Witness;
import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InternalSecurityTest {

    private final InternalCereal cereal = SKCereal.internal();

    /**
     * Bytes naming a class directly: the SK header, Kryo's "class by name" marker, name id 0, the
     * name, and the marker of a new (not back-referenced) object, followed by the body.
     */
    private static byte[] naming(String className, byte... body) {
        Output out = new Output(256, -1);
        out.writeBytes(new byte[] {0x53, 0x4B, 0x01});
        out.writeVarInt(1, true);
        out.writeVarInt(0, true);
        out.writeString(className);
        out.writeVarInt(1, true);
        out.writeBytes(body);
        return out.toBytes();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aClassNamedByNameIsResolvedWhenAllowed() {
        Output body = new Output(16);
        body.writeString("hi");
        assertThat(cereal.deserialize(naming("java.lang.String", body.toBytes()))).isEqualTo("hi");
    }

    @Test
    void aClassRefusedBeforeItsCodeBecameADomainRootIsReadOnceItIsAndRefusedAgainOnceItIsNoLonger() {
        // AssertJ's Offset lies under no domain root (a test dependency, on the class path)
        Offset<Double> offset = Offset.offset(0.5);
        byte[] bytes = cereal.serialize(offset);
        assertThatThrownBy(() -> cereal.deserialize(bytes))
                .isInstanceOfSatisfying(SKCerealClassNotAllowedException.class,
                        e -> assertThat(e.className()).isEqualTo(Offset.class.getName()))
                .hasMessageContaining(Offset.class.getName()).hasMessageContaining("not allowed");

        CodeRoot root = CodeRoot.locationOf(Offset.class);
        DomainRoots.add(Domain.EXTERNAL, root);
        try {
            assertThat(cereal.deserialize(bytes)).as("read with the roots changed after the class was refused")
                    .isEqualTo(offset);
        } finally {
            DomainRoots.remove(Domain.EXTERNAL, root);
        }
        assertThatThrownBy(() -> cereal.deserialize(bytes)).as("read once its root is removed again")
                .isInstanceOf(SKCerealException.class).hasMessageContaining("not allowed");
    }

    @Test
    void aDisallowedClassIsRefusedByNameBeforeItsStaticInitializerOrConstructorRuns() {
        InternalCereal strict = InternalCereal.builder().allowDomainRoots(false).allowClasses(SafeBox.class).build();
        SafeBox box = new SafeBox();
        box.content = "payload";
        byte[] bytes = strict.serialize(box);
        assertThat(((SafeBox) strict.deserialize(bytes)).content).isEqualTo("payload");

        int at = indexOf(bytes, "SafeBo".getBytes(StandardCharsets.US_ASCII));
        assertThat(at).isPositive();
        byte[] evil = bytes.clone();
        System.arraycopy("EvilBo".getBytes(StandardCharsets.US_ASCII), 0, evil, at, 6);
        int constructedBefore = Witness.SAFE_CONSTRUCTED.get();

        assertThatThrownBy(() -> strict.deserialize(evil))
                .isInstanceOfSatisfying(SKCerealClassNotAllowedException.class,
                        e -> assertThat(e.className()).isEqualTo("dev.suitkaise.cereal.fixtures.EvilBox"))
                .hasMessageContaining("dev.suitkaise.cereal.fixtures.EvilBox")
                .hasMessageContaining("not allowed");
        assertThat(Witness.EVIL_INITIALIZED.get()).isZero();
        assertThat(Witness.SAFE_CONSTRUCTED.get()).isEqualTo(constructedBefore);
    }

    @Test
    void jdkAndLibraryClassesOutsideTheAllowListAreRefusedWithTheirName() {
        for (String name : List.of("java.lang.ProcessBuilder", "java.net.URLClassLoader", "java.lang.Runtime",
                "javax.script.ScriptEngineManager", "org.assertj.core.api.Assertions", "java.util.logging.FileHandler")) {
            assertThatThrownBy(() -> cereal.deserialize(naming(name, (byte) 1)))
                    .as(name)
                    .isInstanceOf(SKCerealException.class)
                    .hasMessageContaining(name);
        }
    }

    @Test
    void packagesAndClassesCanBeAllowedExplicitly() {
        InternalCereal strict = InternalCereal.builder().allowDomainRoots(false).build();
        Fixtures.Point point = new Fixtures.Point(1, 2);
        byte[] bytes = cereal.serialize(point);
        assertThatThrownBy(() -> strict.deserialize(bytes)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining(Fixtures.Point.class.getName());
        InternalCereal byPackage = InternalCereal.builder().allowDomainRoots(false)
                .allowPackages("dev.suitkaise.cereal.fixtures").build();
        assertThat(byPackage.deserialize(bytes)).isEqualTo(point);
    }

    @Test
    void aClassThatTheInputDoesNotNameIsStillCheckedBeforeItIsInstantiated() {
        Fixtures.Line line = new Fixtures.Line(new Fixtures.Pair<>(1, 2), new Fixtures.Pair<>(3, 4), "l");
        byte[] bytes = cereal.serialize(line);
        InternalCereal onlyLine = InternalCereal.builder().allowDomainRoots(false).allowClasses(Fixtures.Line.class).build();
        assertThatThrownBy(() -> onlyLine.deserialize(bytes)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining(Fixtures.Pair.class.getName()).hasMessageContaining("not allowed");
        InternalCereal both = InternalCereal.builder().allowDomainRoots(false)
                .allowClasses(Fixtures.Line.class, Fixtures.Pair.class).build();
        assertThat(both.deserialize(both.serialize(line))).isEqualTo(line);
    }

    @Test
    void everyTruncationOfAValidMessageFailsWithSKCerealException() {
        Map<String, Object> value = Map.of("list", new ArrayList<>(List.of(1, "two", new Fixtures.Point(3, 4))),
                "text", "some longer text to cut", "bytes", new byte[] {1, 2, 3}, "record", new Fixtures.Pair<>(1, 2.5));
        byte[] bytes = cereal.serialize(value);
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = Arrays.copyOf(bytes, n);
            assertThatThrownBy(() -> cereal.deserialize(cut)).as("prefix of %d bytes", n).isInstanceOf(SKCerealException.class);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> cereal.deserialize(longer)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("after the end");
    }

    @Test
    void hugeDeclaredLengthsFailFastWithoutAllocating() {
        byte[] prefix = naming("[B");
        // byte[] declaring 2^31-2 elements, followed by 3 bytes
        Output body = new Output(16);
        body.writeVarInt(Integer.MAX_VALUE - 1, true);
        body.writeBytes(new byte[] {1, 2, 3});
        byte[] hugeArray = concat(prefix, body.toBytes());
        assertThatThrownBy(() -> cereal.deserialize(hugeArray)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("exceeds");

        Output list = new Output(16);
        list.writeVarInt(Integer.MAX_VALUE - 1, true);
        assertThatThrownBy(() -> cereal.deserialize(naming("java.util.ArrayList", list.toBytes())))
                .isInstanceOf(SKCerealException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> cereal.deserialize(naming("[[Ljava.lang.Object;", list.toBytes())))
                .isInstanceOf(SKCerealException.class).hasMessageContaining("exceeds");

        // a String whose UTF-8 length header is replaced by one declaring about 2^31 characters
        byte[] valid = cereal.serialize("\u00e9\u00e9");
        int at = indexOf(valid, new byte[] {(byte) 0x83, (byte) 0xC3, (byte) 0xA9});
        assertThat(at).isPositive();
        byte[] hugeString = concat(concat(Arrays.copyOf(valid, at),
                new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}), Arrays.copyOfRange(valid, at + 1, valid.length));
        assertThatThrownBy(() -> cereal.deserialize(hugeString)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("string length");
    }

    /**
     * A current-format message holding an {@code ArrayList} of {@code count} objects of one class
     * named by name, each followed by the same body.
     */
    private static byte[] listOf(int count, String className, byte[] body) {
        Output out = new Output(1024, -1);
        out.writeBytes(new byte[] {0x53, 0x4B, 0x03});
        out.writeVarInt(1, true); // class by name
        out.writeVarInt(0, true); // name id 0
        out.writeString("java.util.ArrayList");
        out.writeVarInt(1, true); // a new object
        out.writeVarInt(count, true);
        for (int i = 0; i < count; i++) {
            out.writeVarInt(1, true);
            out.writeVarInt(1, true); // name id 1: the name follows the first time only
            if (i == 0) {
                out.writeString(className);
            }
            out.writeVarInt(1, true);
            out.writeBytes(body);
        }
        return out.toBytes();
    }

    @Test
    void declaredSizesThatAreAllocatedAheadAreBoundedForTheWholeMessage() {
        // a boolean[] declaring 2^31-10 elements, followed by 3 bytes (Kryo's own reader allocates it first)
        Output bools = new Output(16);
        bools.writeVarInt(Integer.MAX_VALUE - 8, true); // the length + 1, as Kryo writes it
        bools.writeBytes(new byte[] {1, 0, 1});
        byte[] hugeBooleans = concat(naming("[Z"), bools.toBytes());
        assertThat(hugeBooleans.length).isLessThan(20);
        assertThatThrownBy(() -> cereal.deserialize(hugeBooleans)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("boolean array length");

        // 1,400 nested Object[], each declaring 100,000 elements: each fits the bytes left, all of them
        // alive at once would be 140 million slots for a message of 107 KB
        Output nested = new Output(1 << 20, -1);
        nested.writeBytes(new byte[] {0x53, 0x4B, 0x03});
        nested.writeVarInt(1, true);
        nested.writeVarInt(0, true);
        nested.writeString("[Ljava.lang.Object;");
        nested.writeVarInt(1, true);
        for (int i = 0; i < 1_400; i++) {
            nested.writeVarInt(100_000, true); // array length
            if (i < 1_399) {
                nested.writeVarInt(1, true); // element 0: class by name, name id 0, a new object
                nested.writeVarInt(0, true);
                nested.writeVarInt(1, true);
            }
        }
        nested.writeBytes(new byte[100_000]); // nulls: the deepest array is filled, then the input ends
        byte[] nestedArrays = nested.toBytes();
        assertThatThrownBy(() -> cereal.deserialize(nestedArrays)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("pre-allocate").hasMessageContaining("an array");

        // ArrayBlockingQueue allocates its capacity: one of 2^23, then forty of 2^20, for a few hundred bytes
        Output queueBody = new Output(16);
        queueBody.writeVarInt(1 << 23, true); // capacity
        queueBody.writeVarInt(0, true); // no elements
        assertThatThrownBy(() -> cereal.deserialize(listOf(1, "java.util.concurrent.ArrayBlockingQueue",
                queueBody.toBytes()))).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("pre-allocate").hasMessageContaining("ArrayBlockingQueue of capacity 8388608");
        Output smallerQueue = new Output(16);
        smallerQueue.writeVarInt(1 << 20, true);
        smallerQueue.writeVarInt(0, true);
        byte[] fortyQueues = listOf(40, "java.util.concurrent.ArrayBlockingQueue", smallerQueue.toBytes());
        assertThat(fortyQueues.length).isLessThan(400);
        assertThatThrownBy(() -> cereal.deserialize(fortyQueues)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("pre-allocate");

        // the same for the ArrayBlockingQueue of a thread pool: not scheduled, core 1, max 1, no keep-alive,
        // no core time-out, queue kind "array" with a capacity of 2^23
        Output poolBody = new Output(32);
        poolBody.writeBoolean(false);
        poolBody.writeVarInt(1, true);
        poolBody.writeVarInt(1, true);
        poolBody.writeVarLong(0, true);
        poolBody.writeBoolean(false);
        poolBody.writeVarInt(1, true);
        poolBody.writeVarInt(1 << 23, true);
        assertThatThrownBy(() -> cereal.deserialize(listOf(1, "java.util.concurrent.ThreadPoolExecutor",
                poolBody.toBytes()))).isInstanceOf(SKCerealException.class).hasMessageContaining("pre-allocate");

        // a ForkJoinPool allocates a table for its parallelism: 100 pools of parallelism 32,767
        Output forkJoinBody = new Output(16);
        forkJoinBody.writeBoolean(false); // not the common pool
        forkJoinBody.writeVarInt(32_767, true);
        assertThatThrownBy(() -> cereal.deserialize(listOf(100, "java.util.concurrent.ForkJoinPool",
                forkJoinBody.toBytes()))).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("pre-allocate").hasMessageContaining("ForkJoinPool of parallelism 32767");
    }

    @Test
    void realMessagesFitTheirAllowanceOfPreAllocatedSlots() {
        Object[] deep = new Object[2];
        Object[] cursor = deep;
        for (int i = 0; i < 1_000; i++) {
            Object[] next = new Object[] {null, i};
            cursor[0] = next;
            cursor = next;
        }
        Object[] wide = new Object[200_000];
        Arrays.fill(wide, 0, 100_000, List.of(1));
        List<Object> value = List.of(deep, wide, new boolean[300_000], List.of(new Object[50_000], Map.of(1, List.of(2))),
                new java.util.concurrent.ArrayBlockingQueue<>(1_000_000), new java.util.concurrent.ForkJoinPool(64));
        Object back = cereal.deserialize(cereal.serialize(value));
        assertThat(back).isInstanceOf(List.class);
        List<?> list = (List<?>) back;
        assertThat((Object[]) list.get(1)).hasSize(200_000);
        assertThat(((java.util.concurrent.ArrayBlockingQueue<?>) list.get(4)).remainingCapacity()).isEqualTo(1_000_000);
        ((java.util.concurrent.ForkJoinPool) list.get(5)).shutdown();
        ((java.util.concurrent.ForkJoinPool) value.get(5)).shutdown();
    }

    @Test
    void deeplyNestedInputFailsCleanlyInsteadOfOverflowingTheStack() {
        // Object[] { Object[] { Object[] { ... } } } 100,000 levels deep, written by hand
        Output out = new Output(1024, -1);
        out.writeBytes(new byte[] {0x53, 0x4B, 0x01});
        out.writeVarInt(1, true);
        out.writeVarInt(0, true);
        out.writeString("[Ljava.lang.Object;");
        out.writeVarInt(1, true); // reference marker: a new object
        for (int i = 0; i < 100_000; i++) {
            out.writeVarInt(1, true); // array length
            out.writeVarInt(1, true); // element: class by name
            out.writeVarInt(0, true); // name id 0, already known
            out.writeVarInt(1, true); // reference marker: a new object
        }
        byte[] bytes = out.toBytes();
        assertThatThrownBy(() -> cereal.deserialize(bytes)).isInstanceOf(SKCerealException.class);
        Object[] deep = new Object[1];
        Object[] cursor = deep;
        for (int i = 0; i < 5_000; i++) {
            Object[] next = new Object[1];
            cursor[0] = next;
            cursor = next;
        }
        assertThatThrownBy(() -> cereal.serialize(deep)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("deep");
    }

    @Test
    void foreignBytesAndBadFramesAreRefused() {
        assertThatThrownBy(() -> cereal.deserialize(new byte[0])).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("header");
        assertThatThrownBy(() -> cereal.deserialize("plain text".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SKCerealException.class);
        assertThatThrownBy(() -> cereal.deserialize(new byte[] {0x53, 0x4B, 0x09, 0})).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("version");
        assertThatThrownBy(() -> cereal.deserialize(new ByteArrayInputStream(new byte[] {0x7F, 0, 0, 0, 1})))
                .isInstanceOf(SKCerealException.class).hasMessageContaining("frame");
        assertThatThrownBy(() -> cereal.deserialize(new ByteArrayInputStream(new byte[] {0, 0, 0, 9, 1, 2})))
                .isInstanceOf(SKCerealException.class).hasMessageContaining("ended");
        assertThatThrownBy(() -> cereal.deserialize(cereal.serialize("text"), Integer.class))
                .isInstanceOf(SKCerealException.class).hasMessageContaining("java.lang.Integer");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
