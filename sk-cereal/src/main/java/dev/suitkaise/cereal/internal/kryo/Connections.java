package dev.suitkaise.cereal.internal.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.suitkaise.cereal.ProcessReconnector;
import dev.suitkaise.cereal.SKCerealException;
import dev.suitkaise.cereal.SocketReconnector;

import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;

/** Sockets and processes travel as reconnectors: the endpoint or command line, never credentials. */
final class Connections {

    private Connections() {
    }

    /** Writes a socket's endpoint and options; reads a {@link SocketReconnector}. */
    static final class SocketSerializer extends Serializer<Socket> {
        @Override
        public void write(Kryo kryo, Output output, Socket socket) {
            String host;
            int port;
            int timeout;
            boolean noDelay;
            boolean keepAlive;
            if (socket instanceof SocketReconnector r && !r.isConnected()) {
                host = r.host();
                port = r.port();
                timeout = r.timeoutMillis();
                noDelay = r.tcpNoDelayOption();
                keepAlive = r.keepAliveOption();
            } else {
                InetAddress address = socket.getInetAddress();
                if (address == null || socket.getPort() <= 0) {
                    throw new SKCerealException("The socket was never connected, so there is nothing to reconnect to;"
                            + " carry the host and port instead.");
                }
                host = address.getHostAddress();
                port = socket.getPort();
                try {
                    timeout = socket.isClosed() ? 0 : socket.getSoTimeout();
                    noDelay = !socket.isClosed() && socket.getTcpNoDelay();
                    keepAlive = !socket.isClosed() && socket.getKeepAlive();
                } catch (SocketException e) {
                    throw new SKCerealException("Cannot read the options of the socket to " + host + ":" + port + ": " + e, e);
                }
            }
            output.writeString(host);
            output.writeVarInt(port, true);
            output.writeVarInt(timeout, true);
            output.writeBoolean(noDelay);
            output.writeBoolean(keepAlive);
        }

        @Override
        public Socket read(Kryo kryo, Input input, Class<? extends Socket> type) {
            String host = input.readString();
            int port = input.readVarInt(true);
            int timeout = input.readVarInt(true);
            boolean noDelay = input.readBoolean();
            boolean keepAlive = input.readBoolean();
            if (host == null || port < 1 || port > 65535) {
                throw new KryoException("Corrupted socket endpoint");
            }
            return new SocketReconnector(host, port, timeout, noDelay, keepAlive);
        }
    }

    /** Writes a process's command line; reads a {@link ProcessReconnector}. */
    static final class ProcessSerializer extends Serializer<Process> {
        @Override
        public void write(Kryo kryo, Output output, Process process) {
            List<String> command;
            if (process instanceof ProcessReconnector r) {
                command = r.command();
            } else {
                ProcessHandle.Info info = process.info();
                String program = info.command().orElseThrow(() -> new SKCerealException("The command line of process "
                        + process.pid() + " is not visible to this JVM (ProcessHandle.Info is empty), so it cannot be"
                        + " restarted elsewhere; carry its command line instead."));
                command = new ArrayList<>();
                command.add(program);
                info.arguments().ifPresent(args -> command.addAll(List.of(args)));
            }
            output.writeVarInt(command.size(), true);
            for (String part : command) {
                output.writeString(part);
            }
        }

        @Override
        public Process read(Kryo kryo, Input input, Class<? extends Process> type) {
            int n = Containers.readCount(input, "command line");
            if (n == 0) {
                throw new KryoException("Empty process command line");
            }
            List<String> command = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String part = input.readString();
                if (part == null) {
                    throw new KryoException("Corrupted process command line");
                }
                command.add(part);
            }
            return new ProcessReconnector(command);
        }
    }
}
