package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.InProcessGlobalStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Listeners of global maps and values see every change once, one at a time, in each key's order. */
class GlobalListenersTest {

    private SKGlobalStorage previous;
    private GlobalMap<String, Integer> counts;
    private final List<GlobalChange<String, Integer>> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void useAFreshStorage() {
        previous = SKGlobal.install(new InProcessGlobalStorage());
        counts = SKGlobal.map(Domain.GLOBAL, "counts");
    }

    @AfterEach
    void restoreTheStorage() {
        SKGlobal.install(previous);
    }

    private static GlobalChange<String, Integer> change(String key, Integer oldValue, Integer newValue) {
        return new GlobalChange<>(new GlobalName(Domain.GLOBAL, "counts"), key, oldValue, newValue);
    }

    @Test
    void aListenerSeesEachPutReplaceAndRemoveWithItsOldAndNewValueBeforeTheCallReturns() {
        counts.onChange(seen::add);

        counts.put("a", 1);
        assertThat(seen).containsExactly(change("a", null, 1));
        counts.put("a", 2);
        counts.replace("a", 3);
        counts.remove("a");

        assertThat(seen).containsExactly(change("a", null, 1), change("a", 1, 2), change("a", 2, 3), change("a", 3, null));
        assertThat(seen.get(0).added()).isTrue();
        assertThat(seen.get(3).removed()).isTrue();
        assertThat(seen.get(1).added()).isFalse();
        assertThat(seen.get(1).removed()).isFalse();
    }

    @Test
    void operationsThatLeaveTheMapAsItWasDeliverNothing() {
        counts.put("a", 1);
        counts.onChange(seen::add);

        counts.putIfAbsent("a", 5);
        counts.replace("a", 7, 8);
        counts.remove("a", 9);
        counts.replace("absent", 1);
        counts.remove("absent");
        counts.computeIfPresent("absent", (k, v) -> v + 1);
        counts.compute("a", (k, v) -> v);
        counts.computeIfAbsent("a", k -> 99);
        counts.put("marker", 0);

        assertThat(seen).containsExactly(change("marker", null, 0));
    }

    @Test
    void atomicUpdatesDeliverOneChangeEach() {
        counts.onChange(seen::add);

        counts.putIfAbsent("a", 1);
        counts.merge("a", 10, Integer::sum);
        counts.compute("a", (k, v) -> v * 2);
        counts.computeIfPresent("a", (k, v) -> null);
        counts.computeIfAbsent("b", k -> 4);
        counts.replace("b", 4, 5);
        counts.remove("b", 5);

        assertThat(seen).containsExactly(change("a", null, 1), change("a", 1, 11), change("a", 11, 22), change("a", 22, null),
                change("b", null, 4), change("b", 4, 5), change("b", 5, null));
    }

    @Test
    void changesThroughViewsIteratorsAndEntriesAreSeenToo() {
        counts.putAll(Map.of("a", 1, "b", 2, "c", 3));
        counts.onChange(seen::add);

        counts.keySet().remove("a");
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getKey().equals("b")) {
                e.setValue(20);
            }
        }
        Iterator<String> it = counts.keySet().iterator();
        while (it.hasNext()) {
            if (it.next().equals("c")) {
                it.remove();
            }
        }
        counts.replaceAll((k, v) -> v + 1);
        counts.clear();

        assertThat(seen).containsExactly(change("a", 1, null), change("b", 2, 20), change("c", 3, null), change("b", 20, 21),
                change("b", 21, null));
        assertThat(counts).isEmpty();
    }

    @Test
    void closingTheSubscriptionStopsDeliveryAndClosingTwiceDoesNothing() {
        Subscription sub = counts.onChange(seen::add);
        List<GlobalChange<String, Integer>> other = new ArrayList<>();
        counts.onChange(other::add);
        counts.put("a", 1);

        sub.close();
        sub.close();
        counts.put("b", 2);

        assertThat(seen).containsExactly(change("a", null, 1));
        assertThat(other).containsExactly(change("a", null, 1), change("b", null, 2));
    }

    @Test
    void aListenerClosedByAnotherListenerGetsNoChangeAfterwardsNotEvenOneAlreadyQueued() {
        List<GlobalChange<String, Integer>> toB = new CopyOnWriteArrayList<>();
        Subscription[] subB = new Subscription[1];
        counts.onChange(c -> {
            seen.add(c);
            if (c.key().equals("a")) {
                counts.put("queued", 1); // queued for A and B, delivered after A returns
                subB[0].close();
            }
        });
        subB[0] = counts.onChange(toB::add);

        counts.put("a", 1);

        assertThat(seen).containsExactly(change("a", null, 1), change("queued", null, 1));
        assertThat(toB).as("changes B got after its close() returned").isEmpty();
    }

    @Test
    void aValueListenerSeesItsOwnValueSetUpdatedAndUnsetButNoOtherValue() {
        GlobalValue<Integer> total = SKGlobal.value(Domain.GLOBAL, "total");
        GlobalValue<Integer> other = SKGlobal.value(Domain.GLOBAL, "other");
        List<GlobalChange<String, Integer>> changes = new ArrayList<>();
        total.onChange(changes::add);

        total.set(1);
        other.set(100);
        total.accumulateAndGet(5, Integer::sum);
        total.compareAndSet(6, 7);
        total.compareAndSet(99, 8);
        total.set(null);

        GlobalName name = new GlobalName(Domain.GLOBAL, "total");
        assertThat(changes).containsExactly(new GlobalChange<>(name, "total", null, 1), new GlobalChange<>(name, "total", 1, 6),
                new GlobalChange<>(name, "total", 6, 7), new GlobalChange<>(name, "total", 7, null));
    }

    @Test
    void underContentionEveryChangeIsDeliveredOnceOneAtATimeAndInTheKeysOrder() throws InterruptedException {
        int perThread = 2_000;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Integer> values = new ArrayList<>();
        AtomicInteger delivered = new AtomicInteger();
        counts.onChange(c -> {
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            values.add(c.newValue()); // unsynchronized on purpose: listeners of one global never run concurrently
            inside.decrementAndGet();
            delivered.incrementAndGet();
        });

        Concurrently.run(t -> {
            for (int i = 0; i < perThread; i++) {
                counts.merge("n", 1, Integer::sum);
            }
            return null;
        });

        int total = Concurrently.THREADS * perThread;
        assertThat(counts.get("n")).isEqualTo(total);
        awaitCount(delivered, total); // the last changes may still be on the delivery thread
        assertThat(overlaps.get()).as("listener calls that overlapped").isZero();
        assertThat(values).hasSize(total);
        for (int i = 0; i < total; i++) {
            if (values.get(i) != i + 1) {
                throw new AssertionError("change " + (i + 1) + " of key n arrived as value " + values.get(i));
            }
        }
    }

    @Test
    void aFailingListenerDoesNotUndoTheChangeOrStopTheOthers() {
        counts.onChange(c -> {
            throw new IllegalStateException("listener bug");
        });
        counts.onChange(seen::add);

        counts.put("a", 1);

        assertThat(counts.get("a")).isEqualTo(1);
        assertThat(seen).containsExactly(change("a", null, 1));
    }

    @Test
    void aListenerMayChangeTheGlobalItselfAndItsChangeIsDeliveredAfterItReturns() {
        List<String> order = new ArrayList<>();
        counts.onChange(c -> {
            order.add("start " + c.key());
            if (c.key().equals("a")) {
                counts.put("echo", c.newValue());
            }
            order.add("end " + c.key());
        });

        counts.put("a", 1);

        assertThat(counts.get("echo")).isEqualTo(1);
        assertThat(order).containsExactly("start a", "end a", "start echo", "end echo");
    }

    @Test
    void droppingAGlobalDeliversARemovalForEachKeyAndTheListenerSeesItCreatedAgain() {
        counts.putAll(Map.of("a", 1, "b", 2));
        SKGlobalStorage storage = SKGlobal.storage();
        GlobalName name = counts.globalName();
        storage.subscribe(name, c -> seen.add(change((String) c.key(), (Integer) c.oldValue(), (Integer) c.newValue())));

        assertThat(storage.drop(name)).isTrue();
        storage.map(name).put("c", 3);

        assertThat(seen).containsExactlyInAnyOrder(change("a", 1, null), change("b", 2, null), change("c", null, 3));
        assertThat(seen.getLast()).isEqualTo(change("c", null, 3));
    }

    @Test
    void aStorageThatDeliversNoChangesRefusesListenersWithTheReason() {
        SKGlobal.install(new ProbeStorage());

        assertThatThrownBy(() -> SKGlobal.map(Domain.GLOBAL, "counts").onChange(c -> { }))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("ProbeStorage").hasMessageContaining("GLOBAL/counts").hasMessageContaining("subscribe");
    }

    @Test
    void theInProcessFactoryGivesAFreshStorageThatDeliversChanges() {
        SKGlobalStorage a = SKGlobalStorage.inProcess();
        SKGlobalStorage b = SKGlobalStorage.inProcess();
        GlobalName name = new GlobalName(Domain.GLOBAL, "x");
        List<Object> got = new ArrayList<>();
        a.subscribe(name, c -> got.add(c.newValue()));

        a.map(name).put("k", "v");
        b.map(name).put("k", "w");

        assertThat(got).containsExactly("v");
        assertThat(a.description()).isEqualTo("in-process");
    }

    /** Waits, bounded, until {@code counter} reaches {@code expected}; reading it also makes the listener's writes visible. */
    static void awaitCount(AtomicInteger counter, int expected) throws InterruptedException {
        GlobalListenerDeliveryTest.await(expected + " changes delivered (so far " + counter + ")", () -> counter.get() >= expected);
    }

    @Test
    void aListenerThatThrowsAnErrorIsLoggedAndTheWriterAndTheOtherListenersCarryOn() {
        counts.onChange(c -> {
            throw new AssertionError("listener assertion");
        });
        counts.onChange(seen::add);

        counts.put("a", 1);
        counts.put("b", 2);

        assertThat(counts.get("a")).isEqualTo(1);
        assertThat(seen).containsExactly(change("a", null, 1), change("b", null, 2));
    }

    @Test
    void aVirtualMachineErrorFromAListenerReachesTheWriterAfterTheChangeWasMadeAndDeliveryGoesOn() {
        counts.onChange(c -> {
            if (c.key().equals("a")) {
                throw new StackOverflowError("listener ran out of stack");
            }
        });
        counts.onChange(seen::add);

        assertThatThrownBy(() -> counts.put("a", 1)).isInstanceOf(StackOverflowError.class);
        counts.put("b", 2);

        assertThat(counts.get("a")).isEqualTo(1);
        assertThat(seen).containsExactly(change("a", null, 1), change("b", null, 2));
    }

    @Test
    void aVirtualMachineErrorFromAListenerIsRethrownOnlyAfterTheOtherListenersAndTheChangesItMadeWereDelivered() {
        counts.onChange(c -> {
            if (c.key().equals("a")) {
                counts.put("b", 2);
                counts.put("c", 3);
                throw new StackOverflowError("listener bug");
            }
        });
        counts.onChange(seen::add);

        assertThatThrownBy(() -> counts.put("a", 1)).isInstanceOf(StackOverflowError.class).hasMessage("listener bug");

        // delivered before the error reached the writer, with no later write to push them out
        assertThat(seen).containsExactly(change("a", null, 1), change("b", null, 2), change("c", null, 3));
    }

    @Test
    void whenSeveralListenersThrowVirtualMachineErrorsTheWriterGetsTheFirstOneAfterAllOfThemRan() {
        counts.onChange(c -> {
            throw new OutOfMemoryError("the first listener's");
        });
        counts.onChange(c -> {
            throw new StackOverflowError("the second listener's");
        });
        counts.onChange(seen::add);

        assertThatThrownBy(() -> counts.put("a", 1)).isInstanceOf(OutOfMemoryError.class).hasMessage("the first listener's");

        assertThat(seen).containsExactly(change("a", null, 1));
        assertThat(counts.get("a")).isEqualTo(1);
    }

    @Test
    void updateFunctionsThatStoreNothingForAnAbsentKeyDeliverNothing() {
        counts.onChange(seen::add);

        counts.computeIfAbsent("a", k -> null);
        counts.compute("a", (k, v) -> null);
        counts.computeIfPresent("a", (k, v) -> 1);
        counts.remove("a");
        counts.put("b", 2);

        assertThat(counts).containsOnlyKeys("b");
        assertThat(seen).containsExactly(change("b", null, 2));
    }

    @Test
    void writingAValueEqualToTheCurrentOneDeliversNothing() {
        counts.put("a", 1000);
        counts.onChange(seen::add);

        counts.put("a", 1000);
        counts.put("a", Integer.valueOf(new String("1000")));
        counts.replace("a", 1000);
        counts.replace("a", 1000, 1000);
        counts.compute("a", (k, v) -> Integer.valueOf(new String("1000")));
        counts.computeIfPresent("a", (k, v) -> v + 0);
        counts.merge("a", 0, Integer::sum);
        counts.entrySet().iterator().next().setValue(1000);
        counts.replaceAll((k, v) -> v);
        counts.put("a", 1001);

        assertThat(seen).containsExactly(change("a", 1000, 1001));
        assertThat(counts.get("a")).isEqualTo(1001);
    }
}
