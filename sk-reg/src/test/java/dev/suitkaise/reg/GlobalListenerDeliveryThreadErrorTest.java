package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.InProcessGlobalStorage;
import dev.suitkaise.testkit.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link VirtualMachineError} thrown by a listener on a global's delivery thread (the thread that
 * takes over the changes a writer hands on): the other listeners still get the change, the error
 * is reported rather than swallowed, and later changes are still delivered.
 */
class GlobalListenerDeliveryThreadErrorTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final String MESSAGE = "listener bug on the delivery thread";

    private SKGlobalStorage previous;
    private GlobalMap<String, Integer> counts;
    private Thread.UncaughtExceptionHandler previousHandler;
    private final List<Map.Entry<Thread, Throwable>> uncaught = new CopyOnWriteArrayList<>();
    private PrintStream previousErr;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Who got which key on which thread (the recording listener, registered after the failing one). */
    private final Map<String, Thread> seenOn = new ConcurrentHashMap<>();
    /** The thread the failing listener threw on. */
    private final AtomicReference<Thread> threwOn = new AtomicReference<>();
    /** Per writer key: opened once the writer is inside its listener call, and the gate that holds it there. */
    private final Map<String, CountDownLatch[]> holds = new ConcurrentHashMap<>();

    @BeforeEach
    void useAFreshStorageAndWatchStderrAndUncaughtErrors() {
        previous = SKGlobal.install(new InProcessGlobalStorage());
        counts = SKGlobal.map(Domain.GLOBAL, "vm-errors");
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(Map.entry(t, e)));
        previousErr = System.err;
        PrintStream original = previousErr;
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (err) {
                    err.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (err) {
                    err.write(b, off, len);
                }
            }
        }, true, StandardCharsets.UTF_8));

        counts.onChange(c -> { // holds a writer inside its own delivery, so what others write meanwhile is handed on
            CountDownLatch[] hold = holds.get(c.key());
            if (hold != null) {
                hold[0].countDown();
                await(hold[1]);
            }
        });
        counts.onChange(c -> {
            if (c.key().equals("boom")) {
                threwOn.set(Thread.currentThread());
                throw new StackOverflowError(MESSAGE);
            }
        });
        counts.onChange(c -> seenOn.put(c.key(), Thread.currentThread()));
    }

    @AfterEach
    void restore() {
        System.setErr(previousErr);
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
        SKGlobal.install(previous);
    }

    private static void await(CountDownLatch latch) {
        Conditions.await(latch, BOUND);
    }

    /**
     * Writes {@code keys} from this thread while another thread is stuck delivering its own change
     * of {@code writerKey}: that writer delivers only its own change and hands these on to the
     * global's delivery thread. Returns once the writer has returned.
     */
    private void writeWhileAWriterDelivers(String writerKey, String... keys) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        holds.put(writerKey, new CountDownLatch[] {inside, gate});
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> counts.put(writerKey, 0), "writer-" + writerKey);
        writer.setUncaughtExceptionHandler((t, e) -> writerFailure.set(e));
        writer.setDaemon(true);
        writer.start();
        await(inside);
        for (String key : keys) {
            counts.put(key, 1);
        }
        gate.countDown();
        writer.join(BOUND.toMillis());
        assertThat(writer.isAlive()).as("the writer is still delivering").isFalse();
        assertThat(writerFailure.get()).as("what the writer threw").isNull();
        assertThat(seenOn.get(writerKey)).as("who delivered the writer's own change").isSameAs(writer);
        for (String key : keys) {
            assertThat(seenOn.get(key)).as("the writer delivered " + key + " it should have handed on").isNotSameAs(writer);
        }
    }

    private static boolean isDeliveryThread(Thread t) {
        return t != null && t.isVirtual() && t.getName().startsWith("sk-global-listeners-");
    }

    private String stderr() {
        synchronized (err) {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void theOtherListenersAndTheRestOfTheBacklogStillGetTheirChangesOnTheDeliveryThread() throws InterruptedException {
        writeWhileAWriterDelivers("first", "boom", "after");

        Conditions.until("the changes handed on are delivered", BOUND, () -> seenOn.containsKey("after"));
        assertThat(threwOn.get()).as("the thread the listener threw on").matches(
                GlobalListenerDeliveryThreadErrorTest::isDeliveryThread, "a delivery thread");
        assertThat(seenOn.get("boom")).as("who delivered the failing change to the next listener").isSameAs(threwOn.get());
        assertThat(seenOn.get("after")).as("who delivered the change behind it").isSameAs(threwOn.get());
    }

    @Test
    void theErrorEndsTheDeliveryThreadAndReachesTheUncaughtExceptionHandlerAfterItsDeliveryIsDone() throws InterruptedException {
        writeWhileAWriterDelivers("first", "boom", "after");

        Conditions.until("the listener threw", BOUND, () -> threwOn.get() != null);
        Thread deliveryThread = threwOn.get();
        Conditions.until("the delivery thread ended", BOUND, () -> !deliveryThread.isAlive());
        assertThat(seenOn).as("delivered before the thread ended").containsKey("after");
        assertThat(uncaught).as("what reached the default uncaught-exception handler").anySatisfy(u -> {
            assertThat(u.getKey()).isSameAs(deliveryThread);
            assertThat(u.getValue()).isInstanceOf(StackOverflowError.class).hasMessage(MESSAGE);
        });
    }

    @Test
    void theErrorIsLoggedNamingTheGlobalTheKeyAndTheError() throws InterruptedException {
        writeWhileAWriterDelivers("first", "boom", "after");

        Conditions.until("a WARN line about the listener's error", BOUND, () -> stderr().lines().anyMatch(l ->
                l.contains("WARN") && l.contains("vm-errors") && l.contains("'boom'")
                        && l.contains("java.lang.StackOverflowError: " + MESSAGE)));
    }

    @Test
    void changesHandedOnAfterTheDeliveryThreadDiedOfTheErrorAreStillDelivered() throws InterruptedException {
        writeWhileAWriterDelivers("first", "boom", "after");
        Conditions.until("the listener threw", BOUND, () -> threwOn.get() != null);
        Thread dead = threwOn.get();
        Conditions.until("the delivery thread ended", BOUND, () -> !dead.isAlive());

        writeWhileAWriterDelivers("second", "later", "latest");

        Conditions.until("the changes handed on after the error are delivered", BOUND,
                () -> seenOn.containsKey("later") && seenOn.containsKey("latest"));
        assertThat(seenOn.get("later")).as("who delivered a later change").isNotSameAs(dead).matches(
                GlobalListenerDeliveryThreadErrorTest::isDeliveryThread, "a delivery thread");
        assertThat(seenOn.get("latest")).isSameAs(seenOn.get("later"));

        counts.put("direct", 1); // and a writer nobody delivers for delivers its own change, as always
        assertThat(seenOn.get("direct")).isSameAs(Thread.currentThread());
    }
}
