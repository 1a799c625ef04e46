package dev.suitkaise.function;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricsTest {

    @Test
    void callsFailuresAndTheLastCallAreCounted() {
        Instant before = Instant.now().minusSeconds(1);
        SKFunction<Integer> add = SKFunction.builder(Integer.class).target(Targets.class, "add").arg(1).metrics(true).build();

        add.execute(1);
        add.execute(2);
        assertThatThrownBy(() -> add.execute("x")).isInstanceOf(SKFunctionException.class);

        FunctionMetrics m = add.metrics();
        assertThat(m.calls()).isEqualTo(3);
        assertThat(m.failures()).isEqualTo(1);
        assertThat(m.lastCall()).hasValueSatisfying(t -> assertThat(t).isAfter(before));
    }

    @Test
    void executionTimesGiveAMeanAndOrderedPercentiles() {
        SKFunction<String> f = SKLambda.of("work", () -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                sb.append(i);
            }
            return sb.toString();
        }).withMetrics(true);

        for (int i = 0; i < 500; i++) {
            f.execute();
        }

        FunctionMetrics m = f.metrics();
        assertThat(m.calls()).isEqualTo(500);
        assertThat(m.meanNanos()).isPositive();
        assertThat(m.p50Nanos()).isPositive().isLessThanOrEqualTo(m.p90Nanos());
        assertThat(m.p90Nanos()).isLessThanOrEqualTo(m.p99Nanos());
        assertThat(m.p99Nanos()).isLessThanOrEqualTo(m.maxNanos() + m.maxNanos() / 8);
    }

    @Test
    void aCallWithRetriesCountsOnceAndAFailedOneAsAFailure() {
        AtomicInteger attempts = new AtomicInteger();
        SKFunction<Integer> f = SKLambda.of("retried", () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            return 1;
        }).withMetrics(true).retry(2, Duration.ZERO);

        f.execute();

        assertThat(f.metrics().calls()).isEqualTo(1);
        assertThat(f.metrics().failures()).isZero();
    }

    @Test
    void metricsCanBeSwitchedOffPerFunctionAndByDefault() {
        SKFunction<Integer> off = SKFunction.builder(Integer.class).target(Targets.class, "answer").metrics(false).build();
        off.execute();
        assertThat(off.metricsEnabled()).isFalse();
        assertThat(off.metrics()).isEqualTo(FunctionMetrics.EMPTY);

        boolean previous = SKFunctions.metricsDefault();
        try {
            SKFunctions.setMetricsDefault(false);
            assertThat(SKLambda.of(() -> 1).metricsEnabled()).isFalse();
            SKFunctions.setMetricsDefault(true);
            assertThat(SKLambda.of(() -> 1).metricsEnabled()).isTrue();
        } finally {
            SKFunctions.setMetricsDefault(previous);
        }
    }

    @Test
    void copiesCountSeparately() {
        SKFunction<Integer> a = SKFunction.builder(Integer.class).target(Targets.class, "answer").metrics(true).build();
        SKFunction<Integer> b = a.withName("copy");

        a.execute();
        a.execute();
        b.execute();

        assertThat(a.metrics().calls()).isEqualTo(2);
        assertThat(b.metrics().calls()).isEqualTo(1);
    }
}
