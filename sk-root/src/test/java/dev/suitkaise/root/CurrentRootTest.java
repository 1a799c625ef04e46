package dev.suitkaise.root;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.suitkaise.root.TestTrees.touch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CurrentRootTest {

    @TempDir
    Path tmp;

    @AfterEach
    void clearProperty() {
        System.clearProperty(SKRoot.ROOT_PROPERTY);
    }

    @Test
    void withoutOverrideOrPropertyTheCurrentRootComesFromTheEnvironmentOrTheWorkingDirectoryAndIsCached() {
        String env = System.getenv(SKRoot.ROOT_ENV);
        SKRoot expected = env == null || env.isBlank() ? SKRoot.detect() : SKRoot.of(Path.of(env.strip()));

        SKRoot first = SKRoot.current();

        assertThat(first).isEqualTo(expected);
        assertThat(SKRoot.current()).isSameAs(first);
    }

    @Test
    void theSystemPropertyNamesTheCurrentRoot() throws IOException {
        Path project = tmp.toRealPath().resolve("prop-project");
        touch(project, "pom.xml");
        System.setProperty(SKRoot.ROOT_PROPERTY, project.toString());

        SKRoot root = SKRoot.current();

        assertThat(root.path()).isEqualTo(project);
        assertThat(root.detection()).isEqualTo(RootDetection.EXPLICIT);
        assertThat(SKPath.of("pom.xml").absolute()).isEqualTo(project.resolve("pom.xml"));
    }

    @Test
    void aSystemPropertyNamingNoDirectoryFailsAndSaysWhichSettingToFix() throws IOException {
        Path missing = tmp.toRealPath().resolve("nowhere");
        System.setProperty(SKRoot.ROOT_PROPERTY, missing.toString());

        assertThatThrownBy(SKRoot::current)
                .isInstanceOf(SKRootException.class)
                .hasMessageContaining("system property suitkaise.root")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void aScopedOverrideWinsOverThePropertyAndRestoresThePreviousRootWhenClosed() throws IOException {
        Path a = tmp.toRealPath().resolve("a");
        Path b = tmp.toRealPath().resolve("b");
        touch(a, "pom.xml");
        touch(b, "pom.xml");
        System.setProperty(SKRoot.ROOT_PROPERTY, a.toString());

        try (RootOverride outer = SKRoot.override(SKRoot.of(b))) {
            assertThat(SKRoot.current().path()).isEqualTo(b);
            try (RootOverride inner = SKRoot.override(SKRoot.of(a))) {
                assertThat(SKRoot.current()).isEqualTo(inner.root());
            }
            assertThat(SKRoot.current()).isEqualTo(outer.root());
        }
        assertThat(SKRoot.current().path()).isEqualTo(a);
    }

    @Test
    void closingAnOuterOverrideFirstKeepsTheInnerOneAndDoubleCloseIsHarmless() throws IOException {
        Path a = tmp.toRealPath().resolve("a");
        Path b = tmp.toRealPath().resolve("b");
        touch(a, "pom.xml");
        touch(b, "pom.xml");
        SKRoot before = SKRoot.current();

        RootOverride outer = SKRoot.override(SKRoot.of(a));
        RootOverride inner = SKRoot.override(SKRoot.of(b));
        outer.close();
        assertThat(SKRoot.current().path()).isEqualTo(b);
        inner.close();
        inner.close();
        assertThat(SKRoot.current()).isEqualTo(before);
    }

    @Test
    void theEnvironmentVariableNamesTheCurrentRootOfAChildJvm() throws Exception {
        Path project = tmp.toRealPath().resolve("env project ä");
        touch(project, "build.gradle");

        TestTrees.Result child = runChild(project, null);

        assertThat(child.exitCode()).as(child.stderr()).isZero();
        assertThat(child.stdout()).contains("ROOT=" + project).contains("HOW=EXPLICIT");
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironmentVariableInAChildJvm() throws Exception {
        Path fromEnv = tmp.toRealPath().resolve("env");
        Path fromProperty = tmp.toRealPath().resolve("prop");
        touch(fromEnv, "pom.xml");
        touch(fromProperty, "pom.xml");

        TestTrees.Result child = runChild(fromEnv, fromProperty);

        assertThat(child.exitCode()).as(child.stderr()).isZero();
        assertThat(child.stdout()).contains("ROOT=" + fromProperty);
    }

    private TestTrees.Result runChild(Path envRoot, Path propertyRoot) throws URISyntaxException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> classPath = new ArrayList<>();
        classPath.add(testClassesDirectory().toString());
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                classPath.add(value);
            }
        }
        List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-cp", String.join(File.pathSeparator, classPath)));
        if (propertyRoot != null) {
            command.add("-D" + SKRoot.ROOT_PROPERTY + "=" + propertyRoot);
        }
        command.add(PrintCurrentRoot.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().put(SKRoot.ROOT_ENV, envRoot.toString());
        return TestTrees.run(pb, null);
    }

    private static Path testClassesDirectory() throws URISyntaxException {
        URL url = PrintCurrentRoot.class.getResource(PrintCurrentRoot.class.getSimpleName() + ".class");
        assertThat(url).isNotNull();
        Path classFile = Path.of(url.toURI());
        Path dir = classFile.getParent();
        for (int i = 0; i < PrintCurrentRoot.class.getPackageName().split("\\.").length; i++) {
            dir = dir.getParent();
        }
        return dir;
    }
}
