package dev.suitkaise.thread.internal;

import dev.suitkaise.thread.OverflowPolicy;
import dev.suitkaise.thread.SKRejectedException;
import dev.suitkaise.thread.ThreadKind;
import dev.suitkaise.thread.Waits;
import dev.suitkaise.thread.WorkerSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A bounded mailbox whose last room was taken by a submitter that has not yet queued its task when
 * the worker ends: a submitter waiting for room (policy BLOCK) is not left waiting forever.
 */
class MailboxRoomAtWorkerEndTest {

    /** Far above what any wait here needs on a loaded 2-core machine. */
    private static final long BOUND_SECONDS = 20;

    private final ThreaderCore core = new ThreaderCore("room-at-end", ThreadKind.PLATFORM);
    private final CountDownLatch releaseHeld = new CountDownLatch(1);
    private final List<Thread> submitters = new CopyOnWriteArrayList<>();

    @AfterEach
    void releaseSubmittersAndStopWhatIsLeft() throws InterruptedException {
        releaseHeld.countDown();
        for (Thread t : submitters) {
            t.interrupt(); // a submitter still waiting for room gives up (reason INTERRUPTED)
            assertThat(t.join(Duration.ofSeconds(BOUND_SECONDS))).as("submitter %s ended", t.getName()).isTrue();
        }
        assertThat(core.stopAll(Duration.ofSeconds(5)).notFinished()).as("threads left running by the test")
                .isEmpty();
    }

    @Test
    void aSubmitterWaitingForRoomThatAnUnqueuedSubmitterHoldsIsRejectedAsStoppedWhenTheWorkerEnds() throws Exception {
        WorkerHandle w = core.worker("one-room", WorkerSpec.builder().bounded(1, OverflowPolicy.BLOCK).build());
        CountDownLatch roomTaken = new CountDownLatch(1);
        w.afterRoomTaken(() -> {
            if (Thread.currentThread().getName().equals("holds-the-room")) {
                roomTaken.countDown();
                Waits.awaitIgnoringInterrupts(releaseHeld);
            }
        });
        Submission held = submitOn("holds-the-room", w);
        assertThat(roomTaken.await(BOUND_SECONDS, TimeUnit.SECONDS)).as("the first submitter took the only room").isTrue();
        Submission waiting = submitOn("waits-for-room", w);
        Waits.until(() -> waitsInSemaphoreAcquire(waiting.thread()), "the second submitter waits for room");

        w.requestStop();
        assertThat(w.join(Duration.ofSeconds(BOUND_SECONDS))).as("the worker ended").isTrue();

        CompletableFuture<String> rejected;
        try {
            rejected = waiting.returned().get(BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the submitter waiting for room was left waiting after the worker ended", e);
        }
        assertRejectedAsStopped(rejected);

        releaseHeld.countDown();
        assertRejectedAsStopped(held.returned().get(BOUND_SECONDS, TimeUnit.SECONDS));
    }

    /** A submitting thread and what its submit call returned, once it returned. */
    private record Submission(Thread thread, CompletableFuture<CompletableFuture<String>> returned) {
    }

    /** Calls submit on a new platform thread. */
    private Submission submitOn(String threadName, WorkerHandle w) {
        CompletableFuture<CompletableFuture<String>> submitted = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().name(threadName).daemon(true).unstarted(() -> {
            try {
                submitted.complete(w.submit(threadName, () -> "ran"));
            } catch (Throwable e) {
                submitted.completeExceptionally(e);
            }
        });
        submitters.add(t);
        t.start();
        return new Submission(t, submitted);
    }

    private static void assertRejectedAsStopped(CompletableFuture<String> f) {
        assertThatThrownBy(() -> f.get(BOUND_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(SKRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(SKRejectedException.Reason.STOPPED));
    }

    private static boolean waitsInSemaphoreAcquire(Thread t) {
        return t.getState() == Thread.State.WAITING && Arrays.stream(t.getStackTrace())
                .anyMatch(f -> f.getClassName().equals(Semaphore.class.getName()) && f.getMethodName().equals("acquire"));
    }
}
