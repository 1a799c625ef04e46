package dev.suitkaise.thread;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** 10,000 threads started and stopped in waves leave no thread behind. */
class ThreadLeakStressTest {

    private static final int WAVES = 20;
    private static final int PER_WAVE = 500;

    private final SKThreader threader = Waits.threader("stress");

    @AfterEach
    void closeThreader() {
        Waits.closeAndCheck(threader);
    }

    private static Set<Thread> liveStressThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("stress-"))
                .collect(Collectors.toSet());
    }

    @Test
    void tenThousandThreadsStartedAndStoppedInWavesLeaveNoThreadBehind() {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        int finished = 0;
        for (int wave = 0; wave < WAVES; wave++) {
            // platform waves are visible to Thread.getAllStackTraces(); virtual ones only to the registry
            ThreadSpec spec = wave % 2 == 0 ? ThreadSpec.platform() : ThreadSpec.virtual();
            List<SKThread<Integer>> threads = new ArrayList<>(PER_WAVE);
            for (int i = 0; i < PER_WAVE; i++) {
                threads.add(threader.start("stress-" + wave + "-" + i, spec, () -> {
                    while (!SKThread.stopRequested()) {
                        LockSupport.park(); // woken by the stop request's interrupt
                    }
                    return 1;
                }));
            }
            threads.forEach(SKThread::requestStop);
            for (SKThread<Integer> t : threads) {
                Waits.join(t);
                if (t.state() == ThreadState.FINISHED || t.state() == ThreadState.CANCELLED) {
                    finished++;
                }
            }
            assertThat(threader.liveCount()).as("registry after wave %d", wave).isZero();
        }

        assertThat(finished).isEqualTo(WAVES * PER_WAVE);
        assertThat(liveStressThreads()).isEmpty();
        Set<Thread> after = Set.copyOf(Thread.getAllStackTraces().keySet());
        assertThat(after.stream().filter(t -> !before.contains(t)).map(Thread::getName)
                .filter(n -> n.startsWith("stress")).toList()).isEmpty();
        assertThat(threader.threads()).isEmpty();
    }
}
