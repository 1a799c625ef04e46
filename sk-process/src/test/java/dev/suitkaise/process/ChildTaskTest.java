package dev.suitkaise.process;

import dev.suitkaise.function.SKFunction;
import dev.suitkaise.function.SKFunctionReg;
import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.invoke.MethodHandles;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Functions submitted to a child JVM run there, and their results and failures come back. */
@ExtendWith(NoOrphans.class)
class ChildTaskTest {

    private static SKProcess worker;

    @BeforeAll
    static void spawn() {
        worker = SKProcessManager.of(Domain.INTERNAL).spawn("task-worker");
    }

    @AfterAll
    static void stop() {
        worker.stop(Duration.ofSeconds(5));
    }

    @Test
    void aLambdaRunsInTheChildJvmAndItsResultComesBack() throws Exception {
        long childPid = Children.await(worker.submit(() -> ProcessHandle.current().pid()));

        assertThat(childPid).isEqualTo(worker.pid()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(ProcessHandle.of(childPid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .contains(ProcessHandle.current().pid());
    }

    @Test
    void aStaticMethodReferenceRunsInTheChild() throws Exception {
        assertThat(Children.await(worker.submit(ChildState::answer))).isEqualTo(42);
    }

    @Test
    void aFunctionRegisteredByNameInTheChildRunsThereWithItsBoundArguments() throws Exception {
        String name = "greet-" + UUID.randomUUID();
        SKProcess p = SKProcessManager.of(Domain.INTERNAL).spawn(ProcessSpec.builder("task-registry")
                .init(() -> SKFunction.builder(String.class).lookup(MethodHandles.lookup())
                        .target(ChildState.class, "greet", String.class, int.class)
                        .arg("who", "suitkaise").name(name).buildAndRegister())
                .build());
        try {
            String result = Children.await(p.submit(() -> SKFunctionReg.global().<String>function(name).withArg("times", 2).execute()));

            assertThat(result).isEqualTo("hello suitkaise hello suitkaise from pid " + p.pid());
            assertThat(SKFunctionReg.global().contains(name)).as("registered in the child only").isFalse();
        } finally {
            p.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void aBuiltFunctionWithBoundArgumentsTravelsToTheChildAndRunsThere() throws Exception {
        SKFunction<String> greet = SKFunction.builder(String.class).lookup(MethodHandles.lookup())
                .target(ChildState.class, "greet", String.class, int.class)
                .arg("who", "cereal").arg("times", 1).build();

        assertThat(Children.await(worker.submit(greet))).isEqualTo("hello cereal from pid " + worker.pid());
    }

    @Test
    void capturedValuesTravelWithTheLambda() throws Exception {
        String word = "suit";
        int times = 3;
        List<Integer> numbers = List.of(1, 2, 3);

        String result = Children.await(worker.submit(() -> word.repeat(times) + numbers.stream().mapToInt(Integer::intValue).sum()));

        assertThat(result).isEqualTo("suitsuitsuit6");
    }

    @Test
    void executeBlocksUntilTheResultArrives() {
        assertThat(worker.execute(() -> 6 * 7, Children.BOUND)).isEqualTo(42);
    }

    @Test
    void anExceptionThrownInTheChildFailsTheFutureWithTheChildsExceptionAsCause() throws Exception {
        Throwable failure = Children.failureOf(worker.submit(() -> {
            throw new IllegalStateException("no coffee in pid " + ProcessHandle.current().pid());
        }));

        assertThat(failure).isInstanceOf(SKTaskFailedException.class)
                .hasMessageContaining("task-worker").hasMessageContaining("no coffee in pid " + worker.pid());
        SKTaskFailedException task = (SKTaskFailedException) failure;
        assertThat(task.remoteClassName()).isEqualTo(IllegalStateException.class.getName());
        assertThat(task.remoteStackTrace()).anySatisfy(frame -> assertThat(frame).contains("ChildTaskTest"));
        assertThat(task.getCause()).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("no coffee");
    }

    @Test
    void aFunctionThatCannotBeSerializedIsRefusedAtOnceWithTheReason() {
        Runnable notSerializable = () -> { };

        assertThatThrownBy(() -> worker.submit(() -> {
            notSerializable.run();
            return 1;
        })).isInstanceOf(SKProcessException.class)
                .hasMessageContaining("task-worker")
                .hasMessageContaining("not serializable");
    }

    @Test
    void theChildRunsTheParentsJavaWithTheSameModulePath() throws Exception {
        List<String> child = Children.await(worker.submit(() -> List.of(System.getProperty("java.home"),
                String.valueOf(System.getProperty("jdk.module.path")), String.valueOf(SKProcess.class.getModule().isNamed()))));

        assertThat(child).containsExactly(System.getProperty("java.home"), String.valueOf(System.getProperty("jdk.module.path")),
                String.valueOf(SKProcess.class.getModule().isNamed()));
    }

    @Test
    void theStateIsBusyWhileATaskRunsAndReadyAgainAfterIt() throws Exception {
        // the timeout's clock starts at the send, after 'before': a state read within the timeout of 'before' was read
        // while the task was pending; where this thread stalled longer than that, it tries again with a longer timeout
        for (Duration timeout : List.of(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(30))) {
            long before = System.nanoTime();
            CompletableFuture<String> blocked = worker.submit(ChildState::block, timeout);
            ProcessState whileBlocked = worker.state();
            boolean readWhilePending = System.nanoTime() - before < timeout.toNanos();

            assertThat(Children.failureOf(blocked)).isInstanceOf(SKProcessTimeoutException.class);
            assertThat(worker.state()).isEqualTo(ProcessState.READY);
            if (readWhilePending) {
                assertThat(whileBlocked).isEqualTo(ProcessState.BUSY);
                return;
            }
        }
        fail("This thread did not read the state within any of the task's timeouts (5, 15 and 30 s)");
    }

    @Test
    void statsCountTasksAndCarryTheChildsHeartbeatAndHeap() throws Exception {
        long doneBefore = worker.stats().tasksDone();
        long failedBefore = worker.stats().tasksFailed();
        Children.await(worker.submit(() -> "ok"));
        Children.failureOf(worker.submit(() -> {
            throw new IllegalArgumentException("counted");
        }));

        Children.until("a heartbeat from the child", Children.BOUND, () -> worker.stats().lastHeartbeat() != null);
        ProcessStats stats = worker.stats();
        assertThat(stats.tasksDone()).isEqualTo(doneBefore + 1);
        assertThat(stats.tasksFailed()).isEqualTo(failedBefore + 1);
        assertThat(stats.pid()).isEqualTo(worker.pid());
        assertThat(stats.heapUsed()).isPositive().isLessThanOrEqualTo(stats.heapMax());
        assertThat(stats.uptime()).isPositive();
    }

    @Test
    void theChildsStdoutAndStderrAreLoggedLineByLineUnderTheProcessName() throws Exception {
        String marker = UUID.randomUUID().toString();
        try (LogCapture log = new LogCapture()) {
            Children.await(worker.submit(() -> {
                System.out.println("out " + marker);
                System.err.println("err " + marker);
                return null;
            }));

            assertThat(log.awaitLine(Children.BOUND, "out " + marker)).contains("INFO dev.suitkaise.process.child.task-worker - ");
            assertThat(log.awaitLine(Children.BOUND, "err " + marker)).contains("WARN dev.suitkaise.process.child.task-worker - ");
        }
    }
}
