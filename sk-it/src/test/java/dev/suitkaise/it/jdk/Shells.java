package dev.suitkaise.it.jdk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The project under test and clean environments for running its shell scripts. */
final class Shells {

    /** Standard directories of command-line tools, in PATH order. */
    private static final List<Path> TOOL_DIRS = Stream.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin",
            "/sbin", "/bin").map(Path::of).toList();

    /** Variables that would change what the scripts do or print; the tests set what they need. */
    private static final Set<String> REMOVED = Set.of("JAVA_HOME", "JDK_HOME", "PATH", "SK_JDK_DIRS", "SK_JDK_QUIET",
            "MAVEN_OPTS", "MAVEN_ARGS", "MVNW_VERBOSE", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private Shells() {
    }

    /**
     * The project root, passed by the POM as system property {@code sk.it.projectRoot}.
     *
     * @return the directory holding mvnw and .mvn/select-jdk.sh
     */
    static Path projectRoot() {
        String property = System.getProperty("sk.it.projectRoot");
        if (property == null) {
            throw new IllegalStateException("system property sk.it.projectRoot is not set; run these tests through Maven "
                    + "(./mvnw -pl sk-it verify), whose surefire configuration sets it");
        }
        Path root = Path.of(property).toAbsolutePath().normalize();
        if (!Files.isExecutable(root.resolve("mvnw")) || !Files.isRegularFile(root.resolve(".mvn/select-jdk.sh"))) {
            throw new IllegalStateException("sk.it.projectRoot=" + root + " does not hold an executable mvnw and .mvn/select-jdk.sh");
        }
        return root;
    }

    /**
     * This process's environment without the variables that steer JDK selection, Maven or the JVM,
     * and without PATH.
     *
     * @return a mutable copy
     */
    static Map<String, String> cleanEnvironment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeAll(REMOVED);
        return env;
    }

    /**
     * Fills a directory with symbolic links to the commands of the standard tool directories, except
     * any java launcher or other JDK tool, so that a PATH of only this directory has no java at all.
     *
     * @param dir an empty directory
     * @return the directory
     */
    static Path javaFreeTools(Path dir) throws IOException {
        for (Path toolDir : TOOL_DIRS) {
            if (!Files.isDirectory(toolDir)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(toolDir)) {
                for (Path tool : entries.toList()) {
                    Path link = dir.resolve(tool.getFileName().toString());
                    if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(tool)
                            || !Files.isExecutable(tool) || isJdkTool(tool)) {
                        continue;
                    }
                    Files.createSymbolicLink(link, tool);
                }
            }
        }
        return dir;
    }

    /**
     * Removes the symbolic links that {@link #javaFreeTools} made (so that deleting the directory
     * never has to consider their targets).
     *
     * @param dir a directory made by {@link #javaFreeTools}, or null
     */
    static void removeLinks(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                if (Files.isSymbolicLink(entry)) {
                    Files.delete(entry);
                }
            }
        }
    }

    /**
     * A PATH with a real JDK 17 first if this machine has one under /usr/lib/jvm (the default java of
     * the machines the JDK rule is about), then only the given java-free tools.
     *
     * @param tools a directory made by {@link #javaFreeTools}
     * @return the PATH value
     */
    static String pathWithOnlyAJdk17(Path tools) {
        return Jdks.jdk17().map(jdk -> jdk.home().resolve("bin") + ":").orElse("") + tools;
    }

    private static boolean isJdkTool(Path tool) {
        String name = tool.getFileName().toString();
        if (name.equals("java") || name.equals("javac")) {
            return true;
        }
        try {
            Path bin = tool.toRealPath().getParent();
            Path home = bin == null ? null : bin.getParent();
            return home != null && Files.isRegularFile(home.resolve("release")) && Files.exists(home.resolve("bin/java"));
        } catch (IOException e) {
            return false;
        }
    }
}
