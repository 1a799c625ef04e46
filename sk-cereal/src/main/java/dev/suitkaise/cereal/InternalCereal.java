package dev.suitkaise.cereal;

import dev.suitkaise.cereal.internal.KryoCereal;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The internal codec (Kryo-based): for messages between Suitkaise processes of one program, which
 * have the same classes on both sides.
 *
 * <p><b>What is carried.</b> Whole object graphs with their identity structure: an object reached
 * twice comes back as one object, and cycles are kept, except a cycle through an object that the
 * reader can build only after everything inside it (a record, an immutable collection or
 * {@code Collections} wrapper, an {@code Optional}, an {@code AtomicReference}, a lambda, an
 * object carried by a {@link CerealHandler}): {@link #serialize(Object)} refuses a reference back
 * into such an object from inside it, and {@link #check} reports it. Immutable JDK values are
 * another exception, because their identity is not observable structure (they are equal or not,
 * and cannot hold a cycle): strings, boxed primitives, enum constants, and objects of exactly {@code BigInteger},
 * {@code BigDecimal}, {@code UUID} and the {@code java.time} value classes ({@code Instant},
 * {@code Duration}, {@code LocalDate}, {@code LocalTime}, {@code LocalDateTime},
 * {@code OffsetTime}, {@code OffsetDateTime}, {@code ZonedDateTime}, {@code ZoneOffset},
 * {@code Year}, {@code YearMonth}, {@code MonthDay}, {@code Period}) are written in full wherever
 * they occur, so one string reached twice comes back as two equal strings (and enum constants as
 * the receiver's own constants). Every other object, including mutable objects, collections,
 * arrays and records that hold such values, keeps its identity. Supported out of the box: primitives,
 * boxes, strings, arrays of any dimension, enums (with bodies too), records (through their
 * canonical constructor), user classes (through their fields, with or without a no-arg
 * constructor, including inner, local and anonymous classes), user classes with custom
 * {@code writeObject/readObject} or {@code writeReplace/readResolve} (through Java serialization,
 * filtered by the same allow-list), serializable lambdas and method references, the JDK
 * collections (mutable, concurrent, blocking, immutable and the {@code Collections} wrappers),
 * {@code Optional}, {@code java.time}, {@code UUID}, {@code BigInteger}, {@code BigDecimal},
 * {@code Path}, {@code File}, {@code URI}, {@code URL}, {@code Pattern}, {@code Class},
 * {@code Charset}, {@code Locale}, atomics, and the hard objects listed in the
 * {@linkplain dev.suitkaise.cereal package documentation}, each by a documented rule. A
 * {@link CerealHandler} registered in {@link CerealHandlerReg} takes precedence over every
 * built-in rule.
 *
 * <p><b>Modules.</b> Fields of user classes are read and written by reflection; a user class in
 * a named module must have its package open to {@code dev.suitkaise.cereal} (for example
 * {@code opens com.acme.model to dev.suitkaise.cereal;}). Classes on the class path need nothing.
 * JDK types are handled through their public API: no {@code --add-opens} is needed.
 *
 * <p><b>Security.</b> Deserialization instantiates only allowed classes: the supported JDK
 * types, classes with a registered handler, classes explicitly allowed by the
 * {@linkplain Builder builder} or by the system property {@code suitkaise.cereal.allow} (a
 * comma-separated list of class names and package prefixes ending in {@code .*}), and, unless
 * switched off, classes under the roots of the {@code INTERNAL} and {@code EXTERNAL} domains of
 * sk-reg. Any other class name in the input fails with {@link SKCerealException} naming the class,
 * before the class is initialized or any of its code runs. Declared lengths are bounded by the
 * input size, so truncated, corrupted or hostile input fails with {@link SKCerealException},
 * never with another exception, a hang or an out-of-memory error.
 *
 * <p><b>Preparation.</b> Objects implementing {@link CerealPreparable} get
 * {@link CerealPreparable#beforeSerialize()} just before they are written and
 * {@link CerealPreparable#afterDeserialize()} once the whole graph has been read, both in graph
 * order (the order in which the codec first reaches the objects, parents before children).
 * A call that fails before the hooks run (a corrupted input, a root of the wrong type) runs none
 * and closes the files the message reopened. If an {@code afterDeserialize()} throws, the call
 * fails and the files are closed, but the hooks that already ran are not undone (threads they
 * started keep running, on objects the caller never receives): the message says how many ran.
 *
 * <p><b>Thread-safety.</b> Implementations are thread-safe and may be used from any number of
 * platform or virtual threads at once: Kryo instances and buffers are pooled, never shared
 * between concurrent calls, and no call blocks while holding a monitor.
 */
public interface InternalCereal {

    /**
     * Serializes an object graph.
     *
     * @param value the root of the graph; may be null
     * @return the encoded bytes
     * @throws SKCerealException if a part of the graph cannot be carried; the message names the
     *     first such part by its object path (see {@link #check})
     */
    byte[] serialize(Object value);

    /**
     * Serializes an object graph as one length-prefixed frame onto a stream: a 4-byte big-endian
     * length, then the bytes {@link #serialize(Object)} produces. Several frames may be written to
     * the same stream one after the other; the stream is flushed, not closed. The graph is encoded
     * in memory first, so nothing is written if it cannot be carried or its frame is larger than
     * the codec's {@linkplain Builder#maxFrameBytes maxFrameBytes} (which a reader with the same
     * settings would refuse). Blocks while the stream's {@code write} and {@code flush} block, and
     * reacts to interruption as they do; calls that write frames to one stream at the same time
     * must be serialized by the caller.
     *
     * <p>If the stream fails, the frame's length and body (written one after the other) may have
     * been written in part, so a reader of the stream would be out of step: close the stream
     * rather than write more frames to it.
     *
     * @param value the root of the graph; may be null
     * @param out the stream
     * @throws SKCerealException if a part of the graph cannot be carried, the frame is larger than
     *     {@code maxFrameBytes} (the message gives the size and the limit), or the stream fails
     *     (the stream may then hold part of the frame; the message says so)
     */
    void serialize(Object value, OutputStream out);

    /**
     * Deserializes bytes produced by {@link #serialize(Object)}.
     *
     * @param bytes the encoded graph
     * @return the root of the rebuilt graph
     * @throws SKCerealClassNotAllowedException if the bytes name a class that is not allowed (also
     *     inside Java-serialized data); nothing of that class ran
     * @throws SKCerealException if the bytes are truncated, corrupted or hostile
     */
    Object deserialize(byte[] bytes);

    /**
     * Deserializes bytes and checks the type of the root. The type is checked once the graph is
     * read and before any {@link CerealPreparable#afterDeserialize()} runs: a root of another
     * type runs no hook, and the files the message reopened are closed.
     *
     * @param bytes the encoded graph
     * @param type the expected type of the root (a primitive type is taken as its box)
     * @param <T> the expected type
     * @return the root of the rebuilt graph, or null if a null root was written
     * @throws SKCerealException if decoding fails or the root is not a {@code type}
     */
    <T> T deserialize(byte[] bytes, Class<T> type);

    /**
     * Reads one frame written by {@link #serialize(Object, OutputStream)} and deserializes it.
     * Reads exactly the bytes of that frame, so frames can be read one after the other; one
     * stream must not be read by two calls at the same time.
     *
     * <p><b>Blocking.</b> Blocks the calling thread until the whole frame (its 4-byte length, then
     * that many bytes) has arrived, however many reads that takes, or until the stream ends: a
     * stream that ends before or inside a frame fails with {@link SKCerealException}. No timeout is
     * applied; set one on the stream (for example {@code Socket.setSoTimeout}) if needed.
     *
     * <p><b>Interruption.</b> The method does not check the interrupt status itself: it reacts to
     * {@link Thread#interrupt()} as the stream's {@code read} does. A stream over an interruptible
     * channel ({@code Channels.newInputStream} of a {@code SocketChannel}, {@code Pipe} or
     * {@code FileChannel}), and a {@code Socket}'s stream read by a virtual thread, are closed by
     * the interrupt: the call fails with {@link SKCerealException} whose cause is the
     * {@code ClosedByInterruptException} or {@code SocketException}, and the interrupt status
     * stays set. A stream whose {@code read} throws {@code InterruptedIOException}
     * ({@code PipedInputStream}) fails the call the same way, but that stream has cleared the
     * interrupt status. Other streams, such as a {@code Socket}'s stream read by a platform thread
     * or a {@code FileInputStream} on a pipe, ignore interruption: close the stream (or socket)
     * from another thread to release the call, which then fails with {@link SKCerealException}.
     * The bytes of a frame read before a failure are consumed.
     *
     * <p><b>Where a failure leaves the stream.</b> A frame that was read whole but fails to decode
     * leaves the stream at the next frame. A frame announcing more than {@code maxFrameBytes} is
     * refused without reading its body into memory: if the stream already holds all of that body
     * ({@code available()}), it is skipped and the next frame can be read; otherwise (a socket
     * whose bytes are still on the way, a length that is corrupted) the stream is left inside the
     * frame, out of step, and must be closed, which the message says. A frame announcing no bytes
     * or a negative count means the stream is corrupted or out of step; close it too.
     *
     * @param in the stream
     * @return the root of the rebuilt graph
     * @throws SKCerealException if the stream ends early or fails, the frame announces more bytes
     *     than {@code maxFrameBytes}, or decoding fails
     */
    Object deserialize(InputStream in);

    /**
     * Reads one frame from a stream and checks the type of its root, as
     * {@link #deserialize(byte[], Class)} does: before any {@code afterDeserialize()} runs. The
     * frame is consumed either way. Blocks and reacts to interruption as
     * {@link #deserialize(InputStream)} does.
     *
     * @param in the stream
     * @param type the expected type of the root
     * @param <T> the expected type
     * @return the root, or null if a null root was written
     * @throws SKCerealException if reading or decoding fails or the root is not a {@code type}
     */
    <T> T deserialize(InputStream in, Class<T> type);

    /**
     * Finds, without throwing and without serializing, every part of a graph that cannot be
     * carried: parts {@link #serialize(Object)} refuses, classes that a codec with the same
     * settings refuses to read (its allow-list: each such class is reported once, at the first
     * place it occurs), references back into an object the reader builds only after its contents
     * (see the class documentation), and, inside objects written with Java serialization, objects
     * that are not {@code Serializable} or not allowed. Each issue names the part by its object
     * path from {@code root} (fields and record components by name, array and list elements by
     * index, map values by key and map keys as {@code key(...)}, the comparator of a sorted
     * collection or map as {@code comparator()}, captured values of a lambda as
     * {@code captured[i]}: {@code root.workers[2].lock}) and says why and what to do. A map key
     * is named by its text if it is a string, number, character, boolean, enum constant, UUID or
     * class (cut at 40 characters), and otherwise by its class's simple name and identity hash
     * ({@code Node@1b6d3586}): the key's own {@code toString()} never runs. Code of the graph that
     * fails or overflows the stack while it is inspected becomes an issue of that object.
     *
     * <p><b>Side effects.</b> Does not call preparation hooks, does not consume streams or
     * iterators (their elements are not checked), and does not read the value of a
     * {@code ThreadLocal} made by {@code ThreadLocal.withInitial} (reading it could run the
     * supplier; that value is not checked). It runs the code that {@code serialize} runs to read
     * state: {@code CerealHandler.extract}, record accessors, {@code toArray} and
     * {@code entrySet} of the collections and maps carried, {@code writeReplace} of classes written
     * with Java serialization, and {@code get()} of a plain {@code ThreadLocal} or
     * {@code InheritableThreadLocal}, which has no initial value to compute (it at most records
     * {@code null} as the current thread's value, which no public API tells apart from none). Inside an object
     * written with Java serialization, the fields Java serialization writes by default are checked
     * (a custom {@code writeObject} is assumed to call {@code defaultWriteObject}); the inside of an
     * {@code Externalizable} is not seen. Thread-safe; the graph must not change during the call.
     *
     * @param value the root of the graph; may be null
     * @return the issues in graph order; empty if the whole graph can be carried
     */
    List<CerealIssue> check(Object value);

    /**
     * A builder for a codec with its own settings; {@link SKCereal#internal()} is the default one.
     *
     * @return a new builder with the default settings
     */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Settings of an internal codec. Not thread-safe; the built codec is.
     */
    final class Builder {
        private final Set<String> allowed = new LinkedHashSet<>();
        private final Set<Class<?>> registered = new LinkedHashSet<>();
        private boolean allowDomainRoots = true;
        private int maxMaterialized = 100_000;
        private int maxFrameBytes = 256 * 1024 * 1024;

        private Builder() {
        }

        /**
         * Allows classes to be instantiated by deserialization. The codec writes them by name
         * (once per message); {@link #registerClasses} also allows classes and writes them as
         * small numbers.
         *
         * @param types the classes
         * @return this builder
         * @throws NullPointerException if {@code types} or one of them is null
         */
        public Builder allowClasses(Class<?>... types) {
            Objects.requireNonNull(types, "allowClasses: types is null");
            for (Class<?> type : types) {
                allowed.add(Objects.requireNonNull(type, "type").getName());
            }
            return this;
        }

        /**
         * Allows classes to be instantiated by deserialization, as {@link #allowClasses} does,
         * and writes them as small numbers rather than by name, as Kryo does for registered
         * classes: messages get smaller and faster to read. The numbers follow the classes'
         * names in sorted order, so the order of the calls does not matter, but <b>the writing
         * and the reading codec must be built with the same set of registered classes</b>. Every
         * message carries a 4-byte fingerprint of the writer's set (1 byte when it registered
         * none), and a codec built with a different set refuses it with
         * {@link SKCerealException} naming the classes it registers, rather than reading a
         * number as another class; a message from a codec that registered nothing is read by any
         * codec. A class read by number is checked against the allow-list like one read by name.
         * (Common JDK classes such as {@code ArrayList} and {@code HashMap} are always written as
         * numbers.)
         *
         * @param types the classes
         * @return this builder
         * @throws NullPointerException if {@code types} or one of them is null
         */
        public Builder registerClasses(Class<?>... types) {
            Objects.requireNonNull(types, "registerClasses: types is null");
            for (Class<?> type : types) {
                allowed.add(Objects.requireNonNull(type, "type").getName());
                registered.add(type);
            }
            return this;
        }

        /**
         * Allows every class of some packages and their sub-packages.
         *
         * @param packages package names such as {@code com.acme.model}
         * @return this builder
         * @throws NullPointerException if {@code packages} or one of them is null
         */
        public Builder allowPackages(String... packages) {
            Objects.requireNonNull(packages, "allowPackages: packages is null");
            for (String p : packages) {
                String name = Objects.requireNonNull(p, "package").strip();
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("A package name to allow must not be blank.");
                }
                allowed.add(name.endsWith(".*") ? name : name + ".*");
            }
            return this;
        }

        /**
         * Whether classes under the roots of the INTERNAL and EXTERNAL domains of sk-reg are
         * allowed (default true).
         *
         * @param allow false to allow only JDK types, registered classes and explicit entries
         * @return this builder
         */
        public Builder allowDomainRoots(boolean allow) {
            this.allowDomainRoots = allow;
            return this;
        }

        /**
         * The most elements a {@code Stream} or {@code Iterator} is materialized to (default
         * 100,000); a longer one fails serialization with its object path.
         *
         * @param max a positive bound
         * @return this builder
         */
        public Builder maxMaterialized(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxMaterialized must be positive, was " + max);
            }
            this.maxMaterialized = max;
            return this;
        }

        /**
         * The largest frame the stream variants write and read (default 256 MiB):
         * {@link InternalCereal#serialize(Object, OutputStream)} refuses a larger graph before
         * writing anything, and {@link InternalCereal#deserialize(InputStream)} refuses a frame
         * that announces more bytes. Build the writing and the reading codec with the same value.
         *
         * @param max a positive number of bytes
         * @return this builder
         */
        public Builder maxFrameBytes(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxFrameBytes must be positive, was " + max);
            }
            this.maxFrameBytes = max;
            return this;
        }

        /**
         * Builds the codec.
         *
         * @return a new thread-safe codec
         */
        public InternalCereal build() {
            return new KryoCereal(new ArrayList<>(allowed), new ArrayList<>(registered), allowDomainRoots, maxMaterialized,
                    maxFrameBytes);
        }
    }
}
