package dev.suitkaise.cycle;

import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.testkit.PublicApiNulls;
import dev.suitkaise.thread.SKThreader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A null argument to any public constructor or method of {@code dev.suitkaise.cycle} is refused with a
 * NullPointerException whose message names the parameter, except where the Javadoc says null is allowed.
 */
class PublicApiNullsTest {

    @Test
    void everyPublicMemberRefusesANullArgumentWithAMessageNamingTheParameter() throws InterruptedException {
        CyclePart part = CyclePart.of("public-api-nulls", () -> "x");
        PublicApiNulls nulls = new PublicApiNulls("dev.suitkaise.cycle", PublicApiNullsTest.class)
                .setDefault(String.class, "public-api-nulls")
                // a valid level, position, limit and attempt count (0 is none of them)
                .setDefault(int.class, 1)
                .setDefault(Duration.class, Duration.ofSeconds(1))
                .setDefault(AnyFunction.class, () -> "x")
                .setDefault(CyclePart.class, part)
                .setDefault(CycleElement.class, part)
                .setDefault(SlotAddress.class, SlotAddress.of(1, 1))
                .setDefault(Where.class, Where.here())
                .setDefault(ErrorMode.class, ErrorMode.skip())
                .setDefault(SKThreader.class, SKThreader.get())
                .setDefault(CycleReg.class, CycleReg.of(Domain.GLOBAL))
                .setDefault(Instant.class, Instant.EPOCH)
                // a domain with processes (GLOBAL has none)
                .setDefault(Domain.class, Domain.INTERNAL)
                // Throwable's convention: a null message or cause is allowed
                .nullable("CycleException.new.message", "Throwable convention")
                .nullable("CycleException.new.cause", "Throwable convention")
                .nullable("CycleTimeoutException.new.message", "Throwable convention")
                .nullable("CycleValidationException.new.message", "Throwable convention")
                .nullable("Cycle.runOnce.limit", "'null for no limit'")
                .nullable("ErrorMode.fallbackFail.value", "'the fallback output (may be null)'")
                .nullable("ErrorMode.fallbackSkip.value", "'the fallback output (may be null)'")
                .nullable("ErrorMode.FallbackFail.new.value", "'the fallback output, may be null'")
                .nullable("ErrorMode.FallbackSkip.new.value", "'the fallback output, may be null'")
                .nullable("PartResult.new.start", "'null if it never ran'")
                .nullable("PartResult.new.end", "'null if it never ran'")
                .nullable("PartResult.new.output", "'its output, or null'")
                .nullable("PartResult.new.error", "'null if none'")
                .nullable("Where.Process.new.domain", "'INTERNAL, EXTERNAL or null'")
                .nullable("Where.Process.new.component", "'the component's name (not blank) or null'");

        nulls.statics(Cycle.class).statics(CycleBuildException.class).statics(CycleBuilder.class)
                .statics(CycleContext.class).statics(CycleElement.class).statics(CycleException.class)
                .statics(CycleHandle.class).statics(CycleListener.class).statics(CyclePart.class)
                .statics(CyclePart.Builder.class).statics(CycleReg.class).statics(CycleRun.class)
                .statics(CycleTimeoutException.class).statics(CycleValidationException.class).statics(ErrorMode.class)
                .statics(ErrorMode.CleanFail.class).statics(ErrorMode.FallbackFail.class)
                .statics(ErrorMode.FallbackSkip.class).statics(ErrorMode.InstantFail.class)
                .statics(ErrorMode.Propagate.class).statics(ErrorMode.Retry.class).statics(ErrorMode.Skip.class)
                .statics(PartOutcome.class).statics(PartResult.class).statics(RunStatus.class)
                .statics(SlotAddress.class).statics(SyncMode.class).statics(Where.class).statics(Where.Here.class)
                .statics(Where.Process.class).statics(Where.Worker.class);

        AtomicReference<CycleContext> context = new AtomicReference<>();
        try (CycleBuilder builder = Cycle.builder("public-api-nulls-builder");
             Cycle cycle = Cycle.builder("public-api-nulls").add(CyclePart.of("p", () -> {
                 context.set(CycleContext.current());
                 return "x";
             }), 1).build()) {
            // a stopped handle: its waits return at once
            CycleHandle handle = cycle.start();
            handle.stop();
            assertThat(handle.awaitStop(Duration.ofSeconds(30))).isTrue();
            CycleRun run = cycle.runOnce();
            nulls.instance(CycleBuilder.class, builder.add(CyclePart.of("a", () -> "a"), 1))
                    .instance(Cycle.class, cycle)
                    .instance(CycleHandle.class, handle)
                    .instance(CycleRun.class, run)
                    .instance(PartResult.class, run.parts().get(0))
                    .instance(CyclePart.class, part)
                    .instance(CyclePart.Builder.class, CyclePart.builder("public-api-nulls", () -> "x"))
                    .instance(CycleReg.class, CycleReg.of(Domain.GLOBAL))
                    .instance(ErrorMode.Retry.class, new ErrorMode.Retry(2, Duration.ZERO, ErrorMode.skip()))
                    .instance(ErrorMode.FallbackFail.class, new ErrorMode.FallbackFail("x"))
                    .instance(ErrorMode.FallbackSkip.class, new ErrorMode.FallbackSkip("x"))
                    .instance(Where.Process.class, Where.process("public-api-nulls"))
                    .instance(Where.Worker.class, new Where.Worker("public-api-nulls"))
                    .instance(SlotAddress.class, SlotAddress.of(1, 1))
                    .instance(CycleBuildException.class, new CycleBuildException("rule", "detail", List.of()))
                    // the context of a part that has ended: its lookups read the finished run
                    .instance(CycleContext.class, context.get())
                    .noMembers(CycleListener.class, "implemented by users; the cycle calls it, never with null");
        }

        nulls.assertClean();
        assertThat(nulls.membersChecked()).hasSizeGreaterThan(80);
    }
}
