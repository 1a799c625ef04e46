package dev.suitkaise.cereal.internal.external;

import com.google.protobuf.Message;
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
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** How the encoder writes an instance of a class; computed once per class. */
enum Shape {
    BOOLEAN, INTEGRAL, FLOATING, CHAR, STRING, TEXT, BYTES, CHARS, INSTANT, DURATION,
    BIG_DECIMAL, BIG_INTEGER, ENUM, MESSAGE, OPTIONAL,
    LONG_ARRAY, INT_ARRAY, SHORT_ARRAY, DOUBLE_ARRAY, FLOAT_ARRAY, BOOLEAN_ARRAY, OBJECT_ARRAY,
    COLLECTION, MAP, RECORD, POJO, UNSUPPORTED;

    /** Types written as their ISO-8601 or canonical text and read back by parsing it. */
    static final Set<Class<?>> TEXT_TYPES = Set.of(LocalDate.class, LocalTime.class,
            LocalDateTime.class, OffsetDateTime.class, OffsetTime.class, ZonedDateTime.class,
            Year.class, YearMonth.class, MonthDay.class, Period.class, ZoneId.class, UUID.class,
            URI.class);

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return classify(type);
        }
    };

    static Shape of(Class<?> type) {
        // the commonest classes first, without the class-value lookup; same answers as classify
        if (type == String.class) {
            return STRING;
        }
        if (type == Long.class || type == Integer.class) {
            return INTEGRAL;
        }
        return SHAPES.get(type);
    }

    private static Shape classify(Class<?> c) {
        if (c == Boolean.class) {
            return BOOLEAN;
        }
        if (c == Long.class || c == Integer.class || c == Short.class || c == Byte.class) {
            return INTEGRAL;
        }
        if (c == Double.class || c == Float.class) {
            return FLOATING;
        }
        if (c == Character.class) {
            return CHAR;
        }
        if (c == String.class) {
            return STRING;
        }
        if (c.isArray()) {
            Class<?> component = c.getComponentType();
            if (component == byte.class) {
                return BYTES;
            } else if (component == char.class) {
                return CHARS;
            } else if (component == long.class) {
                return LONG_ARRAY;
            } else if (component == int.class) {
                return INT_ARRAY;
            } else if (component == short.class) {
                return SHORT_ARRAY;
            } else if (component == double.class) {
                return DOUBLE_ARRAY;
            } else if (component == float.class) {
                return FLOAT_ARRAY;
            } else if (component == boolean.class) {
                return BOOLEAN_ARRAY;
            }
            return OBJECT_ARRAY;
        }
        if (c == java.util.Optional.class || c == java.util.OptionalInt.class || c == java.util.OptionalLong.class
                || c == java.util.OptionalDouble.class) {
            return OPTIONAL;
        }
        if (c == Instant.class) {
            return INSTANT;
        }
        if (c == Duration.class) {
            return DURATION;
        }
        if (c == BigDecimal.class) {
            return BIG_DECIMAL;
        }
        if (c == BigInteger.class) {
            return BIG_INTEGER;
        }
        if (isText(c)) {
            return TEXT;
        }
        if (c.isEnum() || (c.getSuperclass() != null && c.getSuperclass().isEnum())) {
            return ENUM;
        }
        if (Message.class.isAssignableFrom(c)) {
            return MESSAGE;
        }
        if (Collection.class.isAssignableFrom(c)) {
            return COLLECTION;
        }
        if (Map.class.isAssignableFrom(c)) {
            return MAP;
        }
        if (c.isRecord()) {
            return RECORD;
        }
        if (unsupportedReason(c) != null) {
            return UNSUPPORTED;
        }
        return POJO;
    }

    static boolean isText(Class<?> c) {
        return TEXT_TYPES.contains(c) || ZoneId.class.isAssignableFrom(c);
    }

    /** Why instances of {@code c} have no external form, or null if they are plain objects. */
    static String unsupportedReason(Class<?> c) {
        if (c == Object.class) {
            return "a bare java.lang.Object has no data to write";
        }
        if (c.isHidden() || c.isSynthetic()) {
            return "it is a lambda or another generated class, which has no data to write";
        }
        if (java.lang.reflect.Proxy.isProxyClass(c)) {
            return "it is a dynamic proxy, which has no data to write";
        }
        if (c.isPrimitive() || c.isInterface() || java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
            return "it is not a concrete class";
        }
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            if (isJdk(k)) {
                return (k == c ? "it is a JDK class" : "it extends the JDK class " + k.getName())
                        + " without an external form (supported: scalars, strings, byte[],"
                        + " BigDecimal, BigInteger, java.time values, UUID, URI, Optional, enums, arrays,"
                        + " collections, maps, records, plain classes and protobuf messages)";
            }
        }
        return null;
    }

    static boolean isJdk(Class<?> c) {
        Module module = c.getModule();
        if (!module.isNamed()) {
            return false;
        }
        String name = module.getName();
        return name.startsWith("java.") || name.startsWith("jdk.");
    }
}
