package dev.suitkaise.process;

import dev.suitkaise.cereal.SKCerealException;
import dev.suitkaise.reg.Domain;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Only allowed classes travel: classes under the domain roots and JDK types by default, others
 * once the spec or the manager allows them, on both sides.
 */
@ExtendWith(NoOrphans.class)
class ClassAllowListTest {

    @Test
    void aResultOfAClassThatIsNotAllowedFailsWithTheClassNameAndTheFix() throws Exception {
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn("allow-none");
        try {
            Throwable failure = Children.failureOf(p.submit(() -> Offset.offset(0.5)));

            assertThat(failure).isInstanceOf(SKProcessException.class)
                    .hasMessageContaining("allow-none")
                    .hasMessageContaining(Offset.class.getName())
                    .hasMessageContaining("SKProcessManager.allowClasses or .allowPackages")
                    .hasMessageNotContaining("InternalCereal.builder()");
            assertThat(p.state()).isEqualTo(ProcessState.READY);
        } finally {
            p.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aFunctionTheChildCannotReadIsReportedAsNotRunWithTheRemediesOfSkProcess() throws Exception {
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn("allow-task");
        try {
            Offset<Double> sent = Offset.offset(0.25);

            Throwable failure = Children.failureOf(p.submit(() -> sent.value * 2));

            assertThat(failure).isExactlyInstanceOf(SKProcessException.class)
                    .hasMessageStartingWith("Task 1 did not run in process 'allow-task'")
                    .hasMessageContaining("the child could not read it")
                    .hasMessageContaining("Class " + Offset.class.getName() + " is not allowed to be deserialized")
                    .hasMessageContaining("SKProcessManager.allowClasses or .allowPackages")
                    .hasMessageContaining("ProcessSpec.Builder.allowClasses")
                    .hasMessageContaining("SKRoot.registerDomainRoots()")
                    .hasMessageNotContaining("InternalCereal.builder()")
                    .hasMessageNotContaining("CerealHandler")
                    .hasMessageNotContaining("failed");
            assertThat(failure.getCause()).isInstanceOf(SKCerealException.class);
            assertThatThrownBy(() -> p.execute(() -> sent.value, Children.BOUND)).isExactlyInstanceOf(SKProcessException.class)
                    .hasMessageStartingWith("Task 2 did not run");
            assertThat(p.state()).isEqualTo(ProcessState.READY);
            assertThat(p.execute(() -> 6 * 7, Children.BOUND)).isEqualTo(42);
        } finally {
            p.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void anInitFunctionTheChildCannotReadFailsTheStartSayingItDidNotRun() {
        Offset<Double> sent = Offset.offset(0.25);

        assertThatThrownBy(() -> SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("allow-init")
                .init(() -> ChildState.record(String.valueOf(sent.value)))
                .build()))
                .isInstanceOfSatisfying(SKProcessStartException.class, e -> {
                    String summary = e.getMessage().lines().findFirst().orElseThrow(); // the child's stack follows
                    assertThat(summary).contains("Init function 1 of 1 could not be read in process 'allow-init'")
                            .contains("so it did not run")
                            .contains(Offset.class.getName())
                            .contains("ProcessSpec.Builder.allowClasses")
                            .doesNotContain("InternalCereal.builder()");
                });
    }

    @Test
    void aClassAllowedOnTheSpecTravelsToTheChildAndBack() throws Exception {
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("allow-spec")
                .allowClasses(Offset.class)
                .build());
        try {
            Offset<Double> sent = Offset.offset(0.25);

            Offset<Double> back = Children.await(p.submit(() -> Offset.offset(sent.value * 2)));

            assertThat(back).isEqualTo(Offset.offset(0.5));
        } finally {
            p.stop(Duration.ofSeconds(5));
        }
    }
}
