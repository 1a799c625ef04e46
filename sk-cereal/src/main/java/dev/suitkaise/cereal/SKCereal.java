package dev.suitkaise.cereal;

/**
 * The entry point of Suitkaise serialization: one facade, two codecs.
 *
 * <p>{@link #internal()} is for messages between Suitkaise processes of the same program (same
 * classes on both sides): Kryo-based, fast, keeps object identity and cycles (immutable JDK
 * values such as strings and boxes travel by value, and a cycle through a record or an immutable
 * collection is refused; see {@link InternalCereal}), and carries the
 * hard objects (locks, threads, executors, streams, open files, sockets, JDBC connections) by the
 * rules documented in the {@linkplain dev.suitkaise.cereal package summary};
 * {@link InternalCereal#builder()} makes a codec with its own allow-list and bounds.
 * {@link #external()} is for data leaving the program: protobuf, following the published schema
 * {@code suitkaise/cereal/v1/value.proto}, readable from any language.
 *
 * <p>Both codecs are thread-safe singletons.
 */
public final class SKCereal {

    private SKCereal() {
    }

    /**
     * The internal codec.
     *
     * @return the process-wide internal codec
     */
    public static InternalCereal internal() {
        return dev.suitkaise.cereal.internal.KryoCereal.instance();
    }

    /**
     * The external codec.
     *
     * @return the process-wide external codec
     */
    public static ExternalCereal external() {
        return dev.suitkaise.cereal.internal.ProtoCereal.instance();
    }
}
