package dev.suitkaise.bench.cereal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.suitkaise.bench.Goal;
import dev.suitkaise.bench.Peer;
import dev.suitkaise.cereal.InternalCereal;
import dev.suitkaise.cereal.SKCereal;
import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A round trip (serialize to a {@code byte[]}, then deserialize it) through sk-cereal's internal
 * codec, beside raw Kryo with registered classes and beside java.io serialization, for two
 * payloads: the classic jvm-serializers {@link MediaContent} (records, two enums, two
 * {@code ArrayList}s, a null) and a {@code HashMap<String, Long>} of
 * {@value CerealData#MAP_ENTRIES} entries (see {@link CerealData}). Every method returns the
 * rebuilt object, which the setup checks to be equal to the original for every codec.
 *
 * <p><b>The internal codec</b> is built in the setup with
 * {@code InternalCereal.builder().registerClasses(MediaContent.class, Media.class, Media.Player.class,
 * Image.class, Image.Size.class).allowDomainRoots(false)}: the records and enums of the payload are
 * the only user classes it instantiates from bytes (the JDK types of the payloads are allowed by
 * default), as a program allows its own message classes. It is the implementation behind
 * {@code SKCereal.internal()}, whose default allow-list comes from the domain roots instead. It
 * writes object references (identity and cycles are kept) for every object but the immutable JDK
 * values, which travel by value: strings, boxes, enums, {@code BigInteger}/{@code BigDecimal},
 * {@code UUID} and {@code java.time} values (see {@code InternalCereal}), where raw Kryo with
 * references on tracks every object but boxes and enums, strings included. Like raw Kryo's
 * registration, it writes
 * the classes given to {@code registerClasses} and common JDK classes ({@code ArrayList},
 * {@code HashMap}, ...) as small numbers (both sides build the same codec), any other class by
 * name once per message, and returns a new {@code byte[]} from {@code serialize}.
 *
 * <p><b>Class path.</b> This module runs on the class path, where sk-reg counts only its own jar
 * (and this module's classes, added by {@code BenchMain}) as INTERNAL code, but the codec opens
 * its INTERNAL handler registry ({@code CerealHandlerReg}) from sk-cereal's jar. The setup
 * therefore first adds sk-cereal's code location to the INTERNAL roots
 * ({@code DomainRoots.add}, allowed because this class is INTERNAL code), as a class-path program
 * would with {@code -Dsuitkaise.domain.internal=<sk-cereal jar>}. Without it the first
 * {@code serialize} fails with an {@code SKAccessException}.
 *
 * <p><b>Raw Kryo</b> (the peer of the 1.25x goal) is what a program would write with Kryo itself:
 * one {@link Kryo} per benchmark thread with {@code setRegistrationRequired(true)} and every class
 * of the payloads registered (so classes are written as small numbers, never by name), default
 * serializers (Kryo's record, enum, {@code CollectionSerializer} and {@code MapSerializer}), and
 * <b>references on</b> ({@code setReferences(true)}), as the internal codec has them (except that
 * the codec writes immutable JDK values, strings included, without references). Its
 * {@link Output} and {@link Input} are reused across operations; like the codec, it writes the
 * root with {@code writeClassAndObject} and returns a new {@code byte[]} ({@code Output.toBytes()}),
 * the message a program would send.
 *
 * <p><b>java.io</b> (the peer of the 10x goal): a new {@link ObjectOutputStream} over a reused
 * {@link ByteArrayOutputStream} per operation, then a new {@link ObjectInputStream} over the
 * bytes, without a deserialization filter. This is java.io at its fastest for self-contained
 * messages, so the comparison does not flatter the codecs: the objects are the very same records
 * and collections; no extra buffering is needed (byte-array streams do no I/O, and both object
 * streams buffer block data internally); a fresh stream per message is what makes each message
 * readable on its own, as the codecs' messages are (a stream kept open across messages would skip
 * the class descriptors after the first, but its messages could not be read separately); and a
 * deserialization filter, which a careful program adds, would only slow java.io down.
 *
 * <p><b>The 10x goal: met on the media content, out of reach on the map.</b>
 * {@code rawKryoMediaVsJavaIo} and {@code rawKryoMapVsJavaIo} run raw Kryo's round trips beside
 * java.io in the same run (no goal), {@code handWrittenMapVsJavaIo} the map written by hand with
 * the JDK's data streams ({@link HandWritten}), and {@code tunedFloorMapVsJavaIo} the bound on the
 * map ({@link TunedFloor}, no goal): a format and code for this one type, with no format header,
 * class numbers, references or checks. It writes the entry count as a varint, then per entry the
 * key's bytes after a varint length and the value as a zig-zag varint, into a reused buffer,
 * copies the message out to a new array and reads it back into {@code HashMap.newHashMap(count)}
 * with a new {@code String} (a single array copy for an ASCII key) and {@code Long.valueOf} per
 * entry. Whatever a codec writes, its reader must make what the floor's reader makes (a new
 * {@code String}, a {@code Long} and a hash-map node per entry, each key hashed) and its writer must
 * at least visit every entry and copy every key, so the floor's ratio to java.io is close to the
 * best any codec producing a new {@code HashMap<String, Long>} of new {@code String}s and
 * {@code Long}s can get with the JDK's public, non-deprecated API. (Not a proof: a plain loop
 * outside JMH that copied keys with the deprecated {@code String.getBytes(int, int, byte[], int)}
 * encoded about twice as fast and came to about 0.10x-0.11x java.io; no general codec, with a
 * format header, class numbers and allow-list checks, does that little.) In two runs of 2026-11-25 (quick mode, on 2 CPUs shared with other benchmarks and
 * builds, so noisy) the floor took 49-51 us against java.io's 320-349 us, 0.15x: about 6.5x
 * faster than java.io, so no general codec can be 10x faster on this payload, where java.io spends its
 * time much as any codec does (strings and boxed longs, with the class descriptors of
 * {@code HashMap}, {@code String} and {@code Long} written once). In the same runs raw Kryo was
 * about 2.5x faster than java.io (0.39x-0.44x), the hand-written round trip about 3x
 * (0.29x-0.30x; its {@code writeUTF}/{@code readUTF} cost more than Kryo's ASCII strings) and the
 * internal codec, which writes strings and boxes without reference tracking and through a short
 * path that writes the same bytes as Kryo's serializers, about 5x (0.20x, 63-69 us): about 1.3x
 * the floor's time. On the media content, java.io pays for the
 * descriptors of five classes in a small message, and the goal is met: raw Kryo is about 9x
 * faster (0.10x-0.11x), the internal codec about 11x-12x (0.08x-0.09x).
 *
 * <p><b>A pooled codec after a large message.</b> The setup sends both payloads through the same
 * codec, so the media round trips run on pooled Kryo sessions that have carried the 1,000-entry
 * map (as they would in a program), while raw Kryo's thread instance has not. Kryo's own
 * reference table keeps its size after a large message and clears every slot after each message;
 * the codec shrinks it back after small messages, so it no longer pays for the earlier map.
 *
 * <p><b>Sizes</b> (printed by the setup; latest run, sk-cereal 0.1.0-SNAPSHOT, Kryo 5.6.2,
 * 2026-11-26): media content 240 bytes internal, 204 raw Kryo, 991 java.io; the map 17,004 bytes
 * internal, 17,997 raw Kryo, 29,146 java.io, 22,004 hand-written, 15,995 tuned floor. Both codecs
 * write every class as a number. On the map the internal codec saves the reference marker of each
 * key. On the media
 * content its 36 extra bytes are its 7-byte format header (the magic and version, then a 4-byte
 * fingerprint of the registered classes, so that a codec built with other ones refuses the message),
 * the class numbers it writes before
 * record components of a final declared type (such as {@code String}), where raw Kryo's record
 * serializer relies on the declared type, and the title "Javaone Keynote", which occurs three
 * times and which the internal codec writes in full each time (strings travel by value) where raw
 * Kryo writes back-references.
 *
 * <p>The Suitkaise round trips appear twice, once beside each peer, because a benchmark names one
 * peer: {@code internal*} against raw Kryo (goal: at most 1.25x its time) and
 * {@code internal*VsJavaIo} against java.io (goal: at least 10x faster, a ratio of at most 0.1).
 * Both measure the same code.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class InternalCerealBenchmark {

    private MediaContent media;
    private Map<String, Long> counts;
    private InternalCereal cereal;

    /** One raw Kryo with its reused buffers per benchmark thread (a Kryo is not thread-safe). */
    @State(Scope.Thread)
    public static class RawKryo {
        private Kryo kryo;
        private Output output;
        private Input input;

        /**
         * Configures the Kryo: registration required, the payloads' classes registered, references on.
         */
        @Setup(Level.Trial)
        public void configure() {
            kryo = new Kryo();
            kryo.setRegistrationRequired(true);
            kryo.setReferences(true);
            kryo.register(MediaContent.class);
            kryo.register(Media.class);
            kryo.register(Media.Player.class);
            kryo.register(Image.class);
            kryo.register(Image.Size.class);
            kryo.register(ArrayList.class);
            kryo.register(HashMap.class);
            output = new Output(4096, -1);
            input = new Input();
        }

        /**
         * Writes an object and reads it back.
         *
         * @param value the object
         * @return the rebuilt object
         */
        Object roundTrip(Object value) {
            output.reset();
            kryo.writeClassAndObject(output, value);
            byte[] bytes = output.toBytes();
            input.setBuffer(bytes);
            return kryo.readClassAndObject(input);
        }
    }

    /** One reused java.io output buffer per benchmark thread. */
    @State(Scope.Thread)
    public static class JavaIo {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);

        /**
         * Writes an object with java.io serialization and reads it back.
         *
         * @param value the object
         * @return the rebuilt object
         */
        Object roundTrip(Object value) {
            try {
                buffer.reset();
                try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
                    out.writeObject(value);
                }
                try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
                    return in.readObject();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The map written by hand the way a programmer would with the JDK's data streams: the entries
     * written field by field with a {@link DataOutputStream} over a reused
     * {@link ByteArrayOutputStream} (the size with {@code writeInt}, each key with
     * {@code writeUTF}, each value with {@code writeLong}), the bytes copied out as the codecs'
     * messages are, and read back with a {@link DataInputStream} into a presized {@code HashMap}.
     * No class names, no references, no checks, but not a floor: {@code writeUTF} and
     * {@code readUTF} go through modified UTF-8 a char at a time and every value takes 8 bytes,
     * so the internal codec is faster. The floor is {@link TunedFloor}.
     */
    @State(Scope.Thread)
    public static class HandWritten {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
        private final DataOutputStream out = new DataOutputStream(buffer);

        /**
         * Writes the map's entries and reads them back into a new map.
         *
         * @param map the map
         * @return the rebuilt map
         */
        Map<String, Long> roundTrip(Map<String, Long> map) {
            try {
                buffer.reset();
                out.writeInt(map.size());
                for (Map.Entry<String, Long> e : map.entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getValue());
                }
                out.flush();
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(buffer.toByteArray()));
                int n = in.readInt();
                Map<String, Long> back = HashMap.newHashMap(n);
                for (int i = 0; i < n; i++) {
                    back.put(in.readUTF(), in.readLong());
                }
                return back;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The floor for the map: close to the least work that a round trip of a
     * {@code HashMap<String, Long>} into a new {@code HashMap} of new {@code String}s and
     * {@code Long}s can do with the JDK's public, non-deprecated API, written for this one type. Encoding writes into a reused {@code byte[]}: the entry count as a varint, then per
     * entry a varint header (the key's length in bytes, shifted left by one, with the low bit set
     * unless the key is one byte per char), the key's bytes and the value as a zig-zag varint (any
     * {@code long}; the values of this map take at most 3 bytes). The key's bytes are its UTF-8
     * encoding, {@code String.getBytes(UTF_8)}, which for an ASCII string is a single array copy
     * (one byte per char, the same bytes as ISO-8859-1), then copied into the buffer: on JDK 25 the
     * encoding of this map took about 17 us that way against about 30 us with a {@code charAt}
     * loop storing a byte per char (a separate JMH measurement, 2026-11-25), and the
     * JDK's only public copy of a string's chars into a {@code byte[]} without allocating,
     * {@code String.getBytes(int, int, byte[], int)}, is deprecated. Any other key travels as UTF-8
     * bytes, so every string comes back equal (unpaired surrogates, which UTF-8 cannot carry, come
     * back as {@code '?'}, as with protobuf's strings). The bytes are then copied out to a new
     * {@code byte[]} of the exact length, as every codec's message is a new array, and decoded
     * from that array, with the varints read inline: a new {@code String} per key
     * ({@code new String(bytes, offset, length, ISO_8859_1)} for a key of one byte per char, which
     * with compact strings is a single array copy; {@code UTF_8} otherwise), {@code Long.valueOf}
     * per value, each put into {@code HashMap.newHashMap(count)}. No format header, no class
     * numbers, no references, no checks beyond Java's own array bounds; null keys and values are
     * refused with an {@code IllegalArgumentException} (carrying them would only add a branch).
     * The setup also round-trips a map of unusual keys and values through it.
     */
    @State(Scope.Thread)
    public static class TunedFloor {
        private byte[] buffer = new byte[64 * 1024];
        private int lastSize;

        /**
         * Encodes the map's entries, copies them out to a new array and decodes that array into
         * a new map.
         *
         * @param map the map, without null keys or values
         * @return the rebuilt map
         */
        Map<String, Long> roundTrip(Map<String, Long> map) {
            return decode(encode(map));
        }

        private byte[] encode(Map<String, Long> map) {
            byte[] b = room(buffer, 0, 5);
            int p = putVarLong(b, 0, map.size());
            for (Map.Entry<String, Long> e : map.entrySet()) {
                String key = e.getKey();
                Long value = e.getValue();
                if (key == null || value == null) {
                    throw new IllegalArgumentException("the tuned floor carries no null keys or values, got the entry "
                            + key + "=" + value + "; it measures maps of non-null strings and longs only");
                }
                byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
                // header (at most 5 bytes) + key + value (at most 10)
                b = room(b, p, 15 + utf8.length);
                p = putVarLong(b, p, (long) utf8.length << 1 | (utf8.length == key.length() ? 0 : 1));
                System.arraycopy(utf8, 0, b, p, utf8.length);
                p += utf8.length;
                long v = value;
                p = putVarLong(b, p, v << 1 ^ v >> 63);
            }
            lastSize = p;
            return Arrays.copyOf(b, p);
        }

        /** Varints are read inline (a position in a local), as a tuned decoder would. */
        private static Map<String, Long> decode(byte[] bytes) {
            int p = 0;
            int count = 0;
            for (int shift = 0; ; shift += 7) {
                byte x = bytes[p++];
                count |= (x & 0x7F) << shift;
                if (x >= 0) {
                    break;
                }
            }
            Map<String, Long> map = HashMap.newHashMap(count);
            for (int i = 0; i < count; i++) {
                int header = 0;
                for (int shift = 0; ; shift += 7) {
                    byte x = bytes[p++];
                    header |= (x & 0x7F) << shift;
                    if (x >= 0) {
                        break;
                    }
                }
                int length = header >>> 1;
                String key = new String(bytes, p, length,
                        (header & 1) == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                p += length;
                long zigZag = 0;
                for (int shift = 0; ; shift += 7) {
                    byte x = bytes[p++];
                    zigZag |= (long) (x & 0x7F) << shift;
                    if (x >= 0) {
                        break;
                    }
                }
                map.put(key, Long.valueOf(zigZag >>> 1 ^ -(zigZag & 1)));
            }
            return map;
        }

        /** The buffer with room for {@code more} bytes after {@code position}, grown (and kept) if needed. */
        private byte[] room(byte[] b, int position, int more) {
            if (position + more <= b.length) {
                return b;
            }
            buffer = Arrays.copyOf(b, Math.max(b.length * 2, position + more));
            return buffer;
        }

        /** Writes {@code value} as an unsigned varint at {@code p} and returns the position after it. */
        private static int putVarLong(byte[] b, int p, long value) {
            while ((value & ~0x7FL) != 0) {
                b[p++] = (byte) (value | 0x80);
                value >>>= 7;
            }
            b[p++] = (byte) value;
            return p;
        }
    }

    /**
     * Makes sk-cereal's jar INTERNAL code (see the class description), builds the payloads and
     * the internal codec (allowing this package), checks that every codec gives back an equal
     * object, and prints the encoded sizes.
     */
    @Setup(Level.Trial)
    public void setUp() {
        DomainRoots.add(Domain.INTERNAL, CodeRoot.locationOf(SKCereal.class));
        media = CerealData.mediaContent();
        counts = CerealData.counts();
        cereal = InternalCereal.builder()
                .registerClasses(MediaContent.class, Media.class, Media.Player.class, Image.class, Image.Size.class)
                .allowDomainRoots(false)
                .build();
        RawKryo kryo = new RawKryo();
        kryo.configure();
        JavaIo javaIo = new JavaIo();
        for (Object payload : new Object[] {media, counts}) {
            expectEqual(payload, cereal.deserialize(cereal.serialize(payload)), "SKCereal internal");
            expectEqual(payload, kryo.roundTrip(payload), "raw Kryo");
            int kryoBytes = kryo.output.position();
            expectEqual(payload, javaIo.roundTrip(payload), "java.io");
            System.out.printf("sk-bench cereal: %s encodes to %d bytes internal, %d bytes raw Kryo, %d bytes java.io%n",
                    payload.getClass().getSimpleName(), cereal.serialize(payload).length, kryoBytes, javaIo.buffer.size());
        }
        HandWritten handWritten = new HandWritten();
        expectEqual(counts, handWritten.roundTrip(counts), "the hand-written DataOutputStream round trip");
        System.out.printf("sk-bench cereal: the map encodes to %d bytes hand-written%n", handWritten.buffer.size());
        TunedFloor tunedFloor = new TunedFloor();
        expectEqual(counts, tunedFloor.roundTrip(counts), "the tuned floor round trip");
        System.out.printf("sk-bench cereal: the map encodes to %d bytes tuned floor%n", tunedFloor.lastSize);
        // The paths this payload does not take: UTF-8 keys, an empty key, negative and extreme values,
        // a key longer than the initial buffer.
        Map<String, Long> unusual = new HashMap<>();
        unusual.put("y".repeat(70_000), 1L);
        unusual.put("", 0L);
        unusual.put("caf\u00e9 na\u00efve", -1L);
        unusual.put("\u20ac \u4e2d\u6587 \ud83d\ude00", Long.MIN_VALUE);
        unusual.put("x".repeat(300), Long.MAX_VALUE);
        expectEqual(unusual, new TunedFloor().roundTrip(unusual),
                "the tuned floor round trip of unusual keys and values");
    }

    private static void expectEqual(Object expected, Object actual, String codec) {
        if (!expected.equals(actual)) {
            throw new IllegalStateException(codec + " did not give back an equal " + expected.getClass().getSimpleName()
                    + ": " + actual);
        }
    }

    /**
     * The peer: a media content through raw Kryo (registered classes, references on).
     *
     * @param kryo the thread's Kryo
     * @return the rebuilt media content
     */
    @Benchmark
    public Object rawKryoMedia(RawKryo kryo) {
        return kryo.roundTrip(media);
    }

    /**
     * Raw Kryo's media round trip again, reported beside java.io without a goal: how much faster
     * than java.io Kryo itself is on this payload, in the same run, which bounds what a codec built
     * on Kryo can reach against the 10x goal.
     *
     * @param kryo the thread's Kryo
     * @return the rebuilt media content
     */
    @Benchmark
    @Peer("javaIoMedia")
    public Object rawKryoMediaVsJavaIo(RawKryo kryo) {
        return kryo.roundTrip(media);
    }

    /**
     * The peer of the 10x goal: a media content through java.io serialization.
     *
     * @param javaIo the thread's buffer
     * @return the rebuilt media content
     */
    @Benchmark
    public Object javaIoMedia(JavaIo javaIo) {
        return javaIo.roundTrip(media);
    }

    /**
     * A media content through the internal codec: {@code serialize} then {@code deserialize}.
     *
     * @return the rebuilt media content
     */
    @Benchmark
    @Peer("rawKryoMedia")
    @Goal(maxRatio = 1.25, note = "internal codec round trip within 1.25x of raw Kryo with registered classes"
            + " (references on in both).")
    public Object internalMedia() {
        return cereal.deserialize(cereal.serialize(media));
    }

    /**
     * The same round trip as {@link #internalMedia()}, reported beside java.io.
     *
     * @return the rebuilt media content
     */
    @Benchmark
    @Peer("javaIoMedia")
    @Goal(maxRatio = 0.1, note = "internal codec round trip at least 10x faster than java.io serialization.")
    public Object internalMediaVsJavaIo() {
        return cereal.deserialize(cereal.serialize(media));
    }

    /**
     * The peer: the 1,000-entry map through raw Kryo (registered classes, references on).
     *
     * @param kryo the thread's Kryo
     * @return the rebuilt map
     */
    @Benchmark
    public Object rawKryoMap(RawKryo kryo) {
        return kryo.roundTrip(counts);
    }

    /**
     * Raw Kryo's map round trip again, reported beside java.io without a goal (see
     * {@link #rawKryoMediaVsJavaIo}).
     *
     * @param kryo the thread's Kryo
     * @return the rebuilt map
     */
    @Benchmark
    @Peer("javaIoMap")
    public Object rawKryoMapVsJavaIo(RawKryo kryo) {
        return kryo.roundTrip(counts);
    }

    /**
     * The peer of the 10x goal: the 1,000-entry map through java.io serialization.
     *
     * @param javaIo the thread's buffer
     * @return the rebuilt map
     */
    @Benchmark
    public Object javaIoMap(JavaIo javaIo) {
        return javaIo.roundTrip(counts);
    }

    /**
     * The 1,000-entry map written and read by hand with {@code DataOutputStream}/{@code DataInputStream}
     * (see {@link HandWritten}), reported beside java.io without a goal: what a programmer gets
     * from the JDK's data streams, not a floor (see {@link #tunedFloorMapVsJavaIo}).
     *
     * @param handWritten the thread's buffer
     * @return the rebuilt map
     */
    @Benchmark
    @Peer("javaIoMap")
    public Object handWrittenMapVsJavaIo(HandWritten handWritten) {
        return handWritten.roundTrip(counts);
    }

    /**
     * The floor, reported beside java.io without a goal: the 1,000-entry map through about the
     * least work a round trip into a new {@code HashMap} of new strings and longs can do (see
     * {@link TunedFloor}). No general codec that gives back such a map gets a lower ratio to java.io.
     *
     * @param tunedFloor the thread's buffer
     * @return the rebuilt map
     */
    @Benchmark
    @Peer("javaIoMap")
    public Object tunedFloorMapVsJavaIo(TunedFloor tunedFloor) {
        return tunedFloor.roundTrip(counts);
    }

    /**
     * The 1,000-entry map through the internal codec: {@code serialize} then {@code deserialize}.
     *
     * @return the rebuilt map
     */
    @Benchmark
    @Peer("rawKryoMap")
    @Goal(maxRatio = 1.25, note = "internal codec round trip within 1.25x of raw Kryo with registered classes"
            + " (references on in both).")
    public Object internalMap() {
        return cereal.deserialize(cereal.serialize(counts));
    }

    /**
     * The same round trip as {@link #internalMap()}, reported beside java.io.
     *
     * @return the rebuilt map
     */
    @Benchmark
    @Peer("javaIoMap")
    @Goal(maxRatio = 0.1, note = "internal codec round trip at least 10x faster than java.io serialization.")
    public Object internalMapVsJavaIo() {
        return cereal.deserialize(cereal.serialize(counts));
    }
}
