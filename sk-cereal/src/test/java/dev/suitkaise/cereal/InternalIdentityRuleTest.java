package dev.suitkaise.cereal;

import com.esotericsoftware.kryo.io.Output;
import dev.suitkaise.cereal.fixtures.Fixtures.Node;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The identity rule of the internal codec: mutable objects keep their identity (shared stays
 * shared, cycles stay cycles), immutable JDK values (strings, boxes, enums, {@code BigInteger},
 * {@code BigDecimal}, {@code UUID}, {@code java.time} values) travel by value.
 */
class InternalIdentityRuleTest {

    private final InternalCereal cereal = SKCereal.internal();

    @Test
    void aStringSharedTwiceComesBackEqualWhileTheSharedMutableObjectsStayShared() {
        String text = new String("a string long enough to see in the size of the message");
        List<String> list = new ArrayList<>(List.of(text));
        Node node = new Node(text);
        node.next = node;
        node.payload = list;
        Object[] graph = {text, text, list, list, node, node};

        Object[] back = (Object[]) cereal.deserialize(cereal.serialize(graph));

        assertThat(back[0]).isEqualTo(text).isEqualTo(back[1]);
        assertThat(back[2]).isSameAs(back[3]).isEqualTo(list);
        assertThat(((List<?>) back[2]).get(0)).isEqualTo(text);
        Node node2 = (Node) back[4];
        assertThat(back[5]).isSameAs(node2);
        assertThat(node2.next).isSameAs(node2);
        assertThat(node2.payload).isSameAs(back[2]);
        assertThat(node2.name).isEqualTo(text);
    }

    @Test
    void aStringReachedTwiceIsWrittenInFullTwiceWhileAMutableObjectIsWrittenOnce() {
        String text = "x".repeat(100);
        int once = cereal.serialize(new Object[] {text}).length;
        int twice = cereal.serialize(new Object[] {text, text}).length;
        assertThat(twice - once).isGreaterThanOrEqualTo(text.length());

        AtomicLong counter = new AtomicLong(Long.MAX_VALUE);
        int counterOnce = cereal.serialize(new Object[] {counter}).length;
        int counterTwice = cereal.serialize(new Object[] {counter, counter}).length;
        // the class (2 bytes: by name, the name already written) and a 1-byte back-reference; a second copy
        // would add the value too (Long.MAX_VALUE takes 9 bytes)
        assertThat(counterTwice - counterOnce).isLessThanOrEqualTo(3);
    }

    @Test
    void immutableJdkValuesComeBackEqualAndMutableJdkObjectsKeepTheirIdentity() {
        BigDecimal decimal = new BigDecimal("12345.6789");
        BigInteger integer = new BigInteger("123456789012345678901234567890");
        UUID uuid = UUID.randomUUID();
        Instant instant = Instant.ofEpochSecond(1_700_000_000L, 42);
        LocalDate date = LocalDate.of(2026, 11, 25);
        Long big = 1_000_000_000_000L;
        AtomicLong counter = new AtomicLong(7);
        Object[] graph = {decimal, decimal, integer, integer, uuid, uuid, instant, instant, date, date, big, big,
            counter, counter};

        Object[] back = (Object[]) cereal.deserialize(cereal.serialize(graph));

        for (int i = 0; i < 12; i += 2) {
            assertThat(back[i]).as(graph[i].getClass().getName()).isEqualTo(graph[i]).isEqualTo(back[i + 1]);
        }
        assertThat(back[12]).isSameAs(back[13]);
        assertThat(((AtomicLong) back[12]).get()).isEqualTo(7);
    }

    /** A BigInteger subclass with mutable state, so it is not a value: it must keep its identity. */
    static final class CountedInteger extends BigInteger {
        private static final long serialVersionUID = 1L;
        int hits;

        CountedInteger(String value) {
            super(value);
        }
    }

    /** A BigDecimal subclass that can point to itself. */
    static final class LinkedDecimal extends BigDecimal {
        private static final long serialVersionUID = 1L;
        LinkedDecimal next;

        LinkedDecimal(String value) {
            super(value);
        }
    }

    @Test
    void aMutableSubclassOfBigIntegerOrBigDecimalSharedTwiceKeepsItsIdentityAndASelfReferenceIsNotFollowedForever() {
        CountedInteger counted = new CountedInteger("123456789012345678901234567890");
        counted.hits = 3;
        LinkedDecimal linked = new LinkedDecimal("12.5");
        linked.next = linked;
        Object[] graph = {counted, counted, linked, linked};

        Object[] back = (Object[]) cereal.deserialize(cereal.serialize(graph));

        assertThat(back[0]).isInstanceOf(CountedInteger.class).isSameAs(back[1]).isEqualTo(counted);
        assertThat(((CountedInteger) back[0]).hits).isEqualTo(3);
        LinkedDecimal linkedBack = (LinkedDecimal) back[2];
        assertThat(back[3]).isSameAs(linkedBack);
        assertThat(linkedBack.next).isSameAs(linkedBack);
        assertThat(linkedBack).isEqualByComparingTo("12.5");
    }

    @Test
    void aMessageOfFormatVersionTwoIsStillReadWithItsStringReferences() {
        // Object[] {"xy", "xy"} as version 2 wrote it: the second element a back-reference to the first
        Output out = new Output(64, -1);
        out.writeBytes(new byte[] {0x53, 0x4B, 0x02});
        out.writeVarInt(22 + 16 + 2, true); // Object[]: index 22 of the class table, above base 16
        out.writeVarInt(1, true); // reference marker: a new object (id 0)
        out.writeVarInt(2, true); // length
        out.writeVarInt(1 + 2, true); // String: Kryo's class id 1
        out.writeVarInt(1, true); // reference marker: a new object (id 1)
        out.writeString("xy");
        out.writeVarInt(1 + 2, true); // String
        out.writeVarInt(1 + 2, true); // reference marker: object id 1
        byte[] version2 = out.toBytes();

        Object[] back = (Object[]) cereal.deserialize(version2);

        assertThat(back).containsExactly("xy", "xy");
        assertThat(back[1]).isSameAs(back[0]);
    }

    @Test
    void theCurrentFormatWritesTheSameArrayWithoutStringReferences() {
        Output out = new Output(64, -1);
        out.writeBytes(new byte[] {0x53, 0x4B, 0x04, 0x00}); // version 4, then the fingerprint of a table without registered classes
        out.writeVarInt(22 + 16 + 2, true);
        out.writeVarInt(1, true);
        out.writeVarInt(2, true);
        out.writeVarInt(1 + 2, true);
        out.writeString("xy");
        out.writeVarInt(1 + 2, true);
        out.writeString("xy");

        assertThat(cereal.serialize(new Object[] {"xy", "xy"})).isEqualTo(out.toBytes());
    }

    @Test
    void boxesAreWrittenAsKryoWritesThemWithoutReferenceMarkers() {
        Output out = new Output(64, -1);
        out.writeBytes(new byte[] {0x53, 0x4B, 0x04, 0x00});
        out.writeVarInt(22 + 16 + 2, true); // Object[]
        out.writeVarInt(1, true); // reference marker: a new object
        out.writeVarInt(4, true); // length
        out.writeVarInt(7 + 2, true); // Long: Kryo's class id 7 (long)
        out.writeVarLong(-5_000_000_000L, false);
        out.writeVarInt(0 + 2, true); // Integer: Kryo's class id 0 (int)
        out.writeVarInt(-7, false);
        out.writeVarInt(3 + 2, true); // Boolean: Kryo's class id 3 (boolean)
        out.writeBoolean(true);
        out.writeVarInt(0, true); // null
        byte[] expected = out.toBytes();

        Object[] values = {-5_000_000_000L, -7, true, null};
        assertThat(cereal.serialize(values)).isEqualTo(expected);
        assertThat((Object[]) cereal.deserialize(expected)).containsExactly(values);
    }
}
