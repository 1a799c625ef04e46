package dev.suitkaise.function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsyncVariantTest {

    @Test
    void executeAsyncRunsOnAVirtualThreadByDefault() throws Exception {
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        SKAsync<String> f = SKAsync.of(() -> {
            ranOn.set(Thread.currentThread());
            return "done";
        });

        assertThat(f.executeAsync().get(20, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(ranOn.get().isVirtual()).isTrue();
        assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
    }

    @Test
    void executeAsyncRunsOnAGivenExecutor() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "given-pool"));
        try {
            SKAsync<String> f = SKFunction.builder(String.class).target(Targets.class, "greet").arg("Hi").build().async(pool);

            assertThat(f.executeAsync("Ada").get(20, TimeUnit.SECONDS)).isEqualTo("Hi, Ada!");
            AnyFunction<String> threadName = () -> Thread.currentThread().getName();
            assertThat(SKFunctions.convert(threadName).async(pool).executeAsync().get(20, TimeUnit.SECONDS))
                    .isEqualTo("given-pool");
            assertThat(f.executor()).isSameAs(pool);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "cancel({0})")
    @ValueSource(booleans = {true, false})
    void cancellingTheFutureInterruptsTheBodyWhetherOrNotItMayInterrupt(boolean mayInterruptIfRunning) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        SKAsync<String> f = SKAsync.of(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
                return "never";
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
        });

        CompletableFuture<String> future = f.executeAsync();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(future.cancel(mayInterruptIfRunning)).isTrue();

        assertThat(interrupted.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(future).isCancelled();
        assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
    }

    @Test
    void aCancelWhoseInterruptTheBodyDidNotConsumeLeavesNoInterruptOnTheThreadThatRanIt() throws Exception {
        CompletableFuture<Boolean> interruptedAfterRun = new CompletableFuture<>();
        // a thread that goes on after the call (as a pooled one would), and tells whether it is still interrupted
        Executor reporting = call -> Thread.ofPlatform().name("runs-then-goes-on").start(() -> {
            call.run();
            interruptedAfterRun.complete(Thread.currentThread().isInterrupted());
        });
        CountDownLatch started = new CountDownLatch(1);
        // ends as the cancel's interrupt arrives, without consuming it (isInterrupted does not clear it)
        SKAsync<String> f = SKAsync.of(() -> {
            started.countDown();
            Await.until("the cancel interrupted the body", () -> Thread.currentThread().isInterrupted());
            return "ended with the interrupt still set";
        }).async(reporting);

        CompletableFuture<String> future = f.executeAsync();
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(future.cancel(true)).isTrue();

        assertThat(interruptedAfterRun.get(20, TimeUnit.SECONDS)).as("the thread is interrupted after the call").isFalse();
        assertThat(future).isCancelled();
    }

    @Test
    void aCancelledCallThatHasNotStartedNeverRuns() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean secondRan = new AtomicBoolean();
        try {
            SKAsync<Boolean> blocker = SKAsync.of(() -> release.await(20, TimeUnit.SECONDS)).async(pool);
            SKAsync<Boolean> second = SKAsync.of(() -> {
                secondRan.set(true);
                return true;
            }).async(pool);

            CompletableFuture<Boolean> first = blocker.executeAsync();
            CompletableFuture<Boolean> queued = second.executeAsync();
            queued.cancel(false);
            release.countDown();

            assertThat(first.get(20, TimeUnit.SECONDS)).isTrue();
            pool.shutdown();
            assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
            assertThat(secondRan).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void failuresCompleteTheFutureExceptionally() {
        SKAsync<String> f = SKFunction.builder(String.class).target(Targets.class, "failChecked").arg("bad").build().async();

        assertThatThrownBy(() -> f.executeAsync().get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void executeOnAnAsyncFunctionStillRunsInTheCallingThread() {
        AnyFunction<Thread> current = Thread::currentThread;

        assertThat(SKAsync.of(current).execute()).isSameAs(Thread.currentThread());
    }
}
