package dev.suitkaise.cereal.internal.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.suitkaise.cereal.SKCerealException;

import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
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
 * with a clear message. An output stream is reopened without truncating the file. Only an
 * existing regular file is reopened, and files reopened by a message whose read then fails are
 * closed.
 */
final class FileHandles {

    private static final int O_ACCMODE = 3;
    private static final int O_WRONLY = 1;
    private static final int O_RDWR = 2;
    private static final int O_APPEND = 02000;

    private FileHandles() {
    }

    static void register(Map<Class<?>, Function<Rules, Serializer<?>>> exact) {
        exact.put(FileInputStream.class, r -> new Reopening<FileInputStream>(FileInputStream::getChannel, l -> {
            FileInputStream in = new FileInputStream(l.path());
            try {
                in.getChannel().position(l.position());
            } catch (IOException | RuntimeException e) {
                closeQuietly(in, e);
                throw e;
            }
            return in;
        }));
        exact.put(FileOutputStream.class, r -> new Reopening<FileOutputStream>(FileOutputStream::getChannel, l -> {
            if ((l.flags() & O_APPEND) != 0) {
                return new FileOutputStream(l.path(), true);
            }
            RandomAccessFile raf = new RandomAccessFile(l.path(), "rw");
            try {
                raf.seek(l.position());
                return new FileOutputStream(raf.getFD()); // closing it closes the descriptor it shares with raf
            } catch (IOException | RuntimeException e) {
                closeQuietly(raf, e);
                throw e;
            }
        }));
        exact.put(RandomAccessFile.class, r -> new Reopening<RandomAccessFile>(RandomAccessFile::getChannel, l -> {
            RandomAccessFile raf = new RandomAccessFile(l.path(), (l.flags() & O_ACCMODE) == O_RDONLY ? "r" : "rw");
            try {
                raf.seek(l.position());
            } catch (IOException | RuntimeException e) {
                closeQuietly(raf, e);
                throw e;
            }
            return raf;
        }));
    }

    private static final int O_RDONLY = 0;

    static Serializer<FileChannel> channel() {
        return new Reopening<>(ch -> ch, l -> {
            List<OpenOption> options = new ArrayList<>();
            int mode = l.flags() & O_ACCMODE;
            if (mode == O_RDWR || mode == O_RDONLY) {
                options.add(StandardOpenOption.READ);
            }
            if (mode == O_RDWR || mode == O_WRONLY) {
                options.add((l.flags() & O_APPEND) != 0 ? StandardOpenOption.APPEND : StandardOpenOption.WRITE);
            }
            options.add(LinkOption.NOFOLLOW_LINKS);
            FileChannel ch = FileChannel.open(Path.of(l.path()), options.toArray(OpenOption[]::new));
            try {
                if ((l.flags() & O_APPEND) == 0) {
                    ch.position(l.position());
                }
            } catch (IOException | RuntimeException e) {
                closeQuietly(ch, e);
                throw e;
            }
            return ch;
        });
    }

    /** Opens a file at a location; may throw what opening a file throws. */
    @FunctionalInterface
    private interface Reopener<T> {
        T open(Located location) throws IOException;
    }

    /**
     * An open file: written as where it is, read by reopening it there. Only an existing regular
     * file is reopened (never a link, FIFO or device, whose opening could block or reach
     * elsewhere); the reading {@link CerealKryo} is told of each file reopened, and closes them
     * all if the message fails later.
     */
    private static final class Reopening<T extends Closeable> extends Serializer<T> {
        private final Function<T, FileChannel> channel;
        private final Reopener<T> reopener;

        Reopening(Function<T, FileChannel> channel, Reopener<T> reopener) {
            this.channel = channel;
            this.reopener = reopener;
        }

        @Override
        public void write(Kryo kryo, Output output, T value) {
            FileHandles.write(output, locate(channel.apply(value)));
        }

        @Override
        public T read(Kryo kryo, Input input, Class<? extends T> type) {
            Located l = FileHandles.read(input);
            T handle;
            try {
                requireRegularFile(l);
                handle = reopener.open(l);
            } catch (IOException | RuntimeException e) {
                throw reopenFailed(l, e);
            }
            ((CerealKryo) kryo).opened(handle);
            return handle;
        }
    }

    private static void closeQuietly(Closeable c, Exception failure) {
        try {
            c.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Reopening never creates a file (the input could otherwise make the receiver create files
     * anywhere), and opens only a regular file: opening a FIFO blocks until another process opens
     * its other end, and a link or device could lead anywhere. The check and the opening are two
     * steps, so a file replaced between them by someone with write access to its directory is not
     * caught.
     */
    private static void requireRegularFile(Located l) throws IOException {
        if (!Files.isRegularFile(Path.of(l.path()), LinkOption.NOFOLLOW_LINKS)) {
            throw new java.io.FileNotFoundException(l.path() + " is not an existing regular file here (a missing"
                    + " file, a directory, a link, a FIFO or a device); an open file is reopened only as a regular"
                    + " file, never created");
        }
    }

    private static SKCerealException reopenFailed(Located l, Exception e) {
        return new SKCerealException("Cannot reopen file " + l.path() + " at position " + l.position() + ": " + e
                + ". The file must exist as a regular file at the same path in the receiving process.", e);
    }

    /** Where an open file is. */
    record Located(String path, long position, int flags) {
    }

    private static void write(Output o, Located l) {
        o.writeString(l.path());
        o.writeVarLong(l.position(), true);
        o.writeVarInt(l.flags(), true);
    }

    private static Located read(Input i) {
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
