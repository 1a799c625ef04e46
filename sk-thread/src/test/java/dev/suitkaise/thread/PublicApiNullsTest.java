package dev.suitkaise.thread;

import dev.suitkaise.function.AnyFunction;
import dev.suitkaise.testkit.PublicApiNulls;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A null argument to any public constructor or method of {@code dev.suitkaise.thread} is refused with a
 * NullPointerException whose message names the parameter, except where the Javadoc says null is allowed.
 */
class PublicApiNullsTest {

    @Test
    void everyPublicMemberRefusesANullArgumentWithAMessageNamingTheParameter() throws Exception {
        PublicApiNulls nulls = new PublicApiNulls("dev.suitkaise.thread", PublicApiNullsTest.class)
                .setDefault(String.class, "public-api-nulls")
                // a valid thread priority (0 is not)
                .setDefault(int.class, Thread.NORM_PRIORITY)
                .setDefault(Duration.class, Duration.ofSeconds(1))
                .setDefault(AnyFunction.class, () -> "x")
                .setDefault(ThreadSpec.class, ThreadSpec.defaults())
                .setDefault(WorkerSpec.class, WorkerSpec.defaults())
                .setDefault(LocalKey.class, LocalKey.of("public-api-nulls", String.class))
                // Throwable's convention: a null message or cause is allowed
                .nullable("SKThreadException.new.message", "Throwable convention")
                .nullable("SKThreadException.new.cause", "Throwable convention")
                .nullable("SKRejectedException.new.message", "Throwable convention")
                // documented: 'IllegalArgumentException if ... the component is null' (the builder does the same)
                .refusedWith("ThreadSpec.new.component", IllegalArgumentException.class, "ThreadSpec's constructor Javadoc")
                .refusedWith("ThreadSpec.Builder.component.component", IllegalArgumentException.class, "as ThreadSpec")
                .nullable("ThreadSpec.new.kind", "'or null for the threader's default kind'")
                .nullable("ThreadSpec.new.listener", "'or null for none'")
                .nullable("ThreadSpec.Builder.kind.kind", "'or null for the threader's default'")
                .nullable("ThreadSpec.Builder.listener.listener", "'or null for none'")
                .nullable("WorkerSpec.new.listener", "'or null for none'")
                .nullable("WorkerSpec.Builder.listener.listener", "'or null for none'");

        nulls.statics(LocalKey.class).statics(OverflowPolicy.class).statics(Registration.class)
                .statics(SKRejectedException.class).statics(SKRejectedException.Reason.class).statics(SKThread.class)
                .statics(SKThreadException.class).statics(SKThreader.class).statics(SKThreader.Builder.class)
                .statics(SKWorker.class).statics(StopReport.class).statics(ThreadInfo.class)
                .statics(ThreadInfo.Role.class).statics(ThreadKind.class).statics(ThreadSpec.class)
                .statics(ThreadSpec.Builder.class).statics(ThreadState.class).statics(ThreadStateListener.class)
                .statics(WorkerSpec.class).statics(WorkerSpec.Builder.class);

        // a threader of this test's own: a call that wrongly accepted null would start or stop only its threads
        try (SKThreader threader = SKThreader.builder().name("public-api-nulls").shutdownHook(false).build()) {
            // finished, so that join and result return at once whatever they do with null
            SKThread<String> thread = threader.start("public-api-nulls", () -> "done");
            assertThat(thread.join(Duration.ofSeconds(30))).isTrue();
            SKWorker worker = threader.worker("public-api-nulls");
            // a stopped worker: submit refuses at once, and join returns at once
            worker.requestStop();
            assertThat(worker.join(Duration.ofSeconds(30))).isTrue();
            try (Registration registration = threader.onThreadStart("public-api-nulls", 0, () -> null)) {
                nulls.instance(SKThread.class, thread)
                        .instance(SKWorker.class, worker)
                        .instance(Registration.class, registration)
                        .instance(SKThreader.Builder.class, SKThreader.builder())
                        .instance(ThreadSpec.Builder.class, ThreadSpec.builder())
                        .instance(WorkerSpec.Builder.class, WorkerSpec.builder())
                        .instance(ThreadSpec.class, ThreadSpec.defaults())
                        .instance(WorkerSpec.class, WorkerSpec.defaults())
                        .instance(LocalKey.class, LocalKey.of("public-api-nulls", String.class))
                        .instance(StopReport.class, new StopReport(List.of(), List.of(), List.of(), Duration.ZERO))
                        .instance(ThreadInfo.class, threader.threads().isEmpty()
                                ? new ThreadInfo("t", ThreadInfo.Role.values()[0], ThreadKind.PLATFORM, "", ThreadState.NEW,
                                        Duration.ZERO, Optional.empty(), 0, Optional.empty(), 0)
                                : threader.threads().get(0))
                        .instance(ThreadState.class, ThreadState.NEW)
                        .instance(SKRejectedException.class, new SKRejectedException(SKRejectedException.Reason.values()[0],
                                "w", "m"))
                        // last: stopAll and shutdown with a non-null argument would end this threader's threads
                        .instance(SKThreader.class, threader)
                        .noMembers(ThreadStateListener.class, "implemented by users; the threader calls it, never with null");
            }
        }

        nulls.assertClean();
        assertThat(nulls.membersChecked()).hasSizeGreaterThan(50);
    }
}
