package dev.suitkaise.it.jdk;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The build's own guard, for whoever runs Maven without {@code ./mvnw}: the enforcer rule refuses
 * a JDK older than 21 and a Maven older than 3.9.6 with a message that says what to do.
 */
class EnforcerRuleTest {

    @TempDir
    static Path shared;

    private static Path root;
    private static Path tools;

    @TempDir
    Path temp;

    @BeforeAll
    static void findTheProjectAndAPathWithoutJava() throws IOException {
        root = Shells.projectRoot();
        tools = Shells.javaFreeTools(Files.createDirectories(shared.resolve("tools")));
    }

    @AfterAll
    static void removeTheToolLinks() throws IOException {
        Shells.removeLinks(tools);
    }

    @Test
    void mavenRunOnJdk17RefusesToBuildAndSaysToUseTheWrapperOrAJdk21() throws Exception {
        Optional<Jdks.Installed> jdk17 = Jdks.jdk17();
        assumeTrue(jdk17.isPresent(), "this machine has no JDK 17 under /usr/lib/jvm to run Maven on");
        Path mavenHome = Path.of(System.getProperty("sk.it.mavenHome"));
        Map<String, String> env = Shells.cleanEnvironment();
        env.put("JAVA_HOME", jdk17.get().home().toString());
        env.put("PATH", jdk17.get().home().resolve("bin") + ":" + tools);

        ProcessResult result = Processes.run(
                List.of(mavenHome.resolve("bin/mvn").toString(), "-B", "-N", "-o", "validate"), env, root, temp.resolve("output"));

        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.stdout()).as(result.describe())
                .contains("Suitkaise needs JDK 21 or newer to build, but Maven runs on Java 17")
                .contains("Run the build through ./mvnw");
    }

    @Test
    void anOldMavenRefusesToBuildAndSaysToUseTheWrapper() throws Exception {
        Path oldMaven = Path.of("/usr/share/maven/bin/mvn");
        assumeTrue(Files.isExecutable(oldMaven) && isOlderThan396(oldMaven), "this machine has no Maven older than 3.9.6 at " + oldMaven);
        Map<String, String> env = Shells.cleanEnvironment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + tools);

        ProcessResult result = Processes.run(List.of(oldMaven.toString(), "-B", "-N", "-o", "validate"), env, root, temp.resolve("output"));

        assertThat(result.exitCode()).as(result.describe()).isNotZero();
        assertThat(result.stdout()).as(result.describe())
                .contains("Suitkaise needs Maven 3.9.6 or newer")
                .contains("Run the build through ./mvnw");
    }

    private static boolean isOlderThan396(Path mvn) throws IOException {
        Path lib = mvn.getParent().getParent().resolve("lib");
        try (var jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().startsWith("maven-core-")).toList()) {
                try (var file = new java.util.jar.JarFile(jar.toFile())) {
                    var entry = file.getEntry("META-INF/maven/org.apache.maven/maven-core/pom.properties");
                    if (entry == null) {
                        continue;
                    }
                    var properties = new java.util.Properties();
                    try (var in = file.getInputStream(entry)) {
                        properties.load(in);
                    }
                    String[] v = properties.getProperty("version", "").split("[.-]");
                    if (v.length >= 3) {
                        int major = Integer.parseInt(v[0]);
                        int minor = Integer.parseInt(v[1]);
                        int patch = Integer.parseInt(v[2]);
                        return major < 3 || major == 3 && (minor < 9 || minor == 9 && patch < 6);
                    }
                }
            }
        }
        return false;
    }
}
