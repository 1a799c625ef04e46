package dev.suitkaise.function.internal;

import dev.suitkaise.function.AutoReg;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds {@link AutoReg} methods by scanning class files once per process: the directories and jars
 * of {@code java.class.path} and the modules of the boot layer other than the JDK's. Only class
 * files whose bytes contain the annotation's descriptor are loaded, without initialization. The
 * result is cached until {@link #forget()}. Thread-safe; the first call blocks for the scan.
 */
public final class AutoRegScanner {

    private static final Logger LOG = LoggerFactory.getLogger(AutoRegScanner.class);
    private static final byte[] NEEDLE = ("L" + AutoReg.class.getName().replace('.', '/') + ";")
            .getBytes(StandardCharsets.ISO_8859_1);

    /**
     * One annotated method.
     *
     * @param name the registry key
     * @param description the description
     * @param method the static method
     */
    public record Found(String name, String description, Method method) {
    }

    private static volatile Map<String, Found> index;

    private AutoRegScanner() {
    }

    /**
     * The annotated method registered under a name.
     *
     * @param name the key
     * @return the method, or empty
     */
    public static Optional<Found> find(String name) {
        return Optional.ofNullable(index().get(name));
    }

    /**
     * Every annotated method found.
     *
     * @return an unmodifiable map by key, in scan order
     */
    public static Map<String, Found> all() {
        return index();
    }

    /** Forgets the cached scan; the next lookup scans again. */
    public static synchronized void forget() {
        index = null;
    }

    private static Map<String, Found> index() {
        Map<String, Found> current = index;
        if (current != null) {
            return current;
        }
        synchronized (AutoRegScanner.class) {
            if (index == null) {
                index = "false".equalsIgnoreCase(System.getProperty("suitkaise.function.autoreg"))
                        ? Map.of() : scan();
            }
            return index;
        }
    }

    private static Map<String, Found> scan() {
        long start = System.nanoTime();
        List<String> prefixes = prefixes();
        Map<String, Found> found = new LinkedHashMap<>();
        List<Class<?>> classes = new ArrayList<>();
        for (Module module : ModuleLayer.boot().modules()) {
            String mn = module.getName();
            if (mn.startsWith("java.") || mn.startsWith("jdk.")) {
                continue;
            }
            Optional<ResolvedModule> resolved = ModuleLayer.boot().configuration().findModule(mn);
            if (resolved.isEmpty()) {
                continue;
            }
            try (ModuleReader reader = resolved.get().reference().open(); Stream<String> names = reader.list()) {
                for (String entry : (Iterable<String>) names::iterator) {
                    if (isCandidate(entry, prefixes) && readMatches(reader, entry)) {
                        Class<?> c = Class.forName(module, binaryName(entry));
                        if (c != null) {
                            classes.add(c);
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not scan module {} for @AutoReg methods; its annotated methods are not auto-registered", mn, e);
            }
        }
        String classPath = System.getProperty("java.class.path", "");
        for (String part : classPath.split(File.pathSeparator)) {
            if (part.isBlank()) {
                continue;
            }
            Path path = Path.of(part);
            try {
                if (Files.isDirectory(path)) {
                    scanDirectory(path, prefixes, classes);
                } else if (Files.isRegularFile(path) && part.endsWith(".jar")) {
                    scanJar(path, prefixes, classes);
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not scan {} for @AutoReg methods; its annotated methods are not auto-registered", path, e);
            }
        }
        for (Class<?> c : classes) {
            for (Method m : c.getDeclaredMethods()) {
                AutoReg ann = m.getAnnotation(AutoReg.class);
                if (ann == null) {
                    continue;
                }
                if (!Modifier.isStatic(m.getModifiers())) {
                    LOG.warn("@AutoReg on instance method {} is ignored: only static methods can be auto-registered", m);
                    continue;
                }
                String key = ann.name().isBlank() ? c.getSimpleName() + "." + m.getName() : ann.name().strip();
                Found previous = found.putIfAbsent(key, new Found(key, ann.description(), m));
                if (previous != null && !previous.method().equals(m)) {
                    LOG.warn("@AutoReg name '{}' is used by both {} and {}; the first one is registered", key,
                            previous.method(), m);
                }
            }
        }
        LOG.debug("Scanned for @AutoReg methods in {} ms: {}", (System.nanoTime() - start) / 1_000_000, found.keySet());
        return Collections.unmodifiableMap(found);
    }

    private static void scanDirectory(Path root, List<String> prefixes, List<Class<?>> classes) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String entry = root.relativize(file).toString().replace(File.separatorChar, '/');
                if (isCandidate(entry, prefixes) && contains(Files.readAllBytes(file), NEEDLE)) {
                    load(binaryName(entry), classes);
                }
            }
        }
    }

    private static void scanJar(Path jar, List<String> prefixes, List<Class<?>> classes) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(file.entries())) {
                if (isCandidate(entry.getName(), prefixes)) {
                    try (InputStream in = file.getInputStream(entry)) {
                        if (contains(in.readAllBytes(), NEEDLE)) {
                            load(binaryName(entry.getName()), classes);
                        }
                    }
                }
            }
        }
    }

    private static void load(String name, List<Class<?>> classes) {
        for (ClassLoader loader : Arrays.asList(Thread.currentThread().getContextClassLoader(),
                ClassLoader.getSystemClassLoader())) {
            try {
                Class<?> c = Class.forName(name, false, loader);
                if (!classes.contains(c)) {
                    classes.add(c);
                }
                return;
            } catch (ClassNotFoundException | LinkageError e) {
                LOG.trace("Cannot load {} through {}: {}", name, loader, e.toString());
            }
        }
    }

    private static boolean readMatches(ModuleReader reader, String entry) throws IOException {
        Optional<ByteBuffer> buffer = reader.read(entry);
        if (buffer.isEmpty()) {
            return false;
        }
        try {
            ByteBuffer b = buffer.get();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            return contains(bytes, NEEDLE);
        } finally {
            reader.release(buffer.get());
        }
    }

    private static boolean isCandidate(String entry, List<String> prefixes) {
        if (!entry.endsWith(".class") || entry.endsWith("module-info.class") || entry.endsWith("package-info.class")
                || entry.startsWith("META-INF/")) {
            return false;
        }
        if (prefixes.isEmpty()) {
            return true;
        }
        String dotted = binaryName(entry);
        return prefixes.stream().anyMatch(dotted::startsWith);
    }

    private static String binaryName(String entry) {
        return entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
    }

    private static List<String> prefixes() {
        String value = System.getProperty("suitkaise.function.autoreg.packages", "");
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
