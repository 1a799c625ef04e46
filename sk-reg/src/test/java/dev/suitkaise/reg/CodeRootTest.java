package dev.suitkaise.reg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Code roots: parsing, module names and prefix patterns, and code locations. */
class CodeRootTest {

    private static final String PROBE_FILE = LonelyProbe.class.getName().replace('.', '/') + ".class";

    @TempDir
    Path dir;

    /** Writes the probe's class file under {@code classes}, as a class directory would hold it. */
    private static Path classDirectoryWithProbe(Path classes) throws IOException {
        Path file = classes.resolve(PROBE_FILE);
        Files.createDirectories(file.getParent());
        try (InputStream in = LonelyProbe.class.getResourceAsStream("/" + PROBE_FILE)) {
            Files.copy(in, file);
        }
        return classes;
    }

    /** Writes a jar holding the probe's class file. */
    private static Path jarWithProbe(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar);
             JarOutputStream jarOut = new JarOutputStream(out);
             InputStream in = LonelyProbe.class.getResourceAsStream("/" + PROBE_FILE)) {
            jarOut.putNextEntry(new JarEntry(PROBE_FILE));
            in.transferTo(jarOut);
            jarOut.closeEntry();
        }
        return jar;
    }

    /**
     * A loader of its own for a class directory or jar. Its parent is the boot loader, so it
     * cannot reach the test path (the platform loader would hand the probe's package, which is in
     * the patched sk-reg module, to the application loader).
     */
    private static URLClassLoader loaderFor(Path location) throws IOException {
        return new URLClassLoader(new URL[] {location.toUri().toURL()}, null);
    }

    /** The copy of the probe that a loader defines from its location. */
    private static Class<?> probeFrom(URLClassLoader loader) throws ClassNotFoundException {
        Class<?> probe = loader.loadClass(LonelyProbe.class.getName());
        assertThat(probe).isNotSameAs(LonelyProbe.class);
        assertThat(probe.getClassLoader()).isSameAs(loader);
        return probe;
    }

    @Test
    void parseReadsAModuleEntry() {
        assertThat(CodeRoot.parse("module:com.acme.core")).isEqualTo(CodeRoot.module("com.acme.core"));
        assertThat(CodeRoot.parse("  module: com.acme.*  ")).isEqualTo(CodeRoot.module("com.acme.*"));
    }

    @Test
    void parseReadsAPathAsAnAbsoluteNormalizedLocation() {
        CodeRoot root = CodeRoot.parse(" lib/../classes ");

        assertThat(root).isEqualTo(CodeRoot.location(Path.of("classes").toAbsolutePath()));
        assertThat(((CodeRoot.Location) root).path()).isAbsolute().isEqualTo(Path.of("classes").toAbsolutePath().normalize());
    }

    @Test
    void parseRejectsBlankTextAndAnEmptyModuleName() {
        assertThatThrownBy(() -> CodeRoot.parse("   "))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("must not be blank: use module:NAME or the path of a class directory or jar");
        assertThatThrownBy(() -> CodeRoot.parse("module:  "))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("A module root needs a module name");
        assertThatThrownBy(() -> CodeRoot.parse(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aModuleRootNeedsANameOrAPrefix() {
        assertThatThrownBy(() -> CodeRoot.module(" ")).isInstanceOf(SKRegException.class);
        assertThatThrownBy(() -> CodeRoot.module(".*"))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("got '.*'");
        assertThatThrownBy(() -> CodeRoot.module(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aModuleRootContainsTheClassesOfExactlyThatModule() {
        assertThat(CodeRoot.module("java.base").contains(String.class)).isTrue();
        assertThat(CodeRoot.module("org.slf4j").contains(org.slf4j.Logger.class)).isTrue();
        assertThat(CodeRoot.module("dev.suitkaise.reg").contains(SKReg.class)).isTrue();
        assertThat(CodeRoot.module("dev.suitkaise.reg").contains(CodeRootTest.class)).isTrue();

        assertThat(CodeRoot.module("java.bas").contains(String.class)).isFalse();
        assertThat(CodeRoot.module("java.base").contains(SKReg.class)).isFalse();
        assertThat(CodeRoot.module("dev.suitkaise.regx").contains(SKReg.class)).isFalse();
    }

    @Test
    void aModulePrefixPatternContainsEveryModuleBelowThePrefix() {
        assertThat(CodeRoot.module("dev.suitkaise.*").contains(SKReg.class)).isTrue();
        assertThat(CodeRoot.module("dev.*").contains(SKReg.class)).isTrue();
        assertThat(CodeRoot.module("java.*").contains(String.class)).isTrue();
        assertThat(CodeRoot.module("org.*").contains(org.slf4j.Logger.class)).isTrue();

        assertThat(CodeRoot.module("java.*").contains(SKReg.class)).isFalse();
        assertThat(CodeRoot.module("dev.suitkaise.cereal.*").contains(SKReg.class)).isFalse();
    }

    @Test
    void aModulePrefixEndsAtADotSoItDoesNotMatchLongerNames() {
        assertThat(CodeRoot.module("dev.suit.*").contains(SKReg.class)).isFalse();
        assertThat(CodeRoot.module("jav.*").contains(String.class)).isFalse();
        assertThat(CodeRoot.module("de.*").contains(SKReg.class)).isFalse();
    }

    @Test
    void aModuleRootNeverContainsAClassOfAnUnnamedModule() throws Exception {
        try (URLClassLoader loader = loaderFor(classDirectoryWithProbe(dir.resolve("classes")))) {
            Class<?> probe = probeFrom(loader);
            assertThat(probe.getModule().isNamed()).isFalse();
            assertThat(CodeRoot.module("dev.suitkaise.reg").contains(probe)).isFalse();
            assertThat(CodeRoot.module("dev.*").contains(probe)).isFalse();
        }
    }

    @Test
    void aDirectoryRootContainsClassesLoadedFromItOrBelowIt() throws Exception {
        Path classes = classDirectoryWithProbe(dir.resolve("app/classes"));
        try (URLClassLoader loader = loaderFor(classes)) {
            Class<?> probe = probeFrom(loader);
            assertThat(CodeRoot.codeSourceOf(probe)).contains(classes.toAbsolutePath().normalize());
            assertThat(CodeRoot.location(classes).contains(probe)).isTrue();
            assertThat(CodeRoot.location(dir.resolve("app")).contains(probe)).isTrue();
            assertThat(CodeRoot.location(dir).contains(probe)).isTrue();

            assertThat(CodeRoot.location(classes.resolve("dev")).contains(probe)).isFalse();
            assertThat(CodeRoot.location(dir.resolve("app/other")).contains(probe)).isFalse();
            assertThat(CodeRoot.location(dir.resolve("app/class")).contains(probe)).isFalse();
        }
    }

    @Test
    void aDirectoryWithTheSameNamePrefixIsNotAParent() throws Exception {
        Path extra = classDirectoryWithProbe(dir.resolve("lib-extra"));
        Files.createDirectories(dir.resolve("lib"));
        try (URLClassLoader loader = loaderFor(extra)) {
            Class<?> probe = probeFrom(loader);
            assertThat(CodeRoot.location(dir.resolve("lib")).contains(probe)).isFalse();
            assertThat(CodeRoot.location(extra).contains(probe)).isTrue();
        }
    }

    @Test
    void aJarRootContainsClassesLoadedFromTheJarAndSoDoesItsDirectory() throws Exception {
        Path jar = jarWithProbe(dir.resolve("libs/probe.jar"));
        try (URLClassLoader loader = loaderFor(jar)) {
            Class<?> probe = probeFrom(loader);
            assertThat(CodeRoot.codeSourceOf(probe)).contains(jar.toAbsolutePath().normalize());
            assertThat(CodeRoot.location(jar).contains(probe)).isTrue();
            assertThat(CodeRoot.location(dir.resolve("libs")).contains(probe)).isTrue();
            assertThat(CodeRoot.locationOf(probe)).isEqualTo(CodeRoot.location(jar));

            assertThat(CodeRoot.location(dir.resolve("libs/other.jar")).contains(probe)).isFalse();
            assertThat(CodeRoot.location(dir.resolve("libs/probe")).contains(probe)).isFalse();
        }
    }

    @Test
    void aLocationRootNeverContainsAJdkClass() {
        assertThat(CodeRoot.codeSourceOf(String.class)).isEmpty();
        assertThat(CodeRoot.location(Path.of("/")).contains(String.class)).isFalse();
    }

    @Test
    void locationOfAClassWithoutCodeSourceFailsAndPointsToModuleRoots() {
        assertThatThrownBy(() -> CodeRoot.locationOf(String.class))
                .isInstanceOf(SKRegException.class)
                .hasMessageContaining("Class java.lang.String has no code source")
                .hasMessageContaining("use CodeRoot.module(...)");
    }

    @Test
    void locationOfAClassIsTheDirectoryOrJarThatDefinesIt() {
        CodeRoot.Location root = CodeRoot.locationOf(SKReg.class);

        assertThat(root.path()).isEqualTo(CodeRoot.codeSourceOf(SKReg.class).orElseThrow());
        assertThat(root.contains(SKReg.class)).isTrue();
        assertThat(root.contains(DomainRoots.class)).isTrue();
        assertThat(root.contains(String.class)).isFalse();
    }

    @Test
    void aLocationIsMadeAbsoluteAndNormalized() {
        CodeRoot.Location root = CodeRoot.location(Path.of("a/./b/../c"));

        assertThat(root.path()).isEqualTo(Path.of("a/c").toAbsolutePath());
        assertThat(root).isEqualTo(CodeRoot.location(Path.of("a/c").toAbsolutePath()));
        assertThatThrownBy(() -> CodeRoot.location(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void rootsPrintInTheirTextForm() {
        Path path = dir.resolve("classes");

        assertThat(CodeRoot.module("com.acme.*")).hasToString("module:com.acme.*");
        assertThat(CodeRoot.location(path)).hasToString(path.toAbsolutePath().normalize().toString());
        assertThat(CodeRoot.parse(CodeRoot.module("com.acme.core").toString())).isEqualTo(CodeRoot.module("com.acme.core"));
        assertThat(CodeRoot.parse(CodeRoot.location(path).toString())).isEqualTo(CodeRoot.location(path));
    }
}
