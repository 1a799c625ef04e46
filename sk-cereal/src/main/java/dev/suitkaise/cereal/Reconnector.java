package dev.suitkaise.cereal;

import java.util.Map;

/**
 * What the internal codec delivers in place of a live connection that cannot travel: an open
 * {@link java.net.Socket} becomes a {@link SocketReconnector}, a running {@link Process} a
 * {@link ProcessReconnector}, a JDBC {@link java.sql.Connection} a {@link JdbcReconnector}. The
 * receiver decides whether and when to reconnect, and supplies any credentials itself: credentials
 * are never serialized.
 *
 * <p>Implementations are thread-safe; {@link #reconnect(Map)} connects at most once at a time.
 *
 * @param <T> the type of the live object
 */
public interface Reconnector<T> {

    /**
     * What this reconnector connects to, without secrets (for example {@code localhost:8080} or a
     * command line).
     *
     * @return a description of the target
     */
    String target();

    /**
     * Reconnects with credentials supplied by the receiver.
     *
     * @param credentials values the target needs (their use depends on the type: the environment
     *     of a restarted process; the driver properties, such as {@code user} and {@code password},
     *     of a JDBC connection; unused for sockets); never serialized
     * @return the live object
     * @throws SKCerealException if the target cannot be reached or the original was never connected
     */
    T reconnect(Map<String, String> credentials);

    /**
     * Reconnects without credentials.
     *
     * @return the live object
     * @throws SKCerealException if the target cannot be reached or the original was never connected
     */
    default T reconnect() {
        return reconnect(Map.of());
    }
}
