package dev.suitkaise.reg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;

/**
 * Test classes copied into a directory that is not a domain root and defined from there by a
 * child-first class loader, so that they live in an unnamed module whose code source is that
 * directory. Every other class is delegated to the test's own class loader, so the copies share
 * sk-reg (and the test registries) with the tests.
 */
final class OutsideCode {

    private final Path directory;
    private final ChildFirstLoader loader;

    private OutsideCode(Path directory, Set<String> names) {
        this.directory = directory;
        this.loader = new ChildFirstLoader(directory, names, OutsideCode.class.getClassLoader());
    }

    /**
     * Copies the compiled classes into {@code directory} and returns a loader for the copies.
     *
     * @param directory where the copies go; it becomes their code source
     * @param classes top-level classes without nested classes
     * @return the outside code
     */
    static OutsideCode copyInto(Path directory, Class<?>... classes) throws IOException {
        Set<String> names = new HashSet<>();
        for (Class<?> type : classes) {
            String resource = type.getName().replace('.', '/') + ".class";
            Path target = directory.resolve(resource);
            Files.createDirectories(target.getParent());
            try (InputStream in = type.getResourceAsStream("/" + resource)) {
                if (in == null) {
                    throw new IOException("No class file for " + type.getName() + " on the test path");
                }
                Files.copy(in, target);
            }
            names.add(type.getName());
        }
        return new OutsideCode(directory.toAbsolutePath().normalize(), names);
    }

    /**
     * The copy of a class, defined from the directory.
     *
     * @param original the class on the test path
     * @return the copy
     */
    Class<?> load(Class<?> original) {
        try {
            return loader.loadClass(original.getName());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A new instance of the copy of {@link OutsideCaller}.
     *
     * @return the caller
     */
    Caller newCaller() {
        try {
            return (Caller) load(OutsideCaller.class).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** The directory the copies are defined from. */
    Path directory() {
        return directory;
    }

    /** The loader that defines the copies. */
    ClassLoader loader() {
        return loader;
    }

    /** Loads the listed classes from its directory first; everything else from its parent. */
    private static final class ChildFirstLoader extends ClassLoader {
        private final Path directory;
        private final Set<String> childFirst;
        private final ProtectionDomain protectionDomain;

        ChildFirstLoader(Path directory, Set<String> childFirst, ClassLoader parent) {
            super("outside-roots", parent);
            this.directory = directory;
            this.childFirst = Set.copyOf(childFirst);
            this.protectionDomain = new ProtectionDomain(
                    new CodeSource(url(directory), (CodeSigner[]) null), null, this, null);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!childFirst.contains(name)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) {
                    type = findClass(name);
                }
                if (resolve) {
                    resolveClass(type);
                }
                return type;
            }
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            Path file = directory.resolve(name.replace('.', '/') + ".class");
            try {
                byte[] bytes = Files.readAllBytes(file);
                return defineClass(name, bytes, 0, bytes.length, protectionDomain);
            } catch (IOException e) {
                throw new ClassNotFoundException(name + " is not in " + directory, e);
            }
        }

        @Override
        protected URL findResource(String name) {
            Path file = directory.resolve(name);
            return Files.isRegularFile(file) ? url(file) : null;
        }

        @Override
        protected Enumeration<URL> findResources(String name) {
            URL found = findResource(name);
            return found == null ? Collections.emptyEnumeration() : Collections.enumeration(Set.of(found));
        }

        private static URL url(Path path) {
            try {
                return path.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
