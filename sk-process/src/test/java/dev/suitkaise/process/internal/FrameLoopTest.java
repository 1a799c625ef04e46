package dev.suitkaise.process.internal;

import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The child's frame loop: tasks run on the thread that read them while reading goes on. */
class FrameLoopTest {

    /** A frame source: each item is run by the reader as "dispatch"; null ends the channel. */
    private final LinkedBlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final AtomicInteger ends = new AtomicInteger();
    private FrameLoop loop;

    private static final Object END = new Object();

    private FrameLoop start() {
        return start(TimeUnit.MILLISECONDS.toNanos(1));
    }

    private FrameLoop start(long handOverNanos) {
        loop = new FrameLoop(() -> {
            Object f;
            try {
                f = frames.take();
            } catch (InterruptedException e) {
                throw new IOException("interrupted", e);
            }
            if (f == END) {
                throw new EOFException("end");
            }
            ((Runnable) f).run();
        }, e -> ends.incrementAndGet(), Thread.ofPlatform().daemon().name("test-loop-", 0).factory(), handOverNanos);
        Thread.ofPlatform().daemon().name("test-lead").start(loop::lead);
        return loop;
    }

    @Test
    void aTaskRunsOnTheThreadThatReadItAndReadingGoesOnWhileItRuns() throws Exception {
        start();
        AtomicReference<Thread> reader = new AtomicReference<>();
        AtomicReference<Thread> runner = new AtomicReference<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch secondRan = new CountDownLatch(1);
        frames.add((Runnable) () -> {
            reader.set(Thread.currentThread());
            loop.execute(() -> {
                runner.set(Thread.currentThread());
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        });
        frames.add((Runnable) secondRan::countDown);

        // the first task blocks, yet the next frame is read and dispatched
        assertThat(secondRan.await(30, TimeUnit.SECONDS)).isTrue();
        release.countDown();
        assertThat(runner.get()).isSameAs(reader.get());
        frames.add(END);
    }

    @Test
    void aTaskWaitingForAnAnswerReadsItOnItsOwnThreadAndPassesOtherTasksOn() throws Exception {
        // no hand-over while the task gets ready to wait (on a busy machine that can take over 1 ms)
        start(TimeUnit.SECONDS.toNanos(60));
        java.util.concurrent.CompletableFuture<String> answer = new java.util.concurrent.CompletableFuture<>();
        AtomicReference<Thread> taskThread = new AtomicReference<>();
        AtomicReference<Thread> answeredOn = new AtomicReference<>();
        AtomicReference<Thread> otherTaskOn = new AtomicReference<>();
        CountDownLatch otherRan = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        frames.add((Runnable) () -> loop.execute(() -> {
            taskThread.set(Thread.currentThread());
            // the "request" goes out; its answer and another task arrive as frames
            frames.add((Runnable) () -> loop.execute(() -> {
                otherTaskOn.set(Thread.currentThread());
                otherRan.countDown();
            }));
            frames.add((Runnable) () -> {
                answeredOn.set(Thread.currentThread());
                answer.complete("answer");
            });
            loop.readUntil(answer, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            done.countDown();
        }));

        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(answer.getNow(null)).isEqualTo("answer");
        assertThat(answeredOn.get()).isSameAs(taskThread.get());
        assertThat(otherRan.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(otherTaskOn.get()).isNotSameAs(taskThread.get());
        frames.add(END);
    }

    @Test
    void aTaskMakingManyShortCallsDoesNotWakeTheWatchdogForEachOne() throws Exception {
        start(); // the watchdog looks every millisecond, as in a child
        int calls = 2_000;
        // the other side: answers each request with a frame, from its own thread, as a parent would
        LinkedBlockingQueue<java.util.concurrent.CompletableFuture<String>> requests = new LinkedBlockingQueue<>();
        Thread answerer = Thread.ofPlatform().daemon().name("test-answerer").start(() -> {
            try {
                while (true) {
                    java.util.concurrent.CompletableFuture<String> answer = requests.take();
                    frames.add((Runnable) () -> answer.complete("answer"));
                }
            } catch (InterruptedException e) {
                // the test is over
            }
        });
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Long> wakeUpsDuringCalls = new AtomicReference<>();
        frames.add((Runnable) () -> loop.execute(() -> {
            long before = loop.watchdogWakeUps();
            for (int i = 0; i < calls; i++) {
                java.util.concurrent.CompletableFuture<String> answer = new java.util.concurrent.CompletableFuture<>();
                requests.add(answer);
                loop.readUntil(answer, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
                answer.join();
            }
            wakeUpsDuringCalls.set(loop.watchdogWakeUps() - before);
            done.countDown();
        }));

        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        answerer.interrupt();
        // the watchdog sleeps through a call only once the call has lasted 100 ms, so the calls do
        // not wake it one by one (2,000 wake-ups); even a machine stalling now and then stays far below
        assertThat(wakeUpsDuringCalls.get()).isLessThan(calls / 10);
        frames.add(END);
    }

    @Test
    void anInterruptOfOneTaskDoesNotReachTheNextTaskOnTheSameThread() throws Exception {
        start();
        List<Boolean> interruptedAtStart = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(20);
        for (int i = 0; i < 20; i++) {
            frames.add((Runnable) () -> loop.execute(() -> {
                interruptedAtStart.add(Thread.currentThread().isInterrupted());
                Thread.currentThread().interrupt(); // as a cancelled task leaves it
                done.countDown();
            }));
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(interruptedAtStart).hasSize(20).containsOnly(false);
        frames.add(END);
    }

    @Test
    void theEndOfTheChannelIsReportedOnceAndShutdownWaitsForRunningTasks() throws Exception {
        start();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        frames.add((Runnable) () -> loop.execute(() -> {
            running.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        loop.shutdown();
        assertThatThrownBy(() -> loop.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThat(loop.awaitTermination(10, TimeUnit.MILLISECONDS)).isFalse();
        release.countDown();
        assertThat(loop.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        frames.add(END);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ends.get() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(ends.get()).isEqualTo(1);
    }

    @Test
    void idlePoolThreadsTakeNewTasksInsteadOfNewThreadsStarting() throws Exception {
        start();
        java.util.Set<Thread> used = java.util.concurrent.ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 50; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            // executed from this (non-reading) thread: an idle pool thread or a new one runs it
            loop.execute(() -> {
                used.add(Thread.currentThread());
                ran.countDown();
            });
            assertThat(ran.await(30, TimeUnit.SECONDS)).isTrue();
        }
        // one new thread per task would make 50; reuse needs only a few (a task may come before the last went idle)
        assertThat(used).hasSizeLessThanOrEqualTo(25);
        frames.add(END);
    }
}
