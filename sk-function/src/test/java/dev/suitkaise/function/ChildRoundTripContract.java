package dev.suitkaise.function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every target kind travels to a real child JVM (over its stdin, in the {@linkplain #codec() codec}
 * of the subclass), runs there and its result comes back over its stdout. The child has the same
 * classes on its class path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ChildRoundTripContract {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private List<ChildRunner.Outcome> outcomes;
    private List<SKFunction<?>> sent;

    /**
     * How the functions travel.
     *
     * @return the codec used both ways
     */
    abstract ChildRunner.Codec codec();

    @BeforeAll
    void runEveryKindInAChild() throws Exception {
        String suffix = "!";
        AnyFunction<String> lambda = () -> "lambda says hi" + suffix;
        AnyFunction<Integer> methodRef = Targets::answer;
        sent = List.of(
                SKFunction.builder(Integer.class).target(Targets.class, "add").arg(40).arg(2).name("child.static").build(),
                SKFunction.builder(Integer.class).target(new Targets.Multiplier(6), "times").arg(7).name("child.instance")
                        .build(),
                SKFunction.builder(Targets.Point.class).constructor(Targets.Point.class, int.class, int.class).arg(3).arg(4)
                        .name("child.constructor").build(),
                SKLambda.of("child.lambda", lambda),
                SKLambda.of(methodRef),
                SKFunction.builder(String.class).target(Targets.class, "join4").arg("c", "C").arg("A")
                        .name("child.partial").build(),
                SKFunction.builder(Integer.class).target(Targets.class, "add").arg(1).arg(1).name("child.modified").build()
                        .retry(2, Duration.ofMillis(1)).timeout(Duration.ofSeconds(20)),
                SKFunction.builder(String.class).target(Targets.class, "greet").arg("Hello").name("child.async").build()
                        .async(),
                SKFunction.builder(Integer.class).target(Targets.class, "answer").name("child.background").build().background(),
                SKFunction.builder(String.class).target(Targets.class, "failChecked").arg("child disk full")
                        .name("child.failing").build(),
                SKFunction.builder(String.class).lookup(java.lang.invoke.MethodHandles.lookup())
                        .target(Targets.class, "secret").arg("travels").name("child.private").build());
        List<ChildRunner.Job> jobs = new ArrayList<>();
        for (SKFunction<?> fn : sent) {
            List<Object> extra = switch (fn.name()) {
                case "child.partial" -> List.of("B", "D");
                case "child.async" -> List.of("child");
                default -> List.of();
            };
            jobs.add(new ChildRunner.Job(fn, extra));
        }
        outcomes = runInChild(jobs);
    }

    private List<ChildRunner.Outcome> runInChild(List<ChildRunner.Job> jobs) throws Exception {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Set<String> classPath = new LinkedHashSet<>();
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    classPath.add(entry);
                }
            }
        }
        Path basedir = Path.of(System.getProperty("basedir", "."));
        classPath.add(basedir.resolve("target/test-classes").toAbsolutePath().toString());
        classPath.add(basedir.resolve("target/classes").toAbsolutePath().toString());
        Path stderr = Files.createTempFile("sk-function-child", ".log");
        // In the child the test classes lie under no domain root, so the cereal codec is told to allow them.
        Process child = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Dkryo.unsafe=false",
                "-Dsuitkaise.cereal.allow=dev.suitkaise.function.*",
                "-cp", String.join(File.pathSeparator, classPath), ChildRunner.class.getName(), codec().name())
                .redirectError(stderr.toFile())
                .start();
        try {
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return child.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            try (OutputStream stdin = child.getOutputStream()) {
                codec().write(new ArrayList<>(jobs), stdin);
            }
            if (!child.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("The child JVM did not finish within " + BOUND + "; stderr: "
                        + Files.readString(stderr));
            }
            byte[] bytes = output.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            assertThat(child.exitValue()).as("child exit code; stderr: %s", Files.readString(stderr)).isZero();
            return codec().read(new ByteArrayInputStream(bytes));
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS);
            }
            Files.deleteIfExists(stderr);
        }
    }

    private ChildRunner.Outcome outcome(String name) {
        return outcomes.stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome for " + name + " in " + outcomes));
    }

    @Test
    void everyFunctionRanInAnotherProcess() {
        assertThat(outcomes).hasSize(sent.size());
        assertThat(outcomes).allSatisfy(o -> assertThat(o.pid()).isNotEqualTo(ProcessHandle.current().pid()));
    }

    @Test
    void aStaticMethodRunsInTheChild() {
        assertThat(outcome("child.static").result()).isEqualTo(42);
        assertThat(outcome("child.static").kind()).isEqualTo(TargetKind.STATIC_METHOD);
    }

    @Test
    void anInstanceMethodTravelsWithItsReceiverAndRunsInTheChild() {
        assertThat(outcome("child.instance").result()).isEqualTo(42);
        assertThat(outcome("child.instance").kind()).isEqualTo(TargetKind.INSTANCE_METHOD);
    }

    @Test
    void aConstructorRunsInTheChild() {
        assertThat(outcome("child.constructor").result()).isEqualTo(new Targets.Point(3, 4));
    }

    @Test
    void aCapturingLambdaRunsInTheChildAsAnSKLambda() {
        assertThat(outcome("child.lambda").result()).isEqualTo("lambda says hi!");
        assertThat(outcome("child.lambda").variant()).isEqualTo("SKLambda");
    }

    @Test
    void aMethodReferenceRunsInTheChildUnderItsAutomaticName() {
        assertThat(outcome("Targets::answer").result()).isEqualTo(42);
    }

    @Test
    void extraArgumentsGivenInTheChildFillTheUnboundParameters() {
        assertThat(outcome("child.partial").result()).isEqualTo("A-B-C-D");
    }

    @Test
    void modifiersTravelAndApplyInTheChild() {
        assertThat(outcome("child.modified").result()).isEqualTo(2);
        assertThat(outcome("child.modified").function().modifiers())
                .isEqualTo(new Modifiers(2, Duration.ofMillis(1), Duration.ofSeconds(20), 0, false));
        assertThat(outcome("child.background").result()).isEqualTo(42);
    }

    @Test
    void anAsyncFunctionStaysAsyncInTheChild() {
        assertThat(outcome("child.async").variant()).isEqualTo("SKAsync");
        assertThat(outcome("child.async").result()).isEqualTo("Hello, child!");
    }

    @Test
    void aPrivateMethodRunsInTheChildWhereItsPackageIsOpen() {
        assertThat(outcome("child.private").result()).isEqualTo("secret travels");
    }

    @Test
    void aFailureInTheChildNamesTheFunction() {
        assertThat(outcome("child.failing").error()).contains("SKFunctionException").contains("'child.failing'")
                .contains("child disk full");
    }

    @Test
    void functionsSentBackFromTheChildRunHereAgain() {
        assertThat(outcome("child.static").function().execute()).isEqualTo(42);
        assertThat(outcome("child.lambda").function().execute()).isEqualTo("lambda says hi!");
        assertThat(outcome("child.partial").function().execute("b", "d")).isEqualTo("A-b-C-d");
    }
}
