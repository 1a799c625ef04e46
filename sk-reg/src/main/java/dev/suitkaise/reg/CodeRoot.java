package dev.suitkaise.reg;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A place code comes from: a {@linkplain Location code location} (a directory of classes or a
 * jar) or a {@linkplain Module named module}. A class lies under a root when its defining code
 * source is the location or lies inside it, or when it belongs to the named module.
 *
 * <p>Instances are immutable values and safe to share between threads.
 */
public sealed interface CodeRoot permits CodeRoot.Location, CodeRoot.Module {

    /**
     * Whether {@code type} lies under this root.
     *
     * @param type a class; not null
     * @return true if the class's module or code source matches this root
     */
    boolean contains(Class<?> type);

    /**
     * A root for a directory of classes or a jar file.
     *
     * @param path the directory or jar; made absolute and normalized
     * @return the root
     */
    static Location location(Path path) {
        return new Location(path);
    }

    /**
     * A root for the code source (class directory or jar) that defines {@code type}.
     *
     * @param type a class with a code source
     * @return the root
     * @throws SKRegException if the class has no code source (JDK and generated classes)
     */
    static Location locationOf(Class<?> type) {
        Objects.requireNonNull(type, "locationOf: type is null");
        return new Location(codeSourceOf(type).orElseThrow(() -> new SKRegException(
                "Class " + type.getName() + " has no code source (it is a JDK, hidden or generated class),"
                        + " so it cannot name a code location; use CodeRoot.module(...) for classes in named modules.")));
    }

    /**
     * A root for a named module; a trailing {@code .*} matches every module whose name starts
     * with the given prefix ({@code "com.acme.*"} matches {@code com.acme.core}).
     *
     * @param name a module name, or a prefix followed by {@code .*}
     * @return the root
     */
    static Module module(String name) {
        return new Module(name);
    }

    /**
     * Parses one root from its text form: {@code module:NAME} or a file system path.
     *
     * @param text the text form, as used in the {@code suitkaise.domain.*} system properties
     * @return the root
     * @throws SKRegException if the text is blank
     */
    static CodeRoot parse(String text) {
        String t = Objects.requireNonNull(text, "text").strip();
        if (t.isEmpty()) {
            throw new SKRegException("A code root must not be blank: use module:NAME or the path of a class directory or jar.");
        }
        if (t.startsWith("module:")) {
            return new Module(t.substring("module:".length()).strip());
        }
        return new Location(Path.of(t));
    }

    /**
     * Parses a comma-separated list of roots, the form of the {@code suitkaise.domain.*} system
     * properties; blank entries are skipped.
     *
     * @param text the list, possibly empty
     * @param source where the list comes from, for the message (such as
     *     {@code "System property suitkaise.domain.external"})
     * @return the roots, in order
     * @throws SKRegException naming the source and the entry, if one cannot be parsed
     */
    static List<CodeRoot> parseAll(String text, String source) {
        Objects.requireNonNull(text, "parseAll: text is null");
        Objects.requireNonNull(source, "parseAll: source is null");
        List<CodeRoot> roots = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                roots.add(parse(part));
            } catch (RuntimeException e) {
                throw new SKRegException(source + " holds a bad entry '" + part + "': use a comma-separated list of"
                        + " module:NAME entries and class directory or jar paths.", e);
            }
        }
        return roots;
    }

    /**
     * The code source location of a class as a path, if it has one.
     *
     * @param type a class
     * @return the class directory or jar that defines it, or empty for JDK, hidden and generated classes
     */
    static Optional<Path> codeSourceOf(Class<?> type) {
        var domain = Objects.requireNonNull(type, "codeSourceOf: type is null").getProtectionDomain();
        CodeSource source = domain == null ? null : domain.getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * A directory of classes or a jar file.
     *
     * @param path the absolute, normalized path
     */
    record Location(Path path) implements CodeRoot {
        /**
         * Creates a location, making the path absolute and normalized.
         *
         * @param path the directory or jar
         */
        public Location {
            path = Objects.requireNonNull(path, "path").toAbsolutePath().normalize();
        }

        @Override
        public boolean contains(Class<?> type) {
            return codeSourceOf(Objects.requireNonNull(type, "contains: type is null")).map(p -> p.startsWith(path)).orElse(false);
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /**
     * A named module, or every module under a name prefix when the name ends in {@code .*}.
     *
     * @param name the module name or prefix pattern
     */
    record Module(String name) implements CodeRoot {
        /**
         * Creates a module root.
         *
         * @param name the module name, or a prefix followed by {@code .*}
         */
        public Module {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || name.equals(".*")) {
                throw new SKRegException("A module root needs a module name (or a prefix followed by .*), got '" + name + "'.");
            }
        }

        @Override
        public boolean contains(Class<?> type) {
            java.lang.Module m = Objects.requireNonNull(type, "contains: type is null").getModule();
            if (!m.isNamed()) {
                return false;
            }
            String actual = m.getName();
            if (name.endsWith(".*")) {
                String prefix = name.substring(0, name.length() - 1);
                return actual.startsWith(prefix);
            }
            return actual.equals(name);
        }

        @Override
        public String toString() {
            return "module:" + name;
        }
    }
}
