package dev.suitkaise.reg.internal;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.GlobalName;
import dev.suitkaise.reg.SKRegException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The snapshot file format of global storage, and its atomic writing and checked reading.
 *
 * <p>Format: the magic {@code SKGLOBAL}, a format version (int), the number of globals (int),
 * then per global its domain and name (modified UTF-8) and its contents as one Java-serialized
 * {@link HashMap} prefixed by its length (int). Reading bounds every length by the file size:
 * the counts and lengths of the format by the bytes left in the file, and every array the
 * serialized contents declare (arrays, and the tables collections such as {@link HashMap} size
 * from their declared element count) by {@value #ARRAY_BYTES_FACTOR} times the bytes the
 * global takes in the file, so a small file cannot make reading allocate a large array. A
 * well-formed snapshot never comes near that bound: each array element takes at least one byte,
 * and a hashed collection sizes its table at most eight slots per element, while its elements
 * (distinct keys with their values, or distinct set elements) take about two bytes or more each.
 * Reading instantiates only classes the filter accepts.
 */
public final class GlobalSnapshots {

    private static final byte[] MAGIC = {'S', 'K', 'G', 'L', 'O', 'B', 'A', 'L'};
    private static final int VERSION = 1;

    /** How many array elements (or table slots) each byte of a global's serialized contents may declare. */
    static final int ARRAY_BYTES_FACTOR = 4;

    /** Accepts JDK value classes only, with depth and size limits. */
    public static final ObjectInputFilter DEFAULT_FILTER = ObjectInputFilter.Config.createFilter(
            "maxdepth=64;maxrefs=10000000;maxarray=100000000;"
                    + "java.lang.*;java.util.*;java.time.*;java.math.*;java.net.URI;!*");

    private GlobalSnapshots() {
    }

    /**
     * Writes the named globals to {@code file} atomically.
     *
     * @param file the target
     * @param names the globals to write
     * @param maps looks up a global's live map
     * @return how many globals were written
     */
    public static int write(Path file, List<GlobalName> names, Function<GlobalName, ConcurrentMap<Object, Object>> maps) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(names.size());
            for (GlobalName name : names) {
                out.writeUTF(name.domain().name());
                out.writeUTF(name.name());
                byte[] contents = serialize(name, new HashMap<>(maps.apply(name)));
                out.writeInt(contents.length);
                out.write(contents);
            }
        } catch (IOException e) {
            throw new SKRegException("Could not encode the globals snapshot for " + file + ": " + e.getMessage(), e);
        }
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes.toByteArray()));
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new SKRegException("Could not write the globals snapshot to " + target + ": " + e
                    + ". Check that the directory exists and is writable; the previous file, if any, is unchanged.", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort: a stray temp file beside the target is harmless
                }
            }
        }
        return names.size();
    }

    private static byte[] serialize(GlobalName name, HashMap<Object, Object> contents) throws IOException {
        try {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (ObjectOutputStream oos = new ObjectOutputStream(buf)) {
                oos.writeObject(contents);
            }
            return buf.toByteArray();
        } catch (NotSerializableException | RuntimeException | StackOverflowError e) {
            // a value's own writeObject may throw anything, or recurse without end: name the entry
            for (var entry : contents.entrySet()) {
                Throwable inner = failureWriting(entry);
                if (inner != null) {
                    throw new SKRegException("Global " + name + " cannot be snapshotted: the entry with key '" + entry.getKey()
                            + "' " + cannotBeWritten(inner) + " The previous snapshot file, if any, is unchanged.", e);
                }
            }
            throw new SKRegException("Global " + name + " cannot be snapshotted: " + cannotBeWritten(e)
                    + " The previous snapshot file, if any, is unchanged.", e);
        }
    }

    /** Why writing one entry alone fails, or null if it does not. */
    private static Throwable failureWriting(Map.Entry<Object, Object> entry) throws IOException {
        try (ObjectOutputStream probe = new ObjectOutputStream(ByteArrayOutputStream.nullOutputStream())) {
            probe.writeObject(entry.getKey());
            probe.writeObject(entry.getValue());
            return null;
        } catch (NotSerializableException | RuntimeException | StackOverflowError inner) {
            return inner;
        }
    }

    /** A phrase (after "the entry with key 'k'", or alone) saying why writing failed, and what to do. */
    private static String cannotBeWritten(Throwable failure) {
        if (failure instanceof NotSerializableException nse) {
            return "holds a " + nse.getMessage() + ", which is not java.io.Serializable. Make it"
                    + " Serializable or keep it out of globals you snapshot.";
        }
        if (failure instanceof StackOverflowError) {
            return "overflowed the stack while being serialized: it is nested too deeply, or a writeObject or writeReplace"
                    + " in it recurses without end. Flatten it, fix that method, or keep it out of globals you snapshot.";
        }
        return "failed to serialize: " + failure + " was thrown while writing it. Fix the writeObject or writeReplace"
                + " method of the class that throws it, or keep it out of globals you snapshot.";
    }

    /**
     * Reads a whole snapshot file, checking it fully before returning.
     *
     * @param file the file
     * @param filter the class filter
     * @return the globals and their contents, in file order
     */
    public static Map<GlobalName, Map<Object, Object>> read(Path file, ObjectInputFilter filter) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SKRegException("No globals snapshot at " + file.toAbsolutePath() + "; write one with SKGlobal.snapshot first.", e);
        } catch (IOException e) {
            throw new SKRegException("Could not read the globals snapshot " + file.toAbsolutePath() + ": " + e, e);
        }
        if (all.length == 0) {
            throw bad(file, "it is empty, so it is not a Suitkaise globals snapshot");
        }
        int head = Math.min(all.length, MAGIC.length);
        if (!java.util.Arrays.equals(all, 0, head, MAGIC, 0, head)) {
            // garbage, not a cut snapshot: a cut one still starts with (part of) the marker
            throw bad(file, "it does not start with the snapshot marker, so it is not a Suitkaise globals snapshot");
        }
        Map<GlobalName, Map<Object, Object>> result = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw bad(file, "it does not start with the snapshot marker, so it is not a Suitkaise globals snapshot");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw bad(file, "it has format version " + version + ", and this Suitkaise reads version " + VERSION);
            }
            int count = in.readInt();
            if (count < 0 || count > all.length) {
                throw bad(file, "it declares " + count + " globals");
            }
            for (int i = 0; i < count; i++) {
                String domainName = in.readUTF();
                Domain domain;
                try {
                    domain = Domain.valueOf(domainName);
                } catch (IllegalArgumentException e) {
                    throw bad(file, "global #" + (i + 1) + " names an unknown domain '" + domainName + "'");
                }
                GlobalName name = new GlobalName(domain, in.readUTF());
                int length = in.readInt();
                if (length < 0) {
                    throw bad(file, "global " + name + " declares " + length + " bytes");
                }
                if (length > in.available()) {
                    throw bad(file, "it is truncated: it ends after " + all.length + " bytes, inside global " + name + ", which"
                            + " declares " + length + " bytes where " + in.available() + " remain");
                }
                byte[] contents = in.readNBytes(length);
                result.put(name, deserialize(file, name, contents, filter));
            }
            if (in.available() != 0) {
                throw bad(file, in.available() + " unexpected bytes follow the last global");
            }
        } catch (java.io.EOFException e) {
            throw bad(file, "it is truncated: it ends after " + all.length + " bytes, before the snapshot it starts does");
        } catch (IOException | IllegalArgumentException e) {
            throw new SKRegException("Globals snapshot " + file.toAbsolutePath() + " is corrupt (" + e + "); nothing was restored.", e);
        }
        return result;
    }

    private static Map<Object, Object> deserialize(Path file, GlobalName name, byte[] contents, ObjectInputFilter filter) {
        ObjectInputFilter.FilterInfo[] rejected = new ObjectInputFilter.FilterInfo[1];
        long[] tooLong = {-1};
        long maxArray = (long) ARRAY_BYTES_FACTOR * contents.length;
        try (ObjectInputStream ois = new ObjectInputStream(new ByteArrayInputStream(contents))) {
            ois.setObjectInputFilter(info -> {
                if (info.arrayLength() > maxArray) {
                    tooLong[0] = info.arrayLength(); // more elements than the bytes could hold: refused before allocating
                    return ObjectInputFilter.Status.REJECTED;
                }
                ObjectInputFilter.Status status = filter.checkInput(info);
                if (status == ObjectInputFilter.Status.REJECTED && rejected[0] == null) {
                    rejected[0] = info; // remembered to name the class, or the limit, in the message
                }
                return status;
            });
            Object o = ois.readObject();
            if (!(o instanceof HashMap<?, ?> map)) {
                throw bad(file, "global " + name + " holds a " + (o == null ? "null" : o.getClass().getName()) + " instead of a map");
            }
            @SuppressWarnings("unchecked")
            Map<Object, Object> typed = (Map<Object, Object>) map;
            for (var e : typed.entrySet()) {
                if (e.getKey() == null || e.getValue() == null) {
                    throw bad(file, "global " + name + " holds a null key or value");
                }
            }
            return typed;
        } catch (InvalidClassException e) {
            if (tooLong[0] >= 0) {
                throw bad(file, "global " + name + " declares an array (or a collection's table) of " + tooLong[0]
                        + " elements in " + contents.length + " bytes, which cannot hold more than " + maxArray
                        + ", so it is corrupt");
            }
            throw new SKRegException("Globals snapshot " + file.toAbsolutePath() + ": global " + name + " " + rejection(rejected[0], filter)
                    + " (" + e.getMessage() + "). Pass a filter that allows it to SKGlobal.restore(file, filter);"
                    + " nothing was restored.", e);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            if (e instanceof SKRegException ske) {
                throw ske;
            }
            throw new SKRegException("Globals snapshot " + file.toAbsolutePath() + ": global " + name + " is corrupt (" + e
                    + "); nothing was restored.", e);
        }
    }

    /**
     * What the filter rejected: a class (named), or a limit of depth, references, array length or
     * stream size, told apart by asking the filter about the class alone.
     *
     * @param info what the filter was asked when it rejected, or null if it was not recorded
     * @param filter the filter
     * @return a phrase to follow the global's name
     */
    private static String rejection(ObjectInputFilter.FilterInfo info, ObjectInputFilter filter) {
        if (info == null) {
            return "holds a class the filter rejects";
        }
        Class<?> type = info.serialClass();
        if (type != null && filter.checkInput(classAlone(type)) == ObjectInputFilter.Status.REJECTED) {
            return "holds a class the filter rejects: " + type.getTypeName();
        }
        return "exceeds a limit of the filter (at depth " + info.depth() + ", " + info.references() + " references"
                + (info.arrayLength() >= 0 ? ", an array of " + info.arrayLength() : "") + ", " + info.streamBytes() + " bytes read"
                + (type == null ? "" : ", reading " + type.getTypeName()) + ")";
    }

    /** A filter question about a class alone, within every limit. */
    private static ObjectInputFilter.FilterInfo classAlone(Class<?> type) {
        return new ObjectInputFilter.FilterInfo() {
            @Override
            public Class<?> serialClass() {
                return type;
            }

            @Override
            public long arrayLength() {
                return -1;
            }

            @Override
            public long depth() {
                return 1;
            }

            @Override
            public long references() {
                return 1;
            }

            @Override
            public long streamBytes() {
                return 1;
            }
        };
    }

    private static SKRegException bad(Path file, String why) {
        return new SKRegException("Globals snapshot " + file.toAbsolutePath() + " cannot be restored: " + why + "; nothing was restored.");
    }
}
