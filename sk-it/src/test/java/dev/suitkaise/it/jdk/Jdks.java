package dev.suitkaise.it.jdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Real JDKs on this machine and fake JDK homes for the selection script. */
final class Jdks {

    private static final Pattern RELEASE_VERSION = Pattern.compile("^JAVA_VERSION=\"?([^\"]*)\"?$", Pattern.MULTILINE);

    private Jdks() {
    }

    /** An installed JDK: its home and the version from its {@code release} file. */
    record Installed(Path home, String version) {
        int major() {
            return Jdks.major(version);
        }
    }

    /**
     * The feature version of a Java version string ("17.0.15" gives 17, "1.8.0_292" gives 8).
     *
     * @param version a version as in a {@code release} file
     * @return the feature version
     */
    static int major(String version) {
        String v = version.startsWith("1.") ? version.substring(2) : version;
        Matcher digits = Pattern.compile("^\\d+").matcher(v);
        if (!digits.find()) {
            throw new IllegalArgumentException("not a Java version: " + version);
        }
        return Integer.parseInt(digits.group());
    }

    /**
     * The {@code JAVA_VERSION} of the JDK at a home, if it has a {@code release} file that says.
     *
     * @param home a JDK home
     * @return the version
     */
    static Optional<String> releaseVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher m = RELEASE_VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JDKs (homes with an executable bin/java and bin/javac and a {@code release} file) that are
     * children of the given directories, or their {@code Contents/Home} (the macOS layout).
     *
     * @param dirs directories whose children may be JDK homes; missing ones are skipped
     * @return the JDKs found, in no particular order
     */
    static List<Installed> installedUnder(List<Path> dirs) {
        List<Installed> found = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> children = Files.list(dir)) {
                for (Path child : children.toList()) {
                    for (Path home : List.of(child, child.resolve("Contents/Home"))) {
                        Optional<String> version = releaseVersion(home);
                        if (version.isPresent() && isJdk(home)) {
                            found.add(new Installed(home, version.get()));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return found;
    }

    /** The search directories that .mvn/select-jdk.sh documents as the usual places. */
    static List<Path> usualPlaces() {
        String home = System.getProperty("user.home");
        return List.of(Path.of("/usr/lib/jvm"), Path.of("/usr/java"), Path.of("/opt/java"), Path.of("/opt"),
                Path.of(home, ".sdkman/candidates/java"), Path.of(home, ".jdks"), Path.of(home, ".asdf/installs/java"),
                Path.of("/Library/Java/JavaVirtualMachines"));
    }

    /** The newest JDK of feature version 21 or later in the usual places, if any. */
    static Optional<Installed> newestSuitableInUsualPlaces() {
        return installedUnder(usualPlaces()).stream()
                .filter(jdk -> jdk.major() >= 21)
                .max(Comparator.comparingInt(Installed::major));
    }

    /** A JDK 17 under /usr/lib/jvm (the default `java` of the machines the JDK rule is about), if any. */
    static Optional<Installed> jdk17() {
        return installedUnder(List.of(Path.of("/usr/lib/jvm"))).stream()
                .filter(jdk -> jdk.major() == 17)
                .findFirst();
    }

    private static boolean isJdk(Path home) {
        return Files.isExecutable(home.resolve("bin/java")) && Files.isExecutable(home.resolve("bin/javac"));
    }

    /**
     * Creates a fake JDK home: a {@code release} file with {@code JAVA_VERSION="version"} and executable
     * {@code bin/java} and {@code bin/javac} stubs whose {@code -version} prints that version.
     *
     * @param home the home to create
     * @param version the version
     * @return the home
     */
    static Path fake(Path home, String version) throws IOException {
        fakeWithoutRelease(home, version);
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Suitkaise tests\"\nJAVA_VERSION=\"" + version + "\"\n",
                StandardCharsets.UTF_8);
        return home;
    }

    /**
     * Creates a fake JDK home without a {@code release} file; only its launcher tells the version.
     *
     * @param home the home to create
     * @param version what {@code bin/java -version} prints
     * @return the home
     */
    static Path fakeWithoutRelease(Path home, String version) throws IOException {
        launcher(home.resolve("bin/java"), version);
        launcher(home.resolve("bin/javac"), version);
        return home;
    }

    /**
     * Creates a fake runtime without a compiler (a JRE): {@code release} and {@code bin/java}, no {@code bin/javac}.
     *
     * @param home the home to create
     * @param version the version
     * @return the home
     */
    static Path fakeJre(Path home, String version) throws IOException {
        fake(home, version);
        Files.delete(home.resolve("bin/javac"));
        return home;
    }

    private static void launcher(Path file, String version) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\nprintf '%s\\n' 'openjdk version \"" + version + "\" 2026-01-20' >&2\nexit 0\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
