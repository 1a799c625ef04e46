package dev.suitkaise.function;

import dev.suitkaise.function.internal.Creators;
import dev.suitkaise.reg.CodeRoot;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.GlobalMap;
import dev.suitkaise.reg.Principals;
import dev.suitkaise.reg.SKAccessException;
import dev.suitkaise.reg.SKGlobal;
import dev.suitkaise.reg.SKGlobalStorage;
import dev.suitkaise.testkit.OutsideCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A function runs its target from this module's own (INTERNAL) code, but must not lend that access
 * to the code that chose the target: code outside every root (a copy of {@link OutsideFunctionUser}
 * defined from a temporary directory) cannot reach INTERNAL registry machinery through a function.
 */
class FunctionAccessTest {

    @TempDir
    Path outsideDir;
    @TempDir
    Path trustedDir;

    private Function<String, Object> outside;

    @BeforeEach
    void loadTheOutsideUser() throws Exception {
        outside = OutsideCode.copyInto(outsideDir, OutsideFunctionUser.class).newInstance(OutsideFunctionUser.class);
    }

    @AfterEach
    void forgetAddedRoots() {
        DomainRoots.remove(Domain.INTERNAL, CodeRoot.location(outsideDir));
        DomainRoots.remove(Domain.INTERNAL, CodeRoot.location(trustedDir));
    }

    private void assertRefused(String action) {
        assertThatThrownBy(() -> outside.apply(action)).isInstanceOfSatisfying(SKAccessException.class, e -> {
            assertThat(e.callerName()).isEqualTo(OutsideFunctionUser.class.getName());
            assertThat(e.domain()).isEqualTo(Domain.INTERNAL);
            assertThat(e).hasMessageContaining(outsideDir.toString());
        });
    }

    @Test
    void theOutsideUserLiesOutsideEveryRootAndIsRefusedTheStorage() {
        assertThat(DomainRoots.contains(Domain.INTERNAL, outside.getClass())).isFalse();
        assertRefused("storage-directly");
    }

    @Test
    void aMethodReferenceToTheStorageRunAsAFunctionIsRefusedForTheCodeThatWroteIt() {
        assertRefused("storage-method-reference");
    }

    @Test
    void aStaticMethodTargetIsRefusedForTheCodeThatBuiltTheFunction() {
        assertRefused("storage-static-method");
    }

    @Test
    void aFunctionCannotPromoteTheCodeThatBuiltItToInternal() {
        List<CodeRoot> before = DomainRoots.of(Domain.INTERNAL);

        assertRefused("promote-self");

        assertThat(DomainRoots.of(Domain.INTERNAL)).isEqualTo(before).doesNotContain(CodeRoot.location(outsideDir));
    }

    @Test
    void theRestrictionFollowsTheCallOntoTheTimeoutThread() {
        assertRefused("storage-with-timeout");
    }

    @Test
    void aJdkMethodThatCallsAHandleForTheFunctionIsRestrictedToo() {
        assertRefused("storage-through-invoke-with-arguments");
    }

    @Test
    void callsWithExtraArgumentsAreRestrictedAndGlobalRegistriesStayOpen() {
        assertRefused("internal-map-with-extra-argument");
        assertThat(outside.apply("global-map-with-extra-argument")).isInstanceOf(GlobalMap.class);
    }

    @Test
    void aFunctionBuiltOutsideStaysRestrictedWhenInternalCodeRunsIt() {
        SKFunction<?> fn = (SKFunction<?>) outside.apply("build-storage-function");

        assertThat(fn.actingFor().classes()).containsExactly(outside.getClass());
        assertThatThrownBy(fn::execute).isInstanceOfSatisfying(SKAccessException.class,
                e -> assertThat(e.callerName()).isEqualTo(OutsideFunctionUser.class.getName()));
        assertThatThrownBy(() -> fn.withName("renamed").execute()).isInstanceOf(SKAccessException.class);
    }

    @Test
    void aFunctionDoesNotShedItsRestrictionByTravelling() throws Exception {
        SKFunction<?> fn = (SKFunction<?>) outside.apply("build-storage-function");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(fn);
        }

        SKFunction<?> arrived;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            arrived = (SKFunction<?>) in.readObject();
        }

        assertThat(arrived.actingFor().names()).contains(OutsideFunctionUser.class.getName());
        assertThatThrownBy(arrived::execute).isInstanceOf(SKAccessException.class);
    }

    @Test
    void aPrincipalNameThatDoesNotLoadHereIsUnidentifiedAndTheReaderIsAddedUnlessInternal() {
        Principals arrived = Creators.ofArrival(List.of("com.example.GoneCreator", String.class.getName()));

        assertThat(arrived.unidentified()).containsExactly("com.example.GoneCreator");
        assertThat(arrived.classes()).contains(String.class);
        assertThat(arrived.mayOpen(Domain.INTERNAL)).isFalse();
        assertThat(arrived.mayOpen(Domain.GLOBAL)).isTrue();
    }

    @Test
    void aFunctionBuiltByInternalCodeStillReachesInternalMachinery() throws Exception {
        Function<String, Object> trusted = OutsideCode.copyInto(trustedDir, OutsideFunctionUser.class)
                .newInstance(OutsideFunctionUser.class);
        DomainRoots.add(Domain.INTERNAL, CodeRoot.location(trustedDir));

        assertThat(trusted.apply("storage-static-method")).isSameAs(SKGlobal.storage());
        assertThat(trusted.apply("storage-method-reference")).isInstanceOf(SKGlobalStorage.class);
        assertThat(trusted.apply("internal-map-with-extra-argument")).isInstanceOf(GlobalMap.class);
    }
}
