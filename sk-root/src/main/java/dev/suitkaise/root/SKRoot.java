package dev.suitkaise.root;

import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.SKAccess;
import dev.suitkaise.root.internal.CodeLocations;
import dev.suitkaise.root.internal.PathNames;
import dev.suitkaise.root.internal.ProjectWalker;
import dev.suitkaise.root.internal.RootDetector;
import dev.suitkaise.root.internal.Wildmatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The project a program runs in: its root directory, the files under it, and the code locations
 * it contributes to sk-reg's domains.
 *
 * <h2>Finding the root</h2>
 * {@link #detect(Path)} applies these rules, starting from the canonical form of the start
 * directory (symbolic links resolved, so a symlinked start finds the real project; a start that
 * does not exist starts from its nearest existing parent):
 * <ol>
 *   <li>a {@code .skroot} file wins: the nearest directory at or above the start holding one;</li>
 *   <li>otherwise, walking up from the start to the nearest version-control boundary (a
 *       directory holding {@code .git} as a directory or file, or {@code .hg}; the boundary
 *       itself included; the file system root if there is no boundary), the <em>outermost</em>
 *       directory holding a build file ({@code pom.xml}, {@code build.gradle},
 *       {@code build.gradle.kts}, {@code settings.gradle}, {@code settings.gradle.kts},
 *       {@code build.xml}); so a Maven multi-module project resolves to its top directory from
 *       any submodule, and a nested repository stops the walk at its own boundary;</li>
 *   <li>otherwise the version-control boundary itself;</li>
 *   <li>otherwise an {@link SKRootException} listing each directory examined and what was
 *       looked for.</li>
 * </ol>
 *
 * <h2>The current root</h2>
 * {@link #current()} is, in order: the innermost open {@linkplain #override scoped override};
 * the directory named by the system property {@code suitkaise.root}; the directory named by the
 * environment variable {@code SUITKAISE_ROOT}; the root detected from the working directory
 * (detected once per process and cached).
 *
 * <h2>Files</h2>
 * {@link #files()} streams every file under the root in name order, honouring {@code .gitignore}
 * files at every level with git's rules (gitignore(5)), {@code .skignore} files at every level
 * (same syntax, applied after the {@code .gitignore} of the same directory, so they win), and the
 * root's {@code .git/info/exclude}. {@code .git} and {@code .hg} directories are never listed
 * (the files of a nested repository are, under its own ignore files) and symbolic links are
 * listed but not followed (a directory replaced by a symbolic link while a lazy listing runs,
 * itself or through a parent, is skipped with a WARN, not followed; one deleted and made again as a
 * real directory before it is entered is walked, but its subdirectories are skipped with a WARN if
 * it is replaced after it was entered, so that one walk never mixes two directories' contents). An ignore file is applied only if it is a regular file of at most
 * 8 MiB; an in-tree {@code .gitignore} or {@code .skignore} that is a symbolic link is not
 * applied (git refuses one too; a linked {@code .git/info/exclude} is followed, as by git, and one
 * whose link dangles is skipped quietly like a missing one); a
 * FIFO, device or over-large ignore file is not opened; each is logged at WARN and the walk goes on.
 *
 * <p>Instances are immutable and thread-safe; equal when their directories are equal. Methods
 * that touch the file system say so.
 */
public final class SKRoot {

    private static final Logger LOG = LoggerFactory.getLogger(SKRoot.class);

    /** System property naming the root directory for {@link #current()}. */
    public static final String ROOT_PROPERTY = "suitkaise.root";

    /** Environment variable naming the root directory for {@link #current()}. */
    public static final String ROOT_ENV = "SUITKAISE_ROOT";

    private static final Object LOCK = new Object();
    private static final Deque<RootOverride> OVERRIDES = new ArrayDeque<>();
    private static final ConcurrentMap<String, SKRoot> NAMED = new ConcurrentHashMap<>();
    private static volatile SKRoot detectedFromWorkingDirectory;

    private final Path path;
    private final RootDetection detection;

    private SKRoot(Path path, RootDetection detection) {
        this.path = path;
        this.detection = detection;
    }

    static SKRoot ofCanonical(Path canonicalDirectory) {
        return new SKRoot(canonicalDirectory, RootDetection.EXPLICIT);
    }

    // ---------------------------------------------------------------- finding roots

    /**
     * Detects the root from the working directory ({@code user.dir}). Blocks on file system checks.
     *
     * @return the detected root
     * @throws SKRootException if no rule finds a root; the message lists where it looked
     */
    public static SKRoot detect() {
        return detect(Path.of(System.getProperty("user.dir")));
    }

    /**
     * Detects the root from a start directory (or the directory of a start file) by the rules in
     * the class description. A start that does not exist (yet) is allowed, for a directory a
     * program is about to create: detection starts from its nearest existing parent, so a
     * mistyped start finds the project of that parent rather than failing; check
     * {@code Files.isDirectory(start)} first where a missing start is a mistake. Blocks on file
     * system checks.
     *
     * @param start where to start
     * @return the detected root, its directory in canonical form
     * @throws SKRootException if no rule finds a root; the message lists where it looked
     */
    public static SKRoot detect(Path start) {
        RootDetector.Result r = RootDetector.detect(Objects.requireNonNull(start, "start"));
        LOG.debug("Detected project root {} from {} ({})", r.directory(), start, r.how());
        return new SKRoot(r.directory(), r.how());
    }

    /**
     * A root at an explicitly named directory, without detection. Blocks on file system checks.
     *
     * @param directory an existing directory; made canonical
     * @return the root
     * @throws SKRootException if the directory does not exist or is not a directory
     */
    public static SKRoot of(Path directory) {
        Path dir = PathNames.canonical(Objects.requireNonNull(directory, "directory"));
        if (!Files.isDirectory(dir)) {
            throw new SKRootException("Cannot use " + directory + " as a project root: "
                    + (Files.exists(dir) ? "it is not a directory" : "it does not exist")
                    + ". Name an existing project directory.");
        }
        return new SKRoot(dir, RootDetection.EXPLICIT);
    }

    /**
     * The root of this process: the innermost open {@linkplain #override override}, else the
     * {@code suitkaise.root} system property, else the {@code SUITKAISE_ROOT} environment
     * variable, else the root detected from the working directory (cached after the first
     * successful detection). Thread-safe; blocks on file system checks only the first time a
     * setting is seen.
     *
     * @return the current root
     * @throws SKRootException if the property or variable names no directory, or nothing is set and detection fails
     */
    public static SKRoot current() {
        synchronized (LOCK) {
            RootOverride top = OVERRIDES.peekLast();
            if (top != null) {
                return top.root();
            }
        }
        String property = System.getProperty(ROOT_PROPERTY);
        if (property != null && !property.isBlank()) {
            return named("system property " + ROOT_PROPERTY, property);
        }
        String env = System.getenv(ROOT_ENV);
        if (env != null && !env.isBlank()) {
            return named("environment variable " + ROOT_ENV, env);
        }
        SKRoot detected = detectedFromWorkingDirectory;
        if (detected == null) {
            detected = detect();
            detectedFromWorkingDirectory = detected;
        }
        return detected;
    }

    private static SKRoot named(String setting, String value) {
        return NAMED.computeIfAbsent(setting + "=" + value, k -> {
            try {
                return of(Path.of(value.strip()));
            } catch (SKRootException | InvalidPathException e) {
                throw new SKRootException("The " + setting + " names '" + value + "' as the project root, but it cannot"
                        + " be used: " + e.getMessage() + " Fix or unset the " + setting + ".", e);
            }
        });
    }

    /**
     * Makes {@code root} the {@linkplain #current() current root} of the whole process until the
     * returned handle is closed; closing restores whatever was current before. Overrides nest;
     * closing one that is not innermost removes just that one. Meant for tests and tools, in a
     * try-with-resources block. Thread-safe.
     *
     * @param root the root to make current
     * @return the handle that ends the override
     */
    public static RootOverride override(SKRoot root) {
        RootOverride o = new RootOverride(Objects.requireNonNull(root, "root"));
        synchronized (LOCK) {
            OVERRIDES.addLast(o);
        }
        LOG.debug("Root overridden to {}", root);
        return o;
    }

    static void endOverride(RootOverride o) {
        synchronized (LOCK) {
            OVERRIDES.remove(o);
        }
        LOG.debug("Root override to {} ended", o.root());
    }

    // ---------------------------------------------------------------- naming paths

    /**
     * The canonical root directory.
     *
     * @return the directory
     */
    public Path path() {
        return path;
    }

    /**
     * Which rule found this root.
     *
     * @return how it was found
     */
    public RootDetection detection() {
        return detection;
    }

    /**
     * Names a path against this root: relative paths are taken relative to the root, and the result
     * is canonical where it exists. Blocks on file system checks (symbolic link resolution).
     *
     * @param p a path
     * @return the path
     */
    public SKPath pathOf(Path p) {
        Path abs = Objects.requireNonNull(p, "p").isAbsolute() ? p : path.resolve(p);
        Path canonical = PathNames.canonical(abs);
        return new SKPath(path, canonical, PathNames.normalize(path, canonical));
    }

    /**
     * Names a path given as text against this root. A relative text is root-relative; {@code /}
     * always separates names (and {@code \} does on Windows); an absolute text (including the
     * {@code /C:/...} form of outside paths) is taken as is.
     *
     * @param text the path text
     * @return the path
     * @throws SKRootException if the text is not a valid path on this machine
     */
    public SKPath pathOf(String text) {
        String t = Objects.requireNonNull(text, "text");
        if (File.separatorChar == '\\') {
            t = t.replace('\\', '/');
            if (t.length() > 2 && t.charAt(0) == '/' && t.charAt(2) == ':') {
                t = t.substring(1);
            }
        }
        try {
            return pathOf(path.getFileSystem().getPath(t));
        } catch (InvalidPathException e) {
            throw new SKRootException("'" + text + "' is not a valid path on this machine (" + e.getMessage()
                    + "); use forward slashes and names the file system allows.", e);
        }
    }

    /**
     * Names a {@code file:} or {@code jar:file:} URI against this root.
     *
     * @param uri the URI
     * @return the path (for a jar URI, the jar file)
     * @throws SKRootException if the URI does not name a local file
     */
    public SKPath pathOf(URI uri) {
        return SKPath.ofUri(this, uri);
    }

    /**
     * Resolves a root-relative path ({@code "src/main/java"}). Same as {@link #pathOf(String)}.
     *
     * @param relative a path relative to the root
     * @return the path
     * @throws SKRootException if the text is not a valid path
     */
    public SKPath resolve(String relative) {
        return pathOf(Objects.requireNonNull(relative, "resolve: relative is null"));
    }

    /**
     * Whether a path lies in or under this root (by canonical path). Blocks on file system checks.
     *
     * @param p a path; relative paths are taken relative to the root
     * @return true if under the root
     */
    public boolean contains(Path p) {
        return !pathOf(p).isOutsideRoot();
    }

    // ---------------------------------------------------------------- files and tree

    /**
     * Every file under the root that the ignore files do not exclude, depth first in name order.
     * The stream is lazy: directories are read as it advances (blocking on file system reads);
     * it holds no open handles between elements, so it need not be closed. Unreadable
     * subdirectories and ignore files are skipped with a warning. Reading an ignore file is
     * interruptible: if the thread is interrupted, the call or the stream's advance throws
     * {@link SKRootException} (its interrupt status kept) rather than list the files that file may
     * exclude.
     *
     * @return the files, as paths named against this root
     * @throws SKRootException if the root directory cannot be listed, or (from the call or from the
     *     stream as it advances) if the thread is interrupted while an ignore file is read
     */
    public Stream<SKPath> files() {
        return walk(true, false, Integer.MAX_VALUE).map(e -> new SKPath(path, e.path(), e.relative()));
    }

    /**
     * The files of {@link #files()} whose root-relative path matches a glob, with gitignore glob
     * syntax: {@code *}, {@code ?} and {@code [...]} stay within one name; {@code **} as a whole
     * name matches any number of directories; a glob with no {@code /} matches the file name at
     * any depth ({@code *.java}), one with a {@code /} matches the whole relative path
     * ({@code src/**}{@code /*.java}, {@code /pom.xml} for the top-level file only). A malformed
     * glob is refused rather than matching nothing, as git's matcher would (in an ignore file
     * such a pattern still matches nothing, as in git).
     *
     * @param glob the glob
     * @return the matching files
     * @throws IllegalArgumentException if the glob is malformed: an unterminated {@code [...]} set,
     *         an unknown {@code [:class:]} name or a trailing lone {@code \}; the message says which
     * @throws SKRootException if the root directory cannot be listed, or if the thread is interrupted
     *     while an ignore file is read (as {@link #files()})
     */
    public Stream<SKPath> files(String glob) {
        String g = Objects.requireNonNull(glob, "glob");
        boolean nameOnly = g.indexOf('/') < 0;
        String pattern = g.startsWith("/") ? g.substring(1) : g;
        String problem = Wildmatch.problem(pattern);
        if (problem != null) {
            throw new IllegalArgumentException("The glob '" + glob + "' is malformed: " + problem
                    + ". Fix the glob; it would match no file.");
        }
        Wildmatch.Glob compiled = Wildmatch.compile(pattern);
        return walk(true, false, Integer.MAX_VALUE)
                .filter(e -> compiled.matches(nameOnly ? e.name() : e.relative()))
                .map(e -> new SKPath(path, e.path(), e.relative()));
    }

    private Stream<ProjectWalker.Entry> walk(boolean honourIgnores, boolean directories, int maxDepth) {
        Iterator<ProjectWalker.Entry> it = new ProjectWalker(path, honourIgnores, directories, maxDepth);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT), false);
    }

    /**
     * The directory tree under the root down to {@code maxDepth} levels (1 = the root's own
     * entries), honouring the ignore files like {@link #files()}. Its {@code toString()} prints
     * an indented tree. Blocks on file system reads.
     *
     * @param maxDepth how many levels to list; 0 lists the root alone
     * @return the tree
     * @throws IllegalArgumentException if {@code maxDepth} is negative
     * @throws SKRootException if the root directory cannot be listed, or if the thread is interrupted
     *     while an ignore file is read (as {@link #files()})
     */
    public SKTree tree(int maxDepth) {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth must be 0 or more, got " + maxDepth);
        }
        final class Node {
            final SKPath nodePath;
            final String name;
            final boolean directory;
            final int depth;
            final List<Node> children = new ArrayList<>();

            Node(SKPath nodePath, String name, boolean directory, int depth) {
                this.nodePath = nodePath;
                this.name = name;
                this.directory = directory;
                this.depth = depth;
            }

            SKTree freeze() {
                List<SKTree> kids = new ArrayList<>(children.size());
                for (Node c : children) {
                    kids.add(c.freeze());
                }
                return new SKTree(name, nodePath, directory, kids, directory && depth >= maxDepth);
            }
        }
        Path fileName = path.getFileName();
        Node top = new Node(new SKPath(path, path, ""), fileName == null ? path.toString() : fileName.toString(), true, 0);
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(top);
        walk(true, true, maxDepth).forEach(e -> {
            while (stack.peek().depth >= e.depth()) {
                stack.pop();
            }
            Node n = new Node(new SKPath(path, e.path(), e.relative()), e.name(), e.directory(), e.depth());
            stack.peek().children.add(n);
            if (e.directory()) {
                stack.push(n);
            }
        });
        return top.freeze();
    }

    // ---------------------------------------------------------------- resources

    /**
     * Finds a resource: first as a file under the root ({@code name} taken root-relative), then
     * on the class path (the thread's context class loader, this library's loader, the system
     * loader), then in the modules of the boot layer (read directly, whether or not their package
     * is open). Blocks on file system and class-path lookups.
     *
     * @param name a root-relative path or resource name ({@code config/app.properties}); a leading {@code /} is ignored
     * @return the resource, or empty if none of the places has it
     */
    public Optional<SKResource> resource(String name) {
        return resource(name, null);
    }

    /**
     * Finds a resource like {@link #resource(String)}, but asks {@code anchor} (with
     * {@link Class#getResource}, which can read its own module's encapsulated resources) right
     * after the root.
     *
     * @param name a root-relative path or resource name; a leading {@code /} is ignored
     * @param anchor a class whose module or loader should be asked first; may be null
     * @return the resource, or empty if not found
     */
    public Optional<SKResource> resource(String name, Class<?> anchor) {
        String n = Objects.requireNonNull(name, "name");
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        if (n.isEmpty()) {
            return Optional.empty();
        }
        SKPath file = pathOf(n);
        if (!file.isOutsideRoot() && Files.isRegularFile(file.absolute())) {
            return Optional.of(new SKResource(n, toUrl(file.toUri()), SKResource.Origin.ROOT));
        }
        if (anchor != null) {
            URL u = anchor.getResource("/" + n);
            if (u != null) {
                return Optional.of(new SKResource(n, u, anchor.getModule().isNamed()
                        ? SKResource.Origin.MODULE : SKResource.Origin.CLASS_PATH));
            }
        }
        for (ClassLoader cl : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                SKRoot.class.getClassLoader(), ClassLoader.getSystemClassLoader()}) {
            if (cl != null) {
                URL u = cl.getResource(n);
                if (u != null) {
                    return Optional.of(new SKResource(n, u, SKResource.Origin.CLASS_PATH));
                }
            }
        }
        for (ResolvedModule m : ModuleLayer.boot().configuration().modules()) {
            try (ModuleReader reader = m.reference().open()) {
                Optional<URI> uri = reader.find(n);
                if (uri.isPresent()) {
                    return Optional.of(new SKResource(n, toUrl(uri.get()), SKResource.Origin.MODULE));
                }
            } catch (IOException e) {
                LOG.warn("Cannot look into module {} for resource {}: {}", m.name(), n, e.toString());
            }
        }
        return Optional.empty();
    }

    private static URL toUrl(URI uri) {
        try {
            return uri.toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- domain roots

    /**
     * The code roots this project contributes to sk-reg's domains, without registering them.
     * INTERNAL: Suitkaise's modules by name, plus every code location under the root or on the
     * class path that holds a Suitkaise module (by its {@code module-info.class} or
     * {@code Automatic-Module-Name}). EXTERNAL: every other code location under the root: {@code target/classes}, {@code target/test-classes} and
     * {@code target/*.jar} (Maven), {@code build/classes/LANG/SET} and {@code build/libs/*.jar}
     * (Gradle), {@code out/production/*} and {@code out/test/*} (IntelliJ), jars in {@code lib/}
     * and {@code libs/} directories, and class-path and module-path entries under the root. Blocks while it
     * searches the root's directories (not entering hidden directories, {@code src} or
     * {@code node_modules}) and reads module descriptors.
     *
     * @return the roots by domain
     */
    public CodeRoots codeRoots() {
        return CodeLocations.plan(path);
    }

    /**
     * Registers {@link #codeRoots()} with {@link DomainRoots}, so that registry access checks
     * work without hand configuration. Roots already present are left alone; the returned handle
     * lists what was added and removes exactly that when closed. Thread-safe.
     *
     * <p>The EXTERNAL roots are registered for any caller. The INTERNAL ones only when the code
     * calling this method is itself INTERNAL ({@link SKAccess#callerMayOpen}): a directory under the
     * root that merely declares a Suitkaise module name is no proof that it holds Suitkaise, and
     * any code could place one there. For other callers they are left out, with a warning naming
     * them; Suitkaise's own modules and its jars on the class path are INTERNAL by default anyway.
     *
     * @return what was added
     * @throws dev.suitkaise.reg.SKAccessException if this library is not itself INTERNAL code (it is
     *         by default as module {@code dev.suitkaise.root}; on the class path, add its jar with
     *         {@code -Dsuitkaise.domain.internal=...})
     */
    public DomainRegistration registerDomainRoots() {
        CodeRoots plan = codeRoots();
        List<CodeRoot> addedInternal;
        if (SKAccess.callerMayOpen(Domain.INTERNAL)) {
            addedInternal = addMissing(Domain.INTERNAL, plan.internal());
        } else {
            addedInternal = List.of();
            List<CodeRoot> present = DomainRoots.of(Domain.INTERNAL);
            List<CodeRoot> leftOut = plan.internal().stream().filter(r -> !present.contains(r)).toList();
            if (!leftOut.isEmpty()) {
                LOG.warn("Not registering {} as INTERNAL roots: the caller of registerDomainRoots is not INTERNAL code;"
                        + " add them with -Dsuitkaise.domain.internal=... if they hold Suitkaise", leftOut);
            }
        }
        List<CodeRoot> addedExternal = addMissing(Domain.EXTERNAL, plan.external());
        LOG.debug("Registered domain roots of {}: INTERNAL {} EXTERNAL {}", path, addedInternal, addedExternal);
        return new DomainRegistration(addedInternal, addedExternal);
    }

    private static List<CodeRoot> addMissing(Domain domain, List<CodeRoot> roots) {
        List<CodeRoot> present = DomainRoots.of(domain);
        List<CodeRoot> added = new ArrayList<>();
        for (CodeRoot r : roots) {
            if (!present.contains(r)) {
                added.add(r);
            }
        }
        if (!added.isEmpty()) {
            DomainRoots.add(domain, added.toArray(new CodeRoot[0]));
        }
        return List.copyOf(added);
    }

    // ---------------------------------------------------------------- object

    @Override
    public boolean equals(Object o) {
        return o instanceof SKRoot other && path.equals(other.path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    /**
     * The root directory and how it was found.
     *
     * @return a display form
     */
    @Override
    public String toString() {
        return "SKRoot[" + path + " (" + detection + ")]";
    }
}
