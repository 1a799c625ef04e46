package dev.suitkaise.root;

import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.testkit.OutsideCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.suitkaise.reg.SKAccessException;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static dev.suitkaise.root.TestTrees.touch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainRootsRegistrationTest {

    @TempDir
    Path tmp;

    private List<CodeRoot> internalBefore;
    private List<CodeRoot> externalBefore;
    private final List<DomainRegistration> registrations = new ArrayList<>();

    @BeforeEach
    void rememberRoots() {
        internalBefore = DomainRoots.of(Domain.INTERNAL);
        externalBefore = DomainRoots.of(Domain.EXTERNAL);
    }

    @AfterEach
    void undoRootChanges() {
        registrations.forEach(DomainRegistration::close);
        for (CodeRoot r : DomainRoots.of(Domain.INTERNAL)) {
            if (!internalBefore.contains(r)) {
                DomainRoots.remove(Domain.INTERNAL, r);
            }
        }
        for (CodeRoot r : DomainRoots.of(Domain.EXTERNAL)) {
            if (!externalBefore.contains(r)) {
                DomainRoots.remove(Domain.EXTERNAL, r);
            }
        }
    }

    private DomainRegistration register(SKRoot root) {
        DomainRegistration r = root.registerDomainRoots();
        registrations.add(r);
        return r;
    }

    /** Copies sk-reg's own code location (a jar, or a class directory in a reactor build) into the project. */
    private static Path copySkReg(Path project) throws IOException {
        Path skReg = CodeRoot.codeSourceOf(DomainRoots.class).orElseThrow();
        if (Files.isDirectory(skReg)) {
            Path target = project.resolve("vendor/sk-reg/target/classes");
            try (Stream<Path> walk = Files.walk(skReg)) {
                for (Path p : walk.toList()) {
                    Path to = target.resolve(skReg.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to);
                    }
                }
            }
            return target;
        }
        Path jar = project.resolve("lib/sk-reg.jar");
        Files.createDirectories(jar.getParent());
        return Files.copy(skReg, jar);
    }

    private static List<Path> locations(List<CodeRoot> roots) {
        return roots.stream().filter(CodeRoot.Location.class::isInstance).map(r -> ((CodeRoot.Location) r).path()).toList();
    }

    @Test
    void codeRootsFindsTheProjectsBuildOutputsAsExternalAndSuitkaiseCodeAsInternal() throws IOException {
        Path p = tmp.toRealPath().resolve("project");
        touch(p, "pom.xml", "target/classes/", "target/test-classes/", "target/app-1.0.jar",
                "gradle-mod/build/classes/java/main/", "gradle-mod/build/classes/kotlin/test/", "gradle-mod/build/libs/g.jar",
                "out/production/ide-mod/", "out/test/ide-mod/", "lib/user.jar", "tools/libs/tool.jar",
                "node_modules/pkg/target/classes/", ".cache/target/classes/", "src/main/target/classes/",
                "target/classes/not-a-jar.txt");
        Path skReg = copySkReg(p);

        CodeRoots roots = SKRoot.of(p).codeRoots();

        assertThat(locations(roots.external())).containsExactlyInAnyOrder(
                p.resolve("target/classes"), p.resolve("target/test-classes"), p.resolve("target/app-1.0.jar"),
                p.resolve("gradle-mod/build/classes/java/main"), p.resolve("gradle-mod/build/classes/kotlin/test"),
                p.resolve("gradle-mod/build/libs/g.jar"), p.resolve("out/production/ide-mod"), p.resolve("out/test/ide-mod"),
                p.resolve("lib/user.jar"), p.resolve("tools/libs/tool.jar"));
        assertThat(roots.internal()).contains(CodeRoot.location(skReg));
        assertThat(roots.external()).doesNotContain(CodeRoot.location(skReg));
        assertThat(roots.internal()).containsAll(DomainRoots.SUITKAISE_MODULES.stream().map(CodeRoot::module).toList());
    }

    @Test
    void registeringMakesClassesLoadedFromTheProjectExternalAndClosingUndoesIt() throws Exception {
        Path p = tmp.toRealPath().resolve("app");
        touch(p, "pom.xml");
        Path classes = Fixtures.copyProbeClasses(p.resolve("target/classes"));
        Path jar = Fixtures.jarProbeClasses(p.resolve("lib/probe.jar"));

        try (URLClassLoader fromDir = Fixtures.isolatedLoader(classes);
             URLClassLoader fromJar = Fixtures.isolatedLoader(jar)) {
            Class<?> probeFromDir = fromDir.loadClass("dev.suitkaise.root.fixture.Probe");
            Class<?> probeFromJar = fromJar.loadClass("dev.suitkaise.root.fixture.Probe$Inner");
            assertThat(DomainRoots.contains(Domain.EXTERNAL, probeFromDir)).isFalse();
            assertThat(DomainRoots.contains(Domain.EXTERNAL, probeFromJar)).isFalse();

            DomainRegistration registration = register(SKRoot.of(p));

            assertThat(DomainRoots.contains(Domain.EXTERNAL, probeFromDir)).isTrue();
            assertThat(DomainRoots.contains(Domain.EXTERNAL, probeFromJar)).isTrue();
            assertThat(DomainRoots.contains(Domain.INTERNAL, probeFromDir)).isFalse();
            assertThat(registration.external()).containsExactlyInAnyOrder(CodeRoot.location(classes), CodeRoot.location(jar));

            registration.close();

            assertThat(DomainRoots.contains(Domain.EXTERNAL, probeFromDir)).isFalse();
            assertThat(DomainRoots.contains(Domain.EXTERNAL, probeFromJar)).isFalse();
            assertThat(DomainRoots.of(Domain.EXTERNAL)).isEqualTo(externalBefore);
        }
    }

    @Test
    void aSuitkaiseJarInTheProjectIsRegisteredAsInternal() throws Exception {
        Path p = tmp.toRealPath().resolve("uses-suitkaise");
        touch(p, "pom.xml");
        Path skReg = copySkReg(p);

        try (URLClassLoader loader = Fixtures.isolatedLoader(skReg)) {
            Class<?> copied = loader.loadClass("dev.suitkaise.reg.Domain");
            assertThat(copied).isNotSameAs(Domain.class);
            assertThat(DomainRoots.contains(Domain.INTERNAL, copied)).isFalse();

            DomainRegistration registration = register(SKRoot.of(p));

            assertThat(registration.internal()).containsExactly(CodeRoot.location(skReg));
            assertThat(registration.external()).doesNotContain(CodeRoot.location(skReg));
            assertThat(DomainRoots.contains(Domain.INTERNAL, copied)).isTrue();
            assertThat(DomainRoots.contains(Domain.EXTERNAL, copied)).isFalse();

            registration.close();

            assertThat(DomainRoots.contains(Domain.INTERNAL, copied)).isFalse();
            assertThat(DomainRoots.of(Domain.INTERNAL)).isEqualTo(internalBefore);
        }
    }

    @Test
    void suitkaiseModulesAreInternalWithoutAddingThemTwice() throws IOException {
        Path p = tmp.toRealPath().resolve("plain");
        touch(p, "pom.xml");

        DomainRegistration registration = register(SKRoot.of(p));

        assertThat(registration.internal()).isEmpty();
        assertThat(DomainRoots.contains(Domain.INTERNAL, SKRoot.class)).isTrue();
        assertThat(DomainRoots.of(Domain.INTERNAL)).isEqualTo(internalBefore);
    }

    @Test
    void registeringTwiceAddsNothingTheSecondTimeSoClosingItKeepsTheFirst() throws Exception {
        Path p = tmp.toRealPath().resolve("twice");
        touch(p, "pom.xml");
        Path classes = Fixtures.copyProbeClasses(p.resolve("target/classes"));

        try (URLClassLoader loader = Fixtures.isolatedLoader(classes)) {
            Class<?> probe = loader.loadClass("dev.suitkaise.root.fixture.Probe");
            DomainRegistration first = register(SKRoot.of(p));
            DomainRegistration second = register(SKRoot.of(p));

            assertThat(first.external()).containsExactly(CodeRoot.location(classes));
            assertThat(second.external()).isEmpty();
            second.close();
            assertThat(DomainRoots.contains(Domain.EXTERNAL, probe)).isTrue();
            first.close();
            first.close();
            assertThat(DomainRoots.contains(Domain.EXTERNAL, probe)).isFalse();
        }
    }

    /**
     * A copy of {@link OutsideRootUser} defined from a directory that is no domain root (child
     * first; everything else comes from the test's own loader).
     */
    private static BiFunction<String, Path, Object> outsideUser(Path directory) throws Exception {
        return OutsideCode.copyInto(directory, OutsideRootUser.class).newInstance(OutsideRootUser.class);
    }

    @Test
    void codeOutsideTheRootsRegistersTheProjectAsExternalButCannotMakeADirectoryInternal() throws Exception {
        Path p = tmp.toRealPath().resolve("forged");
        touch(p, "pom.xml");
        Path classes = Fixtures.copyProbeClasses(p.resolve("target/classes"));
        Path fakeSuitkaise = copySkReg(p);
        BiFunction<String, Path, Object> outside = outsideUser(tmp.toRealPath().resolve("outside"));
        assertThat(DomainRoots.contains(Domain.INTERNAL, outside.getClass())).isFalse();

        DomainRegistration registration = (DomainRegistration) outside.apply("register", p);
        registrations.add(registration);

        assertThat(registration.internal()).isEmpty();
        assertThat(DomainRoots.of(Domain.INTERNAL)).isEqualTo(internalBefore).doesNotContain(CodeRoot.location(fakeSuitkaise));
        assertThat(registration.external()).contains(CodeRoot.location(classes));
        assertThat(DomainRoots.of(Domain.EXTERNAL)).contains(CodeRoot.location(classes));
    }

    @Test
    void codeOutsideTheRootsCannotRemoveInternalRootsWithAForgedRegistration() throws Exception {
        BiFunction<String, Path, Object> outside = outsideUser(tmp.toRealPath().resolve("outside"));

        assertThatThrownBy(() -> outside.apply("close-forged", tmp))
                .isInstanceOfSatisfying(SKAccessException.class, e -> {
                    assertThat(e.callerName()).isEqualTo(OutsideRootUser.class.getName());
                    assertThat(e).hasMessageContaining("remove the INTERNAL roots");
                });
        assertThat(DomainRoots.of(Domain.INTERNAL)).isEqualTo(internalBefore).contains(CodeRoot.module("dev.suitkaise.reg"));
    }
}
