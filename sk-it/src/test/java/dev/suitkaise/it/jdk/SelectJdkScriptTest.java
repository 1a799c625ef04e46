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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDK selection rule of {@code .mvn/select-jdk.sh}, sourced by a real {@code /bin/sh} under
 * {@code set -euf} as {@code mvnw} does, against fake JDK homes in {@code SK_JDK_DIRS}.
 */
class SelectJdkScriptTest {

    private static final String NO_JDK_LINE = "suitkaise: no JDK 21 or newer found";

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
        assertThat(tools.resolve("java")).doesNotExist();
        assertThat(tools.resolve("sed")).exists();
    }

    @AfterAll
    static void removeTheToolLinks() throws IOException {
        Shells.removeLinks(tools);
    }

    @Test
    void picksTheNewestOfSeveralInstalledJdksAndSaysWhichOne() throws Exception {
        Path jdks = Files.createDirectories(temp.resolve("jdks"));
        Jdks.fake(jdks.resolve("jdk-17"), "17.0.15");
        Jdks.fake(jdks.resolve("jdk-21.0.2"), "21.0.2");
        Jdks.fake(jdks.resolve("jdk-23"), "23");

        ProcessResult result = source(env(jdks.toString(), null));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).as(result.describe()).isEqualTo(jdks.resolve("jdk-23").toString());
        assertThat(result.stderrLines()).as(result.describe())
                .containsExactly("suitkaise: using JDK 23 at " + jdks.resolve("jdk-23"));
    }

    @Test
    void prefersTheNewestJdkOverTheJdk17OnThePath() throws Exception {
        Path jdks = Files.createDirectories(temp.resolve("jdks"));
        Jdks.fake(jdks.resolve("jdk-21.0.2"), "21.0.2");
        Path onPath = Jdks.fake(temp.resolve("default-java-17"), "17.0.15");
        Map<String, String> env = env(jdks.toString(), null);
        env.put("PATH", onPath.resolve("bin") + ":" + tools);

        ProcessResult result = source(env);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).isEqualTo(jdks.resolve("jdk-21.0.2").toString());
        assertThat(result.stderrLines()).containsExactly("suitkaise: using JDK 21.0.2 at " + jdks.resolve("jdk-21.0.2"));
    }

    @Test
    void respectsAJavaHomeOf21EvenWhenANewerJdkIsInstalled() throws Exception {
        Path jdks = Files.createDirectories(temp.resolve("jdks"));
        Path chosen = Jdks.fake(jdks.resolve("jdk-21.0.2"), "21.0.2");
        Jdks.fake(jdks.resolve("jdk-23"), "23");

        ProcessResult result = source(env(jdks.toString(), chosen.toString()));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).isEqualTo(chosen.toString());
        assertThat(result.stderrLines()).containsExactly("suitkaise: using JDK 21.0.2 at " + chosen);
    }

    @Test
    void respectsAJavaHomeThatIsARealJdkEvenWhenANewerOneIsInstalled() throws Exception {
        Path real = Path.of(System.getProperty("java.home"));
        String realVersion = Jdks.releaseVersion(real).orElseThrow();
        Path jdks = Files.createDirectories(temp.resolve("jdks"));
        Jdks.fake(jdks.resolve("jdk-" + (Runtime.version().feature() + 10)), (Runtime.version().feature() + 10) + ".0.1");

        ProcessResult result = source(env(jdks.toString(), real.toString()));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).isEqualTo(real.toString());
        assertThat(result.stderrLines()).containsExactly("suitkaise: using JDK " + realVersion + " at " + real);
    }

    @Test
    void skipsAJavaHomeOf17AndPicksTheNewestInstalledJdk() throws Exception {
        Path jdks = Files.createDirectories(temp.resolve("jdks"));
        Path old = Jdks.fake(jdks.resolve("jdk-17"), "17.0.15");
        Jdks.fake(jdks.resolve("jdk-21.0.2"), "21.0.2");
        Jdks.fake(jdks.resolve("jdk-23"), "23");

        ProcessResult result = source(env(jdks.toString(), old.toString()));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).isEqualTo(jdks.resolve("jdk-23").toString());
        assertThat(result.stderrLines()).containsExactly("suitkaise: using JDK 23 at " + jdks.resolve("jdk-23"));
    }

    @Test
    void failsWithOneClearLineWhenNoJdk21OrNewerIsInstalled() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("no-jdks"));
        Map<String, String> env = env(empty.toString(), null);
        env.put("PATH", Shells.pathWithOnlyAJdk17(tools));

        ProcessResult result = source(env);

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stdout()).as(result.describe()).isEmpty();
        assertThat(result.stderrLines()).as(result.describe()).singleElement().asString()
                .startsWith(NO_JDK_LINE)
                .contains(empty.toString())
                .contains("JAVA_HOME");
    }

    @Test
    void failsWithOneClearLineWhenJavaHomeAndEveryInstalledJdkAreTooOld() throws Exception {
        Path jdks = Files.createDirectories(temp.resolve("jdks"));
        Path old = Jdks.fake(jdks.resolve("jdk-17"), "17.0.15");
        Jdks.fake(jdks.resolve("jdk-11"), "11.0.22");
        Jdks.fake(jdks.resolve("jdk-8"), "1.8.0_402");

        ProcessResult result = source(env(jdks.toString(), old.toString()));

        assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
        assertThat(result.stdout()).isEmpty();
        assertThat(result.stderrLines()).as(result.describe()).singleElement().asString()
                .startsWith(NO_JDK_LINE)
                .contains("JAVA_HOME (" + old + ")");
    }

    @Test
    void ignoresARuntimeWithoutACompiler() throws Exception {
        Path jdks = Files.createDirectories(temp.resolve("jdks"));
        Jdks.fakeJre(jdks.resolve("jre-25"), "25");
        Path jdk = Jdks.fake(jdks.resolve("jdk-21"), "21.0.5");

        ProcessResult result = source(env(jdks.toString(), null));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).isEqualTo(jdk.toString());
    }

    @Test
    void asksTheLauncherForTheVersionWhenAJdkHasNoReleaseFile() throws Exception {
        Path jdks = Files.createDirectories(temp.resolve("jdks"));
        Jdks.fake(jdks.resolve("jdk-21"), "21.0.5");
        Path bare = Jdks.fakeWithoutRelease(jdks.resolve("jdk-bare"), "22.0.1");

        ProcessResult result = source(env(jdks.toString(), null));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).isEqualTo(bare.toString());
        assertThat(result.stderrLines()).containsExactly("suitkaise: using JDK 22 at " + bare);
    }

    @Test
    void findsAJdkThatIsOnlyOnThePath() throws Exception {
        Path empty = Files.createDirectories(temp.resolve("no-jdks"));
        Path elsewhere = Jdks.fake(temp.resolve("custom/jdk-22"), "22.0.2");
        Map<String, String> env = env(empty.toString(), null);
        env.put("PATH", elsewhere.resolve("bin") + ":" + tools);

        ProcessResult result = source(env);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).isEqualTo(elsewhere.toRealPath().toString());
    }

    @Test
    void findsJdksInTheMacOsLayoutUnderContentsHome() throws Exception {
        Path jdks = Files.createDirectories(temp.resolve("JavaVirtualMachines"));
        Jdks.fake(jdks.resolve("jdk-21.jdk/Contents/Home"), "21.0.5");
        Path newest = Jdks.fake(jdks.resolve("temurin-24.jdk/Contents/Home"), "24.0.2");

        ProcessResult result = source(env(jdks.toString(), null));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).isEqualTo(newest.toString());
    }

    @Test
    void searchesEveryDirectoryOfSkJdkDirsAndSkipsMissingOnes() throws Exception {
        Path first = Files.createDirectories(temp.resolve("first"));
        Path second = Files.createDirectories(temp.resolve("second dir with spaces"));
        Jdks.fake(first.resolve("jdk-21"), "21.0.5");
        Path newest = Jdks.fake(second.resolve("jdk 23 with spaces"), "23.0.1");
        String dirs = first + "::" + temp.resolve("missing") + ":" + second;

        ProcessResult result = source(env(dirs, null));

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).isEqualTo(newest.toString());
        assertThat(result.stderrLines()).containsExactly("suitkaise: using JDK 23.0.1 at " + newest);
    }

    @Test
    void exportsTheChosenJdkAsJavaHomeAndFirstOnThePath() throws Exception {
        Path jdks = Files.createDirectories(temp.resolve("jdks"));
        Path chosen = Jdks.fake(jdks.resolve("jdk-23"), "23");

        ProcessResult result = source(env(jdks.toString(), null),
                "sh -c 'printf \"%s\\n\" \"$JAVA_HOME\"; command -v java'");

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdoutLines()).containsExactly(chosen.toString(), chosen.resolve("bin/java").toString());
    }

    @Test
    void leavesTheShellOptionsOfTheCallerAsTheyWere() throws Exception {
        Path jdks = Files.createDirectories(temp.resolve("jdks"));
        Jdks.fake(jdks.resolve("jdk-23"), "23");

        ProcessResult strict = source(env(jdks.toString(), null), "printf %s \"$-\"");
        ProcessResult lenient = run(List.of("/bin/sh", "-c", ". \"$1/.mvn/select-jdk.sh\"; printf %s \"$-\"", "sh",
                root.toString()), env(jdks.toString(), null));

        assertThat(strict.exitCode()).as(strict.describe()).isZero();
        assertThat(strict.stdout()).contains("e", "u", "f");
        assertThat(lenient.exitCode()).as(lenient.describe()).isZero();
        assertThat(lenient.stdout()).doesNotContain("e", "u", "f");
    }

    @Test
    void staysSilentWhenSkJdkQuietIsTrue() throws Exception {
        Path jdks = Files.createDirectories(temp.resolve("jdks"));
        Path chosen = Jdks.fake(jdks.resolve("jdk-23"), "23");
        Map<String, String> env = env(jdks.toString(), null);
        env.put("SK_JDK_QUIET", "true");

        ProcessResult result = source(env);

        assertThat(result.exitCode()).as(result.describe()).isZero();
        assertThat(result.stdout()).isEqualTo(chosen.toString());
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void letsMavenUseUnsafeQuietlyOnJdk24AndNewerOnly() throws Exception {
        Path newer = Files.createDirectories(temp.resolve("newer"));
        Jdks.fake(newer.resolve("jdk-24"), "24.0.1");
        Path older = Files.createDirectories(temp.resolve("older"));
        Jdks.fake(older.resolve("jdk-23"), "23.0.1");
        Map<String, String> withOptions = env(newer.toString(), null);
        withOptions.put("MAVEN_OPTS", "-Xmx512m");
        String printOptions = "printf %s \"${MAVEN_OPTS-unset}\"";

        ProcessResult on24 = source(env(newer.toString(), null), printOptions);
        ProcessResult on24WithOptions = source(withOptions, printOptions);
        ProcessResult on23 = source(env(older.toString(), null), printOptions);

        assertThat(on24.stdout()).as(on24.describe()).isEqualTo("--sun-misc-unsafe-memory-access=allow");
        assertThat(on24WithOptions.stdout()).as(on24WithOptions.describe())
                .isEqualTo("--sun-misc-unsafe-memory-access=allow -Xmx512m");
        assertThat(on23.stdout()).as(on23.describe()).isEqualTo("unset");
    }

    /** An environment with no java on PATH, the given search directories and optionally a JAVA_HOME. */
    private static Map<String, String> env(String skJdkDirs, String javaHome) {
        Map<String, String> env = Shells.cleanEnvironment();
        env.put("PATH", tools.toString());
        env.put("SK_JDK_DIRS", skJdkDirs);
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome);
        }
        return env;
    }

    private ProcessResult source(Map<String, String> env) throws Exception {
        return source(env, "printf %s \"$JAVA_HOME\"");
    }

    /** Sources the script like mvnw does (under set -euf), then runs a command in the same shell. */
    private ProcessResult source(Map<String, String> env, String then) throws Exception {
        return run(List.of("/bin/sh", "-c", "set -euf; . \"$1/.mvn/select-jdk.sh\"; " + then, "sh", root.toString()), env);
    }

    private ProcessResult run(List<String> command, Map<String, String> env) throws Exception {
        return Processes.run(command, env, temp, temp.resolve("output"));
    }
}
