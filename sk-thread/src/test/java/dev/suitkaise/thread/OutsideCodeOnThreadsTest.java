package dev.suitkaise.thread;

import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.SKAccessException;
import dev.suitkaise.reg.SKGlobal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A Suitkaise thread runs its body from INTERNAL code; code outside every root (a copy of
 * {@link OutsideThreadUser} defined from a temporary directory) must not reach INTERNAL registry
 * machinery by making that body a method reference to it or a function targeting it.
 */
class OutsideCodeOnThreadsTest {

    @TempDir
    Path outsideDir;

    private Function<String, Object> outside;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void loadTheOutsideUser() throws Exception {
        String resource = OutsideThreadUser.class.getName().replace('.', '/') + ".class";
        Path target = outsideDir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = OutsideThreadUser.class.getResourceAsStream("/" + resource)) {
            Files.copy(in, target);
        }
        byte[] bytes = Files.readAllBytes(target);
        ProtectionDomain[] domain = new ProtectionDomain[1];
        ClassLoader loader = new ClassLoader("outside-roots", getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (!name.equals(OutsideThreadUser.class.getName())) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : defineClass(name, bytes, 0, bytes.length, domain[0]);
                }
            }
        };
        domain[0] = new ProtectionDomain(new CodeSource(outsideDir.toUri().toURL(), (CodeSigner[]) null), null, loader, null);
        outside = (Function<String, Object>) loader.loadClass(OutsideThreadUser.class.getName()).getConstructor().newInstance();
    }

    @AfterEach
    void forgetTheOutsideRoot() {
        DomainRoots.remove(Domain.INTERNAL, CodeRoot.location(outsideDir));
    }

    private void assertRefused(String action) {
        assertThatThrownBy(() -> outside.apply(action)).isInstanceOfSatisfying(SKAccessException.class, e -> {
            assertThat(e.callerName()).isEqualTo(OutsideThreadUser.class.getName());
            assertThat(e.domain()).isEqualTo(Domain.INTERNAL);
        });
    }

    @Test
    void theOutsideUserIsRefusedTheStorageWhenItAsksDirectly() {
        assertThat(DomainRoots.contains(Domain.INTERNAL, outside.getClass())).isFalse();
        assertRefused("storage-directly");
    }

    @Test
    void aMethodReferenceRunAsAThreadBodyIsCheckedAsTheCodeThatWroteIt() {
        assertRefused("storage-method-reference");
    }

    @Test
    void aFunctionRunAsAThreadBodyIsCheckedForTheCodeThatBuiltIt() {
        assertRefused("storage-function");
    }

    @Test
    void aThreadBodyCannotPromoteTheCodeThatChoseItToInternal() {
        List<CodeRoot> before = DomainRoots.of(Domain.INTERNAL);

        assertRefused("promote-self");

        assertThat(DomainRoots.of(Domain.INTERNAL)).isEqualTo(before);
    }

    @Test
    void internalCodeStillHandsRegistryMachineryToItsThreads() throws Exception {
        try (SKThreader threader = SKThreader.builder().name("inside-user").build()) {
            Object storage = threader.start("own", (AnyFunction<Object>) SKGlobal::storage).result(Duration.ofSeconds(30));

            assertThat(storage).isSameAs(SKGlobal.storage());
        }
    }
}
