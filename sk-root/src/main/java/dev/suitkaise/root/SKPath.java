package dev.suitkaise.root;

import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.root.internal.ClassFiles;
import dev.suitkaise.root.internal.PathNames;

import java.io.File;
import java.net.URI;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A file location named the same way on every machine: an absolute path together with its
 * root-relative, normalized form ({@link #relative()}: forward slashes, no {@code .} or
 * {@code ..}, no leading or trailing slash, empty for the root itself).
 *
 * <p>Equality, hashing, ordering and {@link #id()} use the normalized form only, so the same
 * project file is equal to itself on another machine or OS where the project lives elsewhere.
 * A path outside its root is allowed; it says so ({@link #isOutsideRoot()}) and its normalized form
 * is its absolute path with forward slashes and a leading {@code /} ({@code /tmp/x.txt},
 * {@code /C:/x.txt}).
 *
 * <p><b>Canonical form.</b> Factories resolve symbolic links in the existing part of the path
 * ({@link Path#toRealPath}), so a file reached through a symlinked directory is named by its real
 * location; a path whose tail does not exist keeps that tail as written. Relative inputs to the
 * static factories are taken relative to the <em>root</em>, not to the working directory.
 *
 * <p><b>Travelling.</b> To send an SKPath elsewhere, send {@link #relative()} (or {@link #id()})
 * and re-create it on the receiver's root with {@link #onRoot(SKRoot, String)} (or
 * {@link #fromId(SKRoot, String)}).
 *
 * <p>Instances are immutable and thread-safe. Static factories without an explicit root use
 * {@link SKRoot#current()}.
 */
public final class SKPath implements Comparable<SKPath> {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** Source files found per class and root directory; a ClassValue, so classes can still be unloaded. */
    private static final ClassValue<ConcurrentMap<Path, Optional<SKPath>>> SOURCES = new ClassValue<>() {
        @Override
        protected ConcurrentMap<Path, Optional<SKPath>> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private final Path root;
    private final Path absolute;
    private final String relative;

    SKPath(Path root, Path absolute, String relative) {
        this.root = root;
        this.absolute = absolute;
        this.relative = relative;
    }

    // ---------------------------------------------------------------- factories

    /**
     * An SKPath from path strings on the current root. The parts are joined with {@code /};
     * both {@code /} and the platform separator are accepted; a relative result is taken
     * relative to the root.
     *
     * @param first the first part
     * @param more further parts
     * @return the path
     * @throws SKRootException if there is no current root (see {@link SKRoot#current()})
     */
    public static SKPath of(String first, String... more) {
        Objects.requireNonNull(first, "of: first is null");
        Objects.requireNonNull(more, "of: more is null; call of(first) for a single name");
        return SKRoot.current().pathOf(joinStrings(first, more));
    }

    /**
     * An SKPath for a {@link Path} on the current root; a relative path is taken relative to the root.
     *
     * @param path the path
     * @return the path, canonical where it exists
     * @throws SKRootException if there is no current root
     */
    public static SKPath of(Path path) {
        Objects.requireNonNull(path, "of: path is null");
        return SKRoot.current().pathOf(path);
    }

    /**
     * An SKPath for a {@link File} on the current root; a relative file is taken relative to the root.
     *
     * @param file the file
     * @return the path
     * @throws SKRootException if there is no current root
     */
    public static SKPath of(File file) {
        Objects.requireNonNull(file, "of: file is null");
        return SKRoot.current().pathOf(file.toPath());
    }

    /**
     * An SKPath for a URI on the current root: a {@code file:} URI, or a {@code jar:file:...!/entry}
     * URI (which names the jar file).
     *
     * @param uri the URI
     * @return the path
     * @throws SKRootException if the URI does not name a file on the default file system, or there is no current root
     */
    public static SKPath of(URI uri) {
        return SKRoot.current().pathOf(uri);
    }

    /**
     * Re-creates a path from its normalized form on a given root: the receiving side of a path
     * that travelled as {@link #relative()}. The form is re-normalized, so {@code a\b} and
     * {@code ./a/b} are accepted too.
     *
     * @param root the root to resolve against
     * @param relative a normalized form (root-relative, or absolute with a leading {@code /})
     * @return the path on {@code root}
     */
    public static SKPath onRoot(SKRoot root, String relative) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(relative, "relative");
        return root.pathOf(relative);
    }

    /**
     * Re-creates a path from its {@link #id()} on the current root (see {@link #fromId(SKRoot, String)}).
     *
     * @param id an id made by {@link #id()}
     * @return the path
     * @throws IllegalArgumentException if the text is not an id (also if it holds {@code .},
     *         {@code ..} or empty names)
     * @throws SKRootException if there is no current root
     */
    public static SKPath fromId(String id) {
        return fromId(SKRoot.current(), id);
    }

    /**
     * Re-creates a path from its {@link #id()} on a given root. Pure: no file system access. An id
     * received from elsewhere cannot lead out of the root: ids whose decoded form holds {@code .},
     * {@code ..} or empty names ({@link #id()} never makes them) are rejected, as are names that
     * are not single file names on this machine; a path inside the root stays inside it, and one
     * outside it says so ({@link #isOutsideRoot()}).
     *
     * @param root the root
     * @param id an id made by {@link #id()}
     * @return the path
     * @throws IllegalArgumentException if the text is not an id (also if its {@code !hh} bytes
     *         are not valid UTF-8), or its decoded form holds {@code .}, {@code ..} or empty names,
     *         or a name that is not one file name here, or is not a valid path here (a NUL
     *         character); the message names the id
     */
    public static SKPath fromId(SKRoot root, String id) {
        Objects.requireNonNull(root, "fromId: root is null; call fromId(id) for the current root");
        String rel = PathNames.decodeId(Objects.requireNonNull(id, "id"));
        return new SKPath(root.path(), PathNames.resolveId(root.path(), id, rel), rel);
    }

    /**
     * The code location of a class: the class directory or jar its code source names, on the
     * current root (usually under it, e.g. {@code target/classes}; a jar from the local
     * repository is outside).
     *
     * @param type a class
     * @return its code location
     * @throws SKRootException if the class has no code source (JDK, hidden and generated classes)
     *         or there is no current root
     */
    public static SKPath ofClass(Class<?> type) {
        Path location = CodeRoot.codeSourceOf(Objects.requireNonNull(type, "type")).orElseThrow(() -> new SKRootException(
                "Class " + type.getName() + " has no code source (it is a JDK, hidden or generated class), so it has no"
                        + " code location; ask for the location of a class loaded from a class directory or jar."));
        return SKRoot.current().pathOf(location);
    }

    /**
     * The {@code .java} source file of a class under the current root, when the sources are there.
     * The file name comes from the class file's {@code SourceFile} attribute (the top-level class
     * name plus {@code .java} when absent) and the directory from the class's package. The
     * conventional source directories next to the class's code location are tried first
     * ({@code target/classes} → {@code src/main/java}, {@code target/test-classes} →
     * {@code src/test/java}, Gradle's {@code build/classes/LANG/SET} → {@code src/SET/LANG});
     * then every non-ignored file under the root is searched. The answer is cached per class and
     * root directory. Blocks on file system access the first time.
     *
     * @param type a class
     * @return the source file, or empty if it is not under the root
     * @throws SKRootException if there is no current root, or if the search of the root's files
     *     is cut short because the thread is interrupted (its interrupt status is kept; nothing is
     *     cached, so a later call searches again)
     */
    public static Optional<SKPath> sourceOf(Class<?> type) {
        return sourceOf(SKRoot.current(), type);
    }

    static Optional<SKPath> sourceOf(SKRoot root, Class<?> type) {
        Objects.requireNonNull(type, "type");
        return SOURCES.get(type).computeIfAbsent(root.path(), k -> findSource(root, type));
    }

    private static Optional<SKPath> findSource(SKRoot root, Class<?> type) {
        Class<?> top = type;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        String fileName = ClassFiles.sourceFileOf(type).orElse(top.getSimpleName() + ".java");
        String pkg = type.getPackageName().replace('.', '/');
        String tail = pkg.isEmpty() ? fileName : pkg + "/" + fileName;
        for (Path dir : conventionalSourceDirs(type)) {
            Path candidate = dir.resolve(tail);
            if (Files.isRegularFile(candidate)) {
                SKPath found = root.pathOf(candidate);
                if (!found.isOutsideRoot()) {
                    return Optional.of(found);
                }
            }
        }
        String suffix = "/" + tail;
        try (var files = root.files()) {
            return files.filter(p -> p.relative().endsWith(suffix) || p.relative().equals(tail)).findFirst();
        } catch (SKRootException e) {
            if (e.getCause() instanceof ClosedByInterruptException) {
                throw new SKRootException("Looking for the source file of " + type.getName() + " under " + root.path()
                        + " stopped: the thread was interrupted while the root's files were searched, so it cannot say"
                        + " whether the file is there. The thread's interrupt status is kept; ask again from a thread"
                        + " that is not interrupted.", e);
            }
            throw e;
        }
    }

    private static List<Path> conventionalSourceDirs(Class<?> type) {
        List<Path> dirs = new ArrayList<>();
        Optional<Path> location = CodeRoot.codeSourceOf(type);
        if (location.isEmpty()) {
            return dirs;
        }
        Path loc = PathNames.canonical(location.get());
        Path name = loc.getFileName();
        Path parent = loc.getParent();
        if (name == null || parent == null) {
            return dirs;
        }
        String n = name.toString();
        String p = parent.getFileName() == null ? "" : parent.getFileName().toString();
        Path module = parent.getParent();
        if (p.equals("target") && module != null) {
            String set = n.equals("test-classes") ? "test" : "main";
            for (String lang : List.of("java", "kotlin", "groovy", "scala")) {
                dirs.add(module.resolve("src").resolve(set).resolve(lang));
            }
        }
        Path lang = parent;
        Path classes = lang.getParent();
        if (classes != null && classes.getFileName() != null && classes.getFileName().toString().equals("classes")) {
            Path build = classes.getParent();
            if (build != null && build.getFileName() != null && build.getFileName().toString().equals("build")
                    && build.getParent() != null) {
                dirs.add(build.getParent().resolve("src").resolve(n).resolve(lang.getFileName().toString()));
                dirs.add(build.getParent().resolve("src").resolve(n).resolve("java"));
            }
        }
        return dirs;
    }

    /**
     * The location of the calling class: its {@code .java} source file under the current root
     * when the sources are present ({@link #sourceOf}), otherwise its code location ({@link #ofClass}).
     *
     * @return the caller's location
     * @throws SKRootException if the caller has no code source and no source file under the root,
     *     or if the search for its source file is cut short because the thread is interrupted (as
     *     {@link #sourceOf})
     */
    public static SKPath caller() {
        Class<?> caller = WALKER.getCallerClass();
        return sourceOf(caller).orElseGet(() -> ofClass(caller));
    }

    private static String joinStrings(String first, String... more) {
        Objects.requireNonNull(first, "first");
        if (more.length == 0) {
            return first;
        }
        StringBuilder sb = new StringBuilder(first);
        for (String m : more) {
            if (m.isEmpty()) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(m);
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- accessors

    /**
     * The normalized form: root-relative with forward slashes and no {@code .}/{@code ..}
     * (empty for the root itself), or for a path outside the root its absolute form with forward
     * slashes and a leading {@code /}. This is what travels between machines.
     *
     * @return the normalized form
     */
    public String relative() {
        return relative;
    }

    /**
     * The absolute path on this machine.
     *
     * @return the absolute path
     */
    public Path absolute() {
        return absolute;
    }

    /**
     * The root directory this path was named against.
     *
     * @return the canonical root directory
     */
    public Path root() {
        return root;
    }

    /**
     * Whether this path lies outside the root it was named against.
     *
     * @return true if outside
     */
    public boolean isOutsideRoot() {
        return PathNames.isOutside(relative);
    }

    /**
     * Whether this path is a given root's directory or lies under it.
     *
     * @param other a root
     * @return true if under {@code other}
     */
    public boolean isUnder(SKRoot other) {
        return absolute.startsWith(Objects.requireNonNull(other, "isUnder: other is null").path());
    }

    /**
     * Whether this path is {@code directory} or lies under it (compared by absolute path).
     *
     * @param directory another path
     * @return true if under it
     */
    public boolean isUnder(SKPath directory) {
        return absolute.startsWith(Objects.requireNonNull(directory, "isUnder: directory is null").absolute);
    }

    /**
     * A compact, reversible id for use as a map key or a file name, collision-free also on
     * case-insensitive file systems. Lower-case letters, digits, {@code -} and inner {@code .} stay;
     * {@code /} becomes {@code ~}; an upper-case {@code X} becomes {@code _x}; other bytes of the
     * UTF-8 form become {@code !hh}; the root is {@code !}. {@code src/Main.java} has the id
     * {@code src~_main.java}. Reverse with {@link #fromId}.
     *
     * <p>As a file name it is valid on every common file system when it is at most 255 characters
     * long (most limit a name to 255 bytes; an id is ASCII) and not a Windows device name such as
     * {@code con} or {@code nul.txt}. It is never shortened: the id of a long path, or of one with
     * non-ASCII names ({@code !hh} per UTF-8 byte), can exceed 255 characters; hash or shorten such
     * ids before using them as file names.
     *
     * @return the id
     */
    public String id() {
        return PathNames.encodeId(relative);
    }

    /**
     * The last name of the path ({@code Main.java}), or the root directory's name for the root.
     *
     * @return the name
     */
    public String name() {
        Path n = absolute.getFileName();
        return n == null ? "" : n.toString();
    }

    /**
     * The path on this machine.
     *
     * @return the absolute path
     */
    public Path toPath() {
        return absolute;
    }

    /**
     * The path as a {@link File}.
     *
     * @return the file
     */
    public File toFile() {
        return absolute.toFile();
    }

    /**
     * The path as a {@code file:} URI.
     *
     * @return the URI
     */
    public URI toUri() {
        return absolute.toUri();
    }

    /**
     * A path below this one.
     *
     * @param other a relative path with {@code /} or platform separators
     * @return the resolved path, named against the same root
     * @throws SKRootException if {@code other} is not a valid path on this machine (as
     *         {@link SKRoot#pathOf(String)})
     */
    public SKPath resolve(String other) {
        Objects.requireNonNull(other, "resolve: other is null");
        String o = File.separatorChar == '\\' ? other.replace('\\', '/') : other;
        Path resolved;
        try {
            resolved = absolute.resolve(o);
        } catch (InvalidPathException e) {
            throw new SKRootException("'" + other + "' is not a valid path on this machine (" + e.getMessage()
                    + "), so it cannot be resolved against " + this + "; use forward slashes and names the file"
                    + " system allows.", e);
        }
        return SKRoot.ofCanonical(root).pathOf(resolved);
    }

    /**
     * This path's normalized form re-created on another root (see {@link #onRoot}).
     *
     * @param other the root
     * @return the path on {@code other}
     */
    public SKPath reroot(SKRoot other) {
        return onRoot(Objects.requireNonNull(other, "reroot: other is null"), relative);
    }

    /**
     * Whether the file or directory exists on this machine. Blocks on a file system check.
     *
     * @return true if it exists
     */
    public boolean exists() {
        return Files.exists(absolute);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SKPath other && relative.equals(other.relative);
    }

    @Override
    public int hashCode() {
        return relative.hashCode();
    }

    @Override
    public int compareTo(SKPath o) {
        return relative.compareTo(Objects.requireNonNull(o, "compareTo: o is null").relative);
    }

    /**
     * The normalized form, or {@code .} for the root itself.
     *
     * @return a display form
     */
    @Override
    public String toString() {
        return relative.isEmpty() ? "." : relative;
    }

    static SKPath ofUri(SKRoot root, URI uri) {
        URI u = Objects.requireNonNull(uri, "uri");
        if ("jar".equalsIgnoreCase(u.getScheme())) {
            String s = u.getRawSchemeSpecificPart();
            int bang = s.indexOf("!/");
            u = URI.create(bang >= 0 ? s.substring(0, bang) : s);
        }
        if (!"file".equalsIgnoreCase(u.getScheme())) {
            throw new SKRootException("URI " + uri + " does not name a file: only file: and jar:file: URIs can be"
                    + " named under a project root. Copy the resource to a file first, or use SKRoot.resource(...).");
        }
        try {
            return root.pathOf(Path.of(u));
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            throw new SKRootException("URI " + uri + " cannot be turned into a path on this machine: " + e.getMessage()
                    + ". Use an absolute file: URI.", e);
        }
    }
}
