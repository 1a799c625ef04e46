package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.DomainRoots;
import dev.suitkaise.reg.SKAccessException;
import dev.suitkaise.testkit.OutsideCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
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
    void loadTheOutsideUser() throws Exception {
        outside = OutsideCode.copyInto(outsideDir, OutsideProcessUser.class).newInstance(OutsideProcessUser.class);
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
