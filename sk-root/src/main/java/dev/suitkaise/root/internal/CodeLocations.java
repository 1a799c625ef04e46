package dev.suitkaise.root.internal;

import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.root.CodeRoots;
import dev.suitkaise.root.SKRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.InvalidModuleDescriptorException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipFile;

/**
 * Finds code locations (class directories and jars) under a root and on the class and module
 * paths, and sorts them into Suitkaise's (INTERNAL) and the project's (EXTERNAL).
 *
 * <p>Stateless and thread-safe; blocks on directory walks and jar reads.
 */
public final class CodeLocations {

    private static final Logger LOG = LoggerFactory.getLogger(CodeLocations.class);
    private static final int MAX_DEPTH = 12;
    private static final Set<String> NOT_ENTERED = Set.of("src", "node_modules");

    private CodeLocations() {
    }

    /**
     * The INTERNAL and EXTERNAL roots of a project.
     *
     * @param root the canonical root directory
     * @return the roots
     */
    public static CodeRoots plan(Path root) {
        Set<CodeRoot> internal = new LinkedHashSet<>();
        Set<CodeRoot> external = new LinkedHashSet<>();
        DomainRoots.SUITKAISE_MODULES.forEach(m -> internal.add(CodeRoot.module(m)));
        for (Class<?> own : new Class<?>[] {SKRoot.class, DomainRoots.class}) {
            if (!own.getModule().isNamed()) {
                CodeRoot.codeSourceOf(own).ifPresent(p -> internal.add(CodeRoot.location(p)));
            }
        }
        for (Path entry : runtimePathEntries("java.class.path")) {
            if (isSuitkaise(entry)) {
                internal.add(CodeRoot.location(entry));
            } else if (PathNames.canonical(entry).startsWith(root)) {
                external.add(CodeRoot.location(entry));
            }
        }
        for (Path entry : runtimePathEntries("jdk.module.path")) {
            // Suitkaise modules on the module path are covered by their module-name roots
            if (!isSuitkaise(entry) && PathNames.canonical(entry).startsWith(root)) {
                external.add(CodeRoot.location(entry));
            }
        }
        for (Path location : findUnder(root)) {
            if (isSuitkaise(location)) {
                internal.add(CodeRoot.location(location));
            } else {
                external.add(CodeRoot.location(location));
            }
        }
        external.removeAll(internal);
        return new CodeRoots(new ArrayList<>(internal), new ArrayList<>(external));
    }

    /**
     * The existing entries of a path-list system property of this JVM.
     *
     * @param property {@code java.class.path} or {@code jdk.module.path}
     * @return the entries
     */
    static List<Path> runtimePathEntries(String property) {
        List<Path> out = new ArrayList<>();
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String part : value.split(File.pathSeparator)) {
            if (part.isBlank()) {
                continue;
            }
            try {
                Path p = Path.of(part).toAbsolutePath().normalize();
                if (Files.exists(p)) {
                    out.add(p);
                }
            } catch (RuntimeException e) {
                LOG.debug("Ignoring path entry {}: {}", part, e.toString());
            }
        }
        return out;
    }

    /**
     * The code locations under a root, by build-tool convention.
     *
     * @param root the root directory
     * @return class directories and jars
     */
    public static List<Path> findUnder(Path root) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    Path fn = dir.getFileName();
                    String name = fn == null ? "" : fn.toString();
                    if (!dir.equals(root) && (name.startsWith(".") || NOT_ENTERED.contains(name))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    switch (name) {
                        case "target" -> {
                            addDir(found, dir.resolve("classes"));
                            addDir(found, dir.resolve("test-classes"));
                            addJars(found, dir);
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        case "build" -> {
                            for (Path lang : children(dir.resolve("classes"))) {
                                for (Path set : children(lang)) {
                                    addDir(found, set);
                                }
                            }
                            addJars(found, dir.resolve("libs"));
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        case "out" -> {
                            for (Path kind : List.of(dir.resolve("production"), dir.resolve("test"))) {
                                for (Path module : children(kind)) {
                                    addDir(found, module);
                                }
                            }
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        case "lib", "libs" -> {
                            addJars(found, dir);
                            return FileVisitResult.CONTINUE;
                        }
                        default -> {
                            return FileVisitResult.CONTINUE;
                        }
                    }
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("Searching {} for code locations failed: {}", root, e.toString());
        }
        return found;
    }

    private static List<Path> children(Path dir) {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("Cannot list {}: {}", dir, e.toString());
        }
        out.sort(null);
        return out;
    }

    private static void addDir(List<Path> found, Path dir) {
        if (Files.isDirectory(dir)) {
            found.add(dir);
        }
    }

    private static void addJars(List<Path> found, Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    jars.add(p);
                }
            }
        } catch (IOException e) {
            LOG.debug("Cannot list {}: {}", dir, e.toString());
        }
        jars.sort(null);
        found.addAll(jars);
    }

    /**
     * Whether a code location holds one of Suitkaise's modules.
     *
     * @param location a class directory or jar
     * @return true if its module name is one of {@link DomainRoots#SUITKAISE_MODULES}
     */
    public static boolean isSuitkaise(Path location) {
        return moduleName(location).map(DomainRoots.SUITKAISE_MODULES::contains).orElse(false);
    }

    /**
     * The module name of a code location: from {@code module-info.class} (also a versioned one in
     * a multi-release jar), else a jar manifest's {@code Automatic-Module-Name}.
     *
     * @param location a class directory or jar
     * @return the module name, or empty if it declares none
     */
    public static Optional<String> moduleName(Path location) {
        try {
            if (Files.isDirectory(location)) {
                Path info = location.resolve("module-info.class");
                if (Files.isRegularFile(info)) {
                    try (InputStream in = Files.newInputStream(info)) {
                        return Optional.of(ModuleDescriptor.read(in).name());
                    }
                }
                return Optional.empty();
            }
            if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                try (JarFile jar = new JarFile(location.toFile(), false, ZipFile.OPEN_READ, Runtime.version())) {
                    JarEntry info = jar.getJarEntry("module-info.class");
                    if (info != null) {
                        try (InputStream in = jar.getInputStream(info)) {
                            return Optional.of(ModuleDescriptor.read(in).name());
                        }
                    }
                    Manifest mf = jar.getManifest();
                    if (mf != null) {
                        String name = mf.getMainAttributes().getValue(new Attributes.Name("Automatic-Module-Name"));
                        if (name != null && !name.isBlank()) {
                            return Optional.of(name.strip());
                        }
                    }
                }
            }
        } catch (IOException | InvalidModuleDescriptorException | SecurityException e) {
            LOG.debug("Cannot read the module name of {}: {}", location, e.toString());
        }
        return Optional.empty();
    }
}
