package dev.suitkaise.reg;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Listeners: which events fire, when, and what a failing or re-entrant listener does. */
class RegistryListenersTest {

    /** This test class's own registry type. */
    static final class ToolReg extends SKReg<String> {
        private ToolReg(Domain domain) {
            super(domain);
        }

        static ToolReg of(Domain domain) {
            return SKReg.open(ToolReg.class, domain, ToolReg::new);
        }
    }

    private ToolReg reg;
    private final List<RegEvent<String>> events = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new ArrayList<>();

    @BeforeEach
    void startEmptyAndListening() {
        reg = ToolReg.of(Domain.INTERNAL);
        reg.clear();
        subscribe(events::add);
    }

    @AfterEach
    void unsubscribeEverything() {
        subscriptions.forEach(Subscription::close);
    }

    private Subscription subscribe(RegListener<? super String> listener) {
        Subscription s = reg.addListener(listener);
        subscriptions.add(s);
        return s;
    }

    private static RegEvent<String> event(RegEvent.Kind kind, String key, String oldValue, String newValue) {
        return new RegEvent<>(kind, "ToolReg", Domain.INTERNAL, key, oldValue, newValue);
    }

    @Test
    void registerOverwriteAndRemoveFireEventsWithOldAndNewValues() {
        reg.register("saw", "v1");
        reg.register("saw", "v2", OnDuplicate.OVERWRITE);
        reg.remove("saw");

        assertThat(events).containsExactly(
                event(RegEvent.Kind.REGISTERED, "saw", null, "v1"),
                event(RegEvent.Kind.REPLACED, "saw", "v1", "v2"),
                event(RegEvent.Kind.REMOVED, "saw", "v2", null));
    }

    @Test
    void overwriteOfAFreeKeyFiresRegistered() {
        reg.register("saw", "v1", OnDuplicate.OVERWRITE);

        assertThat(events).containsExactly(event(RegEvent.Kind.REGISTERED, "saw", null, "v1"));
    }

    @Test
    void ignoreOnATakenKeyFiresNothing() {
        reg.register("saw", "v1");
        events.clear();

        reg.register("saw", "v2", OnDuplicate.IGNORE);

        assertThat(events).isEmpty();
    }

    @Test
    void ignoreOnAFreeKeyFiresRegistered() {
        reg.register("saw", "v1", OnDuplicate.IGNORE);

        assertThat(events).containsExactly(event(RegEvent.Kind.REGISTERED, "saw", null, "v1"));
    }

    @Test
    void aFailedRaiseFiresNothing() {
        reg.register("saw", "v1");
        events.clear();

        assertThatThrownBy(() -> reg.register("saw", "v2")).isInstanceOf(SKRegException.class);

        assertThat(events).isEmpty();
    }

    @Test
    void removingAMissingKeyFiresNothing() {
        reg.remove("missing");

        assertThat(events).isEmpty();
    }

    @Test
    void createNewFiresRegisteredWithTheGeneratedKey() {
        reg.register("saw", "v1");
        reg.register("saw", "v2", OnDuplicate.CREATE_NEW);

        assertThat(events).containsExactly(
                event(RegEvent.Kind.REGISTERED, "saw", null, "v1"),
                event(RegEvent.Kind.REGISTERED, "saw_1", null, "v2"));
    }

    @Test
    void clearFiresRemovedForEveryKey() {
        reg.register("a", "1");
        reg.register("b", "2");
        reg.register("c", "3");
        events.clear();

        assertThat(reg.clear()).isEqualTo(3);

        assertThat(events).containsExactlyInAnyOrder(
                event(RegEvent.Kind.REMOVED, "a", "1", null),
                event(RegEvent.Kind.REMOVED, "b", "2", null),
                event(RegEvent.Kind.REMOVED, "c", "3", null));
    }

    @Test
    void readsFireNothing() {
        reg.register("saw", "v1");
        events.clear();

        reg.get("saw");
        reg.require("saw");
        reg.contains("saw");
        reg.entries();

        assertThat(events).isEmpty();
    }

    @Test
    void aListenerRunsOnTheChangingThreadAfterTheChangeIsVisible() {
        List<String> seen = new ArrayList<>();
        Thread caller = Thread.currentThread();
        subscribe(e -> seen.add((Thread.currentThread() == caller) + ":" + reg.get(e.key()).orElse("<absent>")));

        reg.register("saw", "v1");
        reg.register("saw", "v2", OnDuplicate.OVERWRITE);
        reg.remove("saw");

        assertThat(seen).containsExactly("true:v1", "true:v2", "true:<absent>");
    }

    @Test
    void aThrowingListenerDoesNotUndoTheChangeNorStopOtherListeners() {
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        subscribe(e -> before.add(e.key()));
        subscribe(e -> {
            throw new IllegalStateException("listener broke on " + e.key());
        });
        subscribe(e -> {
            throw new AssertionError("listener asserted on " + e.key());
        });
        subscribe(e -> after.add(e.key()));

        assertThat(reg.register("saw", "v1")).isEqualTo("saw");
        reg.register("saw", "v2", OnDuplicate.OVERWRITE);
        assertThat(reg.remove("drill")).isEmpty();
        reg.register("drill", "d");
        assertThat(reg.remove("drill")).contains("d");

        assertThat(reg.require("saw")).isEqualTo("v2");
        assertThat(reg.contains("drill")).isFalse();
        assertThat(before).containsExactly("saw", "saw", "drill", "drill");
        assertThat(after).containsExactly("saw", "saw", "drill", "drill");
    }

    @Test
    void aVirtualMachineErrorFromAListenerPropagatesAfterTheOtherListenersRanAndTheChangeStands() {
        subscribe(e -> {
            throw new OutOfMemoryError("simulated by the test");
        });
        List<String> later = new CopyOnWriteArrayList<>();
        subscribe(e -> later.add(e.key()));

        assertThatThrownBy(() -> reg.register("saw", "v1"))
                .isInstanceOf(OutOfMemoryError.class)
                .hasMessage("simulated by the test");

        assertThat(reg.require("saw")).isEqualTo("v1");
        assertThat(later).containsExactly("saw");
        assertThat(events).containsExactly(event(RegEvent.Kind.REGISTERED, "saw", null, "v1"));
    }

    @Test
    void whenSeveralListenersThrowVirtualMachineErrorsTheFirstOnePropagatesAfterAllOfThemRan() {
        subscribe(e -> {
            throw new OutOfMemoryError("the first listener's");
        });
        subscribe(e -> {
            throw new StackOverflowError("the second listener's");
        });
        List<String> last = new CopyOnWriteArrayList<>();
        subscribe(e -> last.add(e.key()));

        assertThatThrownBy(() -> reg.register("saw", "v1"))
                .isInstanceOf(OutOfMemoryError.class)
                .hasMessage("the first listener's");

        assertThat(last).containsExactly("saw");
        assertThat(reg.require("saw")).isEqualTo("v1");
    }

    @Test
    void aListenerMayCallBackIntoTheRegistry() {
        subscribe(e -> {
            if (e.key().endsWith("-shadow")) {
                return;
            }
            switch (e.kind()) {
                case REGISTERED, REPLACED -> reg.register(e.key() + "-shadow", "shadow of " + e.newValue(), OnDuplicate.OVERWRITE);
                case REMOVED -> reg.remove(e.key() + "-shadow");
            }
        });

        reg.register("saw", "v1");
        assertThat(reg.require("saw-shadow")).isEqualTo("shadow of v1");

        reg.register("saw", "v2", OnDuplicate.OVERWRITE);
        assertThat(reg.require("saw-shadow")).isEqualTo("shadow of v2");

        reg.remove("saw");
        assertThat(reg.keys()).isEmpty();
        assertThat(events).extracting(RegEvent::key)
                .containsExactly("saw", "saw-shadow", "saw", "saw-shadow", "saw", "saw-shadow");
    }

    @Test
    void aListenerMayClearTheRegistryWhileClearIsRunning() {
        for (int i = 0; i < 10; i++) {
            reg.register("k" + i, "v" + i);
        }
        events.clear();
        subscribe(e -> reg.clear());

        int removedByOuterClear = reg.clear();

        assertThat(reg.size()).isZero();
        assertThat(events).hasSize(10);
        assertThat(events).extracting(RegEvent::kind).containsOnly(RegEvent.Kind.REMOVED);
        assertThat(events).extracting(RegEvent::key).doesNotHaveDuplicates();
        assertThat(removedByOuterClear).isEqualTo(1);
    }

    @Test
    void aListenerOfASupertypeReceivesEvents() {
        List<Object> seen = new ArrayList<>();
        RegListener<Object> general = e -> seen.add(e.newValue());
        subscribe(general);

        reg.register("saw", "v1");

        assertThat(seen).containsExactly("v1");
    }

    @Test
    void closingASubscriptionStopsItsEvents() {
        List<String> seen = new ArrayList<>();
        Subscription s = subscribe(e -> seen.add(e.key()));

        reg.register("before", "1");
        s.close();
        reg.register("after", "2");

        assertThat(seen).containsExactly("before");
    }

    @Test
    void closingASubscriptionTwiceDoesNothingMore() {
        AtomicInteger calls = new AtomicInteger();
        RegListener<String> counting = e -> calls.incrementAndGet();
        Subscription first = subscribe(counting);
        subscribe(counting);

        first.close();
        first.close();
        reg.register("saw", "v1");

        assertThat(calls).hasValue(1);
    }

    @Test
    void theSameListenerAddedTwiceReceivesEachEventTwice() {
        AtomicInteger calls = new AtomicInteger();
        RegListener<String> counting = e -> calls.incrementAndGet();
        subscribe(counting);
        subscribe(counting);

        reg.register("saw", "v1");

        assertThat(calls).hasValue(2);
    }

    @Test
    void aListenerMayCloseItsOwnSubscriptionWhileHandlingAnEvent() {
        List<String> seen = new ArrayList<>();
        Subscription[] self = new Subscription[1];
        self[0] = subscribe(e -> {
            seen.add(e.key());
            self[0].close();
        });

        reg.register("first", "1");
        reg.register("second", "2");

        assertThat(seen).containsExactly("first");
        assertThat(events).extracting(RegEvent::key).containsExactly("first", "second");
    }

    @Test
    void aNullListenerIsRejected() {
        assertThatThrownBy(() -> reg.addListener(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void listenersBelongToOneRegistryInstance() {
        ToolReg global = ToolReg.of(Domain.GLOBAL);
        global.clear();

        global.register("saw", "global");

        assertThat(events).isEmpty();
        global.clear();
    }
}
