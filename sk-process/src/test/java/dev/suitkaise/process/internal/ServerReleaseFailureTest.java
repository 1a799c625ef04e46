package dev.suitkaise.process.internal;

import dev.suitkaise.process.LogCapture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A channel server whose thread fails releases its parts step by step, each step independent of
 * the others: when closing its listening socket or its selector throws, the waiting starts still
 * fail at once with the reason, the other part is still closed, its shutdown hook still removed and
 * its directory still deleted, the close failure is kept with the death, and the next get opens a
 * new server.
 */
class ServerReleaseFailureTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    /** The part of a server whose close throws. */
    enum Part {
        SOCKET(ServerSocketChannel.class), SELECTOR(Selector.class);

        final Class<? extends Closeable> type;

        Part(Class<? extends Closeable> type) {
            this.type = type;
        }
    }

    @ParameterizedTest
    @EnumSource(Part.class)
    @SuppressWarnings("try") // the wake connection is held open, not used
    void whenClosingOnePartThrowsAsTheServerDiesTheOtherStepsStillRunAndTheNextGetOpensANewServer(Part failing) throws Exception {
        AtomicBoolean kill = new AtomicBoolean();
        IOException closeFailure = new IOException("test: closing the " + failing + " fails");
        List<Closeable> closed = new CopyOnWriteArrayList<>();
        List<Closeable> leftOpen = new CopyOnWriteArrayList<>();
        AtomicInteger servers = new AtomicInteger();
        ProcessServer.Closer failingCloser = part -> {
            if (failing.type.isInstance(part)) {
                leftOpen.add(part); // closed by the test at the end
                throw closeFailure;
            }
            part.close();
            closed.add(part);
        };
        ProcessServer.Holder holder = new ProcessServer.Holder(() -> ProcessServer.started(ProcessServer.Seams.REAL
                .withCloser(servers.getAndIncrement() == 0 ? failingCloser : ProcessServer.Seams.REAL.closer())
                .withAfterSelect(() -> {
                    if (kill.getAndSet(false)) {
                        throw new OutOfMemoryError("test: unable to create native thread");
                    }
                })));
        ProcessServer dying = holder.get();
        ProcessServer fresh = null;
        try {
            CompletableFuture<Channel> waiting = dying.expect(ProcessServer.newToken());
            Throwable death;
            try (LogCapture log = new LogCapture()) {
                kill.set(true);
                // held open while the woken thread fails
                try (SocketChannel wake = ChannelServerFailureTest.wake(dying)) {
                    ExecutionException failed = catchThrowableOfType(ExecutionException.class,
                            () -> waiting.get(BOUND.toSeconds(), TimeUnit.SECONDS));
                    assertThat(failed).as("the waiting start failed").isNotNull();
                    assertThat(failed.getCause()).isInstanceOf(IOException.class)
                            .hasMessageContaining("channel server " + dying.address() + " died")
                            .hasMessageContaining("unable to create native thread")
                            .hasMessageContaining("the next start opens a new channel server");
                    death = failed.getCause().getCause();
                }
                // logged once every part is released
                log.awaitLine(BOUND, "ERROR", "stopped: its thread failed", dying.address());
            }

            assertThat(leftOpen).as("the part whose close threw").singleElement().isInstanceOf(failing.type);
            assertThat(closed).as("the other part, closed all the same").singleElement()
                    .isNotInstanceOf(failing.type).satisfies(part -> assertThat(isOpen(part)).isFalse());
            assertThat(death).isInstanceOf(OutOfMemoryError.class);
            assertThat(death.getSuppressed()).as("the close failure, kept with the death").containsExactly(closeFailure);
            if (dying.directory() != null) {
                assertThat(Files.exists(dying.directory(), LinkOption.NOFOLLOW_LINKS)).as("its directory exists").isFalse();
                assertThat(Runtime.getRuntime().removeShutdownHook(dying.shutdownHook())).as("its hook was still registered")
                        .isFalse();
            }
            assertThat(dying.expect(ProcessServer.newToken())).as("a start that still holds the dead server")
                    .isCompletedExceptionally();

            fresh = holder.get();
            assertThat(fresh).isNotSameAs(dying);
            assertThat(fresh.address()).isNotEqualTo(dying.address());
            ChannelServerFailureTest.assertAChildConnects(fresh);
            assertThat(holder.get()).isSameAs(fresh);
        } finally {
            for (Closeable part : leftOpen) {
                part.close();
            }
            if (fresh != null) {
                fresh.close();
            }
        }
        assertThatThrownBy(() -> SocketChannel.open(ChannelServerFailureTest.address(dying)).close())
                .as("connecting to the dead server").isInstanceOf(IOException.class);
    }

    private static boolean isOpen(Closeable part) {
        return part instanceof Selector s ? s.isOpen() : ((ServerSocketChannel) part).isOpen();
    }
}
