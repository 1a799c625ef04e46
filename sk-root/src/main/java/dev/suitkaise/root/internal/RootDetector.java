package dev.suitkaise.root.internal;

import dev.suitkaise.root.RootDetection;
import dev.suitkaise.root.SKRootException;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The detection rules of {@code SKRoot.detect}.
 *
 * <ol>
 *   <li>The nearest directory at or above the start that holds a {@code .skroot} file.</li>
 *   <li>Otherwise, walking up from the start to the nearest version-control boundary (a directory
 *       holding {@code .git}, directory or file, or {@code .hg}; the boundary included; the file
 *       system root when there is none), the outermost directory that holds a build file.</li>
 *   <li>Otherwise the version-control boundary itself.</li>
 *   <li>Otherwise an {@link SKRootException} that lists every directory examined and what was
 *       looked for.</li>
 * </ol>
 *
 * <p>The start is canonicalized first (symbolic links resolved), so a symlinked start finds the
 * real project. Stateless and thread-safe; blocks on file system checks.
 */
public final class RootDetector {

    /** The marker file that makes a directory the root, whatever else is around. */
    public static final String SKROOT_MARKER = ".skroot";

    /** Build files that mark a project directory. */
    public static final List<String> BUILD_MARKERS = List.of(
            "pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts", "build.xml");

    /** Entries that mark a version-control boundary. */
    public static final List<String> VCS_MARKERS = List.of(".git", ".hg");

    /**
     * A detected root.
     *
     * @param directory the canonical root directory
     * @param how which rule found it
     */
    public record Result(Path directory, RootDetection how) {
    }

    private RootDetector() {
    }

    /**
     * Applies the detection rules from {@code start}.
     *
     * @param start a directory or file to start from
     * @return the root and the rule that found it
     * @throws SKRootException if no rule finds a root
     */
    public static Result detect(Path start) {
        Path dir = PathNames.canonical(start);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        while (dir != null && !Files.isDirectory(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new SKRootException("Cannot detect a project root from " + start
                    + ": neither it nor any parent is an existing directory. Start from a directory inside the project,"
                    + " or name the root with -Dsuitkaise.root=DIR or SUITKAISE_ROOT=DIR.");
        }
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(SKROOT_MARKER))) {
                return new Result(d, RootDetection.SKROOT_MARKER);
            }
        }
        List<Path> examined = new ArrayList<>();
        Path outermostBuild = null;
        Path boundary = null;
        for (Path d = dir; d != null; d = d.getParent()) {
            examined.add(d);
            if (hasAny(d, BUILD_MARKERS)) {
                outermostBuild = d;
            }
            if (hasVcs(d)) {
                boundary = d;
                break;
            }
        }
        if (outermostBuild != null) {
            return new Result(outermostBuild, RootDetection.BUILD_MARKER);
        }
        if (boundary != null) {
            return new Result(boundary, RootDetection.VCS_BOUNDARY);
        }
        StringBuilder where = new StringBuilder();
        for (Path d : examined) {
            where.append("\n  ").append(d);
        }
        throw new SKRootException("Cannot detect a project root from " + start + " (" + dir + "). Looked for a "
                + SKROOT_MARKER + " file in every directory up to the file system root, for build files "
                + BUILD_MARKERS + " and for version-control markers " + VCS_MARKERS + " (directory or file) in:" + where
                + "\nFound none. Create an empty " + SKROOT_MARKER + " file in the project directory, or name the root with"
                + " -Dsuitkaise.root=DIR, the environment variable SUITKAISE_ROOT=DIR, or SKRoot.of(dir).");
    }

    private static boolean hasAny(Path dir, List<String> names) {
        for (String n : names) {
            if (Files.isRegularFile(dir.resolve(n))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasVcs(Path dir) {
        return Files.exists(dir.resolve(".git"), LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(dir.resolve(".hg"));
    }
}
