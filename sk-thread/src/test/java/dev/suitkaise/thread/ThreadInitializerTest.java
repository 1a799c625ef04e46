package dev.suitkaise.thread;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Initializers run on every new thread before its body, by priority; per-thread locals. */
class ThreadInitializerTest {

    private static final LocalKey<Bus> BUS = LocalKey.of("bus", Bus.class);

    private final SKThreader threader = Waits.threader("init");
    private final List<String> calls = new CopyOnWriteArrayList<>();

    /** A stand-in for a per-thread message bus. */
    static final class Bus implements AutoCloseable {
        private static final AtomicInteger CREATED = new AtomicInteger();
        final int id = CREATED.incrementAndGet();
        final String owner = Thread.currentThread().getName();
        final List<String> closed;

        Bus(List<String> closed) {
            this.closed = closed;
        }

        @Override
        public void close() {
            closed.add("closed bus of " + owner);
        }
    }

    @AfterEach
    void closeThreader() {
        Waits.closeAndCheck(threader);
    }

    private Registration record(String name, int priority) {
        return threader.onThreadStart(name, priority, () -> {
            calls.add(name + "@" + Thread.currentThread().getName());
            return null;
        });
    }

    @Test
    void initializersRunOnTheNewThreadBeforeTheBodyHighestPriorityFirstTiesInRegistrationOrder() throws Exception {
        record("low", 1);
        record("high", 10);
        record("mid-a", 5);
        record("mid-b", 5);

        SKThread<Object> t = threader.start("initialized", () -> {
            calls.add("body@" + Thread.currentThread().getName());
            return null;
        });
        t.result();

        assertThat(calls).containsExactly("high@initialized", "mid-a@initialized", "mid-b@initialized",
                "low@initialized", "body@initialized");
    }

    @Test
    void initializersAlsoRunOnWorkersBeforeTheirFirstTask() throws Exception {
        record("setup", 0);
        SKWorker w = threader.worker("initialized-worker");
        w.submit(() -> calls.add("task@" + Thread.currentThread().getName())).get();

        assertThat(calls).containsExactly("setup@initialized-worker", "task@initialized-worker");
    }

    @Test
    void aClosedRegistrationNoLongerRunsOnNewThreads() throws Exception {
        Registration r = record("temporary", 0);
        threader.start("before", () -> null).result();
        r.close();
        r.close();
        threader.start("after", () -> null).result();

        assertThat(calls).containsExactly("temporary@before");
    }

    @Test
    void anInitializerCreatesAPerThreadLocalThatTheBodyGetsBackAndThatIsClosedWhenTheThreadEnds() throws Exception {
        List<String> closed = new CopyOnWriteArrayList<>();
        threader.onThreadStart("bus", 0, () -> SKThreader.local(BUS, () -> new Bus(closed)));

        SKThread<Bus> a = threader.start("a", () -> SKThreader.local(BUS, () -> {
            throw new AssertionError("already created by the initializer");
        }));
        SKThread<Bus> b = threader.start("b", () -> SKThreader.local(BUS, () -> new Bus(closed)));
        Bus busA = a.result();
        Bus busB = b.result();
        Waits.join(a);
        Waits.join(b);

        assertThat(busA.owner).isEqualTo("a");
        assertThat(busB.owner).isEqualTo("b");
        assertThat(busA.id).isNotEqualTo(busB.id);
        assertThat(closed).containsExactlyInAnyOrder("closed bus of a", "closed bus of b");
    }

    /** A per-thread resource that logs its close and may fail it. */
    record Logged(String name, List<String> log, boolean failsToClose) implements AutoCloseable {
        @Override
        public void close() {
            log.add(name);
            if (failsToClose) {
                throw new IllegalStateException("close of " + name + " fails on purpose");
            }
        }
    }

    @Test
    void localsAreClosedInReverseOrderOfCreationAndAFailingCloseDoesNotStopTheRest() throws Exception {
        LocalKey<Logged> a = LocalKey.of("a", Logged.class);
        LocalKey<Logged> b = LocalKey.of("b", Logged.class);
        LocalKey<Logged> c = LocalKey.of("c", Logged.class);
        List<String> closed = new CopyOnWriteArrayList<>();
        SKThread<Object> t = threader.start("three-locals", () -> {
            SKThreader.local(a, () -> new Logged("a", closed, false));
            SKThreader.local(b, () -> new Logged("b", closed, false));
            SKThreader.local(c, () -> new Logged("c", closed, true));
            return null;
        });
        t.result();
        Waits.join(t);

        assertThat(closed).containsExactly("c", "b", "a");
        assertThat(t.state()).isEqualTo(ThreadState.FINISHED);
    }

    @Test
    void aWorkerKeepsItsLocalAcrossTasks() throws Exception {
        SKWorker w = threader.worker("stateful");
        Bus first = w.submit(() -> SKThreader.local(BUS, () -> new Bus(calls))).get();
        Bus second = w.submit(() -> SKThreader.local(BUS, () -> new Bus(calls))).get();

        assertThat(second).isSameAs(first);
    }

    @Test
    void localOnAThreadNoThreaderCreatedFailsWithAMessageSayingWhereToCallIt() {
        assertThatThrownBy(() -> SKThreader.local(BUS, () -> new Bus(calls))).isInstanceOf(SKThreadException.class)
                .hasMessageContaining("bus").hasMessageContaining(Thread.currentThread().getName())
                .hasMessageContaining("no SKThreader created");
    }

    @Test
    void aSupplierReturningNullIsReported() {
        SKThread<Bus> t = threader.start("null-supplier", () -> SKThreader.local(BUS, () -> null));
        Waits.join(t);

        assertThat(t.failure()).get().isInstanceOf(SKThreadException.class).asString().contains("returned null");
    }

    @Test
    void aFailingInitializerStopsTheRestAndTheBody() {
        record("first", 3);
        threader.onThreadStart("breaks", 2, () -> {
            throw new IllegalStateException("broken");
        });
        record("never", 1);

        SKThread<Object> t = threader.start("victim", () -> calls.add("body"));
        Waits.join(t);

        assertThat(calls).containsExactly("first@victim");
        assertThat(t.state()).isEqualTo(ThreadState.FAILED);
    }
}
