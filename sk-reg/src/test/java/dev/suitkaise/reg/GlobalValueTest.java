package dev.suitkaise.reg;

import dev.suitkaise.reg.internal.InProcessGlobalStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Global values: AtomicReference-like operations where null means unset, and exact counts under contention. */
class GlobalValueTest {

    private static final int THREADS = Concurrently.THREADS;

    private SKGlobalStorage previous;
    private GlobalValue<Long> total;

    @BeforeEach
    void useAFreshStorage() {
        previous = SKGlobal.install(new InProcessGlobalStorage());
        total = SKGlobal.value(Domain.GLOBAL, "total");
    }

    @AfterEach
    void restoreTheStorage() {
        SKGlobal.install(previous);
    }

    @Test
    void aValueIsUnsetUntilFirstSet() {
        assertThat(total.get()).isNull();
        assertThat(total.isSet()).isFalse();
        assertThat(total.getOrDefault(-1L)).isEqualTo(-1L);
        assertThat(total.globalName()).isEqualTo(new GlobalName(Domain.GLOBAL, "total"));
    }

    @Test
    void setStoresAValueAndNullUnsetsIt() {
        total.set(5L);

        assertThat(total.get()).isEqualTo(5L);
        assertThat(total.isSet()).isTrue();
        assertThat(total.getOrDefault(-1L)).isEqualTo(5L);

        total.set(null);

        assertThat(total.isSet()).isFalse();
        assertThat(total.get()).isNull();
    }

    @Test
    void getAndSetReturnsThePreviousValueAndNullUnsets() {
        assertThat(total.getAndSet(1L)).isNull();
        assertThat(total.getAndSet(2L)).isEqualTo(1L);
        assertThat(total.getAndSet(null)).isEqualTo(2L);

        assertThat(total.isSet()).isFalse();
        assertThat(total.getAndSet(null)).isNull();
    }

    @Test
    void compareAndSetFromUnsetSucceedsOnlyWhileUnset() {
        assertThat(total.compareAndSet(null, 1L)).isTrue();
        assertThat(total.compareAndSet(null, 2L)).isFalse();

        assertThat(total.get()).isEqualTo(1L);
    }

    @Test
    void compareAndSetComparesWithEqualsNotIdentity() {
        total.set(1_000L);

        assertThat(total.compareAndSet(999L, 1L)).isFalse();
        assertThat(total.get()).isEqualTo(1_000L);
        assertThat(total.compareAndSet(Long.valueOf(1_000L), 1_001L)).isTrue();
        assertThat(total.get()).isEqualTo(1_001L);
    }

    @Test
    void compareAndSetToNullUnsetsOnlyAMatchingValue() {
        total.set(7L);

        assertThat(total.compareAndSet(8L, null)).isFalse();
        assertThat(total.isSet()).isTrue();
        assertThat(total.compareAndSet(7L, null)).isTrue();
        assertThat(total.isSet()).isFalse();
        assertThat(total.compareAndSet(7L, 9L)).isFalse();
        assertThat(total.isSet()).isFalse();
    }

    @Test
    void compareAndSetFromNullToNullSaysWhetherTheValueIsUnset() {
        assertThat(total.compareAndSet(null, null)).isTrue();
        total.set(1L);
        assertThat(total.compareAndSet(null, null)).isFalse();
        assertThat(total.get()).isEqualTo(1L);
    }

    @Test
    void updateAndGetSeesNullWhenUnsetAndReturnsTheNewValue() {
        List<Long> seen = new ArrayList<>();

        assertThat(total.updateAndGet(cur -> {
            seen.add(cur);
            return cur == null ? 10L : cur + 1;
        })).isEqualTo(10L);
        assertThat(total.updateAndGet(cur -> cur + 1)).isEqualTo(11L);

        assertThat(seen).containsExactly((Long) null);
        assertThat(total.get()).isEqualTo(11L);
    }

    @Test
    void anUpdateReturningNullUnsetsTheValue() {
        total.set(3L);

        assertThat(total.updateAndGet(cur -> null)).isNull();
        assertThat(total.isSet()).isFalse();

        total.set(4L);
        assertThat(total.getAndUpdate(cur -> null)).isEqualTo(4L);
        assertThat(total.isSet()).isFalse();
    }

    @Test
    void getAndUpdateReturnsThePreviousValue() {
        assertThat(total.getAndUpdate(cur -> cur == null ? 1L : cur * 2)).isNull();
        assertThat(total.getAndUpdate(cur -> cur * 2)).isEqualTo(1L);
        assertThat(total.getAndUpdate(cur -> cur * 2)).isEqualTo(2L);

        assertThat(total.get()).isEqualTo(4L);
    }

    @Test
    void accumulateAndGetStoresTheOperandWhenUnsetAndCombinesOtherwise() {
        assertThat(total.accumulateAndGet(5L, Long::sum)).isEqualTo(5L);
        assertThat(total.accumulateAndGet(3L, Long::sum)).isEqualTo(8L);
        assertThat(total.accumulateAndGet(2L, Math::max)).isEqualTo(8L);
    }

    @Test
    void updateFunctionsMustNotBeNull() {
        assertThatThrownBy(() -> total.updateAndGet(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> total.getAndUpdate(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void valuesOfTheSameNameShareAndOthersAreSeparate() {
        GlobalValue<Long> again = SKGlobal.value(Domain.GLOBAL, "total");
        GlobalValue<Long> other = SKGlobal.value(Domain.GLOBAL, "other");
        GlobalValue<Long> internal = SKGlobal.value(Domain.INTERNAL, "total");

        total.set(42L);

        assertThat(again.get()).isEqualTo(42L);
        assertThat(other.isSet()).isFalse();
        assertThat(internal.isSet()).isFalse();
        assertThat(internal.globalName().domain()).isEqualTo(Domain.INTERNAL);
    }

    @Test
    void aValueAndAMapOfTheSameNameAreIndependent() {
        GlobalMap<String, Long> map = SKGlobal.map(Domain.GLOBAL, "total");

        total.set(1L);
        map.put("x", 2L);

        assertThat(total.get()).isEqualTo(1L);
        assertThat(map).containsOnlyKeys("x");
    }

    @Test
    void valuesLiveInTheDomainsReservedMapAndAreListedUnderTheirOwnNames() {
        total.set(1L);
        SKGlobal.<String>value(Domain.INTERNAL, "mode").set("fast");

        assertThat(SKGlobal.storage().names()).contains(new GlobalName(Domain.GLOBAL, "#values"),
                new GlobalName(Domain.INTERNAL, "#values"));
        assertThat(SKGlobal.storage().map(new GlobalName(Domain.GLOBAL, "#values"))).containsEntry("total", 1L);
        assertThat(SKGlobal.names()).contains(new GlobalName(Domain.GLOBAL, "total"), new GlobalName(Domain.INTERNAL, "mode"))
                .noneMatch(n -> n.name().startsWith("#"));
    }

    @Test
    void aValueShowsItsNameAndContentsInToString() {
        total.set(3L);

        assertThat(total).hasToString("GlobalValue[GLOBAL/total]=3");
    }

    @Test
    void externalValuesDoNotOpenForInternalCode() {
        assertThatThrownBy(() -> SKGlobal.value(Domain.EXTERNAL, "total"))
                .isInstanceOf(SKAccessException.class)
                .hasMessageContaining("may not open the EXTERNAL global value 'total'");
    }

    @Test
    void sixteenThreadsAccumulatingTenThousandTimesCountExactly() throws Exception {
        int perThread = 10_000;

        Concurrently.run(t -> {
            for (int i = 0; i < perThread; i++) {
                total.accumulateAndGet(1L, Long::sum);
            }
            return null;
        });

        assertThat(total.get()).isEqualTo((long) THREADS * perThread);
    }

    @Test
    void compareAndSetLoopsFromSixteenThreadsLoseNoUpdate() throws Exception {
        int perThread = 2_000;

        Concurrently.run(t -> {
            for (int i = 0; i < perThread; i++) {
                boolean done;
                do {
                    Long current = total.get();
                    done = total.compareAndSet(current, current == null ? 1L : current + 1);
                } while (!done);
            }
            return null;
        });

        assertThat(total.get()).isEqualTo((long) THREADS * perThread);
    }

    @Test
    void getAndUpdateFromSixteenThreadsHandsOutEveryPreviousValueExactlyOnce() throws Exception {
        int perThread = 2_000;
        total.set(0L);

        List<List<Long>> seen = Concurrently.run(t -> {
            List<Long> mine = new ArrayList<>(perThread);
            for (int i = 0; i < perThread; i++) {
                mine.add(total.getAndUpdate(cur -> cur + 1));
            }
            return mine;
        });

        long n = (long) THREADS * perThread;
        Set<Long> all = new HashSet<>();
        seen.forEach(all::addAll);
        assertThat(all).hasSize((int) n);
        assertThat(all).allSatisfy(v -> assertThat(v).isBetween(0L, n - 1));
        assertThat(total.get()).isEqualTo(n);
    }

    @Test
    void updateAndGetFromSixteenThreadsReturnsEveryNewValueExactlyOnce() throws Exception {
        int perThread = 2_000;

        List<List<Long>> seen = Concurrently.run(t -> {
            List<Long> mine = new ArrayList<>(perThread);
            for (int i = 0; i < perThread; i++) {
                mine.add(total.updateAndGet(cur -> cur == null ? 1L : cur + 1));
            }
            return mine;
        });

        long n = (long) THREADS * perThread;
        Set<Long> all = new HashSet<>();
        seen.forEach(all::addAll);
        assertThat(all).hasSize((int) n);
        assertThat(all).allSatisfy(v -> assertThat(v).isBetween(1L, n));
        seen.forEach(mine -> assertThat(mine).isSorted());
    }
}
