package dev.suitkaise.root.internal;

import dev.suitkaise.root.SKRootException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
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

/**
 * A lazy, depth-first, name-ordered walk of a root that skips what the ignore files exclude.
 *
 * <p>Each directory is read in one go (its listing is closed before anything is returned), so the
 * walk holds no open handles between calls. {@code .git} and {@code .hg} directories are never
 * entered; symbolic links are reported as entries and never followed (a directory replaced by a
 * symbolic link between its parent's listing and its own is skipped with a warning); a
 * directory excluded by a
 * pattern is not entered, so nothing below it can be re-included (as in git). Ignore files read:
 * {@code .git/info/exclude} of the root (lowest precedence), then {@code .gitignore} and
 * {@code .skignore} of every directory, deeper directories winning over shallower ones.
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

    /** A child as listed; {@code key} is the directory's file key when listed (null if none). */
    private record Child(String name, Path path, boolean directory, Object key) {
    }

    private static final class Frame {
        final String prefix;
        final int depth;
        final IgnoreChain chain;
        final Child[] children;
        int next;

        Frame(String prefix, int depth, IgnoreChain chain, Child[] children) {
            this.prefix = prefix;
            this.depth = depth;
            this.chain = chain;
            this.children = children;
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
        this.honourIgnores = honourIgnores;
        this.includeDirectories = includeDirectories;
        this.maxDepth = maxDepth;
        IgnoreChain chain = null;
        if (honourIgnores) {
            Path exclude = root.resolve(".git").resolve("info").resolve("exclude");
            if (Files.exists(exclude, LinkOption.NOFOLLOW_LINKS)) {
                chain = push(chain, "", exclude, null, true);
            }
        }
        if (maxDepth >= 1) {
            openDirectory(root, "", 1, chain, true, null);
        }
    }

    private static IgnoreChain push(IgnoreChain chain, String base, Path gitignore, Path skignore,
                                    boolean followLinks) {
        List<IgnorePattern> patterns = new ArrayList<>();
        for (Path file : new Path[] {gitignore, skignore}) {
            if (file == null) {
                continue;
            }
            try {
                patterns.addAll(IgnoreRules.read(file, followLinks));
            } catch (IOException e) {
                LOG.warn("Cannot read ignore file {}: {}; its patterns are not applied.", file, e.toString());
            }
        }
        return patterns.isEmpty() ? chain : new IgnoreChain(new IgnoreRules(base, patterns), chain);
    }

    /**
     * Lists a directory and pushes its frame. A directory that is no longer the one listed in its
     * parent (replaced by a symbolic link or another directory since) is skipped with a warning,
     * so the walk never follows a link out of the root: where the platform offers a
     * {@link SecureDirectoryStream}, the opened directory itself is compared with the listed one
     * and its entries are examined relative to it; elsewhere the path is checked again after
     * opening, which narrows but does not close the race.
     */
    private void openDirectory(Path dir, String prefix, int depth, IgnoreChain parentChain, boolean isRoot,
                               Object expectedKey) {
        List<Child> children = new ArrayList<>();
        boolean hasGitignore = false;
        boolean hasSkignore = false;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            SecureDirectoryStream<Path> secure = ds instanceof SecureDirectoryStream<Path> sds ? sds : null;
            if (!isRoot && !isStillTheListedDirectory(dir, secure, expectedKey)) {
                LOG.warn("Skipping directory {}: it was replaced (by a symbolic link or another directory) after "
                        + "its parent was listed; symbolic links are not followed.", dir);
                return;
            }
            for (Path p : ds) {
                String name = p.getFileName().toString();
                boolean directory;
                Object key;
                try {
                    BasicFileAttributes a = secure != null
                            ? secure.getFileAttributeView(p.getFileName(), BasicFileAttributeView.class,
                                    LinkOption.NOFOLLOW_LINKS).readAttributes()
                            : Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    directory = a.isDirectory();
                    key = a.fileKey();
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
                children.add(new Child(name, p, directory, key));
            }
        } catch (IOException e) {
            if (isRoot) {
                throw new SKRootException("Cannot list the project root " + dir + ": " + e
                        + ". Check that it exists and is readable.", e);
            }
            LOG.warn("Skipping unreadable directory {}: {}", dir, e.toString());
            return;
        }
        IgnoreChain chain = parentChain;
        if (honourIgnores && (hasGitignore || hasSkignore)) {
            chain = push(chain, prefix, hasGitignore ? dir.resolve(".gitignore") : null,
                    hasSkignore ? dir.resolve(".skignore") : null, false);
        }
        Child[] array = children.toArray(new Child[0]);
        Arrays.sort(array, (a, b) -> a.name.compareTo(b.name));
        stack.push(new Frame(prefix, depth, chain, array));
    }

    private static boolean isStillTheListedDirectory(Path dir, SecureDirectoryStream<Path> secure, Object expectedKey)
            throws IOException {
        BasicFileAttributes now = secure != null
                ? secure.getFileAttributeView(BasicFileAttributeView.class).readAttributes()
                : Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!now.isDirectory()) {
            return false;
        }
        return expectedKey == null || now.fileKey() == null || expectedKey.equals(now.fileKey());
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
                    openDirectory(c.path, relative + "/", f.depth + 1, f.chain, false, c.key);
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
