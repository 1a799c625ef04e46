package dev.suitkaise.process;

import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.reg.Domain;
import dev.suitkaise.testkit.PublicApiNulls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A null argument to any public constructor or method of {@code dev.suitkaise.process} is refused with a
 * NullPointerException whose message names the parameter, except where the Javadoc says null is allowed.
 */
@ExtendWith(NoOrphans.class)
class PublicApiNullsTest {

    @Test
    void everyPublicMemberRefusesANullArgumentWithAMessageNamingTheParameter() {
        ProcessSpec spec = ProcessSpec.builder("public-api-nulls").build();
        PublicApiNulls nulls = new PublicApiNulls("dev.suitkaise.process", PublicApiNullsTest.class)
                .setDefault(String.class, "public-api-nulls")
                // a valid count, priority and budget (0 is not always one)
                .setDefault(int.class, 1)
                .setDefault(Duration.class, Duration.ofSeconds(1))
                .setDefault(Domain.class, Domain.EXTERNAL)
                .setDefault(AnyFunction.class, () -> "x")
                .setDefault(ProcessSpec.class, spec)
                .setDefault(RestartPolicy.class, RestartPolicy.never())
                .setDefault(CommanderConfig.class, CommanderConfig.defaults())
                .setDefault(Instant.class, Instant.EPOCH)
                // Throwable's convention: a null message or cause is allowed
                .nullable("SKProcessException.new.message", "Throwable convention")
                .nullable("SKProcessException.new.cause", "Throwable convention")
                .nullable("SKProcessStartException.new.message", "Throwable convention")
                .nullable("SKProcessStartException.new.cause", "'the underlying failure, or null'")
                .nullable("SKProcessTimeoutException.new.message", "Throwable convention")
                .nullable("SKQuotaExceededException.new.message", "Throwable convention")
                .nullable("SKTaskFailedException.new.message", "Throwable convention")
                .nullable("SKTaskFailedException.new.cause", "'the original exception, or null if it could not travel'")
                .nullable("SKProcessCrashedException.new.message", "Throwable convention")
                .nullable("ProcessSpec.new.maxHeap", "'or null for the parent's setting'")
                .nullable("ProcessSpec.new.taskTimeout", "'the default timeout of a submitted task, or null for none'")
                .nullable("ProcessSpec.Builder.taskTimeout.timeout", "'positive, or null for none'")
                .nullable("ProcessStats.new.lastHeartbeat", "'or null if it has not yet'")
                .nullable("SKProcess.submit(AnyFunction,Duration).timeout", "'or null for none', as a spec's taskTimeout")
                // (the manager's spawn, pool and keepWarm are called below with a null argument only, so they start
                // no child unless they fail to refuse it)
                .skip("SKProcessCommander.start", "would start a second commander in this JVM, which refuses");

        nulls.statics(CommanderConfig.class).statics(CommanderConfig.Builder.class).statics(ProcessSpec.class)
                .statics(ProcessSpec.Builder.class).statics(ProcessSpec.InitFunction.class).statics(ProcessState.class)
                .statics(ProcessStats.class).statics(QuotaPolicy.class).statics(RestartPolicy.class)
                .statics(SKChildContext.class).statics(SKPool.class).statics(SKPool.Mapper.class)
                .statics(SKProcess.class).statics(SKProcessCommander.class).statics(SKProcessCrashedException.class)
                .statics(SKProcessException.class).statics(SKProcessManager.class)
                .statics(SKProcessStartException.class).statics(SKProcessTimeoutException.class)
                .statics(SKQuotaExceededException.class).statics(SKTaskFailedException.class);

        SKProcessManager manager = SKProcessManager.of(Domain.EXTERNAL);
        // one stopped child and one closed pool: their calls refuse or return at once whatever they do with null
        SKProcess child = manager.spawn("public-api-nulls");
        child.stop(Duration.ofSeconds(30));
        SKPool pool = manager.pool(1);
        pool.close();
        nulls.instance(SKProcess.class, child)
                .instance(SKPool.class, pool)
                .instance(SKProcessManager.class, manager)
                .instance(SKProcessCommander.class, SKProcessCommander.current())
                .instance(CommanderConfig.Builder.class, CommanderConfig.builder())
                .instance(CommanderConfig.class, CommanderConfig.defaults())
                .instance(ProcessSpec.Builder.class, ProcessSpec.builder("public-api-nulls"))
                .instance(ProcessSpec.class, spec)
                .instance(ProcessSpec.InitFunction.class, new ProcessSpec.InitFunction(() -> "x", 1))
                .instance(RestartPolicy.class, RestartPolicy.onCrash(1, Duration.ofSeconds(1)))
                .instance(ProcessState.class, ProcessState.values()[0])
                .instance(ProcessStats.class, child.stats())
                .instance(SKProcessCrashedException.class, new SKProcessCrashedException("m", "p", 1, 1, List.of()))
                .instance(SKTaskFailedException.class, new SKTaskFailedException("m", "C", List.of(), null))
                .noMembers(SKChildContext.class, "exists only inside a child; tell and listen refuse null first,"
                        + " with requireNonNull naming the parameter")
                .noMembers(SKPool.Mapper.class, "implemented by users; the pool calls it with each item");

        nulls.assertClean();
        assertThat(nulls.membersChecked()).hasSizeGreaterThan(80);
    }
}
