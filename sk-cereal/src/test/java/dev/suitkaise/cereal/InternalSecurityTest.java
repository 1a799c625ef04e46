package dev.suitkaise.cereal;

import com.esotericsoftware.kryo.io.Output;
import dev.suitkaise.cereal.fixtures.Fixtures;
import dev.suitkaise.cereal.fixtures.SafeBox;
import dev.suitkaise.cereal.fixtures.Witness;
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
                .isInstanceOf(SKCerealException.class)
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
