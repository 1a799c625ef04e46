package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

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
                    .hasMessageContaining("allowClasses");
            assertThat(p.state()).isEqualTo(ProcessState.READY);
        } finally {
            p.stop(Duration.ofSeconds(5));
        }
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
