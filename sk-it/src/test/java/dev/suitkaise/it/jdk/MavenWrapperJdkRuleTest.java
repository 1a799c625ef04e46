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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's command, run verbatim ({@code ./mvnw}, here with {@code --version}) in the project root
 * on a machine whose default {@code java} is 17: JAVA_HOME unset and PATH holding a JDK 17 (if this
 * machine has one) and no other java.
 */
class MavenWrapperJdkRuleTest {

    private static final Pattern USING_JDK = Pattern.compile("^suitkaise: using JDK (\\S+) at (.+)$");
    private static final String README_COMMAND = "./mvnw --version";

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
    void picksTheNewestInstalledJdkWhenTheDefaultJavaIs17AndMavenRunsOnIt() throws Exception {
        Optional<Jdks.Installed> newest = Jdks.newestSuitableInUsualPlaces();
        assumeTrue(newest.isPresent(), "this machine has no JDK 21+ in the usual places " + Jdks.usualPlaces());

        ProcessResult result = mvnwVersion(defaultJava17());

        assertThat(result.exitCode()).as(result.describe()).isZero();
        Chosen chosen = chosenJdk(result);
        assertThat(Jdks.major(chosen.version())).as(result.describe())
                .isGreaterThanOrEqualTo(21)
                .isGreaterThanOrEqualTo(newest.get().major());
        assertThat(Jdks.releaseVersion(chosen.home())).as("release file of the chosen JDK").contains(chosen.version());
        assertMavenRunsOn(result, chosen);
    }

    @Test
    void runsMavenOnASuitableJavaHomeEvenWhenANewerJdkIsInstalled() throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        String version = Jdks.releaseVersion(javaHome).orElseThrow();
        Map<String, String> env = defaultJava17();
        env.put("JAVA_HOME", javaHome.toString());
        Path jdks = Files.createDirectories(temp.resolve("jdks"));
        Jdks.fake(jdks.resolve("jdk-99"), "99.0.1");
        env.put("SK_JDK_DIRS", jdks.toString());

        ProcessResult result = mvnwVersion(env);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        Chosen chosen = chosenJdk(result);
        assertThat(chosen).isEqualTo(new Chosen(version, javaHome));
        assertMavenRunsOn(result, chosen);
    }

    @Test
    void skipsAJavaHomeOf17AndRunsMavenOnTheNewestInstalledJdk() throws Exception {
        Optional<Jdks.Installed> newest = Jdks.newestSuitableInUsualPlaces();
        assumeTrue(newest.isPresent(), "this machine has no JDK 21+ in the usual places " + Jdks.usualPlaces());
        Optional<Path> real17 = Jdks.jdk17().map(Jdks.Installed::home);
        Path jdk17 = real17.isPresent() ? real17.get() : Jdks.fake(temp.resolve("jdk-17"), "17.0.15");
        Map<String, String> env = defaultJava17();
        env.put("JAVA_HOME", jdk17.toString());

        ProcessResult result = mvnwVersion(env);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        Chosen chosen = chosenJdk(result);
        assertThat(Jdks.major(chosen.version())).as(result.describe()).isGreaterThanOrEqualTo(newest.get().major());
        assertMavenRunsOn(result, chosen);
    }

    @Test
    void failsWithOneClearLineWhenNoJdk21OrNewerIsInstalled() throws Exception {
        Map<String, String> env = defaultJava17();
        env.put("SK_JDK_DIRS", Files.createDirectories(temp.resolve("no-jdks")).toString());

        ProcessResult result = mvnwVersion(env);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stdout()).as(result.describe()).isEmpty();
        assertThat(result.stderrLines()).as(result.describe()).singleElement().asString()
                .startsWith("suitkaise: no JDK 21 or newer found")
                .contains("JAVA_HOME");
    }

    /** The JDK that the wrapper said it chose. */
    private record Chosen(String version, Path home) {
    }

    /** JAVA_HOME unset; PATH: a JDK 17's bin (if this machine has one), then tools without java. */
    private static Map<String, String> defaultJava17() {
        Map<String, String> env = Shells.cleanEnvironment();
        env.put("PATH", Shells.pathWithOnlyAJdk17(tools));
        return env;
    }

    private ProcessResult mvnwVersion(Map<String, String> env) throws Exception {
        return Processes.run(List.of("/bin/sh", "-c", README_COMMAND), env, root, temp.resolve("output"));
    }

    private static Chosen chosenJdk(ProcessResult result) {
        List<String> lines = result.stderrLines().stream().filter(line -> line.startsWith("suitkaise:")).toList();
        assertThat(lines).as(result.describe()).singleElement().asString().matches(USING_JDK);
        Matcher m = USING_JDK.matcher(lines.getFirst());
        assertThat(m.matches()).isTrue();
        return new Chosen(m.group(1), Path.of(m.group(2)));
    }

    /** Maven's own report ("Java version: V, vendor: ..., runtime: HOME") names the chosen JDK. */
    private static void assertMavenRunsOn(ProcessResult result, Chosen chosen) throws IOException {
        List<String> javaLines = result.stdoutLines().stream().filter(line -> line.startsWith("Java version: ")).toList();
        assertThat(javaLines).as(result.describe()).singleElement().asString()
                .startsWith("Java version: " + chosen.version() + ",")
                .contains(", runtime: ");
        String line = javaLines.getFirst();
        Path runtime = Path.of(line.substring(line.indexOf(", runtime: ") + ", runtime: ".length()));
        assertThat(runtime.toRealPath()).as(result.describe()).isEqualTo(chosen.home().toRealPath());
    }
}
