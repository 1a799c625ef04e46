package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.SuitkaiseLocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

/** On the class path, Suitkaise's own jars and class directories are found by their module names. */
class ClassPathLocationsTest {

    @TempDir
    Path temp;

    private Path jar(String fileName, String automaticModuleName) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (automaticModuleName != null) {
            manifest.getMainAttributes().putValue("Automatic-Module-Name", automaticModuleName);
        }
        Path jar = temp.resolve(fileName);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out, manifest)) {
            entries.flush();
        }
        return jar;
    }

    private static Path ownClassDirectory() {
        return CodeRoot.codeSourceOf(SKReg.class).orElseThrow();
    }

    @Test
    void suitkaiseJarsAndClassDirectoriesAreFoundByTheirModuleNames() throws IOException {
        Path cycleJar = jar("sk-cycle-0.1.0.jar", "dev.suitkaise.cycle");
        Path regClasses = ownClassDirectory();
        assertThat(regClasses.toString()).contains("sk-reg");
        String classPath = String.join(File.pathSeparator, cycleJar.toString(), regClasses.toString());

        List<Path> found = SuitkaiseLocations.onClassPath(classPath, DomainRoots.SUITKAISE_MODULES);

        assertThat(found).containsExactly(cycleJar.toAbsolutePath().normalize(), regClasses);
    }

    @Test
    void jarsThatOnlyLookLikeSuitkaiseOrHideTheNameAreNotTaken() throws IOException {
        Path impostor = jar("sk-evil.jar", "com.evil.core");
        Path unnamed = jar("sk-plain.jar", null);
        Path renamed = jar("renamed.jar", "dev.suitkaise.cycle");
        Path missing = temp.resolve("sk-missing.jar");
        String classPath = String.join(File.pathSeparator, impostor.toString(), unnamed.toString(), renamed.toString(),
                missing.toString(), "", temp.toString());

        assertThat(SuitkaiseLocations.onClassPath(classPath, DomainRoots.SUITKAISE_MODULES)).isEmpty();
        assertThat(SuitkaiseLocations.onClassPath(null, DomainRoots.SUITKAISE_MODULES)).isEmpty();
    }
}
