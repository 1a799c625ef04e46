package dev.suitkaise.cereal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ExternalConcurrencyTest {
    record Entry(int thread, int round, List<String> words, Map<String, Long> counts) {
    }

    private static Entry entry(int thread, int round) {
        return new Entry(thread, round, List.of("t" + thread, "r" + round, "x".repeat(round % 300)),
                Map.of("n", (long) thread * round));
    }

    @Test
    void theSharedCodecRoundTripsOnManyThreadsAtOnce() throws Exception {
        ExternalCereal cereal = SKCereal.external();
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            tasks.add(() -> {
                int ok = 0;
                for (int round = 0; round < 500; round++) {
                    Entry entry = entry(thread, round);
                    Entry back = cereal.deserialize(cereal.serialize(entry), Entry.class);
                    if (back.equals(entry)) {
                        ok++;
                    }
                }
                return ok;
            });
        }

        List<Integer> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<Integer> future : pool.invokeAll(tasks)) {
                results.add(future.get());
            }
        }

        assertThat(results).hasSize(8).containsOnly(500);
    }

    @Test
    void virtualThreadsEachGetCorrectResults() throws Exception {
        ExternalCereal cereal = SKCereal.external();
        List<Future<Entry>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int round = i;
                futures.add(pool.submit(() -> cereal.deserialize(cereal.serialize(entry(99, round)), Entry.class)));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(entry(99, i));
            }
        }
    }

    /** A record whose accessor serializes another value while the record itself is being written. */
    record Envelope(String label) {
        @Override
        public String label() {
            byte[] inner = SKCereal.external().serialize(java.util.List.of(label, label + "-inner"));
            return label + ":" + SKCereal.external().deserialize(inner);
        }
    }

    @Test
    void aSerializationInsideAnAccessorUsesItsOwnBufferAndLeavesTheOuterDocumentIntact() {
        ExternalCereal cereal = SKCereal.external();

        Object back = cereal.deserialize(cereal.serialize(java.util.List.of(new Envelope("a"), "after")));

        assertThat(back).isEqualTo(java.util.List.of(java.util.Map.of("label", "a:[a, a-inner]"), "after"));
        assertThat(cereal.deserialize(cereal.serialize("next"))).isEqualTo("next");
    }
}
