package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import dev.suitkaise.reg.GlobalMap;
import dev.suitkaise.reg.SKGlobal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** SKGlobal maps and values opened in any child reach the commander's store, atomically. */
@ExtendWith(NoOrphans.class)
class CrossProcessGlobalsTest {

    private static final List<SKProcess> CHILDREN = new ArrayList<>();

    @BeforeAll
    static void spawnFour() throws Exception {
        List<CompletableFuture<SKProcess>> spawns = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String name = "globals-" + i;
            spawns.add(CompletableFuture.supplyAsync(() -> SKProcessManager.of(Domain.INTERNAL).spawn(name)));
        }
        for (CompletableFuture<SKProcess> s : spawns) {
            CHILDREN.add(Children.await(s));
        }
    }

    @AfterAll
    static void stopAll() {
        CHILDREN.forEach(p -> p.stop(Duration.ofSeconds(5)));
    }

    @Test
    void fourChildrenIncrementingTenThousandTimesEachGiveAnExactTotal() throws Exception {
        String counter = "counter-" + UUID.randomUUID();
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (SKProcess p : CHILDREN) {
            runs.add(p.submit(() -> {
                var value = SKGlobal.<Integer>value(Domain.GLOBAL, counter);
                for (int i = 0; i < 10_000; i++) {
                    value.accumulateAndGet(1, Integer::sum);
                }
                return value.get();
            }));
        }
        for (CompletableFuture<Integer> r : runs) {
            assertThat(Children.await(r, Duration.ofMinutes(3))).isBetween(10_000, 40_000);
        }

        assertThat(SKGlobal.<Integer>value(Domain.GLOBAL, counter).get()).isEqualTo(40_000);
    }

    @Test
    void anInterruptedThreadInAChildCarriesOutEachGlobalOperationOnceAndKeepsItsInterrupt() throws Exception {
        String mapName = "interrupted-map-" + UUID.randomUUID();
        String valueName = "interrupted-value-" + UUID.randomUUID();

        List<Object> seen = Children.await(CHILDREN.get(1).submit(() -> {
            GlobalMap<String, Integer> map = SKGlobal.map(Domain.GLOBAL, mapName);
            var value = SKGlobal.<Integer>value(Domain.GLOBAL, valueName);
            Thread.currentThread().interrupt();
            map.put("put", 1);
            map.merge("merged", 1, Integer::sum);
            map.merge("merged", 1, Integer::sum);
            int accumulated = value.accumulateAndGet(5, Integer::sum);
            boolean stillInterrupted = Thread.interrupted();
            return List.<Object>of(stillInterrupted, map.get("put"), accumulated);
        }));

        assertThat(seen).containsExactly(true, 1, 5);
        assertThat(SKGlobal.<String, Integer>map(Domain.GLOBAL, mapName))
                .containsExactlyInAnyOrderEntriesOf(Map.of("put", 1, "merged", 2));
        assertThat(SKGlobal.<Integer>value(Domain.GLOBAL, valueName).get()).isEqualTo(5);
    }

    @Test
    void aMapWrittenInTheParentIsReadAndWrittenInAChildAndBack() throws Exception {
        String name = "shared-" + UUID.randomUUID();
        GlobalMap<String, String> shared = SKGlobal.map(Domain.GLOBAL, name);
        shared.put("from", "parent");

        Map<String, String> seen = Children.await(CHILDREN.get(0).submit(() -> {
            GlobalMap<String, String> there = SKGlobal.map(Domain.GLOBAL, name);
            there.put("reply", "child " + there.get("from"));
            there.putIfAbsent("from", "ignored");
            return Map.copyOf(there);
        }));

        assertThat(seen).containsExactlyInAnyOrderEntriesOf(Map.of("from", "parent", "reply", "child parent"));
        assertThat(shared).containsExactlyInAnyOrderEntriesOf(Map.of("from", "parent", "reply", "child parent"));
    }

    @Test
    void aChangeMadeInOneChildIsSeenInAnother() throws Exception {
        String name = "relay-" + UUID.randomUUID();

        Children.await(CHILDREN.get(1).submit(() -> SKGlobal.<String>value(Domain.INTERNAL, name).getAndSet("from child 2")));
        String seen = Children.await(CHILDREN.get(2).submit(() -> SKGlobal.<String>value(Domain.INTERNAL, name).get()));

        assertThat(seen).isEqualTo("from child 2");
    }

    @Test
    void aChildListsAndDropsTheGlobalsOfTheWholeProgram() throws Exception {
        String name = "listed-" + UUID.randomUUID();
        SKGlobal.map(Domain.GLOBAL, name).put("k", 1);

        List<Boolean> seen = Children.await(CHILDREN.get(0).submit(() -> {
            var storage = SKGlobal.storage();
            var global = new dev.suitkaise.reg.GlobalName(Domain.GLOBAL, name);
            boolean listed = storage.names().contains(global);
            boolean dropped = storage.drop(global);
            return List.of(listed, dropped, storage.names().contains(global));
        }));

        assertThat(seen).containsExactly(true, true, false);
        assertThat(SKGlobal.storage().names()).doesNotContain(new dev.suitkaise.reg.GlobalName(Domain.GLOBAL, name));
    }

    @Test
    void childrenUseTheCrossProcessStorageThroughTheirParent() throws Exception {
        String description = Children.await(CHILDREN.get(3).submit(() -> SKGlobal.storage().description()));

        assertThat(description).contains("cross-process").contains("through the parent");
        assertThat(SKGlobal.storage().description()).contains("cross-process").contains("by the commander");
    }
}
