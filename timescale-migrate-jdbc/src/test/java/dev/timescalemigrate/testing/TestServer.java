package dev.timescalemigrate.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The PostgreSQL + TimescaleDB server database tests run against, found once per JVM:
 * <ol>
 *   <li>the superuser JDBC URL in the environment variable (or system property) {@value #URL_VARIABLE},
 *       which {@code scripts/test-db.sh url} prints for the repository's own test bed;</li>
 *   <li>otherwise, where Docker is available, a {@value #IMAGE} container started through Testcontainers;</li>
 *   <li>otherwise the tests fail, saying how to provide a server. They never skip silently.</li>
 * </ol>
 */
public final class TestServer {

    /** The variable naming the test server. */
    public static final String URL_VARIABLE = "TSM_TEST_JDBC_URL";

    /** The pinned image used when Docker is available and no URL is given. */
    public static final String IMAGE = "timescale/timescaledb:2.19.3-pg15";

    private static volatile String url;

    private TestServer() {
    }

    /** A superuser JDBC URL of the maintenance database ({@code postgres}). */
    public static synchronized String adminUrl() {
        if (url == null) {
            url = locate();
        }
        return url;
    }

    private static String locate() {
        String configured = System.getenv(URL_VARIABLE);
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty(URL_VARIABLE);
        }
        if (configured != null && !configured.isBlank()) {
            check(configured);
            return configured;
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer(
                    DockerImageName.parse(IMAGE).asCompatibleSubstituteFor("postgres"))
                    .withUsername("postgres").withPassword("postgres").withDatabaseName("postgres");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return container.getJdbcUrl() + (container.getJdbcUrl().contains("?") ? "&" : "?")
                    + "user=postgres&password=postgres";
        }
        throw new IllegalStateException("""
                These tests need a PostgreSQL server with TimescaleDB, and none is configured.
                Provide one in either of two ways:
                  - on Debian/Ubuntu as root, let the repository build and start its own test bed:
                        scripts/test-db.sh start
                        export %s="$(scripts/test-db.sh url)"
                    (scripts/test.sh does both and runs the whole build);
                  - or point %s at any superuser JDBC URL of a server with the timescaledb
                    extension available, e.g. jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&password=...
                Where Docker runs, the tests start %s by themselves instead."""
                .formatted(URL_VARIABLE, URL_VARIABLE, IMAGE));
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static void check(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("The test server in " + URL_VARIABLE + " cannot be reached ("
                    + e.getMessage() + "). Start the repository's test bed with scripts/test-db.sh start, "
                    + "or fix the URL.", e);
        }
    }
}
