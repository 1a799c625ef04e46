package dev.suitkaise.function;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.SKRegException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AutoRegistrationTest {

    @Test
    void anAnnotatedMethodIsRegisteredTheFirstTimeItIsLookedUp() {
        SKFunctionReg reg = SKFunctionReg.global();
        reg.remove("auto.ping");
        assertThat(reg.contains("auto.ping")).isFalse();

        SKFunction<Integer> ping = SKFunction.get("auto.ping");

        assertThat(reg.contains("auto.ping")).isTrue();
        assertThat(ping.description()).isEqualTo("counts pings");
        assertThat(ping.metadata()).containsEntry("autoReg", true);
        int before = AutoRegistered.PINGS.get();
        assertThat(ping.execute()).isEqualTo(before + 1);
        assertThat(SKFunction.get("auto.ping")).isSameAs(ping);
    }

    @Test
    void anAnnotatedMethodIsRegisteredWhenExecutedThroughTheRegistry() {
        SKFunctionReg reg = SKFunctionReg.of(Domain.INTERNAL);
        reg.remove("AutoRegistered.shout");

        assertThat(reg.execute("AutoRegistered.shout", "quiet")).isEqualTo("QUIET");
        assertThat(reg.function("AutoRegistered.shout").parameters()).extracting(FunctionParameter::name)
                .containsExactly("word");
        assertThat(reg.function("AutoRegistered.shout").boundArguments()).isEmpty();
    }

    @Test
    void aNonPublicAnnotatedMethodOfAnOpenPackageIsReachable() {
        assertThat(SKFunctionReg.global().function("auto.private").execute()).isEqualTo("hidden");
    }

    @Test
    void annotatedInstanceMethodsAndUnknownNamesAreNotRegistered() {
        assertThat(SKFunctionReg.global().lookup("auto.instance")).isEmpty();
        assertThatThrownBy(() -> SKFunction.get("auto.pnig")).isInstanceOf(SKRegException.class)
                .hasMessageContaining("auto.pnig");
    }

    @Test
    void everyAnnotatedMethodCanBeRegisteredAtOnceAfterARescan() {
        SKFunctionReg.rescanAutoRegistrations();
        SKFunctionReg reg = SKFunctionReg.of(Domain.INTERNAL);

        reg.registerAutoRegistered();

        assertThat(reg.keys()).contains("auto.ping", "AutoRegistered.shout", "auto.private").doesNotContain("auto.instance");
    }
}
