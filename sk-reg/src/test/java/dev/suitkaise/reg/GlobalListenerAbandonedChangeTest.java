package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.InProcessGlobalStorage;
import dev.suitkaise.testkit.Conditions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write whose update fails after its change was recorded (the map throws once the update function
 * has run, as it may on a {@link VirtualMachineError}): the change is abandoned. No listener ever
 * gets it, and the changes queued behind it, which its writer held up while the write was in
 * flight, are delivered by that writer before its call ends (or, when another thread is delivering
 * then, handed on by that thread); later writes are delivered as usual.
 *
 * <p>The failure is real: the keys share one hash, so the in-process storage's map keeps them in a
 * tree and compares a new key with the others after the update function ran; the key that the
 * function arms throws a {@link StackOverflowError} from that comparison.
 */
class GlobalListenerAbandonedChangeTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final int COLLIDING = 7;
    private static final String MESSAGE = "out of stack after the update function ran";

    private SKGlobalStorage previous;
    private GlobalMap<Key, Integer> map;
    private final List<GlobalChange<Key, Integer>> first = new CopyOnWriteArrayList<>();
    private final List<GlobalChange<Key, Integer>> second = new CopyOnWriteArrayList<>();
    private final Map<String, Thread> deliveredOn = new ConcurrentHashMap<>();

    /** A key whose hash is chosen, and whose comparison runs a trap once armed. */
    static final class Key implements Comparable<Key> {
        private final String name;
        private final int hash;
        /** Set by an update function: the next comparison of this key runs it (once). */
        private volatile Runnable trap;

        Key(String name, int hash) {
            this.name = name;
            this.hash = hash;
        }

        @Override
        public int compareTo(Key other) {
            Runnable t = trap;
            if (t != null) {
                trap = null;
                t.run();
            }
            return name.compareTo(other.name);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.name.equals(name);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeEach
    void useAFreshStorageWithManyCollidingKeysAndTwoListeners() {
        previous = SKGlobal.install(new InProcessGlobalStorage());
        map = SKGlobal.map(Domain.GLOBAL, "abandoned");
        for (int i = 0; i < 20; i++) { // enough in one bin for the map to keep that bin as a tree
            map.put(new Key("colliding-" + i, COLLIDING), i);
        }
        map.onChange(c -> {
            first.add(c);
            deliveredOn.put(c.key().name, Thread.currentThread());
        });
        map.onChange(second::add);
    }

    @AfterEach
    void restoreTheStorage() {
        SKGlobal.install(previous);
    }

    private static void await(CountDownLatch latch) {
        Conditions.await(latch, BOUND);
    }

    /**
     * Starts a thread that runs {@code compute} on {@code failing}: once the update function has run
     * and its change is recorded, the thread opens {@code recorded}, waits for {@code fail}, and the
     * update then fails with a {@link StackOverflowError}, which the thread keeps in {@code thrown}.
     */
    private Thread startFailingWrite(Key failing, CountDownLatch recorded, CountDownLatch fail, AtomicReference<Throwable> thrown) {
        Thread writer = new Thread(() -> {
            try {
                map.compute(failing, (k, old) -> {
                    failing.trap = () -> { // runs after this function returned, under the key's lock
                        recorded.countDown();
                        await(fail);
                        throw new StackOverflowError(MESSAGE);
                    };
                    return 100;
                });
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "failing-writer");
        writer.setDaemon(true);
        writer.start();
        return writer;
    }

    private static GlobalChange<Key, Integer> change(Key key, Integer oldValue, Integer newValue) {
        return new GlobalChange<>(new GlobalName(Domain.GLOBAL, "abandoned"), key, oldValue, newValue);
    }

    @Test
    void aChangeWhoseUpdateFailsReachesNoListenerAndItsWriterDeliversTheChangesQueuedBehindIt() throws InterruptedException {
        Key failing = new Key("failing", COLLIDING);
        Key behind = new Key("behind", 1);
        CountDownLatch recorded = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread writer = startFailingWrite(failing, recorded, fail, thrown);

        await(recorded);
        map.put(behind, 1); // queued behind the failing write's change, which is not ready: nobody may deliver past it
        assertThat(first).as("delivered while the failing write was still in flight").isEmpty();
        fail.countDown();
        writer.join(BOUND.toMillis());

        assertThat(writer.isAlive()).as("the failing writer is stuck").isFalse();
        assertThat(thrown.get()).as("what the failing write threw").isInstanceOf(StackOverflowError.class).hasMessage(MESSAGE);
        assertThat(map).as("the failed update took no effect").doesNotContainKey(failing).containsEntry(behind, 1);
        assertThat(first).as("what the first listener got").containsExactly(change(behind, null, 1));
        assertThat(second).as("what the listener after it got").containsExactly(change(behind, null, 1));
        assertThat(deliveredOn.get("behind")).as("who delivered the change behind the abandoned one").isSameAs(writer);

        Key later = new Key("later", COLLIDING);
        map.put(later, 2);
        map.put(failing, 3);
        assertThat(first).as("later changes, delivered by their own writers").containsExactly(
                change(behind, null, 1), change(later, null, 2), change(failing, null, 3));
        assertThat(second).isEqualTo(first);
        assertThat(deliveredOn.get("later")).isSameAs(Thread.currentThread());
    }

    @Test
    void whenAnotherThreadIsDeliveringTheChangesBehindAnAbandonedOneAreHandedOnToTheDeliveryThread() throws InterruptedException {
        Key held = new Key("held", 2);
        Key failing = new Key("failing", COLLIDING);
        Key behind = new Key("behind", 1);
        CountDownLatch inHeld = new CountDownLatch(1);
        CountDownLatch releaseHeld = new CountDownLatch(1);
        map.onChange(c -> { // keeps the thread that wrote "held" delivering, so the others cannot deliver
            if (c.key().equals(held)) {
                inHeld.countDown();
                await(releaseHeld);
            }
        });
        Thread holder = new Thread(() -> map.put(held, 0), "holding-writer");
        holder.setDaemon(true);
        holder.start();
        await(inHeld);

        CountDownLatch recorded = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread writer = startFailingWrite(failing, recorded, fail, thrown);
        await(recorded);
        map.put(behind, 1); // behind the failing write's change; the holder delivers, so this thread does not
        fail.countDown(); // the change is abandoned while the holder still delivers: its writer cannot deliver either
        writer.join(BOUND.toMillis());
        assertThat(writer.isAlive()).as("the failing writer is stuck").isFalse();
        assertThat(thrown.get()).as("what the failing write threw").isInstanceOf(StackOverflowError.class).hasMessage(MESSAGE);
        assertThat(first).as("delivered while the holder was still in its listener").containsExactly(change(held, null, 0));

        releaseHeld.countDown(); // the holder delivered all it had to, and must hand on what waits behind the abandoned change
        holder.join(BOUND.toMillis());
        assertThat(holder.isAlive()).as("the holder is stuck").isFalse();

        Conditions.until("the change behind the abandoned one is delivered", BOUND, () -> deliveredOn.containsKey("behind"));
        assertThat(deliveredOn.get("behind")).as("who delivered it").matches(
                t -> t.isVirtual() && t.getName().startsWith("sk-global-listeners-"), "the global's delivery thread");
        assertThat(first).as("what the first listener got").containsExactly(change(held, null, 0), change(behind, null, 1));
        assertThat(second).isEqualTo(first);
        assertThat(map).doesNotContainKey(failing);
    }
}
