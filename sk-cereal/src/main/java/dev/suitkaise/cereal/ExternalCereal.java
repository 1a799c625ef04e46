package dev.suitkaise.cereal;

/**
 * The external codec: for data leaving the program. It writes and reads the published protobuf
 * schema {@code suitkaise/cereal/v1/value.proto} (in this jar and in the repository), so any
 * language with protobuf support can read what Java wrote and write what Java reads.
 *
 * <p><b>What is written.</b> {@code null}, booleans, the integral types (as a signed 64-bit
 * integer), {@code float} and {@code double}, {@code char} and {@code String}, {@code byte[]},
 * {@link java.math.BigDecimal} and {@link java.math.BigInteger} (as a decimal),
 * {@link java.time.Instant} (as {@code google.protobuf.Timestamp}), {@link java.time.Duration}
 * (as {@code google.protobuf.Duration}), the other {@code java.time} value types,
 * {@link java.util.UUID} and {@link java.net.URI} (as ISO-8601 or canonical text),
 * {@link java.util.Optional} and its primitive variants (as the value they hold, or null), enums
 * (type and constant name), arrays and collections (lists; arrays and collections of only integral
 * or only floating-point numbers are packed), maps (string-keyed or value-keyed, in iteration
 * order), records (by component) and other classes (by their non-static, non-transient fields,
 * including inherited ones) as typed objects whose type name and field names are written once per
 * payload. A generated protobuf {@link com.google.protobuf.Message} is carried unchanged as a
 * {@code google.protobuf.Any}. A list, map, array or object met twice is written once and
 * referenced afterwards, so shared objects stay shared; map keys and set elements are always
 * written in full, because references inside hashed values could make reading them exponentially
 * slow. A cycle is refused. Other JDK types (threads, streams, files, atomics...) are refused with
 * an {@link SKCerealException} naming the object path; use {@link SKCereal#internal()} for those.
 *
 * <p><b>What is read.</b> {@link #deserialize(byte[])} returns plain Java values: {@code null},
 * {@code Boolean}, {@code Long} (or {@code BigInteger} for an unsigned value above
 * {@code Long.MAX_VALUE}), {@code Double}, {@code String}, {@code byte[]}, {@code BigDecimal},
 * {@code Instant}, {@code Duration}, {@link com.google.protobuf.Any}, mutable {@code List}s and
 * insertion-ordered {@code Map}s; an enum constant becomes its name and a typed object the map of
 * its fields. {@link #deserialize(byte[], Class)} maps the value onto the requested type and the
 * generic types of its fields: records through their canonical constructor (matched by component
 * name), other classes through a no-argument constructor of any visibility and their fields,
 * sealed interfaces and classes through the permitted subclass named in the payload, collections,
 * maps and arrays element by element, protobuf messages by unpacking the {@code Any}. Only the
 * requested type and the types it declares are ever instantiated; type names in the payload never
 * load a class. Fields the payload lacks keep their default value ({@code null}, zero, false, an
 * empty {@code Optional}); fields the type lacks are ignored. A shared object takes the type of the
 * place where it is first read: if that place is declared {@code Object}, later places must accept
 * the plain form too.
 *
 * <p><b>Registered schemas.</b> By default a document is self-describing: it carries the type
 * name and the field (or constant) names of every typed object once. For size-critical data,
 * {@link #withSchema(ExternalSchema)} gives a codec that names the types of an
 * {@link ExternalSchema} registered on both sides by number instead; the document is still a
 * {@code value.proto} document that other languages read with the schema's published form (see
 * {@link ExternalSchema}).
 *
 * <p><b>Modules.</b> Reading and creating user objects is reflective. Under JPMS a public record
 * needs its package exported to module {@code dev.suitkaise.cereal} (its public accessors and
 * canonical constructor are used); any other class, and a record that is not public, needs its
 * package opened to it, e.g. {@code opens com.example.model to dev.suitkaise.cereal;}. The
 * exception says which line to add. Code on the class path needs nothing. Generated protobuf
 * messages need their package exported, for {@code getDefaultInstance()}.
 *
 * <p><b>Limits.</b> Decoding refuses input larger than {@link Limits#maxBytes()}, nested deeper
 * than {@link Limits#maxDepth()} or holding more than {@link Limits#maxValues()} values, before
 * allocating for them; encoding refuses what decoding with the same limits would refuse. Every
 * failure, including truncated, corrupted or hostile input, is an {@link SKCerealException} whose
 * message says what failed, where (an object path such as {@code root.orders[2].lines}) and what
 * to do.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface ExternalCereal {

    /**
     * Writes a value as a {@code suitkaise.cereal.v1.Document}.
     *
     * @param value the value to write; may be {@code null}
     * @return the protobuf bytes
     * @throws SKCerealException if a part of the value has no external form (the message names its
     *     object path), holds a cycle, is nested deeper than the limits allow, or the result would
     *     exceed {@link Limits#maxBytes()}
     */
    byte[] serialize(Object value);

    /**
     * Writes a value as a {@code suitkaise.cereal.v1.Document} to a stream, which stays open.
     * Protobuf documents do not mark their own end, so a reader needs the stream to end after the
     * document (a file, a body of known length), or framing of its own.
     *
     * @param value the value to write; may be {@code null}
     * @param out where to write the document
     * @throws SKCerealException as {@link #serialize(Object)} does, or if writing to the stream fails
     */
    void serialize(Object value, java.io.OutputStream out);

    /**
     * Reads a document as a value of the requested type.
     *
     * @param bytes the protobuf bytes of a {@code suitkaise.cereal.v1.Document}
     * @param type the type to build; a primitive type returns its wrapper
     * @param <T> the type to build
     * @return the value, {@code null} if the document holds null and the type is not primitive
     * @throws SKCerealException if the bytes are not a valid document, break a limit, or do not fit
     *     the requested type (the message names the object path)
     */
    <T> T deserialize(byte[] bytes, Class<T> type);

    /**
     * Reads a document as plain Java values (see the class description).
     *
     * @param bytes the protobuf bytes of a {@code suitkaise.cereal.v1.Document}
     * @return the plain value, possibly {@code null}
     * @throws SKCerealException if the bytes are not a valid document or break a limit
     */
    Object deserialize(byte[] bytes);

    /**
     * Reads a stream to its end as one document of the requested type; the stream stays open.
     *
     * @param in the stream holding exactly one document
     * @param type the type to build ({@code Object.class} for plain values); a primitive type returns
     *     its wrapper
     * @param <T> the type to build
     * @return the value, as {@link #deserialize(byte[], Class)} returns it
     * @throws SKCerealException if the stream holds more than {@link Limits#maxBytes()} bytes, cannot
     *     be read, or its bytes are refused as {@link #deserialize(byte[], Class)} refuses them
     */
    <T> T deserialize(java.io.InputStream in, Class<T> type);

    /**
     * The limits this codec applies.
     *
     * @return the limits
     */
    Limits limits();

    /**
     * A codec like this one with other limits.
     *
     * @param limits the limits to apply
     * @return a codec applying {@code limits}
     */
    ExternalCereal withLimits(Limits limits);

    /**
     * The registered schema this codec writes documents against, if any.
     *
     * @return the schema, or empty for a codec that writes self-describing documents
     */
    java.util.Optional<ExternalSchema> schema();

    /**
     * A codec like this one (same limits) that writes documents against a registered schema: the
     * schema's types are named by number and the document carries the schema's id instead of
     * their names and member names; types outside the schema are still named in the document.
     * The codec reads documents written against the same schema and self-describing documents,
     * and refuses documents written against another schema with an {@link SKCerealException}.
     *
     * @param schema the schema both writer and reader register, or {@code null} for a codec that
     *     writes self-describing documents
     * @return a codec using {@code schema}
     */
    ExternalCereal withSchema(ExternalSchema schema);

    /**
     * Size and depth limits of the external codec.
     *
     * @param maxBytes the largest document, in bytes, that is read or written; at least 1
     * @param maxDepth how deeply lists, maps, arrays and objects may nest (a list of scalars has
     *     depth 1); 1 to {@value #MAX_DEPTH_CEILING}
     * @param maxValues how many values (including every element of a packed list and every name in
     *     the type table) one document may hold; at least 1
     */
    record Limits(int maxBytes, int maxDepth, int maxValues) {

        /** Default for {@link #maxBytes()}: 64 MiB. */
        public static final int DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

        /** Default for {@link #maxDepth()}. */
        public static final int DEFAULT_MAX_DEPTH = 100;

        /** Default for {@link #maxValues()}. */
        public static final int DEFAULT_MAX_VALUES = 10_000_000;

        /** The highest {@link #maxDepth()} allowed; deeper nesting risks the thread's stack. */
        public static final int MAX_DEPTH_CEILING = 1_000;

        /**
         * Checks the limits.
         *
         * @throws IllegalArgumentException if a limit is out of its range
         */
        public Limits {
            if (maxBytes < 1) {
                throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
            }
            if (maxDepth < 1 || maxDepth > MAX_DEPTH_CEILING) {
                throw new IllegalArgumentException(
                        "maxDepth must be between 1 and " + MAX_DEPTH_CEILING + ", got " + maxDepth);
            }
            if (maxValues < 1) {
                throw new IllegalArgumentException("maxValues must be at least 1, got " + maxValues);
            }
        }

        /**
         * The default limits: 64 MiB, depth 100, ten million values.
         *
         * @return the default limits
         */
        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_VALUES);
        }

        /**
         * These limits with another byte limit.
         *
         * @param bytes the new {@link #maxBytes()}
         * @return the changed limits
         */
        public Limits withMaxBytes(int bytes) {
            return new Limits(bytes, maxDepth, maxValues);
        }

        /**
         * These limits with another depth limit.
         *
         * @param depth the new {@link #maxDepth()}
         * @return the changed limits
         */
        public Limits withMaxDepth(int depth) {
            return new Limits(maxBytes, depth, maxValues);
        }

        /**
         * These limits with another value-count limit.
         *
         * @param values the new {@link #maxValues()}
         * @return the changed limits
         */
        public Limits withMaxValues(int values) {
            return new Limits(maxBytes, maxDepth, values);
        }
    }
}
