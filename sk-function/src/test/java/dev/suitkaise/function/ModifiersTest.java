package dev.suitkaise.function;

import dev.suitkaise.function.internal.ModifierRunner;
import dev.suitkaise.testkit.GrowingTimeout;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModifiersTest {

    /** Fails its first {@code failures} attempts with an IOException, then returns the attempt number. */
    private static SKFunction<Integer> flaky(AtomicInteger attempts, int failures) {
        return SKLambda.of("flaky", () -> {
            int n = attempts.incrementAndGet();
            if (n <= failures) {
                throw new IOException("attempt " + n + " failed");
            }
            return n;
        });
    }

    @Test
    void retryRunsFailedAttemptsAgainUntilOneSucceeds() {
        AtomicInteger attempts = new AtomicInteger();

        assertThat(flaky(attempts, 2).retry(3, Duration.ofMillis(1)).execute()).isEqualTo(3);
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void retryGivesUpAfterItsAttemptsWithTheLastFailure() {
        AtomicInteger attempts = new AtomicInteger();
        SKFunction<Integer> f = flaky(attempts, 100).retry(2, Duration.ZERO);

        assertThatThrownBy(f::execute).isInstanceOf(SKFunctionException.class)
                .hasCauseInstanceOf(IOException.class).hasRootCauseMessage("attempt 3 failed");
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void anInterruptDuringTheRetryBackoffKeepsTheFailedAttemptsExceptionAsSuppressed() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        SKFunction<Integer> f = flaky(attempts, 100).retry(1, Duration.ofHours(1));
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().name("retrying-caller").start(() -> {
            try {
                thrown.complete(new AssertionError("returned " + f.execute()));
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        Await.until("the caller sleeps in the backoff after the first attempt",
                () -> attempts.get() == 1 && caller.getState() == Thread.State.TIMED_WAITING);

        caller.interrupt();

        Throwable e = thrown.get(Await.BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(e).isInstanceOf(SKFunctionException.class).hasCauseInstanceOf(InterruptedException.class);
        assertThat(e.getCause().getSuppressed()).singleElement().isInstanceOf(IOException.class)
                .extracting(Throwable::getMessage).isEqualTo("attempt 1 failed");
        assertThat(attempts.get()).isOne();
    }

    @Test
    void retryWithTheLargestIntStillRetries() {
        AtomicInteger attempts = new AtomicInteger();

        assertThat(flaky(attempts, 2).retry(Integer.MAX_VALUE, Duration.ZERO).execute()).isEqualTo(3);
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void aBackoffTooLongForNanosecondsStillRunsTheFirstAttemptAndThenWaits() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        SKFunction<Integer> f = flaky(attempts, 100).retry(1, ChronoUnit.FOREVER.getDuration());
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread caller = Thread.ofPlatform().name("long-backoff-caller").start(() -> {
            try {
                thrown.complete(new AssertionError("returned " + f.execute()));
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        Await.until("the caller ends or sleeps in the backoff after the first attempt",
                () -> thrown.isDone() || attempts.get() == 1 && caller.getState() == Thread.State.TIMED_WAITING);
        assertThat(thrown).as("the call must not end before its backoff").isNotDone();

        caller.interrupt();

        Throwable e = thrown.get(Await.BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(e).isInstanceOf(SKFunctionException.class).hasCauseInstanceOf(InterruptedException.class);
        assertThat(e.getCause().getSuppressed()).singleElement().isInstanceOf(IOException.class);
        assertThat(attempts.get()).isOne();
    }

    /** Runs a body that always fails under retry modifiers, recording each backoff asked for instead of waiting it. */
    private static List<Long> backoffsOfAlwaysFailingCall(int retries, Duration backoff) {
        List<Long> backoffs = new ArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        ModifierRunner runner = new ModifierRunner(new Modifiers(retries, backoff, null, 0, false), "always-fails",
                backoffs::add);

        assertThatThrownBy(() -> runner.run(() -> {
            throw new IOException("attempt " + attempts.incrementAndGet() + " failed");
        }, null, Runnable::run, false)).isInstanceOf(IOException.class).hasMessage("attempt " + (retries + 1) + " failed");
        return backoffs;
    }

    @Test
    void eachFurtherRetryWaitsTwiceTheBackoffOfTheRetryBefore() {
        assertThat(backoffsOfAlwaysFailingCall(5, Duration.ofNanos(1))).containsExactly(1L, 2L, 4L, 8L, 16L);
        assertThat(backoffsOfAlwaysFailingCall(3, Duration.ofMillis(3)))
                .containsExactly(3_000_000L, 6_000_000L, 12_000_000L);
    }

    @Test
    void aBackoffThatWouldOverflowWhenDoubledStaysAtTheLongestWaitANanosecondLongCanCount() {
        assertThat(backoffsOfAlwaysFailingCall(3, Duration.ofNanos(Long.MAX_VALUE / 2)))
                .containsExactly(Long.MAX_VALUE / 2, Long.MAX_VALUE - 1, Long.MAX_VALUE);
        assertThat(backoffsOfAlwaysFailingCall(3, Duration.ofNanos(Long.MAX_VALUE / 2 + 1)))
                .containsExactly(Long.MAX_VALUE / 2 + 1, Long.MAX_VALUE, Long.MAX_VALUE);
        assertThat(backoffsOfAlwaysFailingCall(2, ChronoUnit.FOREVER.getDuration()))
                .containsExactly(Long.MAX_VALUE, Long.MAX_VALUE);
    }

    @Test
    void retryDoesNotRetryErrors() {
        AtomicInteger attempts = new AtomicInteger();
        SKFunction<Object> f = SKLambda.of("error", () -> {
            attempts.incrementAndGet();
            throw new AssertionError("fatal");
        }).retry(5, Duration.ZERO);

        assertThatThrownBy(f::execute).isInstanceOf(AssertionError.class);
        assertThat(attempts.get()).isEqualTo(1);
    }

    @Test
    void timeoutInterruptsTheBodyAndFailsTheAttempt() throws Exception {
        // the clock starts at hand-off: repeated with a doubled timeout while the body did not start within it
        GrowingTimeout.untilStarted(timeout -> {
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch interrupted = new CountDownLatch(1);
            SKFunction<String> f = SKLambda.of("stuck", () -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                    return "never";
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
            }).timeout(timeout);

            assertThatThrownBy(f::execute).isInstanceOf(SKFunctionTimeoutException.class)
                    .hasMessageContaining("'stuck'").hasMessageContaining(timeout.toString())
                    .satisfies(e -> assertThat(((SKFunctionTimeoutException) e).timeout()).isEqualTo(timeout));
            if (started.getCount() == 1) {
                return false;
            }
            assertThat(interrupted.await(20, TimeUnit.SECONDS)).isTrue();
            return true;
        });
    }

    @Test
    void aFastBodyIsNotAffectedByItsTimeout() {
        SKFunction<Integer> f = SKFunction.builder(Integer.class).target(Targets.class, "add").arg(1).arg(2).build()
                .timeout(Duration.ofSeconds(30));

        assertThat(f.execute()).isEqualTo(3);
    }

    @Test
    void aTimeoutTooLongForNanosecondsMeansNoLimitAndStartsTheBodyOnce() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean onItsOwnVirtualThread = new AtomicBoolean();
        SKFunction<Integer> f = SKLambda.of("forever", () -> {
            onItsOwnVirtualThread.set(Thread.currentThread().isVirtual());
            return attempts.incrementAndGet();
        }).timeout(ChronoUnit.FOREVER.getDuration()).retry(2, Duration.ZERO);

        assertThat(f.execute()).isEqualTo(1);
        assertThat(attempts.get()).isOne();
        assertThat(onItsOwnVirtualThread.get()).isTrue();
        assertThat(f.modifiers().timeout()).isEqualTo(ChronoUnit.FOREVER.getDuration());
    }

    @Test
    void rateLimitSpacesOutCallsFromManyThreads() throws Exception {
        List<Long> starts = Collections.synchronizedList(new ArrayList<>());
        SKFunction<Boolean> f = SKLambda.of("limited", () -> starts.add(System.nanoTime())).rateLimit(20);
        long begin = System.nanoTime();

        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 3; i++) {
                    f.execute();
                }
            }));
        }
        for (Thread t : threads) {
            assertThat(t.join(Duration.ofSeconds(30))).isTrue();
        }

        assertThat(starts).hasSize(9);
        // 9 permits at 20 per second: the last one is granted at least 8 intervals (400 ms) after the first.
        long span = Collections.max(starts) - begin;
        assertThat(span).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
    }

    @Test
    void backgroundReturnsAFutureAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        SKFunction<CompletableFuture<String>> f = SKLambda.of("later", () -> {
            release.await(20, TimeUnit.SECONDS);
            return "ready";
        }).background();

        CompletableFuture<String> future = f.execute();
        assertThat(future).isNotDone();
        release.countDown();
        assertThat(future.get(20, TimeUnit.SECONDS)).isEqualTo("ready");
        assertThat(f.modifiers().background()).isTrue();
    }

    @Test
    void cancellingABackgroundCallInterruptsIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        SKFunction<CompletableFuture<String>> f = SKLambda.of("bg", () -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
                return "never";
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        }).background();

        CompletableFuture<String> future = f.execute();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        future.cancel(true);
        assertThat(interrupted.await(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void modifiersAreTheSameWhateverOrderTheyWereAddedIn() {
        SKFunction<Integer> base = SKFunction.builder(Integer.class).target(Targets.class, "answer").build();
        Duration t = Duration.ofSeconds(5);
        Duration b = Duration.ofMillis(3);

        Modifiers one = base.timeout(t).retry(2, b).rateLimit(50).background().modifiers();
        Modifiers two = base.background().rateLimit(50).retry(2, b).timeout(t).modifiers();

        assertThat(one).isEqualTo(two).isEqualTo(new Modifiers(2, b, t, 50, true));
    }

    @Test
    void aTimedOutAttemptIsRetriedBecauseTheTimeoutIsInsideTheRetry() throws Exception {
        // Only the hanging first attempt may run into the per-attempt limit. Its clock starts at hand-off, so a
        // loaded machine could also leave an attempt unstarted past it: the call then times out with fewer than two
        // bodies run, and is repeated with a doubled limit (as is a call that does so every round: a real failure).
        GrowingTimeout.untilStarted(timeout -> {
            AtomicInteger attempts = new AtomicInteger();
            SKFunction<Integer> timeoutThenRetry = SKLambda.of("a", firstHangs(attempts)).timeout(timeout)
                    .retry(1, Duration.ZERO);
            return returnsTheSecondAttempt(timeoutThenRetry, attempts);
        });
        GrowingTimeout.untilStarted(timeout -> {
            AtomicInteger attempts = new AtomicInteger();
            SKFunction<Integer> retryThenTimeout = SKLambda.of("b", firstHangs(attempts)).retry(1, Duration.ZERO)
                    .timeout(timeout);
            return returnsTheSecondAttempt(retryThenTimeout, attempts);
        });
    }

    /** A body that counts its runs in {@code attempts} and returns the count, except the first run: it hangs. */
    private static AnyFunction<Integer> firstHangs(AtomicInteger attempts) {
        return () -> {
            int n = attempts.incrementAndGet();
            if (n == 1) {
                new CountDownLatch(1).await();
            }
            return n;
        };
    }

    /** Checks the call returns 2; false, checking nothing more, if it timed out before two attempts ran the body. */
    private static boolean returnsTheSecondAttempt(SKFunction<Integer> f, AtomicInteger attempts) {
        int result;
        try {
            result = f.execute();
        } catch (SKFunctionTimeoutException e) {
            if (attempts.get() < 2) {
                return false;
            }
            throw e;
        }
        assertThat(result).isEqualTo(2);
        assertThat(attempts.get()).isEqualTo(2);
        return true;
    }

    @Test
    void retriesHappenInsideTheBackgroundCall() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        SKFunction<CompletableFuture<Integer>> f = flaky(attempts, 1).background().retry(1, Duration.ZERO);

        assertThat(f.execute().get(20, TimeUnit.SECONDS)).isEqualTo(2);
    }

    @Test
    void everyAttemptTakesARateLimitPermit() {
        AtomicInteger attempts = new AtomicInteger();
        long begin = System.nanoTime();

        assertThat(flaky(attempts, 2).rateLimit(10).retry(2, Duration.ZERO).execute()).isEqualTo(3);

        // three attempts at 10 per second: the third permit comes at least 200 ms after the first
        assertThat(System.nanoTime() - begin).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void aModifiedFunctionIsStillARegistrableSerializableFunction() throws Exception {
        SKFunction<Integer> f = SKFunction.builder(Integer.class).target(Targets.class, "add").arg(2).arg(5).build()
                .retry(2, Duration.ofMillis(1)).timeout(Duration.ofSeconds(10)).rateLimit(100);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(f);
        }
        Object back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = in.readObject();
        }

        assertThat(back).isInstanceOf(SKFunction.class);
        SKFunction<?> copy = (SKFunction<?>) back;
        assertThat(copy.modifiers()).isEqualTo(f.modifiers());
        assertThat(copy.execute()).isEqualTo(7);
        f.register("mod.add");
        try {
            assertThat(SKFunction.get("mod.add").modifiers()).isEqualTo(f.modifiers());
        } finally {
            SKFunctionReg.global().remove("mod.add");
        }
    }
}
