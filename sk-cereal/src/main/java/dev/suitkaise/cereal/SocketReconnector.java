package dev.suitkaise.cereal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An open {@link Socket} after it travelled through the internal codec: an unconnected socket that
 * remembers the remote host, port and options of the original. {@link #reconnect(Map)} connects
 * this socket to the same endpoint and returns it; until then it behaves like any unconnected
 * socket. Credentials are not used by sockets (a protocol-level login is the caller's business).
 * Deserialization itself never connects; {@link #reconnect(Map)} connects to the endpoint that
 * arrived in the message, so check {@link #target()} for messages from peers you do not trust.
 */
public final class SocketReconnector extends Socket implements Reconnector<Socket> {

    private final ReentrantLock lock = new ReentrantLock();
    private final String host;
    private final int port;
    private final int timeoutMillis;
    private final boolean tcpNoDelay;
    private final boolean keepAlive;

    /**
     * Creates a reconnector for an endpoint.
     *
     * @param host the remote host name or address
     * @param port the remote port
     * @param timeoutMillis the read timeout of the original ({@code SO_TIMEOUT}), also used as connect timeout
     * @param tcpNoDelay the original's {@code TCP_NODELAY}
     * @param keepAlive the original's {@code SO_KEEPALIVE}
     */
    public SocketReconnector(String host, int port, int timeoutMillis, boolean tcpNoDelay, boolean keepAlive) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Bad port " + port);
        }
        this.port = port;
        this.timeoutMillis = Math.max(0, timeoutMillis);
        this.tcpNoDelay = tcpNoDelay;
        this.keepAlive = keepAlive;
    }

    /**
     * The remote host.
     *
     * @return the host name or address
     */
    public String host() {
        return host;
    }

    /**
     * The remote port.
     *
     * @return the port
     */
    public int port() {
        return port;
    }

    /**
     * The original's read timeout.
     *
     * @return milliseconds; 0 means none
     */
    public int timeoutMillis() {
        return timeoutMillis;
    }

    /**
     * The original's {@code TCP_NODELAY}.
     *
     * @return the option
     */
    public boolean tcpNoDelayOption() {
        return tcpNoDelay;
    }

    /**
     * The original's {@code SO_KEEPALIVE}.
     *
     * @return the option
     */
    public boolean keepAliveOption() {
        return keepAlive;
    }

    @Override
    public String target() {
        return host + ":" + port;
    }

    @Override
    public Socket reconnect(Map<String, String> credentials) {
        Objects.requireNonNull(credentials, "credentials");
        lock.lock();
        try {
            return connect(credentials);
        } finally {
            lock.unlock();
        }
    }

    private Socket connect(Map<String, String> credentials) {
        if (isConnected()) {
            return this;
        }
        try {
            setTcpNoDelay(tcpNoDelay);
            setKeepAlive(keepAlive);
            setSoTimeout(timeoutMillis);
            connect(new InetSocketAddress(host, port), timeoutMillis);
            return this;
        } catch (IOException e) {
            throw new SKCerealException("Cannot reconnect the socket to " + target() + ": " + e
                    + ". Check that the endpoint is reachable from this process.", e);
        }
    }
}
