package dev.suitkaise.cereal.internal.kryo;

import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.BaseStream;

/**
 * The objects the reader can build only after it has read everything inside them: records
 * (through their canonical constructor), immutable collections and the {@code Collections}
 * wrappers (from their elements), {@code Optional} and {@code AtomicReference} (around their
 * value), lambdas (from their captured values), objects carried by a {@code CerealHandler} (from
 * their extracted state), and streams and iterators (over their elements). A reference back to
 * such an object from inside it would be read before the object exists, as null; the writer
 * refuses it and {@link GraphChecker} reports it. Stateless; thread-safe.
 */
final class LateBuilt {

    /** What to do about a reference back into a late-built object, for messages. */
    static final String ADVICE = "Hold the back-reference in a mutable object instead (a class with fields, an array,"
            + " an ArrayList or a HashMap), or mark the field transient and restore it in"
            + " CerealPreparable.afterDeserialize().";

    private LateBuilt() {
    }

    /**
     * How an object of a class is built late, as a phrase for messages ("a record, which the reader
     * builds through its canonical constructor after reading its components"), or null if the
     * reader creates it before reading what it holds (then a reference back to it is kept). The
     * writer ({@link CerealKryo}) and {@link GraphChecker} both decide by this method.
     *
     * @param kind how the class is carried
     * @param type the class
     * @return the phrase, or null
     */
    static String describe(Rules.Kind kind, Class<?> type) {
        return switch (kind) {
            case RECORD -> "a record, which the reader builds through its canonical constructor after reading its"
                    + " components";
            case LAMBDA -> "a lambda, which the reader rebuilds after reading its captured values";
            case HANDLER -> "an object carried by a CerealHandler, which the reader reconstructs after reading the"
                    + " state its handler extracted";
            case BUILTIN -> builtin(type);
            default -> null;
        };
    }

    private static String builtin(Class<?> type) {
        if (type == Optional.class || type == AtomicReference.class) {
            return "an " + type.getSimpleName() + ", which the reader creates around its value after reading the"
                    + " value";
        }
        if (BaseStream.class.isAssignableFrom(type) || Iterator.class.isAssignableFrom(type)) {
            return "a stream or iterator, which the reader creates over its elements after reading them";
        }
        // The mutable JDK collections and maps the codec carries are public classes, created empty and then
        // filled (a reference back to them is kept); the immutable collections and the Collections wrappers
        // are private classes, built from their elements (see Rules' table).
        if ((Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)) && Rules.isJdk(type)
                && !Modifier.isPublic(type.getModifiers())) {
            return "an immutable collection or Collections wrapper, which the reader builds from its elements after"
                    + " reading them";
        }
        return null;
    }
}
