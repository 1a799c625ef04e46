package dev.suitkaise.cereal.internal.kryo;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Output;
import dev.suitkaise.cereal.SKCerealException;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Open files: {@link FileInputStream}, {@link FileOutputStream}, {@link RandomAccessFile} and
 * {@link FileChannel} travel as (path, position, mode) and are reopened by path at the same
 * position. The JDK keeps the path private, so the codec finds it through {@code /proc/self}
 * (Linux): it moves the channel to a unique marker position, finds the descriptor at that position
 * in {@code /proc/self/fdinfo}, reads its link, and restores the position. Other platforms fail
 * with a clear message. An output stream is reopened without truncating the file.
 */
final class FileHandles {

    private static final int O_ACCMODE = 3;
    private static final int O_WRONLY = 1;
    private static final int O_RDWR = 2;
    private static final int O_APPEND = 02000;

    private FileHandles() {
    }

    static void register(Map<Class<?>, Function<Rules, Serializer<?>>> exact) {
        exact.put(FileInputStream.class, r -> new Hard.Simple<FileInputStream>((o, s) -> write(o, locate(channel(s))), i -> {
            Located l = read(i);
            try {
                FileInputStream in = new FileInputStream(l.path());
                in.getChannel().position(l.position());
                return in;
            } catch (IOException e) {
                throw reopenFailed(l, e);
            }
        }));
        exact.put(FileOutputStream.class, r -> new Hard.Simple<FileOutputStream>((o, s) -> write(o, locate(channel(s))), i -> {
            Located l = read(i);
            try {
                requireExisting(l);
                if ((l.flags() & O_APPEND) != 0) {
                    return new FileOutputStream(l.path(), true);
                }
                RandomAccessFile raf = new RandomAccessFile(l.path(), "rw");
                raf.seek(l.position());
                return new FileOutputStream(raf.getFD());
            } catch (IOException e) {
                throw reopenFailed(l, e);
            }
        }));
        exact.put(RandomAccessFile.class, r -> new Hard.Simple<RandomAccessFile>((o, f) -> write(o, locate(channel(f))), i -> {
            Located l = read(i);
            try {
                requireExisting(l);
                RandomAccessFile raf = new RandomAccessFile(l.path(), (l.flags() & O_ACCMODE) == O_RDONLY_CHECK ? "r" : "rw");
                raf.seek(l.position());
                return raf;
            } catch (IOException e) {
                throw reopenFailed(l, e);
            }
        }));
    }

    private static final int O_RDONLY_CHECK = 0;

    static Serializer<FileChannel> channel() {
        return new Hard.Simple<>((o, ch) -> write(o, locate(ch)), i -> {
            Located l = read(i);
            List<StandardOpenOption> options = new ArrayList<>();
            int mode = l.flags() & O_ACCMODE;
            if (mode == O_RDWR || mode == 0) {
                options.add(StandardOpenOption.READ);
            }
            if (mode == O_RDWR || mode == O_WRONLY) {
                options.add((l.flags() & O_APPEND) != 0 ? StandardOpenOption.APPEND : StandardOpenOption.WRITE);
            }
            try {
                FileChannel ch = FileChannel.open(Path.of(l.path()), options.toArray(StandardOpenOption[]::new));
                if ((l.flags() & O_APPEND) == 0) {
                    ch.position(l.position());
                }
                return ch;
            } catch (IOException e) {
                throw reopenFailed(l, e);
            }
        });
    }

    /** Reopening never creates a file: the input could otherwise make the receiver create files anywhere. */
    private static void requireExisting(Located l) throws IOException {
        if (!Files.isRegularFile(Path.of(l.path()))) {
            throw new java.io.FileNotFoundException(l.path() + " is not an existing regular file here; an open file is"
                    + " reopened, never created");
        }
    }

    private static SKCerealException reopenFailed(Located l, IOException e) {
        return new SKCerealException("Cannot reopen file " + l.path() + " at position " + l.position() + ": " + e
                + ". The file must exist at the same path in the receiving process.", e);
    }

    private static FileChannel channel(Object stream) {
        if (stream instanceof FileInputStream in) {
            return in.getChannel();
        }
        if (stream instanceof FileOutputStream out) {
            return out.getChannel();
        }
        return ((RandomAccessFile) stream).getChannel();
    }

    /** Where an open file is. */
    record Located(String path, long position, int flags) {
    }

    private static void write(Output o, Located l) {
        o.writeString(l.path());
        o.writeVarLong(l.position(), true);
        o.writeVarInt(l.flags(), true);
    }

    private static Located read(com.esotericsoftware.kryo.io.Input i) {
        String path = i.readString();
        long position = i.readVarLong(true);
        int flags = i.readVarInt(true);
        if (path == null || position < 0) {
            throw new KryoException("Corrupted open-file record");
        }
        return new Located(path, position, flags);
    }

    static Located locate(FileChannel ch) {
        Path fdinfo = Path.of("/proc/self/fdinfo");
        if (!Files.isDirectory(fdinfo)) {
            throw new SKCerealException("An open file can be carried only where /proc/self/fdinfo exists (Linux): the JDK"
                    + " keeps its path private. Carry the Path and the position instead and reopen it in"
                    + " CerealPreparable.afterDeserialize().");
        }
        if (!ch.isOpen()) {
            throw new SKCerealException("The file is closed; a closed stream or channel cannot be reopened. Carry its Path"
                    + " instead.");
        }
        {
            long original;
            try {
                original = ch.position();
            } catch (IOException e) {
                throw new SKCerealException("Cannot read the position of an open file: " + e, e);
            }
            long marker = 0x7A00_0000L + ThreadLocalRandom.current().nextLong(0x0400_0000L);
            try {
                ch.position(marker);
                try (Stream<Path> entries = Files.list(fdinfo)) {
                    for (Path entry : (Iterable<Path>) entries::iterator) {
                        List<String> lines;
                        try {
                            lines = Files.readAllLines(entry);
                        } catch (IOException e) {
                            continue; // descriptor closed meanwhile
                        }
                        long pos = -1;
                        int flags = 0;
                        for (String line : lines) {
                            if (line.startsWith("pos:")) {
                                pos = Long.parseLong(line.substring(4).strip());
                            } else if (line.startsWith("flags:")) {
                                flags = Integer.parseInt(line.substring(6).strip(), 8);
                            }
                        }
                        if (pos == marker) {
                            Path link = Files.readSymbolicLink(Path.of("/proc/self/fd").resolve(entry.getFileName()));
                            String path = link.toString();
                            if (path.endsWith(" (deleted)") || !path.startsWith("/")) {
                                throw new SKCerealException("The open file " + path + " is not a regular file on disk"
                                        + " (deleted, a pipe or a socket) and cannot be reopened by path.");
                            }
                            return new Located(path, original, flags);
                        }
                    }
                }
            } catch (IOException e) {
                throw new SKCerealException("Cannot find the path of an open file through /proc/self: " + e, e);
            } finally {
                try {
                    ch.position(original);
                } catch (IOException e) {
                    throw new SKCerealException("Cannot restore the position of an open file: " + e, e);
                }
            }
            throw new SKCerealException("Cannot find the path of an open file through /proc/self/fdinfo.");
        }
    }
}
