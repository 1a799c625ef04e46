package dev.suitkaise.bench.process;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The tiny main of the benchmarks' peer child JVMs. Without arguments it returns at once (the
 * bare JVM start); with the path of a Unix domain socket it connects there and echoes every
 * 8-byte message until the socket closes (the raw ping-pong), waiting in a blocking read; with
 * {@value #POLL} after the path it polls a non-blocking socket instead, yielding its processor
 * between polls, and never sleeps (the polling ping-pong).
 */
public final class EchoMain {

    /** The size of one ping and of its echo. */
    static final int MESSAGE = 8;

    /** The second argument that makes the echo poll its socket instead of blocking. */
    static final String POLL = "poll";

    private EchoMain() {
    }

    /**
     * Runs the peer child.
     *
     * @param args nothing, or the socket path to connect to and echo on, optionally followed by
     *     {@value #POLL}
     * @throws IOException if the socket fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            return;
        }
        boolean poll = args.length > 1 && POLL.equals(args[1]);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
            ch.configureBlocking(!poll);
            ByteBuffer buf = ByteBuffer.allocateDirect(MESSAGE);
            while (true) {
                buf.clear();
                while (buf.hasRemaining()) {
                    int n = ch.read(buf);
                    if (n < 0) {
                        return;
                    }
                    if (n == 0) {
                        Thread.yield();
                    }
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
            }
        }
    }

    /**
     * The command that starts this main in a JVM like the running one: the same java, JVM
     * options and class path, as sk-process starts its children.
     *
     * @param args the main's arguments
     * @return the command line
     */
    static List<String> command(String... args) {
        return command(EchoMain.class, List.of(), args);
    }

    /**
     * The command that starts a main class in a JVM like the running one (the same java, JVM
     * options and class path), with some JVM options more.
     *
     * @param main the main class
     * @param moreJvmOptions options after the running JVM's own
     * @param args the main's arguments
     * @return the command line
     */
    static List<String> command(Class<?> main, List<String> moreJvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(moreJvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
