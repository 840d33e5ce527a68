package dev.timescalemigrate.testing;

import dev.timescalemigrate.internal.DriverManagerDataSource;
import dev.timescalemigrate.model.SqlIdentifiers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * A database of its own on a {@link TestServer}, created for one test class and dropped by {@link #close()},
 * so that classes cannot disturb each other.
 */
public final class TestDatabase implements AutoCloseable {

    private final String name;
    private final String url;
    private final String adminUrl;
    private final boolean licensed;

    private TestDatabase(String name, String url, String adminUrl, boolean licensed) {
        this.name = name;
        this.url = url;
        this.adminUrl = adminUrl;
        this.licensed = licensed;
    }

    /** Creates a new, empty database on the default server, its name starting with {@code tsm_} and {@code label}. */
    public static TestDatabase create(String label) {
        return create(label, TestServer.adminUrl(), false);
    }

    /**
     * Creates a new, empty database on the Timescale-licensed server; skips the caller (or fails under CI) when
     * there is none, see {@link TestServer#licensedAdminUrl()}.
     */
    public static TestDatabase createLicensed(String label) {
        return create(label, TestServer.licensedAdminUrl(), true);
    }

    private static TestDatabase create(String label, String admin, boolean licensed) {
        String name = ("tsm_" + label + "_" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + SqlIdentifiers.quote(name) + " TEMPLATE template0 ENCODING 'UTF8'");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return new TestDatabase(name, withDatabase(admin, name), admin, licensed);
    }

    /** A new, empty database on the same server as this one. */
    public TestDatabase sibling(String label) {
        return create(label, adminUrl, licensed);
    }

    static String withDatabase(String adminUrl, String database) {
        int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
        int query = adminUrl.indexOf('?');
        String prefix = adminUrl.substring(0, slash + 1);
        String suffix = query < 0 ? "" : adminUrl.substring(query);
        return prefix + database + suffix;
    }

    /** The database name. */
    public String name() {
        return name;
    }

    /** Its JDBC URL (credentials in the query string, as given for the server). */
    public String url() {
        return url;
    }

    /** A data source for it. */
    public DataSource dataSource() {
        return new DriverManagerDataSource(url, null, null);
    }

    /** A new connection; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Runs SQL (one or more statements). */
    public void execute(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + name + ": " + e.getMessage() + "\n" + sql, e);
        }
    }

    /**
     * Runs a script from the test class path one statement at a time (so that statements which refuse to run
     * inside a transaction block or pipeline, such as {@code CALL refresh_continuous_aggregate}, work).
     */
    public void executeResource(String resource) {
        String script;
        try (InputStream in = Objects.requireNonNull(TestDatabase.class.getResourceAsStream(resource), resource)) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : SqlScript.statements(script)) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    throw new IllegalStateException(resource + " failed on " + name + ": " + e.getMessage()
                            + "\n" + sql, e);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to " + name + ": " + e.getMessage(), e);
        }
    }

    /** The first column of every row of a query, as text. */
    public List<String> column(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed on " + name + ": " + e.getMessage() + "\n" + sql, e);
        }
    }

    /** The single value a query returns, as text. */
    public String value(String sql) {
        List<String> values = column(sql);
        if (values.size() != 1) {
            throw new IllegalStateException("expected one row, got " + values.size() + ": " + sql);
        }
        return values.get(0);
    }

    /** Installs the timescaledb extension (the server's default version) in this database. */
    public TestDatabase withTimescale() {
        return withTimescale(null);
    }

    /**
     * Installs the given version of the timescaledb extension in this database; {@code null} for the server's
     * default. On the licensed server, fails unless the extension then runs with the Timescale License.
     */
    public TestDatabase withTimescale(String version) {
        execute("CREATE EXTENSION IF NOT EXISTS timescaledb"
                + (version == null ? "" : " VERSION " + "'" + version.replace("'", "''") + "'"));
        if (licensed && !"timescale".equals(timescaleLicense())) {
            throw new IllegalStateException("The licensed test server runs timescaledb.license = '"
                    + timescaleLicense() + "' in " + name + "; it must be 'timescale'.");
        }
        return this;
    }

    /** The installed TimescaleDB version. */
    public String timescaleVersion() {
        return value("SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'timescaledb'");
    }

    /** The server's {@code timescaledb.license}. */
    public String timescaleLicense() {
        return value("SELECT pg_catalog.current_setting('timescaledb.license', true)");
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + SqlIdentifiers.quote(name) + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }
}
