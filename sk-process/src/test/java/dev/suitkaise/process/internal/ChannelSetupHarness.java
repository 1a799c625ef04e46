package dev.suitkaise.process.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A program for {@link ChannelSetupTest}, run in its own JVM with a low file descriptor limit:
 * builds channels while only 0, 1, 2, ... descriptors are free, so that setting one up fails at
 * each of its steps (its two selectors), and reports whether a failed setup left descriptors
 * open. Prints {@code FAILED <n> LEAKS <n>} and, for each leak, a line starting with
 * {@code LEAK}.
 */
public final class ChannelSetupHarness {

    private ChannelSetupHarness() {
    }

    /**
     * Runs the harness.
     *
     * @param args ignored
     * @throws Exception if anything but the channel's setup fails
     */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("sk-channel-setup");
        int failures = 0;
        int leaks = 0;
        warmUp(dir.resolve("warm-up"));
        // the first pass loads every class the second needs: loading one takes a descriptor
        for (int pass = 0; pass < 2; pass++) {
            for (int free = 0; free <= 12; free++) {
                Path sock = dir.resolve("s" + pass + "-" + free);
                try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                    server.bind(UnixDomainSocketAddress.of(sock));
                    SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(sock));
                    try {
                        SocketChannel accepted = server.accept();
                        long before = openDescriptors();
                        List<FileInputStream> filler = new ArrayList<>();
                        Channel channel = null;
                        boolean failed = false;
                        try {
                            fill(filler);
                            for (int k = 0; k < free && !filler.isEmpty(); k++) {
                                filler.removeLast().close();
                            }
                            channel = new Channel(accepted, "setup-" + free);
                        } catch (IllegalStateException e) {
                            failed = true;
                        } catch (LinkageError e) {
                            if (pass == 1) {
                                throw e;
                            }
                            failed = true; // a class that could not be loaded for want of a descriptor: loaded next time
                        } finally {
                            for (FileInputStream f : filler) {
                                f.close();
                            }
                        }
                        if (channel != null) {
                            channel.close();
                        }
                        // a failed setup closes the socket it was given, as closing a channel does
                        long after = openDescriptors();
                        if (pass == 1) {
                            failures += failed ? 1 : 0;
                            if (after != before - 1) {
                                leaks++;
                                System.out.println("LEAK with " + free + " free descriptor(s), setup " + (failed ? "failed" : "succeeded")
                                        + ": " + before + " open before, " + after + " after");
                            }
                        }
                    } finally {
                        client.close();
                    }
                } finally {
                    Files.deleteIfExists(sock);
                }
            }
        }
        Files.deleteIfExists(dir);
        System.out.println("FAILED " + failures + " LEAKS " + leaks);
    }

    /** Sets up a channel and closes it with descriptors to spare: loads its classes. */
    private static void warmUp(Path sock) throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(sock));
            try {
                new Channel(server.accept(), "warm-up").close();
            } finally {
                client.close();
            }
        } finally {
            Files.deleteIfExists(sock);
        }
    }

    /** Opens descriptors until the limit is reached. */
    private static void fill(List<FileInputStream> filler) {
        while (true) {
            try {
                filler.add(new FileInputStream("/dev/null"));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
