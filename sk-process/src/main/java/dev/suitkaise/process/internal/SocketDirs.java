package dev.suitkaise.process.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The private directories holding the Unix domain sockets of {@link ProcessServer}s, named
 * {@code suitkaise-process-<pid>-<random>} after the JVM that made them (as the JDK names its
 * {@code hsperfdata} files), and the sweep that removes those of JVMs that died without removing
 * their own (a JVM killed with SIGKILL runs no shutdown hook). {@link ProcessServer} sweeps when
 * it opens; a parent sweeps when one of its children ends with a non-zero exit code.
 *
 * <p>A directory is removed only when all of these hold: its name carries a pid, and no live
 * process has that pid; it is a directory (not a link to one) owned by the given user; it holds a
 * socket named {@code channel.sock}; neither the directory nor the socket was modified in the
 * last {@link #MIN_AGE}; and connecting to that socket is refused, so nothing listens on it any
 * more (this also keeps the directory of a live JVM whose pid is not visible here, such as one in
 * another container, or another PID namespace, sharing the temporary directory). The age keeps
 * such a JVM's directory in the moment between the bind that creates its socket and the listen
 * that makes it answer, when a connection is refused too. The bind sets the modification time of
 * the socket and of the directory (which gains an entry); the newer of the two is taken, so a
 * directory is kept if either was modified recently, and one whose time lies ahead of this
 * JVM's clock is kept too. Then only {@code channel.sock} and the directory, if that left it
 * empty, are deleted: nothing else is deleted, nothing is
 * recursed into and no link is followed. Several JVMs may sweep the same directory at once: a
 * file another sweep deleted first is not an error. Directories named
 * {@code suitkaise-process-<random>} (made by earlier versions, which did not put the pid in the
 * name) are left alone: the only way to tell whether one is still in use would be to connect to
 * it, which a live server logs as a refused client. Not instantiable; the methods are
 * thread-safe.
 */
final class SocketDirs {

    /** The name every socket directory starts with. */
    static final String PREFIX = "suitkaise-process-";
    /** The name of the socket in a socket directory. */
    static final String SOCKET = "channel.sock";
    /**
     * How long ago a socket directory or its socket must have been last modified for the
     * directory to be removed: a socket bound more recently may still be about to listen.
     */
    static final Duration MIN_AGE = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(SocketDirs.class);
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "([0-9]{1,18})-[0-9]+");

    private SocketDirs() {
    }

    /**
     * Creates this JVM's socket directory, private to its owner (0700), in the default temporary
     * directory ({@code java.io.tmpdir}).
     *
     * @return the new directory, named {@code suitkaise-process-<this pid>-<random>}
     * @throws IOException if it cannot be created
     * @throws UnsupportedOperationException if the file system has no POSIX permissions
     */
    static Path create() throws IOException {
        return Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /**
     * Removes the socket directories that JVMs which are gone left in {@code parent}, with
     * {@link #sweep(Path, UserPrincipal)}. Never throws; blocks on file system calls, not
     * interruptible.
     *
     * @param parent the directory holding this JVM's socket directory (made by {@link #create()})
     * @param owner the owner of this JVM's socket directory, read when it was made: the sweep does
     *     not need that directory to exist any more (its server may have died and deleted it)
     * @return true if a directory of a JVM that is gone was left because it was modified less than
     *     {@link #MIN_AGE} ago, so that a later sweep may remove it
     */
    static boolean sweepBeside(Path parent, UserPrincipal owner) {
        return sweep(parent, owner, true, Instant.now(), null); // logs and goes on past what it cannot read or remove
    }

    /** Where a background sweep works: a temporary directory and the user whose directories it removes. */
    private record Target(Path parent, UserPrincipal owner) {
    }

    /**
     * Per target, the sweeps asked for and not yet started; the first asker of a target starts its
     * sweeping thread.
     */
    private static final ConcurrentHashMap<Target, AtomicInteger> REQUESTED = new ConcurrentHashMap<>();

    /**
     * As {@link #sweepBeside(Path, UserPrincipal)}, on a background thread, so that the caller (a
     * parent handling a child's exit) is not held up by the file system. Requests made while a
     * sweep of the same directory runs are served by one more sweep after it. A sweep that left a directory of a JVM that
     * is gone only because it was modified less than {@link #MIN_AGE} ago (a child killed right
     * after it opened its own server, say) asks for one more sweep {@link #MIN_AGE} later, so the
     * parent that saw that JVM die still removes its directory, whether or not its own socket
     * directory still exists then. Does not block; never throws.
     *
     * @param parent the directory holding this JVM's socket directory
     * @param owner the owner of this JVM's socket directory, read when it was made
     */
    static void sweepBesideInBackground(Path parent, UserPrincipal owner) {
        AtomicInteger requested = REQUESTED.computeIfAbsent(new Target(parent, owner), t -> new AtomicInteger());
        if (requested.getAndIncrement() != 0) {
            return; // the running sweeper of this target sees this request
        }
        try {
            Thread.ofVirtual().name("sk-process-socket-sweep").start(() -> {
                int served;
                boolean leftYoung = false;
                do {
                    served = requested.get();
                    leftYoung |= sweepBeside(parent, owner);
                } while (requested.addAndGet(-served) != 0);
                if (leftYoung) {
                    // a young directory is old after MIN_AGE and is then removed or kept for good: no endless retries
                    Timers.SCHEDULER.schedule(() -> sweepBesideInBackground(parent, owner),
                            MIN_AGE.plusMillis(500).toMillis(), TimeUnit.MILLISECONDS);
                }
            });
        } catch (RuntimeException | OutOfMemoryError e) {
            requested.set(0);
            LOG.debug("Cannot start the sweep of stale sk-process socket directories: {}", e.toString());
        }
    }

    /**
     * Removes the socket directories in {@code parent} that the JVMs which made them left behind,
     * as described in the class description. Never throws: a directory that cannot be examined or
     * removed is skipped and logged at DEBUG. Blocks on file system calls; not interruptible.
     *
     * @param parent the temporary directory to sweep
     * @param user the user whose directories may be removed (the current one)
     * @return the directories removed
     */
    static List<Path> sweep(Path parent, UserPrincipal user) {
        return sweep(parent, user, true);
    }

    /**
     * As {@link #sweep(Path, UserPrincipal)}; with {@code secure} false, works by path even where
     * the file system offers a {@link SecureDirectoryStream} (the way used where it does not).
     *
     * @param parent the temporary directory to sweep
     * @param user the user whose directories may be removed
     * @param secure whether to use a secure directory stream where there is one
     * @return the directories removed
     */
    static List<Path> sweep(Path parent, UserPrincipal user, boolean secure) {
        return sweep(parent, user, secure, Instant.now());
    }

    /**
     * As {@link #sweep(Path, UserPrincipal, boolean)}, with the ages of directories and sockets
     * taken at {@code now}.
     *
     * @param parent the temporary directory to sweep
     * @param user the user whose directories may be removed
     * @param secure whether to use a secure directory stream where there is one
     * @param now the time the modification times are compared with
     * @return the directories removed
     */
    static List<Path> sweep(Path parent, UserPrincipal user, boolean secure, Instant now) {
        List<Path> removed = new ArrayList<>();
        sweep(parent, user, secure, now, removed);
        return removed;
    }

    /**
     * The sweep: removes the stale directories of {@code parent}.
     *
     * @param removed takes the directories removed, or null
     * @return true if a stale directory was left only because it was modified less than
     *     {@link #MIN_AGE} before {@code now}
     */
    private static boolean sweep(Path parent, UserPrincipal user, boolean secure, Instant now, List<Path> removed) {
        List<Path> gone = new ArrayList<>();
        boolean leftYoung = false;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path entry : entries) {
                try {
                    if (!stale(entry)) {
                        continue;
                    }
                    Verdict v = secure && entries instanceof SecureDirectoryStream<Path> sds
                            ? removeSecurely(sds, entry, user, now)
                            : removeByPath(entry, user, now);
                    if (v == Verdict.REMOVED) {
                        gone.add(entry);
                    } else if (v == Verdict.YOUNG) {
                        leftYoung = true;
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Cannot remove the stale sk-process socket directory {}: {}", entry, e.toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot sweep {} for stale sk-process socket directories: {}", parent, e.toString());
        }
        if (!gone.isEmpty()) {
            LOG.debug("Removed {} sk-process socket directories left by JVMs that are gone: {}", gone.size(), gone);
        }
        if (removed != null) {
            removed.addAll(gone);
        }
        return leftYoung;
    }

    /** What became of a stale directory. */
    private enum Verdict {
        /** Removed. */
        REMOVED,
        /** Left: not ours, not a socket directory, listened on, or removed by another sweep first. */
        KEPT,
        /** Left because it or its socket was modified less than {@link #MIN_AGE} ago. */
        YOUNG
    }

    /** Whether the entry's name carries the pid of a process that is not alive. */
    private static boolean stale(Path entry) {
        Matcher m = NAME.matcher(entry.getFileName().toString());
        if (!m.matches()) {
            return false;
        }
        long pid = Long.parseLong(m.group(1));
        return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    /**
     * Removes a stale directory through the parent's secure stream: the directory is opened
     * without following links, and its owner checked and its socket deleted relative to what was
     * opened, so a name swapped meanwhile cannot redirect the deletion.
     */
    private static Verdict removeSecurely(SecureDirectoryStream<Path> parent, Path entry, UserPrincipal user, Instant now)
            throws IOException {
        Path name = entry.getFileName();
        Path socket = Path.of(SOCKET);
        try (SecureDirectoryStream<Path> dir = parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            PosixFileAttributes self = dir.getFileAttributeView(PosixFileAttributeView.class).readAttributes();
            if (!self.isDirectory() || !user.equals(self.owner())) {
                return Verdict.KEPT;
            }
            BasicFileAttributes s = dir.getFileAttributeView(socket, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
            Verdict v = examine(entry, self, s, entry.resolve(SOCKET), now);
            if (v != null) {
                return v;
            }
            try {
                dir.deleteFile(socket);
            } catch (NoSuchFileException e) {
                // another JVM's sweep deleted it first
            }
        }
        return removeDirectory(() -> parent.deleteDirectory(name), entry);
    }

    /** Removes a stale directory by path, checking each step without following links. */
    private static Verdict removeByPath(Path entry, UserPrincipal user, Instant now) throws IOException {
        PosixFileAttributes self = Files.readAttributes(entry, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!self.isDirectory() || !user.equals(self.owner())) {
            return Verdict.KEPT;
        }
        Path socket = entry.resolve(SOCKET);
        BasicFileAttributes s = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Verdict v = examine(entry, self, s, socket, now);
        if (v != null) {
            return v;
        }
        Files.deleteIfExists(socket);
        return removeDirectory(() -> Files.delete(entry), entry);
    }

    private interface Deletion {
        void run() throws IOException;
    }

    /**
     * Whether a directory of the current user must be left, before its socket is deleted: null if
     * it may be removed, else why not.
     */
    private static Verdict examine(Path entry, BasicFileAttributes dir, BasicFileAttributes socket, Path socketPath, Instant now) {
        if (!socket.isOther()) {
            return Verdict.KEPT;
        }
        if (young(entry, dir, socket, now)) {
            return Verdict.YOUNG;
        }
        return refused(socketPath) ? null : Verdict.KEPT;
    }

    private static Verdict removeDirectory(Deletion delete, Path entry) throws IOException {
        try {
            delete.run();
            return Verdict.REMOVED;
        } catch (NoSuchFileException e) {
            return Verdict.KEPT; // another JVM's sweep removed it first
        } catch (DirectoryNotEmptyException e) {
            LOG.debug("Left the stale sk-process socket directory {}: it holds more than its socket", entry);
            return Verdict.KEPT;
        }
    }

    /**
     * Whether the directory or its socket was modified less than {@link #MIN_AGE} before
     * {@code now} (or after it): its socket may be bound and not yet listening.
     */
    private static boolean young(Path entry, BasicFileAttributes dir, BasicFileAttributes socket, Instant now) {
        FileTime newest = dir.lastModifiedTime().compareTo(socket.lastModifiedTime()) >= 0
                ? dir.lastModifiedTime() : socket.lastModifiedTime();
        if (newest.toInstant().isAfter(now.minus(MIN_AGE))) {
            LOG.debug("Left the sk-process socket directory {}: modified at {}, less than {} ago", entry, newest, MIN_AGE);
            return true;
        }
        return false;
    }

    /** Whether connecting to the socket is refused: nothing listens on it. */
    private static boolean refused(Path socket) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.configureBlocking(false);
            probe.connect(UnixDomainSocketAddress.of(socket));
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot tell whether anything listens on {}: {}", socket, e.toString());
            return false;
        }
    }
}
