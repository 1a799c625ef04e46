package dev.suitkaise.process.internal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server whose handshake thread cannot be started (OutOfMemoryError 'unable to create native
 * thread') leaves nothing behind: its socket and selector are closed, its shutdown hook removed
 * and its directory deleted, and the next get opens a server that works.
 */
class ServerStartFailureTest {

    @Test
    void aServerWhoseThreadCannotStartClosesItsSocketAndSelectorRemovesItsHookAndDeletesItsDirectory() throws Exception {
        AtomicReference<ProcessServer> made = new AtomicReference<>();
        AtomicInteger fail = new AtomicInteger(1);
        ProcessServer.Holder holder = new ProcessServer.Holder(() -> ProcessServer.started(ProcessServer.Seams.REAL.withStarter(
                (server, loop) -> {
                    if (fail.getAndDecrement() > 0) {
                        made.set(server);
                        throw new OutOfMemoryError("test: unable to create native thread");
                    }
                    return ProcessServer.Seams.REAL.starter().start(server, loop);
                })));

        assertThatThrownBy(holder::get).isInstanceOf(OutOfMemoryError.class).hasMessageContaining("unable to create native thread");

        ProcessServer failed = made.get();
        assertThat(failed.isOpen()).as("socket or selector of the failed server open").isFalse();
        assertThatThrownBy(() -> SocketChannel.open(ChannelServerFailureTest.address(failed)).close())
                .as("connecting to the failed server").isInstanceOf(IOException.class);
        if (failed.directory() != null) {
            assertThat(Files.exists(failed.directory(), LinkOption.NOFOLLOW_LINKS)).as("its directory exists").isFalse();
            assertThat(Runtime.getRuntime().removeShutdownHook(failed.shutdownHook())).as("its hook was still registered").isFalse();
        }

        ProcessServer next = holder.get();
        assertThat(next).isNotSameAs(failed);
        assertThat(next.isOpen()).isTrue();
        next.close();
    }
}
