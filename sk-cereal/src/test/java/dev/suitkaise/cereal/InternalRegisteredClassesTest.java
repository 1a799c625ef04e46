package dev.suitkaise.cereal;

import dev.suitkaise.cereal.fixtures.Fixtures;
import dev.suitkaise.cereal.fixtures.SafeBox;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Classes given to {@code registerClasses} are written as numbers, never by name, and still checked. */
class InternalRegisteredClassesTest {

    /** Whether the bytes hold a text (Kryo marks the last character of an ASCII string, so pass a prefix). */
    private static boolean contains(byte[] haystack, String text) {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void registeredClassesAreWrittenAsNumbersAndReadBack() {
        InternalCereal byName = InternalCereal.builder().allowDomainRoots(false)
                .allowClasses(Fixtures.Point.class, Fixtures.Color.class).build();
        InternalCereal byNumber = InternalCereal.builder().allowDomainRoots(false)
                .registerClasses(Fixtures.Point.class, Fixtures.Color.class).build();
        List<Object> value = new ArrayList<>(List.of(new Fixtures.Point(1, 2), Fixtures.Color.GREEN,
                new Fixtures.Point(3, 4)));
        byte[] named = byName.serialize(value);
        byte[] numbered = byNumber.serialize(value);
        assertThat(contains(named, "Fixtures$Poin")).isTrue();
        assertThat(contains(numbered, "Fixtures$Poin")).isFalse();
        assertThat(contains(numbered, "Fixtures$Colo")).isFalse();
        assertThat(contains(numbered, "ArrayLis")).isFalse();
        assertThat(numbered.length).isLessThan(named.length);
        assertThat(byNumber.deserialize(numbered)).isEqualTo(value);
        assertThat(byName.deserialize(named)).isEqualTo(value);
        // a message that names its classes is read by a codec that numbers them
        assertThat(byNumber.deserialize(named)).isEqualTo(value);
    }

    @Test
    void theOrderOfRegistrationDoesNotMatter() {
        InternalCereal one = InternalCereal.builder().registerClasses(Fixtures.Point.class, SafeBox.class).build();
        InternalCereal two = InternalCereal.builder().registerClasses(SafeBox.class).registerClasses(Fixtures.Point.class)
                .build();
        Map<String, Object> value = new HashMap<>(Map.of("p", new Fixtures.Point(5, 6)));
        assertThat(two.deserialize(one.serialize(value))).isEqualTo(value);
    }

    @Test
    void aNumberWithoutAClassOrOfADisallowedClassFailsCleanly() {
        InternalCereal writer = InternalCereal.builder().allowDomainRoots(false)
                .registerClasses(Fixtures.Point.class, SafeBox.class).build();
        byte[] bytes = writer.serialize(new Fixtures.Point(1, 2));
        InternalCereal fewer = InternalCereal.builder().allowDomainRoots(false).build();
        assertThatThrownBy(() -> fewer.deserialize(bytes)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("registerClasses");
        byte[] unknown = bytes.clone();
        unknown[7] = 0x7F; // a class number far beyond the table (after 'S', 'K', the version and the 4-byte table fingerprint)
        assertThatThrownBy(() -> writer.deserialize(unknown)).isInstanceOf(SKCerealException.class);
    }

    public record Apple(int a) {
    }

    public record Banana(long amount, String owner) {
    }

    public record Cherry(long amount, String owner) {
    }

    @Test
    void codecsBuiltWithDifferentRegisteredSetsRefuseEachOthersMessagesNamingTheReadersSet() {
        InternalCereal writer = InternalCereal.builder().registerClasses(Apple.class, Banana.class).build();
        // Cherry has Banana's shape and takes its number: without the table's fingerprint it was read as a Cherry
        InternalCereal sameShape = InternalCereal.builder().registerClasses(Apple.class, Cherry.class).build();
        InternalCereal none = InternalCereal.builder().build();
        byte[] bytes = writer.serialize(new Banana(100, "alice"));
        assertThatThrownBy(() -> sameShape.deserialize(bytes)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("different registerClasses set")
                .hasMessageContaining("registers [" + Apple.class.getName() + ", " + Cherry.class.getName() + "]");
        assertThatThrownBy(() -> none.deserialize(bytes)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("different registerClasses set").hasMessageContaining("registers no classes");
        // the same set, registered in another order, reads it; so does the writer itself
        InternalCereal reordered = InternalCereal.builder().registerClasses(Banana.class).registerClasses(Apple.class).build();
        assertThat(reordered.deserialize(bytes)).isEqualTo(new Banana(100, "alice"));
        assertThat(writer.deserialize(bytes)).isEqualTo(new Banana(100, "alice"));
        // a writer that registered nothing numbers only the common JDK classes, which every codec reads
        assertThat(sameShape.deserialize(none.serialize(List.of(new Cherry(1, "bob"))))).isEqualTo(List.of(new Cherry(1, "bob")));
    }

    @Test
    void theFingerprintCostsOneByteWithoutRegisteredClassesAndFourWithThem() {
        byte[] plain = InternalCereal.builder().build().serialize("x");
        byte[] registered = InternalCereal.builder().registerClasses(Apple.class).build().serialize("x");
        assertThat(plain[2]).isEqualTo((byte) 4);
        assertThat(plain[3]).isZero();
        assertThat(registered.length).isEqualTo(plain.length + 3);
        assertThat(registered[3] & 0x80).isNotZero();
    }
}
