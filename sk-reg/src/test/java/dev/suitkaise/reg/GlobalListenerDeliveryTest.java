package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.ChangeHub;
import dev.suitkaise.reg.internal.InProcessGlobalStorage;
import dev.suitkaise.testkit.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How changes travel to listeners under load: only once visible, never trapping a writer, with a
 * bounded backlog, and without keeping anything for globals nobody listens to.
 */
class GlobalListenerDeliveryTest {

    private static final long BOUND_SECONDS = 60;

    private SKGlobalStorage previous;
    private InProcessGlobalStorage storage;
    private GlobalMap<String, Integer> counts;

    @BeforeEach
    void useAFreshStorage() {
        storage = new InProcessGlobalStorage();
        previous = SKGlobal.install(storage);
        counts = SKGlobal.map(Domain.GLOBAL, "counts");
    }

    @AfterEach
    void restoreTheStorage() {
        SKGlobal.install(previous);
    }

    /** Waits until a condition holds, failing after the bound (other listener tests use it too). */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Conditions.until(what, Duration.ofSeconds(BOUND_SECONDS), condition);
    }

    private static void await(CountDownLatch latch) {
        Conditions.await(latch, Duration.ofSeconds(BOUND_SECONDS));
    }

    /**
     * Registers a listener that counts what it is delivered in {@code delivered} and, delivering
     * the change of the key "first", waits for {@code gate}; then puts "first" on a thread of its
     * own and returns that thread once its delivery is stuck on the gate.
     */
    private Thread stuckDelivery(AtomicInteger delivered, CountDownLatch gate) {
        CountDownLatch inFirst = new CountDownLatch(1);
        counts.onChange(c -> {
            if (c.key().equals("first")) {
                inFirst.countDown();
                await(gate);
            }
            delivered.incrementAndGet();
        });
        Thread first = new Thread(() -> counts.put("first", 0), "slow-delivery");
        first.setDaemon(true);
        first.start();
        await(inFirst);
        return first;
    }

    @Test
    void aListenerAlwaysSeesItsChangeInTheMapWhicheverThreadDeliversIt() throws InterruptedException {
        int perThread = 20_000;
        AtomicInteger stale = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        counts.onChange(c -> {
            Integer now = counts.get(c.key());
            if (now == null || now < c.newValue()) {
                stale.incrementAndGet();
            }
            delivered.incrementAndGet();
        });

        Concurrently.run(t -> {
            for (int i = 0; i < perThread; i++) {
                counts.merge("k" + t, 1, Integer::sum);
            }
            return null;
        });

        int total = Concurrently.THREADS * perThread;
        await("all " + total + " changes delivered", () -> delivered.get() == total);
        assertThat(stale.get()).as("listener calls that saw the map without their change").isZero();
    }

    @Test
    void aWriterDeliversOnlyWhatWaitedWhenItBeganAndADeliveryThreadTakesTheRest() throws InterruptedException {
        int others = 100;
        Map<String, Thread> deliveredOn = new ConcurrentHashMap<>();
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch othersWritten = new CountDownLatch(1);
        counts.onChange(c -> {
            if (c.key().equals("first")) {
                inFirst.countDown();
                await(othersWritten);
            }
            deliveredOn.put(c.key(), Thread.currentThread());
        });
        Thread first = new Thread(() -> counts.put("first", 0), "first-writer");
        first.setDaemon(true);

        first.start();
        await(inFirst);
        for (int i = 0; i < others; i++) {
            counts.put("k" + i, i);
        }
        othersWritten.countDown();
        first.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));

        assertThat(first.isAlive()).as("the first writer is still delivering").isFalse();
        await("all changes delivered", () -> deliveredOn.size() == others + 1);
        assertThat(deliveredOn.get("first")).isSameAs(first);
        for (int i = 0; i < others; i++) {
            assertThat(deliveredOn.get("k" + i)).as("thread that delivered k" + i).isNotSameAs(first).isNotSameAs(Thread.currentThread());
        }
    }

    @Test
    void writersWaitWhileTheListenersAreFarBehindAndEveryChangeArrivesOnceTheyCatchUp() throws InterruptedException {
        int writers = 3;
        int each = ChangeHub.LIMIT + 1; // more than one writer alone may write while nothing drains: each must wait
        AtomicInteger delivered = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        Thread first = stuckDelivery(delivered, gate);

        AtomicInteger written = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int t = 0; t < writers; t++) {
            String key = "w" + t;
            Thread w = new Thread(() -> {
                for (int i = 1; i <= each; i++) {
                    counts.put(key, i);
                    written.incrementAndGet();
                }
            }, "writer-" + t);
            w.setUncaughtExceptionHandler((th, e) -> failure.set(e));
            w.setDaemon(true);
            threads.add(w);
            w.start();
        }
        await("every writer waits for the listeners or has finished", () -> threads.stream().allMatch(
                w -> !w.isAlive() || Arrays.stream(w.getStackTrace()).anyMatch(f -> f.getMethodName().equals("admit"))));

        assertThat(threads).as("writers that finished while the listener was stuck").allMatch(Thread::isAlive);
        assertThat(written.get()).isLessThanOrEqualTo(ChangeHub.LIMIT + writers);

        gate.countDown();
        for (Thread w : threads) {
            w.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
            assertThat(w.isAlive()).as(w.getName() + " still running").isFalse();
        }
        first.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertThat(failure.get()).isNull();
        await("every change delivered", () -> delivered.get() == 1 + writers * each);
        assertThat(written.get()).isEqualTo(writers * each);
    }

    @Test
    void anInterruptEndsAWritersWaitForLaggingListenersAndItsWritesGoOnWithTheInterruptStatusSet() throws InterruptedException {
        int writes = ChangeHub.LIMIT + 100; // more than may wait: the writer must wait once the listener is stuck
        AtomicInteger delivered = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        Thread first = stuckDelivery(delivered, gate);

        AtomicInteger written = new AtomicInteger();
        AtomicBoolean interruptedAtTheEnd = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            for (int i = 1; i <= writes; i++) {
                counts.put("w", i);
                written.incrementAndGet();
            }
            interruptedAtTheEnd.set(Thread.currentThread().isInterrupted());
        }, "interrupted-writer");
        writer.setUncaughtExceptionHandler((th, e) -> failure.set(e));
        writer.setDaemon(true);
        writer.start();
        await("the writer waits for the listeners or has finished", () -> !writer.isAlive()
                || Arrays.stream(writer.getStackTrace()).anyMatch(f -> f.getMethodName().equals("admit")));
        assertThat(writer.isAlive()).as("the writer finished while the listener was stuck").isTrue();

        writer.interrupt();
        writer.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));

        assertThat(writer.isAlive()).as("the interrupted writer still waits for the stuck listener").isFalse();
        assertThat(failure.get()).isNull();
        assertThat(written.get()).as("writes carried out").isEqualTo(writes);
        assertThat(counts.get("w")).isEqualTo(writes);
        assertThat(interruptedAtTheEnd.get()).as("the writer's interrupt status after its writes").isTrue();
        assertThat(delivered.get()).as("delivered while the listener is stuck").isZero();

        gate.countDown();
        first.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        await("every change delivered once the listener catches up", () -> delivered.get() == 1 + writes);
    }

    @Test
    void aListenerThatWritesNeverWaitsForItsOwnBacklog() throws InterruptedException {
        int echoes = ChangeHub.LIMIT * 2;
        AtomicInteger delivered = new AtomicInteger();
        counts.onChange(c -> {
            if (c.key().equals("start")) {
                for (int i = 1; i <= echoes; i++) {
                    counts.put("echo", i); // queues far past the limit: this thread delivers them, so it must not wait
                }
            }
            delivered.incrementAndGet();
        });
        Thread t = new Thread(() -> counts.put("start", 0), "writer");
        t.setDaemon(true);

        t.start();
        t.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));

        assertThat(t.isAlive()).as("the writing listener is stuck").isFalse();
        assertThat(delivered.get()).isEqualTo(1 + echoes);
    }

    @Test
    void globalsNobodyListensToKeepNoListenerStateWhenCreatedAndDropped() {
        for (int i = 0; i < 10_000; i++) {
            GlobalName name = new GlobalName(Domain.GLOBAL, "cycle-" + i);
            storage.map(name).put("k", i);
            assertThat(storage.drop(name)).isTrue();
        }

        assertThat(storage.hubCount()).isZero();
        assertThat(storage.names()).doesNotContain(new GlobalName(Domain.GLOBAL, "cycle-0"));
    }

    @Test
    void listenerStateLivesExactlyAsLongAsASubscription() {
        GlobalName name = new GlobalName(Domain.GLOBAL, "watched");
        List<Object> got = new ArrayList<>();
        Subscription a = storage.subscribe(name, c -> got.add(c.newValue()));
        Subscription b = storage.subscribe(name, c -> { });
        storage.map(name).put("k", 1);

        assertThat(storage.drop(name)).isTrue();
        assertThat(storage.hubCount()).as("hubs kept across a drop while subscribed").isEqualTo(1);
        storage.map(name).put("k", 2);
        a.close();
        assertThat(storage.hubCount()).isEqualTo(1);
        b.close();
        b.close();
        assertThat(storage.hubCount()).isZero();
        storage.map(name).put("k", 3);

        assertThat(got).containsExactly(1, null, 2);
        Subscription again = storage.subscribe(name, c -> got.add(c.newValue()));
        storage.map(name).put("k", 4);
        again.close();
        assertThat(got).containsExactly(1, null, 2, 4);
        assertThat(storage.hubCount()).isZero();
    }
}
