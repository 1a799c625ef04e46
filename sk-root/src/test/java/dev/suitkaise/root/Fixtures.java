package dev.suitkaise.root;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Copies the fixture classes into temporary projects and loads them from there. */
final class Fixtures {

    /** Binary names of the fixture classes, all declared in fixture/Probe.java. */
    static final List<String> PROBE_CLASSES = List.of("dev.suitkaise.root.fixture.Probe",
            "dev.suitkaise.root.fixture.Probe$Inner", "dev.suitkaise.root.fixture.ProbeHelper");

    private Fixtures() {
    }

    static byte[] classBytes(String binaryName) {
        String resource = "/" + binaryName.replace('.', '/') + ".class";
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("Fixture class file " + resource + " is missing from the test classes");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the fixture class files into a class directory. */
    static Path copyProbeClasses(Path classesDir) {
        try {
            for (String name : PROBE_CLASSES) {
                Path file = classesDir.resolve(name.replace('.', '/') + ".class");
                Files.createDirectories(file.getParent());
                Files.write(file, classBytes(name));
            }
            return classesDir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the fixture class files into a new jar. */
    static Path jarProbeClasses(Path jar) {
        try {
            Files.createDirectories(jar.getParent());
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                for (String name : PROBE_CLASSES) {
                    out.putNextEntry(new JarEntry(name.replace('.', '/') + ".class"));
                    out.write(classBytes(name));
                    out.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A class loader over the given locations whose parent is the platform loader, so the fixture
     * classes are defined by it (child first), with a code source in the temporary project.
     */
    static URLClassLoader isolatedLoader(Path... locations) {
        URL[] urls = new URL[locations.length];
        try {
            for (int i = 0; i < locations.length; i++) {
                urls[i] = locations[i].toUri().toURL();
            }
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
        return new ChildFirstLoader(urls);
    }

    /**
     * Defines every class it can find itself before asking its parent (the platform loader, which
     * would otherwise hand packages of boot-layer modules to the application loader).
     */
    private static final class ChildFirstLoader extends URLClassLoader {
        static {
            ClassLoader.registerAsParallelCapable();
        }

        ChildFirstLoader(URL[] urls) {
            super("sk-root-test", urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notHere) {
                        return super.loadClass(name, resolve);
                    }
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
