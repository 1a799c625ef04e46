package dev.suitkaise.testkit;

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
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Test classes copied into a directory that is no domain root and defined from there by a child-first class loader,
 * so that each copy is code outside every domain root: it lives in the unnamed module of that loader and its code
 * source is the directory. Every other class comes from the class loader of the copied classes (the tests' own), so
 * the copies share Suitkaise, and whatever state the tests set up, with the tests.
 *
 * <p>Only top-level classes without nested classes can be copied (a nested class would stay with the tests' loader,
 * outside its copied nest); lambdas are fine. A copy is a different class from its original: the tests reach it
 * through an interface or a type of the tests' loader, for example {@code Function<String, Object> user =
 * outside.newInstance(OutsideUser.class)}.
 *
 * <p>Thread-safe once made: the loader is safe for concurrent class loading, and the accessors do not change state.
 * {@link #copyInto} blocks on file I/O.
 */
public final class OutsideCode {

    /** The name of the class loader that defines the copies. */
    public static final String LOADER_NAME = "outside-roots";

    private final Path directory;
    private final ChildFirstLoader loader;

    private OutsideCode(Path directory, Set<String> names, ClassLoader parent) {
        this.directory = directory;
        this.loader = new ChildFirstLoader(directory, names, parent);
    }

    /**
     * Copies the class files of {@code classes} into {@code directory} and returns a loader for the copies.
     *
     * @param directory where the copies go, in directories by package; it becomes their code source
     * @param classes top-level classes without nested classes, all defined by the same class loader, which becomes
     *     the parent of the copies' loader
     * @return the outside code
     * @throws IOException if a class file cannot be read from the tests' classes or written to {@code directory}
     * @throws IllegalArgumentException if no class is given, if a class is nested or has nested classes, or if the
     *     classes come from different class loaders
     */
    public static OutsideCode copyInto(Path directory, Class<?>... classes) throws IOException {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(classes, "classes");
        if (classes.length == 0) {
            throw new IllegalArgumentException("OutsideCode.copyInto needs at least one class to copy into "
                    + directory);
        }
        ClassLoader parent = Objects.requireNonNull(classes[0], "classes element").getClassLoader();
        for (Class<?> type : classes) {
            Objects.requireNonNull(type, "classes element");
            if (type.getClassLoader() != parent) {
                throw new IllegalArgumentException(type.getName() + " comes from " + type.getClassLoader()
                        + " but " + classes[0].getName() + " from " + parent
                        + "; copy classes of one class loader together");
            }
            if (type.getEnclosingClass() != null || type.getNestMembers().length != 1) {
                throw new IllegalArgumentException(type.getName() + " is nested or has nested classes, which would"
                        + " stay with the tests' loader; copy a top-level class without nested classes");
            }
        }
        Set<String> names = new LinkedHashSet<>();
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
        return new OutsideCode(directory.toAbsolutePath().normalize(), names, parent);
    }

    /**
     * The copy of a class, defined from the directory.
     *
     * @param original a class given to {@link #copyInto}
     * @return the copy
     * @throws AssertionError if {@code original} was not copied or its copy cannot be defined
     */
    public Class<?> load(Class<?> original) {
        if (!loader.childFirst.contains(original.getName())) {
            throw new AssertionError(original.getName() + " was not copied into " + directory
                    + "; pass it to OutsideCode.copyInto");
        }
        try {
            return loader.loadClass(original.getName());
        } catch (ClassNotFoundException e) {
            throw new AssertionError("cannot define the copy of " + original.getName() + " from " + directory, e);
        }
    }

    /**
     * A new instance of the copy of a class, made with its public no-argument constructor.
     *
     * @param original a class given to {@link #copyInto}, with a public no-argument constructor
     * @param <T> the type the caller takes the copy as: a supertype of the copy that the tests' loader defines (such
     *     as {@code Function<String, Object>}), never the original class; not checked here, so a wrong one fails
     *     with a {@link ClassCastException} where the result is used
     * @return the new instance of the copy
     * @throws AssertionError if the copy cannot be defined or has no public no-argument constructor, or the
     *     constructor throws
     */
    @SuppressWarnings("unchecked")
    public <T> T newInstance(Class<?> original) {
        try {
            return (T) load(original).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot make an instance of the copy of " + original.getName()
                    + " with its public no-argument constructor", e);
        }
    }

    /**
     * The directory the copies are defined from, their code source.
     *
     * @return the directory, absolute and normalized
     */
    public Path directory() {
        return directory;
    }

    /**
     * The loader that defines the copies.
     *
     * @return the loader, named {@value #LOADER_NAME}
     */
    public ClassLoader loader() {
        return loader;
    }

    /** Loads the listed classes from its directory first; everything else from its parent. */
    private static final class ChildFirstLoader extends ClassLoader {
        static {
            ClassLoader.registerAsParallelCapable();
        }

        private final Path directory;
        private final Set<String> childFirst;
        private final ProtectionDomain protectionDomain;

        ChildFirstLoader(Path directory, Set<String> childFirst, ClassLoader parent) {
            super(LOADER_NAME, parent);
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
