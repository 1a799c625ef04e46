package dev.suitkaise.cereal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExternalScalarsTest {
    private final ExternalCereal cereal = SKCereal.external();

    static Stream<Arguments> scalars() {
        return Stream.of(
                Arguments.of(true, Boolean.class),
                Arguments.of(false, Boolean.class),
                Arguments.of(0L, Long.class),
                Arguments.of(Long.MIN_VALUE, Long.class),
                Arguments.of(Long.MAX_VALUE, Long.class),
                Arguments.of(-42, Integer.class),
                Arguments.of((short) -300, Short.class),
                Arguments.of((byte) 127, Byte.class),
                Arguments.of(3.25d, Double.class),
                Arguments.of(Double.NaN, Double.class),
                Arguments.of(Double.NEGATIVE_INFINITY, Double.class),
                Arguments.of(-0.5f, Float.class),
                Arguments.of('\u00e9', Character.class),
                Arguments.of("", String.class),
                Arguments.of("h\u00e9llo \u4e16\u754c \ud83d\ude00", String.class),
                Arguments.of(new BigDecimal("-12345678901234567890.000123"), BigDecimal.class),
                Arguments.of(new BigDecimal("1E+400"), BigDecimal.class),
                Arguments.of(BigDecimal.ZERO.setScale(7), BigDecimal.class),
                Arguments.of(new BigInteger("-98765432109876543210987654321"), BigInteger.class),
                Arguments.of(Instant.parse("2026-11-25T16:40:54.123456789Z"), Instant.class),
                Arguments.of(Instant.parse("1900-01-01T00:00:00.5Z"), Instant.class),
                Arguments.of(Duration.ofSeconds(-5, 250), Duration.class),
                Arguments.of(Duration.ofDays(400).plusNanos(1), Duration.class),
                Arguments.of(LocalDate.of(2026, 2, 28), LocalDate.class),
                Arguments.of(LocalTime.of(23, 59, 1, 5), LocalTime.class),
                Arguments.of(LocalDateTime.of(2026, 11, 25, 18, 58), LocalDateTime.class),
                Arguments.of(OffsetDateTime.of(2026, 1, 2, 3, 4, 5, 6, ZoneOffset.ofHours(-7)), OffsetDateTime.class),
                Arguments.of(OffsetTime.of(3, 4, 5, 0, ZoneOffset.ofHoursMinutes(5, 30)), OffsetTime.class),
                Arguments.of(ZonedDateTime.of(2026, 3, 29, 2, 30, 0, 0, ZoneId.of("Europe/Paris")), ZonedDateTime.class),
                Arguments.of(Year.of(1999), Year.class),
                Arguments.of(YearMonth.of(2026, 11), YearMonth.class),
                Arguments.of(MonthDay.of(2, 29), MonthDay.class),
                Arguments.of(Period.of(1, -2, 3), Period.class),
                Arguments.of(ZoneId.of("America/New_York"), ZoneId.class),
                Arguments.of(ZoneOffset.ofHours(2), ZoneOffset.class),
                Arguments.of(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), UUID.class),
                Arguments.of(URI.create("https://suitkaise.dev/a?b=c#d"), URI.class));
    }

    @ParameterizedTest
    @MethodSource("scalars")
    void aScalarComesBackEqualWhenReadAsItsOwnType(Object value, Class<?> type) {
        byte[] bytes = cereal.serialize(value);

        assertThat(cereal.deserialize(bytes, type)).isEqualTo(value);
    }

    @Test
    void nullComesBackAsNull() {
        byte[] bytes = cereal.serialize(null);

        assertThat(cereal.deserialize(bytes)).isNull();
        assertThat(cereal.deserialize(bytes, String.class)).isNull();
    }

    @Test
    void plainReadingGivesLongDoubleStringAndTheWellKnownTypes() {
        assertThat(cereal.deserialize(cereal.serialize(7))).isEqualTo(7L);
        assertThat(cereal.deserialize(cereal.serialize(1.5f))).isEqualTo(1.5d);
        assertThat(cereal.deserialize(cereal.serialize('x'))).isEqualTo("x");
        assertThat(cereal.deserialize(cereal.serialize(LocalDate.of(2026, 1, 31)))).isEqualTo("2026-01-31");
        assertThat(cereal.deserialize(cereal.serialize(new BigInteger("12")))).isEqualTo(new BigDecimal("12"));
        assertThat(cereal.deserialize(cereal.serialize(Instant.EPOCH))).isEqualTo(Instant.EPOCH);
        assertThat(cereal.deserialize(cereal.serialize(Duration.ofMillis(-1)))).isEqualTo(Duration.ofMillis(-1));
    }

    @Test
    void bytesComeBackAsACopyWithTheSameContent() {
        byte[] data = {0, -1, 127, -128, 42};

        Object plain = cereal.deserialize(cereal.serialize(data));
        byte[] typed = cereal.deserialize(cereal.serialize(data), byte[].class);

        assertThat(plain).isInstanceOf(byte[].class).isEqualTo(data);
        assertThat(typed).isEqualTo(data).isNotSameAs(data);
    }

    @Test
    void charArraysTravelAsText() {
        char[] chars = {'s', 'k', '\u00fc'};

        assertThat(cereal.deserialize(cereal.serialize(chars), char[].class)).isEqualTo(chars);
        assertThat(cereal.deserialize(cereal.serialize(chars))).isEqualTo("sk\u00fc");
    }

    @Test
    void aPrimitiveTypeReturnsItsWrapper() {
        byte[] bytes = cereal.serialize(12);

        int value = cereal.deserialize(bytes, int.class);

        assertThat(value).isEqualTo(12);
    }

    @Test
    void numbersWidenButNeverLoseInformation() {
        assertThat(cereal.deserialize(cereal.serialize(5L), double.class)).isEqualTo(5.0d);
        assertThat(cereal.deserialize(cereal.serialize(5L), BigDecimal.class)).isEqualTo(BigDecimal.valueOf(5));
        assertThat(cereal.deserialize(cereal.serialize(new BigDecimal("1.2E+3")), BigInteger.class))
                .isEqualTo(BigInteger.valueOf(1200));
        assertThatThrownBy(() -> cereal.deserialize(cereal.serialize(300), byte.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("300 does not fit in Byte");
        assertThatThrownBy(() -> cereal.deserialize(cereal.serialize(new BigDecimal("1.5")), BigInteger.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("not a whole number");
    }

    @Test
    void aValueOfAnotherKindIsRefusedWithBothTypesNamed() {
        byte[] bytes = cereal.serialize("text");

        assertThatThrownBy(() -> cereal.deserialize(bytes, Instant.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("java.time.Instant")
                .hasMessageContaining("string_value")
                .hasMessageContaining("root");
    }

    @Test
    void nullIsRefusedForAPrimitive() {
        byte[] bytes = cereal.serialize(null);

        assertThatThrownBy(() -> cereal.deserialize(bytes, long.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("null for the primitive long");
    }

    @Test
    void unparsableTextForAJavaTimeTypeIsRefused() {
        byte[] bytes = cereal.serialize("31/01/2026");

        assertThatThrownBy(() -> cereal.deserialize(bytes, LocalDate.class))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("as a java.time.LocalDate");
    }

    @Test
    void smallScalarsTakeOnlyAFewBytes() {
        assertThat(cereal.serialize(null)).hasSize(4);
        assertThat(cereal.serialize(1)).hasSize(4);
        assertThat(cereal.serialize("abc")).hasSize(7);
    }
}
