package dev.suitkaise.thread;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Virtual and platform threads, daemon, priority, the default kind and spec checks. */
class ThreadKindTest {

    /** What a body sees of its own thread. */
    record Seen(boolean virtual, boolean daemon, int priority, String name) {
        static Seen here() {
            Thread t = Thread.currentThread();
            return new Seen(t.isVirtual(), t.isDaemon(), t.getPriority(), t.getName());
        }
    }

    private final SKThreader threader = Waits.threader("kinds");

    @AfterEach
    void closeThreader() {
        Waits.closeAndCheck(threader);
    }

    @Test
    void threadsAreVirtualByDefault() throws Exception {
        SKThread<Seen> t = threader.start("default", Seen::here);

        assertThat(t.kind()).isEqualTo(ThreadKind.VIRTUAL);
        assertThat(t.result()).isEqualTo(new Seen(true, true, Thread.NORM_PRIORITY, "default"));
    }

    @Test
    void aPlatformSpecGivesANamedPlatformThreadWithItsDaemonFlagAndPriority() throws Exception {
        ThreadSpec spec = ThreadSpec.builder().kind(ThreadKind.PLATFORM).daemon(false).priority(7)
                .component("io").build();
        SKThread<Seen> t = threader.start("platform", spec, Seen::here);

        assertThat(t.result()).isEqualTo(new Seen(false, false, 7, "platform"));
        assertThat(t.kind()).isEqualTo(ThreadKind.PLATFORM);
        assertThat(t.component()).isEqualTo("io");
    }

    @Test
    void askingForANonDaemonThreadWithoutAKindMakesItAPlatformThread() throws Exception {
        ThreadSpec spec = ThreadSpec.builder().daemon(false).build();

        assertThat(spec.kind()).isEqualTo(ThreadKind.PLATFORM);
        assertThat(threader.start("implied", spec, Seen::here).result().virtual()).isFalse();
    }

    @Test
    void theDefaultKindIsConfigurablePerThreader() throws Exception {
        try (SKThreader platformFirst = SKThreader.builder().name("platform-first")
                .defaultKind(ThreadKind.PLATFORM).build()) {
            SKThread<Seen> t = platformFirst.start("pf", Seen::here);

            assertThat(t.result().virtual()).isFalse();
            assertThat(platformFirst.start("v", ThreadSpec.virtual(), Seen::here).result().virtual()).isTrue();
        }
    }

    @Test
    void workersRunOnPlatformThreadsByDefaultAndOnVirtualOnesWhenAsked() throws Exception {
        SKWorker platform = threader.worker("pw");
        SKWorker virtual = threader.worker("vw", WorkerSpec.builder().kind(ThreadKind.VIRTUAL).build());

        assertThat(platform.submit(Seen::here).get()).isEqualTo(new Seen(false, true, Thread.NORM_PRIORITY, "pw"));
        assertThat(virtual.submit(Seen::here).get().virtual()).isTrue();
        assertThat(virtual.kind()).isEqualTo(ThreadKind.VIRTUAL);
    }

    @Test
    void aVirtualSpecThatAsksForPlatformOnlyOptionsIsRejectedWithAMessage() {
        assertThatThrownBy(() -> ThreadSpec.builder().kind(ThreadKind.VIRTUAL).priority(9).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PLATFORM");
        assertThatThrownBy(() -> ThreadSpec.builder().priority(11).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    }

    @Test
    void blankNamesAreRejected() {
        assertThatThrownBy(() -> threader.start(" ", () -> 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> threader.worker("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theProcessThreaderIsOneInstance() {
        assertThat(SKThreader.get()).isSameAs(SKThreader.get());
        assertThat(SKThreader.get().name()).isEqualTo("process");
    }
}
