package dev.suitkaise.root.internal;

import dev.suitkaise.root.SKRootException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * A lazy, depth-first, name-ordered walk of a root that skips what the ignore files exclude.
 *
 * <p>Each directory is read in one go (its listing is closed before anything is returned), so the
 * walk holds no open handles between calls. {@code .git} and {@code .hg} directories are never
 * entered; symbolic links are reported as entries and never followed (a directory replaced by a
 * symbolic link between its parent's listing and its own is skipped with a warning; one replaced
 * by another real directory, as by {@code mv staging b}, is walked); a directory excluded by a
 * pattern is not entered, so nothing below it can be re-included (as in git). Ignore files read:
 * {@code .git/info/exclude} of the root (lowest precedence), then {@code .gitignore} and
 * {@code .skignore} of every directory, deeper directories winning over shallower ones; a
 * directory's ignore files are read through the handle the walk opened it with, where the platform
 * offers one.
 *
 * <p>Not thread-safe: one walker per stream. Blocks on directory reads.
 */
public final class ProjectWalker implements Iterator<ProjectWalker.Entry> {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectWalker.class);

    /**
     * One entry of the walk.
     *
     * @param path the absolute path
     * @param relative the normalized path relative to the root
     * @param name the file name
     * @param directory whether it is a directory (symbolic links never are)
     * @param depth 1 for the root's children, 2 for theirs, and so on
     */
    public record Entry(Path path, String relative, String name, boolean directory, int depth) {
    }

    /** A child as listed. */
    private record Child(String name, Path path, boolean directory) {
    }

    private static final class Frame {
        final String prefix;
        final int depth;
        final IgnoreChain chain;
        final Child[] children;
        /** The file key of the directory as opened (null if the platform has none). */
        final Object key;
        int next;

        Frame(String prefix, int depth, IgnoreChain chain, Child[] children, Object key) {
            this.prefix = prefix;
            this.depth = depth;
            this.chain = chain;
            this.children = children;
            this.key = key;
        }
    }

    /** A linked list of rule sets, deepest first. */
    private record IgnoreChain(IgnoreRules rules, IgnoreChain parent) {
        boolean ignored(String relative, String name, boolean directory) {
            for (IgnoreChain c = this; c != null; c = c.parent) {
                Boolean v = c.rules.verdict(relative, name, directory);
                if (v != null) {
                    return v;
                }
            }
            return false;
        }
    }

    private final boolean honourIgnores;
    private final boolean includeDirectories;
    /** Run with each directory's path after it is opened, checked and listed, before its ignore files are read. */
    private final Consumer<Path> afterListing;
    private final int maxDepth;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private Entry pending;

    /**
     * Starts a walk.
     *
     * @param root the canonical root directory
     * @param honourIgnores whether ignore files apply
     * @param includeDirectories whether directories are returned as entries
     * @param maxDepth the deepest level returned (1 = the root's children); {@code Integer.MAX_VALUE} for all
     * @throws SKRootException if the root cannot be read
     */
    public ProjectWalker(Path root, boolean honourIgnores, boolean includeDirectories, int maxDepth) {
        this(root, honourIgnores, includeDirectories, maxDepth, dir -> { });
    }

    /**
     * Starts a walk that runs {@code afterListing} with each directory's path once the directory
     * has been opened, checked and listed, before its ignore files are read: the seam at which a
     * test swaps a directory under the walk.
     *
     * @param root the canonical root directory
     * @param honourIgnores whether ignore files apply
     * @param includeDirectories whether directories are returned as entries
     * @param maxDepth the deepest level returned (1 = the root's children); {@code Integer.MAX_VALUE} for all
     * @param afterListing run on the walking thread with the path of each directory listed
     * @throws SKRootException if the root cannot be read
     */
    ProjectWalker(Path root, boolean honourIgnores, boolean includeDirectories, int maxDepth,
                  Consumer<Path> afterListing) {
        this.afterListing = afterListing;
        this.honourIgnores = honourIgnores;
        this.includeDirectories = includeDirectories;
        this.maxDepth = maxDepth;
        IgnoreChain chain = null;
        if (honourIgnores) {
            Path exclude = root.resolve(".git").resolve("info").resolve("exclude");
            chain = push(chain, "", readAll(ProjectWalker::readExclude, exclude));
        }
        if (maxDepth >= 1) {
            openDirectory(root, "", 1, chain, true, null);
        }
    }

    /**
     * Reads {@code .git/info/exclude}, following a link as git does; a file that is not there (no
     * {@code .git}, or a {@code .git} that is a file, as in a linked work tree or a submodule) has
     * no patterns, quietly. Read at once rather than checked first, so one look at the file system
     * answers both.
     */
    static List<IgnorePattern> readExclude(Path exclude) throws IOException {
        try {
            return IgnoreRules.read(exclude, true);
        } catch (NoSuchFileException absent) {
            return List.of();
        } catch (FileSystemException e) {
            // an older JDK says "Not a directory" for a .git that is a file, where newer ones say
            // NoSuchFileException; a path that cannot be looked at, as before, counts as absent
            if (!Files.exists(exclude, LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
            throw e;
        }
    }

    /** Reads one ignore file. */
    @FunctionalInterface
    private interface IgnoreReader {
        List<IgnorePattern> read(Path file) throws IOException;
    }

    /**
     * The patterns of the given ignore files in order (null entries skipped); a file that cannot
     * be read adds none, with a warning (quietly if it is not there). A read cut short because the
     * calling thread is interrupted (its channel is closed by the interrupt) ends the walk instead:
     * going on without that file's patterns would list the files it excludes.
     *
     * @throws SKRootException if the calling thread is interrupted while an ignore file is read (its
     *     interrupt status is kept)
     */
    private static List<IgnorePattern> readAll(IgnoreReader reader, Path... files) {
        List<IgnorePattern> patterns = new ArrayList<>();
        for (Path file : files) {
            if (file == null) {
                continue;
            }
            try {
                patterns.addAll(reader.read(file));
            } catch (NoSuchFileException gone) {
                // missing (deleted since listed): git is quiet too
                LOG.debug("Ignore file {} is not there ({}); it has no patterns to apply.", file, gone.toString());
            } catch (ClosedByInterruptException interrupted) {
                // the channel leaves the thread's interrupt status set
                throw new SKRootException("Listing the project's files stopped at ignore file " + file
                        + ": the thread was interrupted while it read that file, and going on without its patterns"
                        + " would list files it excludes. The thread's interrupt status is kept; list the files again"
                        + " from a thread that is not interrupted.", interrupted);
            } catch (IOException e) {
                LOG.warn("Cannot read ignore file {}: {}; its patterns are not applied.", file, e.toString());
            }
        }
        return patterns;
    }

    private static IgnoreChain push(IgnoreChain chain, String base, List<IgnorePattern> patterns) {
        return patterns.isEmpty() ? chain : new IgnoreChain(new IgnoreRules(base, patterns), chain);
    }

    /**
     * Lists a directory and pushes its frame. A directory that was replaced by a symbolic link (or
     * by something that is not a directory) since its parent was listed is skipped with a warning,
     * so the walk never follows a link: where the platform offers a {@link SecureDirectoryStream},
     * the opened directory must be a directory, be the one its path names now without following
     * links, and have the directory walked so far as its parent (so a link swapped in for the path
     * or for an ancestor, before or after the open, is refused), and its entries are examined
     * relative to it; elsewhere the path is checked again after opening, which narrows but does not
     * close the race. A directory replaced by another real directory in the same place is walked;
     * one whose parent was replaced so (after the parent was opened) is skipped too, since it is
     * not in the directory walked so far. The directory's ignore files are read while it is open:
     * relative to it where there is a {@link SecureDirectoryStream} (so they are the files of the
     * directory checked and listed, even if its path has since been made to name another directory
     * or a link out of the root), by path elsewhere.
     *
     * @param parentKey the file key of the parent directory as opened, or null for the root or if the
     *                  platform has none
     */
    private void openDirectory(Path dir, String prefix, int depth, IgnoreChain parentChain, boolean isRoot,
                               Object parentKey) {
        List<Child> children = new ArrayList<>();
        boolean hasGitignore = false;
        boolean hasSkignore = false;
        Object key;
        List<IgnorePattern> ignorePatterns = List.of();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            SecureDirectoryStream<Path> secure = ds instanceof SecureDirectoryStream<Path> sds ? sds : null;
            BasicFileAttributes opened = secure != null
                    ? secure.getFileAttributeView(BasicFileAttributeView.class).readAttributes()
                    : Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!isRoot && !isSafeToEnter(dir, secure, opened, parentKey)) {
                LOG.warn("Skipping directory {}: it, or a directory above it, was replaced (by a symbolic link, by"
                        + " something that is not a directory, or by another directory) after its parent was listed;"
                        + " symbolic links are not followed, and one walk does not mix two directories' contents.", dir);
                return;
            }
            key = opened.fileKey();
            for (Path p : ds) {
                String name = p.getFileName().toString();
                boolean directory;
                try {
                    BasicFileAttributes a = secure != null
                            ? secure.getFileAttributeView(p.getFileName(), BasicFileAttributeView.class,
                                    LinkOption.NOFOLLOW_LINKS).readAttributes()
                            : Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    directory = a.isDirectory();
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (directory && (name.equals(".git") || name.equals(".hg"))) {
                    continue;
                }
                if (!directory && name.equals(".git")) {
                    continue;
                }
                if (name.equals(".gitignore") && !directory) {
                    hasGitignore = true;
                } else if (name.equals(".skignore") && !directory) {
                    hasSkignore = true;
                }
                children.add(new Child(name, p, directory));
            }
            afterListing.accept(dir);
            if (honourIgnores && (hasGitignore || hasSkignore)) {
                // through the handle where there is one: the files of the directory opened and checked,
                // even if the path now names another directory or a link out of the root
                IgnoreReader reader = secure != null
                        ? file -> IgnoreRules.read(secure, file.getFileName(), file)
                        : file -> IgnoreRules.read(file, false);
                ignorePatterns = readAll(reader, hasGitignore ? dir.resolve(".gitignore") : null,
                        hasSkignore ? dir.resolve(".skignore") : null);
            }
        } catch (IOException e) {
            if (isRoot) {
                throw new SKRootException("Cannot list the project root " + dir + ": " + e
                        + ". Check that it exists and is readable.", e);
            }
            LOG.warn("Skipping unreadable directory {}: {}", dir, e.toString());
            return;
        }
        IgnoreChain chain = push(parentChain, prefix, ignorePatterns);
        Child[] array = children.toArray(new Child[0]);
        Arrays.sort(array, (a, b) -> a.name.compareTo(b.name));
        stack.push(new Frame(prefix, depth, chain, array, key));
    }

    /**
     * Whether an opened directory may be walked: see {@link #openDirectory}. Without a secure
     * stream, {@code opened} holds the path's attributes read without following links.
     */
    private static boolean isSafeToEnter(Path dir, SecureDirectoryStream<Path> secure, BasicFileAttributes opened,
                                         Object parentKey) throws IOException {
        if (!opened.isDirectory()) {
            return false;
        }
        if (secure == null) {
            return true;
        }
        BasicFileAttributes atPath = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!atPath.isDirectory()) {
            return false;
        }
        Object key = opened.fileKey();
        if (key == null) {
            return true;
        }
        if (!key.equals(atPath.fileKey())) {
            return false;
        }
        if (parentKey == null) {
            return true;
        }
        BasicFileAttributes parent = secure.getFileAttributeView(dir.getFileSystem().getPath(".."),
                BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
        return parentKey.equals(parent.fileKey());
    }

    @Override
    public boolean hasNext() {
        if (pending != null) {
            return true;
        }
        while (!stack.isEmpty()) {
            Frame f = stack.peek();
            if (f.next >= f.children.length) {
                stack.pop();
                continue;
            }
            Child c = f.children[f.next++];
            String relative = f.prefix.isEmpty() ? c.name : f.prefix + c.name;
            if (honourIgnores && f.chain != null && f.chain.ignored(relative, c.name, c.directory)) {
                continue;
            }
            if (c.directory) {
                if (f.depth < maxDepth) {
                    openDirectory(c.path, relative + "/", f.depth + 1, f.chain, false, f.key);
                }
                if (includeDirectories) {
                    pending = new Entry(c.path, relative, c.name, true, f.depth);
                    return true;
                }
            } else {
                pending = new Entry(c.path, relative, c.name, false, f.depth);
                return true;
            }
        }
        return false;
    }

    @Override
    public Entry next() {
        if (!hasNext()) {
            throw new NoSuchElementException("The project walk has no more entries.");
        }
        Entry e = pending;
        pending = null;
        return e;
    }
}
