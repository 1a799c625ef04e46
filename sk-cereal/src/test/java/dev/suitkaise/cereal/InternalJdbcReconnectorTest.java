package dev.suitkaise.cereal;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * JDBC connections through the internal codec, against a real H2 database. Surefire puts H2 on the
 * class path (the main module does not require it), and DriverManager finds it there through its
 * {@code java.sql.Driver} service: no explicit driver loading is needed.
 */
class InternalJdbcReconnectorTest {

    private static final String USER = "ledger_keeper";
    private static final String PASSWORD = "correct-horse-battery-staple";

    /** Travels through the codec with a connection in a field declared as {@link Connection}. */
    record Job(String name, Connection db) {
    }

    private final InternalCereal cereal = InternalCereal.builder().allowClasses(Job.class).build();

    @BeforeAll
    static void registerTheTestDriver() throws SQLException {
        DriverManager.registerDriver(ReadOnlyKeepingDriver.INSTANCE);
    }

    @AfterAll
    static void deregisterTheTestDriver() throws SQLException {
        DriverManager.deregisterDriver(ReadOnlyKeepingDriver.INSTANCE);
    }

    private static String fileUrl(Path dir, String name) {
        return "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath();
    }

    private static Connection openWithCrew(String url) throws SQLException {
        Connection c = DriverManager.getConnection(url, USER, PASSWORD);
        try (Statement s = c.createStatement()) {
            s.execute("create table crew(id int primary key, name varchar(40))");
            s.execute("insert into crew values (1, 'Ada'), (2, 'Grace')");
        }
        return c;
    }

    private static List<String> names(Connection c, String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /**
     * Asserts that neither the password nor the user name is in the bytes. Kryo marks the last
     * character of an ASCII string, so all but the last character are searched for.
     */
    private static void assertNoCredentialsIn(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContainIgnoringCase(PASSWORD.substring(0, PASSWORD.length() - 1))
                .doesNotContainIgnoringCase(USER.substring(0, USER.length() - 1));
    }

    @Test
    void anOpenConnectionTravelsWithoutCredentialsAndReconnectsWithThoseTheReceiverSupplies(@TempDir Path dir)
            throws Exception {
        String url = fileUrl(dir, "ledger");
        try (Connection original = openWithCrew(url)) {
            Job job = new Job("audit", original);
            assertThat(cereal.check(job)).isEmpty();

            byte[] bytes = cereal.serialize(job);
            assertNoCredentialsIn(bytes);
            assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("org.h2");

            Job back = (Job) cereal.deserialize(bytes);
            assertThat(back.name()).isEqualTo("audit");
            assertThat(back.db()).isInstanceOf(JdbcReconnector.class);
            JdbcReconnector reconnector = (JdbcReconnector) back.db();
            assertThat(reconnector.target()).isEqualTo(url);
            assertThat(reconnector.url()).contains(url);
            assertThat(reconnector.wasClosed()).isFalse();
            assertThat(reconnector.isReconnected()).isFalse();
            assertThat(reconnector.isClosed()).isTrue();
            assertThat(reconnector.isValid(1)).isFalse();
            assertThatThrownBy(reconnector::createStatement).isInstanceOf(SQLException.class)
                    .hasMessageContaining(url).hasMessageContaining("reconnect(user, password)");

            Connection again = reconnector.reconnect(USER, PASSWORD.toCharArray());
            assertThat(again).isSameAs(reconnector);
            assertThat(again.isClosed()).isFalse();
            assertThat(again.isValid(5)).isTrue();
            assertThat(names(again, "select name from crew order by id")).containsExactly("Ada", "Grace");
            try (Statement s = again.createStatement()) {
                s.execute("insert into crew values (3, 'Barbara')");
            }
            assertThat(names(original, "select name from crew order by id")).containsExactly("Ada", "Grace", "Barbara");
            assertThat(reconnector.reconnect(USER, PASSWORD.toCharArray())).isSameAs(again);

            byte[] afterReconnect = cereal.serialize(reconnector);
            assertNoCredentialsIn(afterReconnect);
            try (Connection third = ((JdbcReconnector) cereal.deserialize(afterReconnect))
                    .reconnect(Map.of("user", USER, "password", PASSWORD))) {
                assertThat(names(third, "select name from crew where id = 3")).containsExactly("Barbara");
            }
            again.close();
            assertThat(reconnector.isClosed()).isTrue();
        }
    }

    @Test
    void aReconnectorThatWasNotReconnectedTravelsAgainAndReconnectsWithDriverProperties(@TempDir Path dir)
            throws Exception {
        String url = fileUrl(dir, "relay");
        try (Connection original = openWithCrew(url)) {
            JdbcReconnector first = (JdbcReconnector) cereal.deserialize(cereal.serialize(original));
            JdbcReconnector second = (JdbcReconnector) cereal.deserialize(cereal.serialize(first));
            assertThat(second.target()).isEqualTo(url);
            assertThat(second.settings()).isEqualTo(first.settings());
            Properties info = new Properties();
            info.setProperty("user", USER);
            info.setProperty("password", PASSWORD);
            try (Connection again = second.reconnect(info)) {
                assertThat(names(again, "select name from crew where id = 1")).containsExactly("Ada");
            }
        }
    }

    @Test
    void theOriginalsAutoCommitIsolationCatalogAndSchemaAreRestoredOnTheNewConnection(@TempDir Path dir)
            throws Exception {
        String url = fileUrl(dir, "settings");
        try (Connection original = DriverManager.getConnection(url, USER, PASSWORD)) {
            try (Statement s = original.createStatement()) {
                s.execute("create schema accounts");
                s.execute("create table accounts.entries(id int primary key, note varchar(40))");
                s.execute("insert into accounts.entries values (1, 'opening balance')");
            }
            original.setSchema("ACCOUNTS");
            original.setAutoCommit(false);
            original.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);

            JdbcReconnector back = (JdbcReconnector) cereal.deserialize(cereal.serialize(original));
            assertThat(back.settings()).contains(new JdbcReconnector.Settings(false, original.isReadOnly(),
                    Connection.TRANSACTION_SERIALIZABLE, original.getCatalog(), "ACCOUNTS"));

            try (Connection again = back.reconnect(USER, PASSWORD.toCharArray())) {
                assertThat(again.getAutoCommit()).isFalse();
                assertThat(again.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
                assertThat(again.getSchema()).isEqualTo("ACCOUNTS");
                assertThat(again.getCatalog()).isEqualTo(original.getCatalog());
                assertThat(again.isReadOnly()).isEqualTo(original.isReadOnly());
                assertThat(names(again, "select note from entries")).containsExactly("opening balance");
            }
            original.rollback();
        }
    }

    @Test
    void readOnlyIsRestoredAndSecretsInTheUrlDoNotTravel() throws Exception {
        // H2 ignores Connection.setReadOnly, so a thin driver in front of it keeps the flag per connection;
        // its URL also carries H2's own USER and PASSWORD settings, as some applications write them.
        String database = "h2:mem:readonly_" + System.nanoTime();
        String url = ReadOnlyKeepingDriver.PREFIX + database + ";USER=" + USER + ";PASSWORD=" + PASSWORD;
        try (Connection original = DriverManager.getConnection(url, new Properties())) {
            try (Statement s = original.createStatement()) {
                s.execute("create table crew(id int primary key, name varchar(40))");
                s.execute("insert into crew values (1, 'Ada')");
            }
            original.setReadOnly(true);
            assertThat(original.getMetaData().getURL()).contains(PASSWORD);

            byte[] bytes = cereal.serialize(original);
            assertNoCredentialsIn(bytes);
            JdbcReconnector back = (JdbcReconnector) cereal.deserialize(bytes);
            assertThat(back.target()).isEqualTo(ReadOnlyKeepingDriver.PREFIX + database + ";");
            assertThat(back.settings()).hasValueSatisfying(s -> assertThat(s.readOnly()).isTrue());

            try (Connection again = back.reconnect(USER, PASSWORD.toCharArray())) {
                assertThat(again.isReadOnly()).isTrue();
                assertThat(names(again, "select name from crew")).containsExactly("Ada");
            }
        }
    }

    @Test
    void aWrongPasswordFailsWithAClearExceptionThatNamesTheUrlAndALaterRightOneWorks(@TempDir Path dir)
            throws Exception {
        String url = fileUrl(dir, "guarded");
        try (Connection original = openWithCrew(url)) {
            JdbcReconnector back = (JdbcReconnector) cereal.deserialize(cereal.serialize(original));
            assertThatThrownBy(() -> back.reconnect(USER, "not-the-password".toCharArray()))
                    .isInstanceOf(SKCerealException.class)
                    .hasMessageContaining("Cannot reconnect to " + url)
                    .hasMessageContaining("28000")
                    .hasMessageContaining("Check the credentials")
                    .message().doesNotContain("not-the-password");
            assertThat(back.isReconnected()).isFalse();
            assertThat(back.isClosed()).isTrue();
            try (Connection again = back.reconnect(USER, PASSWORD.toCharArray())) {
                assertThat(names(again, "select count(*) from crew")).containsExactly("2");
            }
        }
    }

    @Test
    void aUrlThatNoDriverHereAcceptsFailsWithAMessageThatSaysToAddTheDriver() {
        JdbcReconnector nowhere = new JdbcReconnector("jdbc:sk-no-such-driver://db/app",
                new JdbcReconnector.Settings(true, false, Connection.TRANSACTION_READ_COMMITTED, null, null));
        assertThatThrownBy(() -> nowhere.reconnect(USER, PASSWORD.toCharArray()))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("jdbc:sk-no-such-driver://db/app")
                .hasMessageContaining("no JDBC driver here accepts this URL");
    }

    @Test
    void aClosedConnectionComesBackAsAReconnectorThatSaysSoAndCannotReconnect(@TempDir Path dir) throws Exception {
        String url = fileUrl(dir, "closed");
        Connection original = openWithCrew(url);
        original.close();
        assertThat(cereal.check(List.of(original))).isEmpty();

        JdbcReconnector back = (JdbcReconnector) cereal.deserialize(cereal.serialize(original));
        assertThat(back.wasClosed()).isTrue();
        assertThat(back.isClosed()).isTrue();
        assertThat(back.settings()).isEmpty();
        assertThat(back.url()).isEmpty(); // H2 no longer reports the URL of a closed connection
        assertThat(back.target()).contains("closed");
        assertThatThrownBy(() -> back.reconnect(USER, PASSWORD.toCharArray()))
                .isInstanceOf(SKCerealException.class)
                .hasMessageContaining("already closed when it was serialized");
        assertThatThrownBy(back::createStatement).isInstanceOf(SQLException.class).hasMessageContaining("original was closed");

        JdbcReconnector stillClosed = (JdbcReconnector) cereal.deserialize(cereal.serialize(back));
        assertThat(stillClosed.wasClosed()).isTrue();
    }

    @Test
    void aReconnectedConnectionClosedBeforeItTravelsAgainComesBackClosedWithItsUrl(@TempDir Path dir) throws Exception {
        String url = fileUrl(dir, "again");
        try (Connection original = openWithCrew(url)) {
            JdbcReconnector back = (JdbcReconnector) cereal.deserialize(cereal.serialize(original));
            back.reconnect(USER, PASSWORD.toCharArray()).close();
            JdbcReconnector closed = (JdbcReconnector) cereal.deserialize(cereal.serialize(back));
            assertThat(closed.wasClosed()).isTrue();
            assertThat(closed.url()).contains(url);
            assertThat(closed.toString()).contains(url).contains("was closed");
        }
    }

    @Test
    void anOpenConnectionWhoseDriverDoesNotReportItsUrlIsReportedByCheckAndRefused() {
        Connection hidden = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "isClosed" -> false;
                    case "getMetaData" -> Proxy.newProxyInstance(DatabaseMetaData.class.getClassLoader(),
                            new Class<?>[] {DatabaseMetaData.class}, (p, m, a) -> null);
                    case "toString" -> "hidden connection";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new SQLFeatureNotSupportedException(method.getName());
                });
        Job job = new Job("hidden", hidden);
        assertThat(cereal.check(job)).singleElement().satisfies(issue -> {
            assertThat(issue.path()).isEqualTo("root.db");
            assertThat(issue.reason()).contains("does not report the URL").contains("afterDeserialize");
        });
        assertThatThrownBy(() -> cereal.serialize(job)).isInstanceOf(SKCerealException.class)
                .hasMessageContaining("does not report the URL");
    }

    @Test
    void userNamesAndSecretsAreRemovedFromUrlsOfCommonDrivers() {
        assertThat(JdbcReconnector.withoutCredentials("jdbc:postgresql://db:5432/app?user=bob&password=pw&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/app?ssl=true");
        assertThat(JdbcReconnector.withoutCredentials("jdbc:postgresql://db:5432/app?ssl=true&password=pw"))
                .isEqualTo("jdbc:postgresql://db:5432/app?ssl=true");
        assertThat(JdbcReconnector.withoutCredentials("jdbc:mysql://bob:pw@db:3306/app?useSSL=true"))
                .isEqualTo("jdbc:mysql://db:3306/app?useSSL=true");
        assertThat(JdbcReconnector.withoutCredentials("jdbc:oracle:thin:scott/tiger@//db:1521/svc"))
                .isEqualTo("jdbc:oracle:thin:@//db:1521/svc");
        assertThat(JdbcReconnector.withoutCredentials("jdbc:oracle:thin:@//db:1521/svc"))
                .isEqualTo("jdbc:oracle:thin:@//db:1521/svc");
        assertThat(JdbcReconnector.withoutCredentials(
                "jdbc:sqlserver://db:1433;databaseName=app;user=bob;password=pw;encrypt=true"))
                .isEqualTo("jdbc:sqlserver://db:1433;databaseName=app;encrypt=true");
        assertThat(JdbcReconnector.withoutCredentials("jdbc:db2://db:50000/app:user=bob;password=pw;currentSchema=X;"))
                .isEqualTo("jdbc:db2://db:50000/app:currentSchema=X;");
        assertThat(JdbcReconnector.withoutCredentials("jdbc:h2:mem:app;USER=sa;PASSWORD=pw;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:mem:app;MODE=PostgreSQL");
        assertThat(JdbcReconnector.withoutCredentials("jdbc:x://db/app?sslKeyStorePassword=k&apiToken=t&db=d"))
                .isEqualTo("jdbc:x://db/app?db=d");
        assertThat(JdbcReconnector.withoutCredentials("jdbc:h2:mem:plain;DB_CLOSE_DELAY=-1"))
                .isEqualTo("jdbc:h2:mem:plain;DB_CLOSE_DELAY=-1");
        assertThat(new JdbcReconnector("jdbc:postgresql://bob:pw@db/app?password=pw",
                new JdbcReconnector.Settings(true, false, 0, null, null)).target()).isEqualTo("jdbc:postgresql://db/app");
        assertThatThrownBy(() -> new JdbcReconnector("postgresql://db/app",
                new JdbcReconnector.Settings(true, false, 0, null, null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:");
    }

    @Test
    void removingCredentialsFromAHugeHostileUrlTakesLinearTime() {
        String hostile = "jdbc:x:" + ";password".repeat(200_000) + ";" + "a".repeat(1_000_000) + "password"
                + "//" + "x".repeat(500_000) + ":" + "user=u&".repeat(100_000);
        String stripped = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> JdbcReconnector.withoutCredentials(hostile));
        assertThat(stripped).doesNotContain("user=u");
    }

    /**
     * A driver in front of H2 ({@code jdbc:sk-test-readonly:h2:...}) whose connections keep the
     * read-only flag themselves, because H2 ignores {@link Connection#setReadOnly}, and report their
     * own URL, secrets included, as a careless driver might.
     */
    static final class ReadOnlyKeepingDriver implements Driver {
        static final String PREFIX = "jdbc:sk-test-readonly:";
        static final ReadOnlyKeepingDriver INSTANCE = new ReadOnlyKeepingDriver();

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            if (!acceptsURL(url)) {
                return null;
            }
            Connection h2 = DriverManager.getConnection("jdbc:" + url.substring(PREFIX.length()), info);
            boolean[] readOnly = {false};
            InvocationHandler metaData = (proxy, method, args) -> method.getName().equals("getURL") ? url
                    : invoke(h2.getMetaData(), method, args);
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "setReadOnly" -> {
                            readOnly[0] = (Boolean) args[0];
                            yield null;
                        }
                        case "isReadOnly" -> readOnly[0];
                        case "getMetaData" -> Proxy.newProxyInstance(DatabaseMetaData.class.getClassLoader(),
                                new Class<?>[] {DatabaseMetaData.class}, metaData);
                        default -> invoke(h2, method, args);
                    });
        }

        private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public boolean acceptsURL(String url) {
            return url != null && url.startsWith(PREFIX);
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException("no logger");
        }
    }
}
