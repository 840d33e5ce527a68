package dev.timescalemigrate.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL + TimescaleDB servers database tests run against, each found once per JVM.
 *
 * <p>The default server ({@link #adminUrl()}), which most tests use:
 * <ol>
 *   <li>the superuser JDBC URL in the environment variable (or system property) {@value #URL_VARIABLE},
 *       which {@code scripts/test-db.sh url} prints for the repository's own test bed (the Apache edition);</li>
 *   <li>otherwise, where Docker is available, a {@value #IMAGE} container started through Testcontainers;</li>
 *   <li>otherwise the tests fail, saying how to provide a server. They never skip silently.</li>
 * </ol>
 *
 * <p>The Timescale-licensed server ({@link #licensedAdminUrl()}) for compression, continuous aggregates, jobs
 * and the cross-version tests: the superuser JDBC URL in {@value #LICENSED_URL_VARIABLE}
 * ({@code scripts/test-db.sh --licensed url}), a server with {@code timescaledb.license = 'timescale'} offering
 * TimescaleDB {@value #OLD_VERSION} and a newer default version. Without it the tests that need it are skipped,
 * each printing why; under CI ({@code CI=true}) they fail instead, so that CI never skips them.
 */
public final class TestServer {

    /** The variable naming the default test server. */
    public static final String URL_VARIABLE = "TSM_TEST_JDBC_URL";

    /** The variable naming the Timescale-licensed test server. */
    public static final String LICENSED_URL_VARIABLE = "TSM_TEST_LICENSED_JDBC_URL";

    /** The older TimescaleDB version the licensed server must offer, for cross-version sources. */
    public static final String OLD_VERSION = "2.19.3";

    /** The pinned image used when Docker is available and no URL is given. */
    public static final String IMAGE = "timescale/timescaledb:2.19.3-pg15-oss";

    private static volatile String url;
    private static volatile String licensedUrl;
    private static volatile String licensedProblem;

    private TestServer() {
    }

    /** A superuser JDBC URL of the maintenance database ({@code postgres}). */
    public static synchronized String adminUrl() {
        if (url == null) {
            url = locate();
        }
        return url;
    }

    /**
     * A superuser JDBC URL of the licensed server's maintenance database. Without one the calling test (or, from
     * {@code @BeforeAll}, its class) is skipped with the reason printed, or fails under CI.
     */
    public static synchronized String licensedAdminUrl() {
        if (licensedUrl == null && licensedProblem == null) {
            String configured = setting(LICENSED_URL_VARIABLE);
            if (configured == null) {
                licensedProblem = "needs a Timescale-licensed TimescaleDB server (compression, continuous "
                        + "aggregates, jobs, cross-version migrations), and " + LICENSED_URL_VARIABLE + " names none. "
                        + "Provide one: TSM_TIMESCALEDB_SOURCES=<directory of the TimescaleDB " + OLD_VERSION
                        + " and 2.28.3 release sources> scripts/test.sh builds and starts the repository's own "
                        + "(scripts/test-db.sh --licensed start; export " + LICENSED_URL_VARIABLE
                        + "=\"$(scripts/test-db.sh --licensed url)\"), or point " + LICENSED_URL_VARIABLE
                        + " at a superuser JDBC URL of a server with timescaledb.license = 'timescale' that offers "
                        + "TimescaleDB " + OLD_VERSION + " and a newer default version.";
            } else {
                check(configured, LICENSED_URL_VARIABLE);
                checkLicensed(configured);
                licensedUrl = configured;
            }
        }
        if (licensedUrl != null) {
            return licensedUrl;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("Under CI no licensed test is skipped: this test " + licensedProblem);
        }
        System.err.println("SKIPPED: this test " + licensedProblem);
        Assumptions.abort("SKIPPED: this test " + licensedProblem);
        throw new AssertionError("unreachable");
    }

    /** The database PostgreSQL's regression tests leave behind, which scripts/test-db.sh regression builds. */
    public static final String REGRESSION_DATABASE = "regression";

    /**
     * A superuser JDBC URL of the regression database on the test server (read it only: tests copy it). Without
     * it the calling test is skipped with the reason printed, or fails under CI.
     */
    public static String regressionUrl() {
        String url = TestDatabase.withDatabase(adminUrl(), REGRESSION_DATABASE);
        String problem;
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(adminUrl());
             java.sql.PreparedStatement s = c.prepareStatement(
                     "SELECT count(*) FROM pg_catalog.pg_database WHERE datname = ?")) {
            s.setString(1, REGRESSION_DATABASE);
            try (java.sql.ResultSet rs = s.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == 1) {
                    return url;
                }
            }
            problem = "needs PostgreSQL's regression database on the test server, which has none. Build it: "
                    + "scripts/test-db.sh regression (scripts/test.sh does it; about three minutes the first time)";
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot look for the regression database: " + e.getMessage(), e);
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("Under CI no test is skipped: this test " + problem);
        }
        System.err.println("SKIPPED: this test " + problem);
        Assumptions.abort("SKIPPED: this test " + problem);
        throw new AssertionError("unreachable");
    }

    private static String setting(String name) {
        String configured = System.getenv(name);
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty(name);
        }
        return configured == null || configured.isBlank() ? null : configured;
    }

    private static void checkLicensed(String jdbcUrl) {
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT pg_catalog.current_setting('timescaledb.license', true),
                            (SELECT pg_catalog.string_agg(version, ', ' ORDER BY version)
                             FROM pg_catalog.pg_available_extension_versions WHERE name = 'timescaledb'),
                            EXISTS (SELECT FROM pg_catalog.pg_available_extension_versions
                                    WHERE name = 'timescaledb' AND version = '%s')""".formatted(OLD_VERSION))) {
            rs.next();
            if (!"timescale".equals(rs.getString(1)) || !rs.getBoolean(3)) {
                throw new IllegalStateException("The server in " + LICENSED_URL_VARIABLE + " (" + jdbcUrl
                        + ") is not the licensed test server: timescaledb.license is '" + rs.getString(1)
                        + "' (must be 'timescale') and it offers TimescaleDB " + rs.getString(2) + " (must include "
                        + OLD_VERSION + "). Start the repository's with scripts/test-db.sh --licensed start.");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the licensed test server's settings: " + e.getMessage(), e);
        }
    }

    private static String locate() {
        String configured = setting(URL_VARIABLE);
        if (configured != null) {
            check(configured, URL_VARIABLE);
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

    private static void check(String jdbcUrl, String variable) {
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("The test server in " + variable + " cannot be reached ("
                    + e.getMessage() + "). Start the repository's test bed with scripts/test-db.sh "
                    + (variable.equals(URL_VARIABLE) ? "" : "--licensed ") + "start, or fix the URL.", e);
        }
    }
}
