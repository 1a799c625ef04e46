package dev.suitkaise.reg.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.InvalidModuleDescriptorException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * Finds the jars and class directories of Suitkaise's own modules on the class path, so that
 * they are INTERNAL when Suitkaise runs on the class path (on the module path, the module names
 * already say so).
 *
 * <p>Only entries that look like Suitkaise artifacts are opened (a path segment or jar name
 * starting with {@code sk-}, or containing {@code suitkaise}); each is then confirmed by the module
 * name in its {@code module-info.class} or its {@code Automatic-Module-Name}. A renamed or shaded
 * jar is not recognized: add it with {@code -Dsuitkaise.domain.internal=<path>}. Stateless.
 */
public final class SuitkaiseLocations {

    private SuitkaiseLocations() {
    }

    /**
     * The class path entries that hold one of the given modules.
     *
     * @param classPath the class path, as in {@code java.class.path}
     * @param moduleNames the module names to look for
     * @return the matching entries, absolute and normalized, in class path order
     */
    public static List<Path> onClassPath(String classPath, Collection<String> moduleNames) {
        List<Path> found = new ArrayList<>();
        if (classPath == null || classPath.isBlank()) {
            return found;
        }
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isBlank() || !looksLikeSuitkaise(entry)) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath().normalize();
            moduleName(path).filter(moduleNames::contains).ifPresent(name -> found.add(path));
        }
        return found;
    }

    private static boolean looksLikeSuitkaise(String entry) {
        String e = entry.replace('\\', '/');
        return e.contains("/sk-") || e.startsWith("sk-") || e.toLowerCase(java.util.Locale.ROOT).contains("suitkaise");
    }

    /** The module name declared by a jar or class directory, if any. */
    static Optional<String> moduleName(Path path) {
        try {
            if (Files.isDirectory(path)) {
                Path info = path.resolve("module-info.class");
                if (Files.isRegularFile(info)) {
                    try (InputStream in = Files.newInputStream(info)) {
                        return Optional.of(ModuleDescriptor.read(in).name());
                    }
                }
                return Optional.empty();
            }
            if (Files.isRegularFile(path)) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    var info = jar.getEntry("module-info.class");
                    if (info != null) {
                        try (InputStream in = jar.getInputStream(info)) {
                            return Optional.of(ModuleDescriptor.read(in).name());
                        }
                    }
                    var manifest = jar.getManifest();
                    return manifest == null ? Optional.empty()
                            : Optional.ofNullable(manifest.getMainAttributes().getValue("Automatic-Module-Name"));
                }
            }
        } catch (IOException | InvalidModuleDescriptorException | SecurityException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
