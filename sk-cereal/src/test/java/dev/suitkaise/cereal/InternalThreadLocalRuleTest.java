package dev.suitkaise.cereal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented rule for ThreadLocal: the value get() returns in the writing thread, set in the reading thread only. */
class InternalThreadLocalRuleTest {

    private final InternalCereal cereal = SKCereal.internal();

    @Test
    void aThreadLocalCarriesWhatGetReturnsInTheWritingThreadAndOnlyTheReadingThreadSeesIt() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ThreadLocal<String> local = ThreadLocal.withInitial(() -> "initial-" + runs.incrementAndGet());

        byte[] bytes = cereal.serialize(local); // this thread had no value: get() runs the supplier
        assertThat(runs).hasValue(1);
        assertThat(local.get()).isEqualTo("initial-1");

        @SuppressWarnings("unchecked")
        ThreadLocal<String> back = (ThreadLocal<String>) cereal.deserialize(bytes);
        AtomicReference<String> elsewhere = new AtomicReference<>("unset");
        Thread other = Thread.ofPlatform().start(() -> elsewhere.set(back.get()));
        assertThat(other.join(Duration.ofSeconds(10))).isTrue();

        assertThat(back.get()).isEqualTo("initial-1");
        assertThat(elsewhere.get()).as("another thread of the receiver: the supplier is not carried").isNull();
        assertThat(runs).hasValue(1);
    }
}
