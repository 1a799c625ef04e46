package dev.suitkaise.cereal.internal.kryo;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.suitkaise.cereal.JdbcReconnector;
import dev.suitkaise.cereal.ProcessReconnector;
import dev.suitkaise.cereal.SKCerealException;
import dev.suitkaise.cereal.SocketReconnector;

import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sockets, processes and JDBC connections travel as reconnectors: the endpoint, command line or URL
 * and settings, never credentials.
 */
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

    /**
     * Why a live JDBC connection cannot be written, or null if it can: an open connection whose
     * driver does not report its URL. Reads only metadata; never changes the connection.
     */
    static String jdbcProblem(Connection connection) {
        if (connection instanceof JdbcReconnector r && !r.isReconnected()) {
            return null;
        }
        if (isClosed(connection)) {
            return null;
        }
        return urlOf(connection) == null ? noUrlMessage(connection) : null;
    }

    private static String noUrlMessage(Connection connection) {
        return "The JDBC driver of " + connection.getClass().getName() + " does not report the URL of this open"
                + " connection (DatabaseMetaData.getURL()), so it cannot be reconnected elsewhere; carry the URL instead"
                + " and open the connection in CerealPreparable.afterDeserialize().";
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            throw new SKCerealException("Cannot tell whether the JDBC connection " + connection.getClass().getName()
                    + " is open: " + e + ".", e);
        }
    }

    private static String urlOf(Connection connection) {
        try {
            String url = connection.getMetaData().getURL();
            return url == null || url.isBlank() ? null : url;
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Writes a JDBC connection's URL (without credentials), whether it was closed and, if open, its
     * auto-commit, read-only, isolation, catalog and schema; reads a {@link JdbcReconnector}. A
     * {@link JdbcReconnector} that was not reconnected writes what it carries; a reconnected one is
     * written like the live connection it stands for. User names and passwords are never written.
     */
    static final class JdbcSerializer extends Serializer<Connection> {
        @Override
        public void write(Kryo kryo, Output output, Connection connection) {
            String url;
            JdbcReconnector.Settings settings;
            if (connection instanceof JdbcReconnector r && !r.isReconnected()) {
                url = r.url().orElse(null);
                settings = r.settings().orElse(null);
            } else {
                boolean closed = isClosed(connection);
                url = urlOf(connection);
                if (url == null && connection instanceof JdbcReconnector r) {
                    url = r.url().orElse(null);
                }
                if (url == null && !closed) {
                    throw new SKCerealException(noUrlMessage(connection));
                }
                settings = closed ? null : settingsOf(connection, url);
            }
            output.writeString(url == null ? null : JdbcReconnector.withoutCredentials(url));
            output.writeBoolean(settings == null);
            if (settings != null) {
                output.writeBoolean(settings.autoCommit());
                output.writeBoolean(settings.readOnly());
                output.writeVarInt(settings.transactionIsolation(), true);
                output.writeString(settings.catalog());
                output.writeString(settings.schema());
            }
        }

        private static JdbcReconnector.Settings settingsOf(Connection c, String url) {
            try {
                return new JdbcReconnector.Settings(c.getAutoCommit(), c.isReadOnly(), c.getTransactionIsolation(),
                        optional(c::getCatalog), optional(c::getSchema));
            } catch (SQLException e) {
                throw new SKCerealException("Cannot read the settings (auto-commit, read-only, transaction isolation) of"
                        + " the JDBC connection to " + JdbcReconnector.withoutCredentials(url) + ": " + e
                        + ". Check that the connection is usable when it is serialized.", e);
            }
        }

        /** A value the driver may not support (catalog, schema): null when it does not report one. */
        private static String optional(SqlGetter getter) {
            try {
                return getter.get();
            } catch (SQLException | AbstractMethodError | UnsupportedOperationException e) {
                return null;
            }
        }

        @Override
        public Connection read(Kryo kryo, Input input, Class<? extends Connection> type) {
            String url = input.readString();
            boolean closed = input.readBoolean();
            if (url != null && !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
                throw new KryoException("Corrupted JDBC URL");
            }
            if (closed) {
                return JdbcReconnector.closed(url);
            }
            boolean autoCommit = input.readBoolean();
            boolean readOnly = input.readBoolean();
            int isolation = input.readVarInt(true);
            String catalog = input.readString();
            String schema = input.readString();
            if (url == null || isolation < 0) {
                throw new KryoException("Corrupted JDBC connection settings");
            }
            return new JdbcReconnector(url, new JdbcReconnector.Settings(autoCommit, readOnly, isolation, catalog, schema));
        }
    }

    /** A getter of the JDBC API. */
    @FunctionalInterface
    private interface SqlGetter {
        String get() throws SQLException;
    }
}
