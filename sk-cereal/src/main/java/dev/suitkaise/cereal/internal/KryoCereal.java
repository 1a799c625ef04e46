package dev.suitkaise.cereal.internal;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Output;
import dev.suitkaise.cereal.CerealIssue;
import dev.suitkaise.cereal.CerealPreparable;
import dev.suitkaise.cereal.InternalCereal;
import dev.suitkaise.cereal.SKCerealClassNotAllowedException;
import dev.suitkaise.cereal.SKCerealException;
import dev.suitkaise.cereal.internal.kryo.BoundedInput;
import dev.suitkaise.cereal.internal.kryo.CerealKryo;
import dev.suitkaise.cereal.internal.kryo.ClassIds;
import dev.suitkaise.cereal.internal.kryo.GraphChecker;
import dev.suitkaise.cereal.internal.kryo.Handlers;
import dev.suitkaise.cereal.internal.kryo.Rules;
import dev.suitkaise.reg.DomainRoots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The internal codec's implementation: a pool of configured Kryo instances with their buffers.
 * Each call takes one session from the pool (or makes one) and returns it when done; a session
 * that failed in an unknown state is dropped. Lock-free, so virtual threads never pin.
 */
public final class KryoCereal implements InternalCereal {

    private static final Logger LOG = LoggerFactory.getLogger(KryoCereal.class);

    /**
     * Format marker: 'S', 'K', version 4. Version 4 writes, right after the version, the
     * fingerprint of the codec's {@link ClassIds} table ({@link ClassIds#fingerprint()}: one byte
     * 0 when no class was registered, else 4 bytes), and a reader refuses a message whose table
     * differs from its own (except one from a writer that registered nothing), because class
     * numbers would then name other classes. Version 3 writes strings, boxes and the other
     * immutable JDK values of {@link CerealKryo#readWithLegacyReferences} without a reference
     * marker (they keep no identity); version 2 tracked their identity, and wrote the classes of
     * the codec's {@link ClassIds} table as numbers, as versions 3 and 4 do; version 1 wrote every
     * class by name. Messages of versions 1 to 3 (which carry no fingerprint) are still read, with
     * the reference rule they were written with.
     */
    private static final byte[] HEADER = {0x53, 0x4B, 0x04};
    /** The first version whose immutable JDK values carry no identity. */
    private static final byte UNTRACKED_VALUES_VERSION = 0x03;
    /** The first version that carries the fingerprint of the class table. */
    private static final byte FINGERPRINT_VERSION = 0x04;
    private static final byte OLDEST_READ_VERSION = 0x01;
    private static final byte[] NO_BYTES = new byte[0];
    private static final int MAX_POOLED = 32;
    private static final int MAX_POOLED_BUFFER = 1 << 20;
    /** After the constants above, which its constructor uses. */
    private static final KryoCereal INSTANCE = new KryoCereal(List.of(), List.of(), true, 100_000, 256 * 1024 * 1024);

    private final List<String> allowEntries;
    private final ClassIds classIds;
    /** {@link #HEADER} followed by the fingerprint of {@link #classIds}, written at the start of every message. */
    private final byte[] header;
    private final boolean allowDomainRoots;
    private final int maxMaterialized;
    private final int maxFrameBytes;
    private final ConcurrentLinkedQueue<Session> writers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Session> readers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooled = new AtomicInteger();
    private volatile Rules rules;

    /** One Kryo with its buffers, used only for writing or only for reading. */
    private static final class Session {
        final CerealKryo kryo;
        final boolean reading;
        final Output output;
        final BoundedInput input;

        Session(Rules rules, ClassIds ids, boolean reading) {
            this.kryo = new CerealKryo(rules, ids, reading);
            this.reading = reading;
            this.output = reading ? null : new Output(4096, -1);
            this.input = reading ? new BoundedInput() : null;
        }
    }

    /**
     * Creates a codec.
     *
     * @param allowEntries class names and package prefixes ending in {@code .*} to allow
     * @param registeredClasses the classes given to {@code registerClasses}, written as numbers
     *     (see {@link ClassIds}); their names must also be in {@code allowEntries}
     * @param allowDomainRoots whether classes under the INTERNAL and EXTERNAL roots are allowed
     * @param maxMaterialized the bound for streams and iterators
     * @param maxFrameBytes the largest frame the stream variants write and accept
     */
    public KryoCereal(List<String> allowEntries, List<Class<?>> registeredClasses, boolean allowDomainRoots,
            int maxMaterialized, int maxFrameBytes) {
        List<String> entries = new ArrayList<>(allowEntries);
        String property = System.getProperty("suitkaise.cereal.allow");
        if (property != null) {
            Arrays.stream(property.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(entries::add);
        }
        this.allowEntries = List.copyOf(entries);
        this.classIds = ClassIds.of(registeredClasses);
        byte[] fingerprint = classIds.fingerprint();
        this.header = Arrays.copyOf(HEADER, HEADER.length + fingerprint.length);
        System.arraycopy(fingerprint, 0, header, HEADER.length, fingerprint.length);
        this.allowDomainRoots = allowDomainRoots;
        this.maxMaterialized = maxMaterialized;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * The process-wide instance.
     *
     * @return the instance
     */
    public static KryoCereal instance() {
        return INSTANCE;
    }

    private Rules currentRules() {
        long generation = Handlers.generation();
        long roots = allowDomainRoots ? DomainRoots.version() : 0; // a change of roots changes which classes are allowed
        Rules r = rules;
        if (r == null || r.generation() != generation || r.rootsVersion() != roots) {
            r = new Rules(generation, roots, allowEntries, allowDomainRoots, maxMaterialized);
            rules = r;
            LOG.debug("Internal codec rules built for handler generation {} and domain roots version {}", generation, roots);
        }
        return r;
    }

    private Session obtain(boolean reading) {
        Rules r = currentRules();
        ConcurrentLinkedQueue<Session> pool = reading ? readers : writers;
        Session s;
        while ((s = pool.poll()) != null) {
            pooled.decrementAndGet();
            if (s.kryo.rules() == r) {
                return s;
            }
        }
        LOG.debug("Creating a Kryo {} session (handler generation {})", reading ? "reading" : "writing", r.generation());
        return new Session(r, classIds, reading);
    }

    private void release(Session s, boolean healthy) {
        if (!healthy) {
            return;
        }
        s.kryo.reset();
        if (s.reading) {
            s.input.setBuffer(NO_BYTES);
        } else if (s.output.getBuffer().length > MAX_POOLED_BUFFER) {
            s.output.setBuffer(new byte[4096], -1);
        }
        if (pooled.incrementAndGet() <= MAX_POOLED) {
            (s.reading ? readers : writers).offer(s);
        } else {
            pooled.decrementAndGet();
        }
    }

    @Override
    public byte[] serialize(Object value) {
        Session s = obtain(false);
        boolean healthy = false;
        try {
            Output out = s.output;
            out.reset();
            out.writeBytes(header);
            s.kryo.writeClassAndObject(out, value);
            byte[] bytes = out.toBytes();
            healthy = true;
            return bytes;
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            throw serializeFailure(value, e);
        } finally {
            release(s, healthy);
        }
    }

    private SKCerealException serializeFailure(Object value, Throwable e) {
        String cause = describe(e);
        String where = "";
        try {
            // only the issues that make writing fail explain it (not, say, a class the reader would refuse)
            List<CerealIssue> issues = GraphChecker.walk(currentRules(), value).stream()
                    .filter(GraphChecker.Found::failsWrite).map(GraphChecker.Found::issue).toList();
            if (!issues.isEmpty()) {
                CerealIssue first = issues.get(0);
                where = " at " + first.path() + " (" + first.type() + ")";
                if (issues.size() > 1) {
                    cause = first.reason() + " [" + (issues.size() - 1) + " more issue(s); call check() to list them all]";
                } else {
                    cause = first.reason();
                }
            }
        } catch (RuntimeException | StackOverflowError checkFailure) {
            LOG.debug("check() failed while explaining a serialization failure", checkFailure);
        }
        if (where.isEmpty()) {
            String path = kryoPath(e);
            if (path != null) {
                where = " at " + path;
                cause = cause.replaceAll(" \\(Serialization trace:.*\\)$", "");
            }
        }
        String type = value == null ? "null" : value.getClass().getName();
        return new SKCerealException("Cannot serialize a " + type + where + ": " + cause + currentRules().brokenHandlersNote(), e);
    }

    /**
     * The object path from Kryo's field trace ("name (Class)" lines, innermost first); elements of
     * collections appear without their index.
     */
    static String kryoPath(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KryoException) {
                String m = t.getMessage();
                int i = m == null ? -1 : m.indexOf("Serialization trace:");
                if (i >= 0) {
                    List<String> names = new ArrayList<>();
                    for (String line : m.substring(i + "Serialization trace:".length()).split("\n")) {
                        String l = line.strip();
                        int p = l.indexOf(" (");
                        if (!l.isEmpty()) {
                            names.add(0, p > 0 ? l.substring(0, p) : l);
                        }
                    }
                    return names.isEmpty() ? null : "root." + String.join(".", names);
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The most telling message in a failure chain: our own exception's, else the root cause's, with Kryo's trace. */
    static String describe(Throwable e) {
        if (e instanceof StackOverflowError) {
            return "the object graph is nested too deeply (stack overflow); flatten it or carry it in parts";
        }
        String trace = null;
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SKCerealException sk) {
                return sk.getMessage();
            }
            if (t instanceof KryoException && trace == null) {
                String m = t.getMessage();
                int i = m == null ? -1 : m.indexOf("Serialization trace:");
                if (i >= 0) {
                    trace = m.substring(i).replace('\n', ' ').strip();
                }
            }
            root = t;
            if (t.getCause() == t) {
                break;
            }
        }
        String message = root.getMessage();
        if (message != null && message.startsWith("Max depth exceeded")) {
            return "the object graph is nested too deeply (more than " + CerealKryo.MAX_DEPTH + " levels); flatten it or"
                    + " carry it in parts";
        }
        if (message != null) {
            int i = message.indexOf("Serialization trace:");
            if (i >= 0) {
                message = message.substring(0, i).strip();
            }
        }
        String text = root.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : ": " + message);
        return trace == null ? text : text + " (" + trace + ")";
    }

    @Override
    public void serialize(Object value, OutputStream out) {
        Objects.requireNonNull(out, "out");
        byte[] bytes = serialize(value);
        if (bytes.length > maxFrameBytes) {
            String type = value == null ? "null" : value.getClass().getName();
            throw new SKCerealException("Cannot write a " + type + " as a frame: it encodes to " + bytes.length
                    + " bytes, more than this codec's maxFrameBytes of " + maxFrameBytes + ", so a reader with the same"
                    + " settings would refuse the frame. Nothing was written to the stream. Raise the limit on both"
                    + " sides with InternalCereal.builder().maxFrameBytes(n), or send the graph in smaller parts.");
        }
        try {
            out.write(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8),
                    (byte) bytes.length});
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new SKCerealException("Cannot write a frame of " + bytes.length + " bytes to the stream: " + e + ". The"
                    + " stream may now hold part of the frame (its length, or part of its body), so a reader of it would be"
                    + " out of step: close the stream rather than write more frames to it.", e);
        }
    }

    @Override
    public Object deserialize(byte[] bytes) {
        return read(bytes, null);
    }

    /**
     * Reads a message; checks the root against {@code expected} (if not null) before any
     * {@code afterDeserialize()} runs, so a root of the wrong type runs no hook and closes the
     * files the message reopened.
     */
    private Object read(byte[] bytes, Class<?> expected) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < HEADER.length + 1 || bytes[0] != HEADER[0] || bytes[1] != HEADER[1]) {
            throw new SKCerealException("The input (" + bytes.length + " bytes) is not an sk-cereal internal message: it"
                    + " lacks the SK header. Pass bytes produced by SKCereal.internal().serialize(...).");
        }
        if (bytes[2] < OLDEST_READ_VERSION || bytes[2] > HEADER[2]) {
            throw new SKCerealException("The input is an sk-cereal internal message of format version " + bytes[2]
                    + "; this codec reads versions " + OLDEST_READ_VERSION + " to " + HEADER[2]
                    + ". Both processes must run the same Suitkaise version.");
        }
        int bodyStart = bytes[2] < FINGERPRINT_VERSION ? HEADER.length : checkFingerprint(bytes);
        Session s = obtain(true);
        boolean healthy = false;
        try {
            BoundedInput in = s.input;
            in.setBuffer(bytes, bodyStart, bytes.length - bodyStart);
            s.kryo.beginMessage(bytes.length);
            s.kryo.readWithLegacyReferences(bytes[2] < UNTRACKED_VALUES_VERSION);
            Object result = s.kryo.readClassAndObject(in);
            if (in.position() != in.limit()) {
                throw new SKCerealException("The input has " + (in.limit() - in.position()) + " bytes after the end of"
                        + " the object graph: it is corrupted or two messages were joined.");
            }
            if (expected != null) {
                checkRoot(result, expected);
            }
            List<Object> order = s.kryo.readObjectsInOrder();
            healthy = true;
            int ran = 0;
            for (Object o : order) {
                if (o instanceof CerealPreparable p) {
                    try {
                        p.afterDeserialize();
                    } catch (RuntimeException e) {
                        throw new SKCerealException("afterDeserialize() of a " + o.getClass().getName() + " failed: " + e
                                + ". The graph was read; " + (ran == 0 ? "no other hook had run" : ran + " earlier"
                                + " afterDeserialize() hook(s) had already run and are not undone (threads they started"
                                + " keep running, on objects the caller never receives)")
                                + "; the files the message reopened are closed. Fix the hook.", e);
                    }
                    ran++;
                }
            }
            return result;
        } catch (SKCerealException e) {
            SKCerealException failure = withNote(e, s.kryo.rules().brokenHandlersNote());
            s.kryo.closeOpened(failure); // the caller never gets the files the message reopened
            throw failure;
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            healthy = false;
            SKCerealException failure = new SKCerealException("Cannot deserialize the input (" + bytes.length + " bytes): "
                    + describe(e) + s.kryo.rules().brokenHandlersNote(), e);
            s.kryo.closeOpened(failure);
            throw failure;
        } finally {
            release(s, healthy);
        }
    }

    /**
     * Checks the class-table fingerprint of a message of version 4 or later against this codec's.
     *
     * @return where the object graph starts
     */
    private int checkFingerprint(byte[] bytes) {
        int at = HEADER.length;
        if (bytes[at] == 0) {
            // the writer registered no classes: it numbered only the fixed JDK classes, numbered alike by every table
            if (bytes.length < at + 2) {
                throw new SKCerealException("The input (" + bytes.length + " bytes) ends after its header: it is truncated.");
            }
            return at + 1;
        }
        if (bytes.length < at + 5) {
            throw new SKCerealException("The input (" + bytes.length + " bytes) ends inside its header: it is truncated.");
        }
        // this codec's fingerprint is the rest of its header: one byte 0 (which never equals 4 bytes) or 4 bytes
        if (!Arrays.equals(bytes, at, at + 4, header, at, header.length)) {
            throw new SKCerealException("The input was written by a codec built with a different registerClasses set than"
                    + " this one (its class-table fingerprint is " + hex(bytes, at, 4) + ", this codec's is "
                    + hex(header, at, header.length - at) + "), so its class numbers would name other classes here;"
                    + " it is refused. This codec registers " + classIds.describeRegistered() + ". Build the writing and"
                    + " the reading codec with the same InternalCereal.builder().registerClasses(...) set (the order does"
                    + " not matter).");
        }
        return at + 4;
    }

    private static String hex(byte[] bytes, int from, int length) {
        return java.util.HexFormat.of().formatHex(bytes, from, from + length);
    }

    /** The failure with a note added to its message (same class, the original as cause), or itself if the note is empty. */
    private static SKCerealException withNote(SKCerealException e, String note) {
        if (note.isEmpty()) {
            return e;
        }
        if (e instanceof SKCerealClassNotAllowedException n) {
            return new SKCerealClassNotAllowedException(n.className(), e.getMessage() + note, e);
        }
        return new SKCerealException(e.getMessage() + note, e);
    }

    @Override
    public <T> T deserialize(byte[] bytes, Class<T> type) {
        Objects.requireNonNull(type, "deserialize: type is null");
        @SuppressWarnings("unchecked")
        T t = (T) read(bytes, type); // checked by read, before any hook ran
        return t;
    }

    /** Fails if a non-null root is not a {@code type} (a primitive type taken as its box). */
    private static void checkRoot(Object value, Class<?> type) {
        Class<?> boxed = type.isPrimitive() ? java.lang.invoke.MethodType.methodType(type).wrap().returnType() : type;
        if (value != null && !boxed.isInstance(value)) {
            throw new SKCerealException("Expected a " + type.getName() + " but the input holds a "
                    + value.getClass().getName() + ". No afterDeserialize() hook ran and the files the message reopened"
                    + " are closed.");
        }
    }

    @Override
    public Object deserialize(InputStream in) {
        return read(in, null);
    }

    private Object read(InputStream in, Class<?> expected) {
        Objects.requireNonNull(in, "in");
        try {
            byte[] header = in.readNBytes(4);
            if (header.length < 4) {
                throw new SKCerealException("The stream ended " + (header.length == 0 ? "before a frame"
                        : "inside a frame header") + ".");
            }
            int length = ((header[0] & 0xFF) << 24) | ((header[1] & 0xFF) << 16) | ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            if (length <= 0) {
                throw new SKCerealException("The stream announces a frame of " + Integer.toUnsignedString(length)
                        + " bytes, which no writer sends: the stream is corrupted or out of step (for example after a"
                        + " write that failed inside a frame). Close it; the bytes that follow are not a frame either.");
            }
            if (length > maxFrameBytes) {
                throw new SKCerealException("The stream announces a frame of " + length + " bytes, more than this codec's"
                        + " maxFrameBytes of " + maxFrameBytes + "; the frame is refused. " + skipRefused(in, length)
                        + " If such frames are legitimate, raise the limit on both sides with"
                        + " InternalCereal.builder().maxFrameBytes(n).");
            }
            byte[] bytes = in.readNBytes(length);
            if (bytes.length < length) {
                throw new SKCerealException("The stream ended after " + bytes.length + " of the " + length
                        + " bytes of a frame.");
            }
            return read(bytes, expected);
        } catch (IOException e) {
            throw new SKCerealException("Cannot read a frame from the stream: " + e, e);
        }
    }

    /**
     * Skips the body of a refused frame if the stream already holds all of it (so skipping cannot
     * block, however large the frame), and says where that leaves the stream.
     */
    private static String skipRefused(InputStream in, int length) {
        try {
            if (in.available() >= length) {
                in.skipNBytes(length);
                return "Its " + length + " bytes were skipped, so the next read starts at the frame after it.";
            }
        } catch (IOException e) {
            LOG.debug("Could not skip a refused frame of {} bytes", length, e);
        }
        return "Its body was not read (not all of it has arrived, and it may be huge or the length corrupted), so the"
                + " stream is now inside that frame and out of step: close it, since a later read would take part of"
                + " this frame's body for a frame length.";
    }

    @Override
    public <T> T deserialize(InputStream in, Class<T> type) {
        // checked before the frame is read, so that a null type does not use up the stream's next frame
        Objects.requireNonNull(type, "deserialize: type is null");
        @SuppressWarnings("unchecked")
        T t = (T) read(in, type); // checked by read, before any hook ran
        return t;
    }

    @Override
    public List<CerealIssue> check(Object value) {
        return GraphChecker.check(currentRules(), value);
    }
}
