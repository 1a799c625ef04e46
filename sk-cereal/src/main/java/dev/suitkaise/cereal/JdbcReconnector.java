package dev.suitkaise.cereal;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDBC {@link Connection} after it travelled through the internal codec: it remembers the
 * original's URL (as reported by {@link DatabaseMetaData#getURL()}, with credentials removed, see
 * {@link #withoutCredentials(String)}) and its {@linkplain Settings settings}, and is not connected.
 * {@link #reconnect(String, char[])} (or {@link #reconnect(Properties)}, {@link #reconnect(Map)})
 * opens a new connection to the same URL through {@link DriverManager} with credentials the
 * receiver supplies, restores the settings, and from then on this object stands for the new
 * connection: every {@link Connection} method delegates to it. Before that, {@link #isClosed()} is
 * true, {@link #isValid(int)} false, {@link #close()} does nothing and the other {@link Connection}
 * methods throw {@link SQLException} (SQLState {@code 08003}) that says to call {@code reconnect}.
 *
 * <p><b>Credentials never travel.</b> Neither the password nor the user name is carried: the user
 * name is treated as part of the credentials, since the receiver decides which account it logs in
 * as (a worker may well use a less privileged one than its parent) and a user name is half of what
 * a login needs. The reconnector does not keep the credentials passed to {@code reconnect} either,
 * so serializing it again after a reconnect carries none.
 *
 * <p><b>A closed connection</b> comes back as a reconnector whose {@link #wasClosed()} is true; it
 * cannot be reconnected ({@code reconnect} throws {@link SKCerealException}), just as a closed file
 * is not reopened. Its URL is carried when the driver still reports it for a closed connection.
 *
 * <p><b>Trust.</b> {@code reconnect} connects to the URL that arrived in the message, and a JDBC URL
 * can make some drivers run code (for example initialization scripts); call it only for messages
 * from a trusted peer (Suitkaise's own processes) and check {@link #target()} first if in doubt.
 * Deserialization itself never connects.
 *
 * <p>The driver must be visible to this module: registered with {@link DriverManager}, or provided
 * as a {@link Driver} service to the thread's context class loader. Thread-safe; {@code reconnect}
 * connects at most once at a time.
 */
public final class JdbcReconnector implements Connection, Reconnector<Connection> {

    /**
     * The settings of the original connection that a reconnect restores.
     *
     * @param autoCommit the original's auto-commit mode
     * @param readOnly whether the original was read-only
     * @param transactionIsolation the original's transaction isolation, one of the
     *     {@code Connection.TRANSACTION_*} constants (or a driver-specific level);
     *     {@link Connection#TRANSACTION_NONE} is not restored
     * @param catalog the original's catalog, or null if it had none or the driver did not report one
     * @param schema the original's schema, or null if it had none or the driver did not report one
     */
    public record Settings(boolean autoCommit, boolean readOnly, int transactionIsolation, String catalog, String schema) {

        /**
         * Validates the isolation level.
         *
         * @param autoCommit the auto-commit mode
         * @param readOnly the read-only flag
         * @param transactionIsolation the isolation level, not negative
         * @param catalog the catalog or null
         * @param schema the schema or null
         */
        public Settings {
            if (transactionIsolation < 0) {
                throw new IllegalArgumentException("Bad transaction isolation " + transactionIsolation
                        + "; use one of the Connection.TRANSACTION_* constants.");
            }
        }
    }

    private static final String NO_CONNECTION = "08003";

    /**
     * A URL parameter after {@code ;}, {@code ?}, {@code &} or {@code :}, with the delimiter that ends
     * it; possessive, so that hostile input is matched in linear time.
     */
    private static final Pattern PARAMETER = Pattern.compile("(?<=[;?&:])\\s*+([\\w.-]++)\\s*+=[^;&]*+[;&]?");
    /** Names of parameters that carry a user name or a secret, in lower case. */
    private static final Set<String> SECRET_NAMES = Set.of("user", "username", "user_name", "user-name", "userid",
            "user_id", "uid", "login", "pass", "apikey", "api_key", "api-key");
    /** Words that make any parameter whose name contains them secret, in lower case. */
    private static final List<String> SECRET_WORDS = List.of("password", "passwd", "pwd", "secret", "token",
            "passphrase", "credential");
    /** User information in the authority part: {@code //user:password@host}. */
    private static final Pattern USER_INFO = Pattern.compile("//[^/?;#@]*@");
    /** Oracle's thin and OCI syntax: {@code jdbc:oracle:thin:user/password@host}. */
    private static final Pattern ORACLE_LOGIN = Pattern.compile("(?i)^(jdbc:oracle:[a-z0-9]+:)[^@]+@");

    private final ReentrantLock lock = new ReentrantLock();
    private final String url;
    private final Settings settings;
    private volatile Connection connection;

    /**
     * Creates a reconnector.
     *
     * @param url the JDBC URL; user names and secrets in it are removed (see
     *     {@link #withoutCredentials(String)}); may be null only for a closed connection
     * @param settings the settings a reconnect restores, or null for a connection that was already
     *     closed (which cannot be reconnected)
     * @throws IllegalArgumentException if the URL does not start with {@code jdbc:}
     * @throws NullPointerException if the URL is null for an open connection
     */
    public JdbcReconnector(String url, Settings settings) {
        if (settings != null) {
            Objects.requireNonNull(url, "JdbcReconnector: url is null; only a closed connection (settings null) may lack"
                    + " its URL");
        }
        if (url != null && !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            throw new IllegalArgumentException("A JDBC URL must start with 'jdbc:'; got '" + withoutCredentials(url) + "'.");
        }
        this.url = url == null ? null : withoutCredentials(url);
        this.settings = settings;
    }

    /**
     * Creates a reconnector for a connection that was already closed; it cannot be reconnected.
     *
     * @param url the JDBC URL of the closed connection, or null if the driver no longer reported it;
     *     user names and secrets in it are removed
     * @return a reconnector whose {@link #wasClosed()} is true
     * @throws IllegalArgumentException if the URL does not start with {@code jdbc:}
     */
    public static JdbcReconnector closed(String url) {
        return new JdbcReconnector(url, null);
    }

    /**
     * A JDBC URL without the parts that name a user or hold a secret: user information in the
     * authority ({@code //user:password@host}), Oracle's {@code user/password@} prefix, and parameters
     * such as {@code user}, {@code uid}, {@code password}, {@code pwd}, or any whose name contains
     * {@code password}, {@code secret}, {@code token}, {@code passphrase} or {@code credential}, in the
     * {@code ;key=value}, {@code ?key=value&key=value} and {@code :key=value;} styles of common
     * drivers. Best effort across driver syntaxes: a driver that hides a secret elsewhere in its URL
     * is not recognized, so pass credentials to the driver as properties, never in the URL.
     *
     * @param url a JDBC URL
     * @return the URL with those parts removed (unchanged if it has none)
     */
    public static String withoutCredentials(String url) {
        Objects.requireNonNull(url, "url");
        String result = ORACLE_LOGIN.matcher(url).replaceFirst("$1@");
        result = USER_INFO.matcher(result).replaceFirst("//");
        Matcher m = PARAMETER.matcher(result);
        StringBuilder kept = new StringBuilder(result.length());
        boolean removed = false;
        while (m.find()) {
            boolean secret = isSecretName(m.group(1));
            m.appendReplacement(kept, secret ? "" : Matcher.quoteReplacement(m.group()));
            removed |= secret;
        }
        m.appendTail(kept);
        if (removed) {
            int end = kept.length();
            while (end > 0 && "&?:".indexOf(kept.charAt(end - 1)) >= 0) {
                end--;
            }
            kept.setLength(end);
        }
        return kept.toString();
    }

    private static boolean isSecretName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (SECRET_NAMES.contains(lower)) {
            return true;
        }
        for (String word : SECRET_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The URL that {@code reconnect} connects to, without credentials.
     *
     * @return the URL; empty only for a connection that was closed and whose driver no longer
     *     reported its URL
     */
    public Optional<String> url() {
        return Optional.ofNullable(url);
    }

    /**
     * The settings of the original that a reconnect restores.
     *
     * @return the settings; empty for a connection that was closed when it was serialized
     */
    public Optional<Settings> settings() {
        return Optional.ofNullable(settings);
    }

    /**
     * Whether the original connection was already closed when it was serialized.
     *
     * @return true if it was closed; such a reconnector cannot reconnect
     */
    public boolean wasClosed() {
        return settings == null;
    }

    /**
     * Whether {@code reconnect} has connected this reconnector (the connection may have been closed
     * since).
     *
     * @return true after a successful reconnect
     */
    public boolean isReconnected() {
        return connection != null;
    }

    @Override
    public String target() {
        if (url != null) {
            return url;
        }
        return "a JDBC connection that was closed (its driver no longer reported the URL)";
    }

    /**
     * Reconnects with credentials supplied by the receiver, given as driver properties (usually
     * {@code user} and {@code password}); they are passed to the driver and not kept.
     *
     * @param credentials driver properties; never serialized
     * @return this reconnector, now connected
     * @throws SKCerealException if the original was closed, no driver accepts the URL, the database
     *     refuses the connection (for example wrong credentials), or a setting cannot be restored
     */
    @Override
    public Connection reconnect(Map<String, String> credentials) {
        Objects.requireNonNull(credentials, "credentials");
        Properties info = new Properties();
        info.putAll(credentials);
        return reconnect(info);
    }

    /**
     * Reconnects as a user with a password supplied by the receiver; neither is kept.
     *
     * @param user the user name, or null to pass none
     * @param password the password, or null to pass none; the array is not modified, and clearing it
     *     afterwards is the caller's business
     * @return this reconnector, now connected
     * @throws SKCerealException if the original was closed, no driver accepts the URL, the database
     *     refuses the connection (for example wrong credentials), or a setting cannot be restored
     */
    public Connection reconnect(String user, char[] password) {
        Properties info = new Properties();
        if (user != null) {
            info.setProperty("user", user);
        }
        if (password != null) {
            info.setProperty("password", new String(password));
        }
        return reconnect(info);
    }

    /**
     * Reconnects with driver properties supplied by the receiver (credentials and any other
     * connection properties); they are passed to the driver and not kept. Does nothing if this
     * reconnector is already connected and its connection is open.
     *
     * @param info driver properties; copied, never serialized
     * @return this reconnector, now connected
     * @throws SKCerealException if the original was closed, no driver accepts the URL, the database
     *     refuses the connection (for example wrong credentials), or a setting cannot be restored
     */
    public Connection reconnect(Properties info) {
        Objects.requireNonNull(info, "info");
        lock.lock();
        try {
            return connect(copyOf(info));
        } finally {
            lock.unlock();
        }
    }

    private static Properties copyOf(Properties info) {
        Properties copy = new Properties();
        for (String name : info.stringPropertyNames()) {
            copy.setProperty(name, info.getProperty(name));
        }
        return copy;
    }

    private Connection connect(Properties info) {
        if (settings == null) {
            throw new SKCerealException("The JDBC connection to " + target() + " was already closed when it was"
                    + " serialized, so there is nothing to reconnect. Open a new connection with DriverManager if this"
                    + " process needs one.");
        }
        Connection current = connection;
        if (current != null && !closedQuietly(current)) {
            return this;
        }
        Connection fresh = open(info);
        try {
            restore(fresh);
        } catch (SQLException | RuntimeException e) {
            try {
                fresh.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw new SKCerealException("Reconnected to " + url + " but could not restore the original's settings "
                    + settings + ": " + e + ". The database or driver here does not accept them; the new connection was"
                    + " closed.", e);
        }
        connection = fresh;
        return this;
    }

    private static boolean closedQuietly(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private Connection open(Properties info) {
        try {
            Driver driver = driverFor(url);
            if (driver == null) {
                throw new SKCerealException("Cannot reconnect to " + url + ": no JDBC driver here accepts this URL. Put"
                        + " the database's driver on this process's class or module path (with its java.sql.Driver"
                        + " service), or register it with DriverManager.registerDriver.");
            }
            Connection c = driver.connect(url, info);
            if (c == null) {
                throw new SKCerealException("Cannot reconnect to " + url + ": the driver " + driver.getClass().getName()
                        + " declined the URL.");
            }
            return c;
        } catch (SQLException e) {
            throw new SKCerealException("Cannot reconnect to " + url + ": " + e.getMessage() + " (SQLState "
                    + e.getSQLState() + "). Check the credentials passed to reconnect() and that the database is"
                    + " reachable from this process.", e);
        }
    }

    /** The driver for a URL: DriverManager's, else a Driver service of the thread's context class loader. */
    private static Driver driverFor(String url) throws SQLException {
        try {
            return DriverManager.getDriver(url);
        } catch (SQLException noneRegistered) {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context == null) {
                return null;
            }
            try {
                for (Driver d : ServiceLoader.load(Driver.class, context)) {
                    if (d.acceptsURL(url)) {
                        return d;
                    }
                }
            } catch (ServiceConfigurationError e) {
                throw new SQLException("A java.sql.Driver service is broken: " + e, "08001", e);
            }
            return null;
        }
    }

    private void restore(Connection c) throws SQLException {
        if (c.isReadOnly() != settings.readOnly()) {
            c.setReadOnly(settings.readOnly());
        }
        int isolation = settings.transactionIsolation();
        if (isolation != TRANSACTION_NONE && c.getTransactionIsolation() != isolation) {
            c.setTransactionIsolation(isolation);
        }
        if (settings.catalog() != null && !settings.catalog().equals(c.getCatalog())) {
            c.setCatalog(settings.catalog());
        }
        if (settings.schema() != null && !settings.schema().equals(c.getSchema())) {
            c.setSchema(settings.schema());
        }
        if (c.getAutoCommit() != settings.autoCommit()) {
            c.setAutoCommit(settings.autoCommit());
        }
    }

    private Connection live() throws SQLException {
        Connection c = connection;
        if (c == null) {
            throw new SQLException("The JDBC connection to " + target() + " arrived through the internal codec and is not"
                    + " connected: call reconnect(user, password) first" + (wasClosed() ? " (it cannot: the original was"
                    + " closed)." : "."), NO_CONNECTION);
        }
        return c;
    }

    @Override
    public String toString() {
        Connection c = connection;
        return "JdbcReconnector[" + target() + (wasClosed() ? ", was closed" : c == null ? ", not reconnected" : ", reconnected")
                + "]";
    }

    // ------------------------------------------------------------------ Connection, delegated

    @Override
    public boolean isClosed() throws SQLException {
        Connection c = connection;
        return c == null || c.isClosed();
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("The timeout must not be negative; got " + timeout + ".");
        }
        Connection c = connection;
        return c != null && c.isValid(timeout);
    }

    @Override
    public void close() throws SQLException {
        Connection c = connection;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void abort(Executor executor) throws SQLException {
        Connection c = connection;
        if (c != null) {
            c.abort(executor);
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return live().unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return true;
        }
        Connection c = connection;
        return c != null && c.isWrapperFor(iface);
    }

    @Override
    public Statement createStatement() throws SQLException {
        return live().createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        return live().prepareStatement(sql);
    }

    @Override
    public CallableStatement prepareCall(String sql) throws SQLException {
        return live().prepareCall(sql);
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        return live().nativeSQL(sql);
    }

    @Override
    public void setAutoCommit(boolean autoCommit) throws SQLException {
        live().setAutoCommit(autoCommit);
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return live().getAutoCommit();
    }

    @Override
    public void commit() throws SQLException {
        live().commit();
    }

    @Override
    public void rollback() throws SQLException {
        live().rollback();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return live().getMetaData();
    }

    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        live().setReadOnly(readOnly);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return live().isReadOnly();
    }

    @Override
    public void setCatalog(String catalog) throws SQLException {
        live().setCatalog(catalog);
    }

    @Override
    public String getCatalog() throws SQLException {
        return live().getCatalog();
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        live().setTransactionIsolation(level);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return live().getTransactionIsolation();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return live().getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        live().clearWarnings();
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
        return live().createStatement(resultSetType, resultSetConcurrency);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return live().prepareStatement(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
        return live().prepareCall(sql, resultSetType, resultSetConcurrency);
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return live().getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
        live().setTypeMap(map);
    }

    @Override
    public void setHoldability(int holdability) throws SQLException {
        live().setHoldability(holdability);
    }

    @Override
    public int getHoldability() throws SQLException {
        return live().getHoldability();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return live().setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String name) throws SQLException {
        return live().setSavepoint(name);
    }

    @Override
    public void rollback(Savepoint savepoint) throws SQLException {
        live().rollback(savepoint);
    }

    @Override
    public void releaseSavepoint(Savepoint savepoint) throws SQLException {
        live().releaseSavepoint(savepoint);
    }

    @Override
    public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return live().createStatement(resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                              int resultSetHoldability) throws SQLException {
        return live().prepareStatement(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency, int resultSetHoldability)
            throws SQLException {
        return live().prepareCall(sql, resultSetType, resultSetConcurrency, resultSetHoldability);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        return live().prepareStatement(sql, autoGeneratedKeys);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        return live().prepareStatement(sql, columnIndexes);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        return live().prepareStatement(sql, columnNames);
    }

    @Override
    public Clob createClob() throws SQLException {
        return live().createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return live().createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return live().createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return live().createSQLXML();
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        Connection c = connection;
        if (c == null) {
            throw new SQLClientInfoException("The JDBC connection to " + target() + " is not connected: call"
                    + " reconnect(user, password) first.", NO_CONNECTION, 0, Map.of());
        }
        c.setClientInfo(name, value);
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        Connection c = connection;
        if (c == null) {
            throw new SQLClientInfoException("The JDBC connection to " + target() + " is not connected: call"
                    + " reconnect(user, password) first.", NO_CONNECTION, 0, Map.of());
        }
        c.setClientInfo(properties);
    }

    @Override
    public String getClientInfo(String name) throws SQLException {
        return live().getClientInfo(name);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return live().getClientInfo();
    }

    @Override
    public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
        return live().createArrayOf(typeName, elements);
    }

    @Override
    public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
        return live().createStruct(typeName, attributes);
    }

    @Override
    public void setSchema(String schema) throws SQLException {
        live().setSchema(schema);
    }

    @Override
    public String getSchema() throws SQLException {
        return live().getSchema();
    }

    @Override
    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        live().setNetworkTimeout(executor, milliseconds);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return live().getNetworkTimeout();
    }

    @Override
    public void beginRequest() throws SQLException {
        live().beginRequest();
    }

    @Override
    public void endRequest() throws SQLException {
        live().endRequest();
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout)
            throws SQLException {
        return live().setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
        return live().setShardingKeyIfValid(shardingKey, timeout);
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
        live().setShardingKey(shardingKey, superShardingKey);
    }

    @Override
    public void setShardingKey(ShardingKey shardingKey) throws SQLException {
        live().setShardingKey(shardingKey);
    }
}
