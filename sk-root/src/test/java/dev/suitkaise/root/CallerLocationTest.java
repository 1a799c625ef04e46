package dev.suitkaise.root;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;

import static dev.suitkaise.root.TestTrees.touch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallerLocationTest {

    @TempDir
    Path tmp;

    private static final String PROBE_SOURCE = "src/main/java/dev/suitkaise/root/fixture/Probe.java";

    @Test
    void ofClassNamesTheClassDirectoryACopiedClassWasLoadedFrom() throws Exception {
        Path project = tmp.toRealPath().resolve("app");
        touch(project, "pom.xml");
        Path classes = Fixtures.copyProbeClasses(project.resolve("target/classes"));
        SKRoot root = SKRoot.of(project);

        try (URLClassLoader loader = Fixtures.isolatedLoader(classes);
             RootOverride override = SKRoot.override(root)) {
            Class<?> probe = loader.loadClass("dev.suitkaise.root.fixture.Probe");

            SKPath location = SKPath.ofClass(probe);

            assertThat(location.relative()).isEqualTo("target/classes");
            assertThat(location.root()).isEqualTo(override.root().path());
        }
    }

    @Test
    void ofClassNamesTheJarAClassWasLoadedFrom() throws Exception {
        Path project = tmp.toRealPath().resolve("app");
        touch(project, "pom.xml");
        Path jar = Fixtures.jarProbeClasses(project.resolve("lib/probe 1.0.jar"));

        try (URLClassLoader loader = Fixtures.isolatedLoader(jar);
             RootOverride override = SKRoot.override(SKRoot.of(project))) {
            Class<?> probe = loader.loadClass("dev.suitkaise.root.fixture.Probe");

            assertThat(SKPath.ofClass(probe).relative()).isEqualTo("lib/probe 1.0.jar");
            assertThat(SKPath.ofClass(probe).isUnder(override.root())).isTrue();
        }
    }

    @Test
    void ofClassRejectsJdkClassesThatHaveNoCodeSource() {
        assertThatThrownBy(() -> SKPath.ofClass(String.class))
                .isInstanceOf(SKRootException.class)
                .hasMessageContaining("java.lang.String")
                .hasMessageContaining("no code source");
    }

    @Test
    void sourceOfFindsTheJavaFileNextToAMavenClassDirectoryUsingTheSourceFileAttribute() throws Exception {
        Path project = tmp.toRealPath().resolve("maven");
        touch(project, "pom.xml", PROBE_SOURCE);
        Path classes = Fixtures.copyProbeClasses(project.resolve("target/classes"));

        try (URLClassLoader loader = Fixtures.isolatedLoader(classes);
             RootOverride override = SKRoot.override(SKRoot.of(project))) {
            assertThat(override.root().path()).isEqualTo(project);
            for (String name : Fixtures.PROBE_CLASSES) {
                Class<?> type = loader.loadClass(name);

                assertThat(SKPath.sourceOf(type)).as(name).hasValueSatisfying(p -> assertThat(p.relative()).isEqualTo(PROBE_SOURCE));
            }
        }
    }

    @Test
    void sourceOfFindsTheJavaFileOfAGradleBuild() throws Exception {
        Path project = tmp.toRealPath().resolve("gradle");
        touch(project, "settings.gradle", "lib/build.gradle", "lib/" + PROBE_SOURCE);
        Path classes = Fixtures.copyProbeClasses(project.resolve("lib/build/classes/java/main"));

        try (URLClassLoader loader = Fixtures.isolatedLoader(classes);
             RootOverride override = SKRoot.override(SKRoot.detect(project.resolve("lib")))) {
            Class<?> helper = loader.loadClass("dev.suitkaise.root.fixture.ProbeHelper");

            assertThat(SKPath.sourceOf(helper)).map(SKPath::relative).contains("lib/" + PROBE_SOURCE);
            assertThat(override.root().path()).isEqualTo(project);
        }
    }

    @Test
    void sourceOfSearchesTheProjectWhenTheLayoutIsUnconventional() throws Exception {
        Path project = tmp.toRealPath().resolve("ide");
        touch(project, ".git/", "code/dev/suitkaise/root/fixture/Probe.java");
        Path classes = Fixtures.copyProbeClasses(project.resolve("out/production/app"));

        try (URLClassLoader loader = Fixtures.isolatedLoader(classes);
             RootOverride override = SKRoot.override(SKRoot.detect(project))) {
            Class<?> inner = loader.loadClass("dev.suitkaise.root.fixture.Probe$Inner");

            assertThat(SKPath.sourceOf(inner)).map(SKPath::relative).contains("code/dev/suitkaise/root/fixture/Probe.java");
            assertThat(override.root().detection()).isEqualTo(RootDetection.VCS_BOUNDARY);
        }
    }

    @Test
    void aSearchOfTheProjectCutShortByAnInterruptSaysSoKeepsTheInterruptAndCachesNothing() throws Exception {
        Path project = tmp.toRealPath().resolve("ide-interrupted");
        touch(project, ".git/", "code/dev/suitkaise/root/fixture/Probe.java");
        TestTrees.write(project, ".gitignore", "out/\n");
        Path classes = Fixtures.copyProbeClasses(project.resolve("out/production/app"));

        try (URLClassLoader loader = Fixtures.isolatedLoader(classes);
             RootOverride override = SKRoot.override(SKRoot.detect(project))) {
            Class<?> probe = loader.loadClass("dev.suitkaise.root.fixture.Probe");
            assertThat(override.root().path()).isEqualTo(project);

            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> SKPath.sourceOf(probe)).isInstanceOf(SKRootException.class)
                        .hasMessageContaining("source file of dev.suitkaise.root.fixture.Probe")
                        .hasMessageContaining("interrupted").hasMessageContaining("interrupt status is kept");
                assertThat(Thread.currentThread().isInterrupted()).as("interrupt status kept").isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(SKPath.sourceOf(probe)).as("searched again, not an empty answer cached")
                    .map(SKPath::relative).contains("code/dev/suitkaise/root/fixture/Probe.java");
        }
    }

    @Test
    void sourceOfIsEmptyWhenTheSourcesAreNotUnderTheRoot() throws Exception {
        Path project = tmp.toRealPath().resolve("binary-only");
        touch(project, "pom.xml");
        Path classes = Fixtures.copyProbeClasses(project.resolve("target/classes"));

        try (URLClassLoader loader = Fixtures.isolatedLoader(classes);
             RootOverride override = SKRoot.override(SKRoot.of(project))) {
            assertThat(override.root().path()).isEqualTo(project);
            assertThat(SKPath.sourceOf(loader.loadClass("dev.suitkaise.root.fixture.Probe"))).isEmpty();
        }
    }

    @Test
    void callerIsTheSourceFileOfTheCallingClassInThisProject() {
        try (RootOverride override = SKRoot.override(SKRoot.detect(Path.of("").toAbsolutePath()))) {
            SKPath caller = SKPath.caller();

            assertThat(caller.relative()).endsWith("src/test/java/dev/suitkaise/root/CallerLocationTest.java");
            assertThat(caller.isUnder(override.root())).isTrue();
            assertThat(SKPath.sourceOf(CallerLocationTest.class)).contains(caller);
        }
    }

    @Test
    void callerFallsBackToTheCodeLocationWhenTheSourceIsNotUnderTheRoot() throws IOException {
        Path project = tmp.toRealPath().resolve("elsewhere");
        touch(project, "pom.xml");

        try (RootOverride override = SKRoot.override(SKRoot.of(project))) {
            SKPath caller = SKPath.caller();

            assertThat(caller.isOutsideRoot()).isTrue();
            assertThat(caller.absolute()).isEqualTo(SKRoot.of(Path.of("")).pathOf(
                    dev.suitkaise.reg.CodeRoot.codeSourceOf(CallerLocationTest.class).orElseThrow()).absolute());
            assertThat(override.root().path()).isEqualTo(project);
        }
    }
}
