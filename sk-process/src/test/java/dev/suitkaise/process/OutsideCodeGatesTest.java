package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.SKAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The commander and the INTERNAL process manager refuse code outside the INTERNAL roots (a copy of
 * {@link OutsideProcessUser} defined from a temporary directory), also when that code hands the gate
 * to a stored function as a method reference or a reflective target, which sk-function (INTERNAL
 * code) then runs.
 */
class OutsideCodeGatesTest {

    @TempDir
    Path outsideDir;

    private Function<String, Object> outside;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void loadTheOutsideUser() throws Exception {
        String resource = OutsideProcessUser.class.getName().replace('.', '/') + ".class";
        Path target = outsideDir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = OutsideProcessUser.class.getResourceAsStream("/" + resource)) {
            Files.copy(in, target);
        }
        byte[] bytes = Files.readAllBytes(target);
        ProtectionDomain[] domain = new ProtectionDomain[1];
        ClassLoader loader = new ClassLoader("outside-roots", getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.equals(OutsideProcessUser.class.getName())) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : defineClass(name, bytes, 0, bytes.length, domain[0]);
                }
            }
        };
        domain[0] = new ProtectionDomain(new CodeSource(outsideDir.toUri().toURL(), (CodeSigner[]) null), null, loader, null);
        outside = (Function<String, Object>) loader.loadClass(OutsideProcessUser.class.getName()).getConstructor().newInstance();
        assertThat(DomainRoots.contains(Domain.INTERNAL, outside.getClass())).isFalse();
    }

    private void assertRefused(String action) {
        assertThatThrownBy(() -> outside.apply(action)).isInstanceOfSatisfying(SKAccessException.class, e -> {
            assertThat(e.callerName()).isEqualTo(OutsideProcessUser.class.getName());
            assertThat(e.domain()).isEqualTo(Domain.INTERNAL);
        });
    }

    @Test
    void outsideCodeIsRefusedTheCommanderWhenItAsksDirectly() {
        assertRefused("commander-directly");
    }

    @Test
    void aMethodReferenceToTheCommanderRunByAStoredFunctionIsCheckedAsTheCodeThatWroteIt() {
        assertRefused("commander-method-reference");
    }

    @Test
    void outsideCodeIsRefusedTheInternalManagerWhenItAsksDirectly() {
        assertRefused("manager-directly");
    }

    @Test
    void aStoredFunctionTargetingTheInternalManagerIsCheckedForTheCodeThatBuiltIt() {
        assertRefused("manager-function");
    }

    @Test
    void internalCodeStillReachesBothGates() {
        assertThat(SKProcessCommander.current()).isNotNull();
        assertThat(SKProcessManager.of(Domain.INTERNAL)).isNotNull();
    }
}
