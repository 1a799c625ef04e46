package dev.suitkaise.thread;

import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.SKAccessException;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.testkit.OutsideCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
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
    void loadTheOutsideUser() throws Exception {
        outside = OutsideCode.copyInto(outsideDir, OutsideThreadUser.class).newInstance(OutsideThreadUser.class);
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
