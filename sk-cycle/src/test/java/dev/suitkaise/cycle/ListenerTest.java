package dev.suitkaise.cycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Listeners hear every part and run of a cycle as they end. */
class ListenerTest {

    /** Records what it hears as text. */
    private static final class Recorder implements CycleListener {
        final List<String> heard = new CopyOnWriteArrayList<>();

        @Override
        public void partEnded(String cycleName, long iteration, PartResult part) {
            heard.add(cycleName + "#" + iteration + " " + part.name() + " " + part.outcome());
        }

        @Override
        public void runEnded(CycleRun run) {
            heard.add(run.cycleName() + "#" + run.iteration() + " " + run.status());
        }
    }

    @Test
    void aCycleListenerHearsEveryPartAsItEndsAndThenTheRun() {
        Recorder recorder = new Recorder();
        CyclePart a = CyclePart.of("a", () -> "a");
        CyclePart b = CyclePart.builder("b", () -> {
            throw new IllegalStateException("b broke");
        }).errorMode(ErrorMode.skip()).build();
        CyclePart c = CyclePart.of("c", () -> "c");
        try (Cycle cycle = Cycle.builder("heard").add(a, 1).add(b, 2).add(c, 3).build()) {
            cycle.addListener(recorder);
            cycle.addListener(new CycleListener() {
                @Override
                public void runEnded(CycleRun run) {
                    throw new IllegalStateException("a broken listener is ignored");
                }
            });
            CycleRun run = cycle.runOnce();
            assertThat(run.status()).isEqualTo(RunStatus.OK);
            assertThat(recorder.heard).containsExactly("heard#1 a SUCCEEDED", "heard#1 b SKIPPED", "heard#1 c NOT_RUN",
                    "heard#1 OK");
            assertThat(cycle.removeListener(recorder)).isTrue();
            cycle.runOnce();
            assertThat(recorder.heard).hasSize(4);
        }
    }

    @Test
    void aListenerThatThrowsAnErrorDoesNotAbortTheRun() {
        Recorder recorder = new Recorder();
        try (Cycle cycle = Cycle.builder("erroring-listener").add(CyclePart.of("x", () -> "x"), 1)
                .add(CyclePart.of("y", () -> "y"), 2).build()) {
            cycle.addListener(new CycleListener() {
                @Override
                public void partEnded(String cycleName, long iteration, PartResult part) {
                    throw new AssertionError("an assertion in a listener");
                }
            });
            cycle.addListener(recorder);
            CycleRun run = cycle.runOnce();

            assertThat(run.status()).isEqualTo(RunStatus.OK);
            assertThat(run.part("y").output()).isEqualTo("y");
            assertThat(recorder.heard).containsExactly("erroring-listener#1 x SUCCEEDED", "erroring-listener#1 y SUCCEEDED",
                    "erroring-listener#1 OK");
        }
    }

    @Test
    void aHandleListenerHearsTheRunsOfThatHandle() throws InterruptedException {
        Recorder recorder = new Recorder();
        try (Cycle cycle = Cycle.builder("handle-heard").add(CyclePart.of("tick", () -> 1), 1).build();
             CycleHandle handle = cycle.start()) {
            handle.addListener(recorder);
            long seen = handle.runs();
            assertThat(handle.awaitRuns(seen + 3, Duration.ofSeconds(10))).isTrue();
            assertThat(handle.stop(Duration.ofSeconds(10))).isTrue();
            assertThat(recorder.heard).filteredOn(s -> s.endsWith(" OK")).hasSizeGreaterThanOrEqualTo(1);
            assertThat(recorder.heard).filteredOn(s -> s.contains(" tick SUCCEEDED")).isNotEmpty();
        }
    }
}
