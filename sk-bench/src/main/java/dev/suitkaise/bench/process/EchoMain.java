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
 * 8-byte message until the socket closes (the raw ping-pong).
 */
public final class EchoMain {

    /** The size of one ping and of its echo. */
    static final int MESSAGE = 8;

    private EchoMain() {
    }

    /**
     * Runs the peer child.
     *
     * @param args nothing, or the socket path to connect to and echo on
     * @throws IOException if the socket fails
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            return;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(Path.of(args[0])));
            ByteBuffer buf = ByteBuffer.allocateDirect(MESSAGE);
            while (true) {
                buf.clear();
                while (buf.hasRemaining()) {
                    if (ch.read(buf) < 0) {
                        return;
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
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(EchoMain.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
