package dev.suitkaise.process;

import dev.suitkaise.reg.Domain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A pool spreads work over warm children and gives results back in order, streamed, or as they finish. */
@ExtendWith(NoOrphans.class)
class ProcessPoolTest {

    private static SKPool pool;
    private static final List<Integer> ITEMS = IntStream.rangeClosed(1, 12).boxed().toList();

    @BeforeAll
    static void start() {
        pool = SKProcessManager.of(Domain.INTERNAL).pool(ProcessSpec.builder("pool-test").build(), 2);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void mapReturnsTheResultsInItemOrderComputedOnEveryWarmChild() {
        List<String> results = pool.map(x -> x * x + "@" + ProcessHandle.current().pid(), ITEMS, Children.BOUND);

        assertThat(results.stream().map(r -> Integer.parseInt(r.substring(0, r.indexOf('@')))).toList())
                .isEqualTo(ITEMS.stream().map(x -> x * x).toList());
        Set<Long> pids = results.stream().map(r -> Long.parseLong(r.substring(r.indexOf('@') + 1))).collect(Collectors.toSet());
        assertThat(pids).isEqualTo(pool.workers().stream().map(SKProcess::pid).collect(Collectors.toSet()));
    }

    @Test
    void imapStreamsTheResultsInItemOrder() {
        assertThat(pool.imap(x -> x + 100, ITEMS, Children.BOUND).toList())
                .isEqualTo(ITEMS.stream().map(x -> x + 100).toList());
    }

    @Test
    void unorderedImapYieldsEveryResultExactlyOnce() {
        assertThat(pool.unorderedImap(x -> -x, ITEMS, Children.BOUND).toList())
                .containsExactlyInAnyOrderElementsOf(ITEMS.stream().map(x -> -x).toList());
    }

    @Test
    void submitRunsAFunctionOnOneOfThePoolsChildren() throws Exception {
        long pid = Children.await(pool.submit(() -> ProcessHandle.current().pid()));

        assertThat(pool.workers()).extracting(SKProcess::pid).contains(pid);
    }

    @Test
    void aFailingItemFailsTheMapWithTheChildsException() {
        assertThatThrownBy(() -> pool.map(x -> {
            if (x == 7) {
                throw new IllegalArgumentException("unlucky " + x);
            }
            return x;
        }, ITEMS, Children.BOUND)).isInstanceOf(SKTaskFailedException.class).hasMessageContaining("unlucky 7");
    }

    @Test
    void closingAPoolStopsItsChildrenAndRefusesMoreWork() {
        SKPool small = SKProcessManager.of(Domain.INTERNAL).pool(1);
        SKProcess worker = small.workers().getFirst();
        assertThat(small.map(x -> x + 1, List.of(1, 2, 3), Children.BOUND)).containsExactly(2, 3, 4);

        small.close();

        assertThat(worker.state()).isEqualTo(ProcessState.STOPPED);
        assertThatThrownBy(() -> small.submit(() -> 1)).isInstanceOf(SKProcessException.class).hasMessageContaining("closed");
    }
}
