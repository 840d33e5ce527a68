package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.internal.SqlState;
import dev.timescalemigrate.model.ServerInfo;

import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Finds out, without writing anything, whether a target database that lacks the timescaledb extension can have it
 * created by this migration, and which version and license it would then run: it creates the extension inside a
 * transaction that is always rolled back, so the server itself answers every question (is it installed on the
 * server, preloaded, may this user create it) exactly as it will during the run.
 */
final class TimescaleProbe {

    private static final Logger LOG = LoggerFactory.getLogger(TimescaleProbe.class);

    /**
     * The outcome.
     *
     * @param server  the target's facts as they will be once the extension exists (version and license filled
     *                in), or the facts as read when it cannot be created
     * @param problem why the extension cannot be created, with the fix; {@code null} when it can
     */
    record Result(ServerInfo server, String problem) {
    }

    private TimescaleProbe() {
    }

    /**
     * Probes on a connection of the pool, which is closed afterwards (the backend has loaded the extension's
     * library, which must not linger in a connection the migration goes on using).
     */
    static Result probe(ConnectionPool pool, ServerInfo server) {
        Connection c = pool.borrow();
        try {
            return probe(c, server);
        } finally {
            pool.discard(c);
        }
    }

    private static Result probe(Connection c, ServerInfo server) {
        String where = "the target database " + Sql.id(server.database());
        try (Statement s = c.createStatement()) {
            String defaultVersion = Sql.value(c, String.class, "SELECT default_version "
                    + "FROM pg_catalog.pg_available_extensions WHERE name = 'timescaledb'");
            if (defaultVersion == null) {
                return new Result(server, where + " has no timescaledb extension, and its server has none "
                        + "installed (pg_available_extensions lists no timescaledb). Install TimescaleDB on the "
                        + "target server, add timescaledb to its shared_preload_libraries and restart it, or "
                        + "migrate into a server that has it (Timescale Cloud has it in every database).");
            }
            c.setAutoCommit(false);
            try {
                s.execute("SET LOCAL client_min_messages = warning");
                s.execute("CREATE EXTENSION timescaledb WITH SCHEMA public"); // as the plan will
                Record r = Sql.first(c, "SELECT e.extversion, "
                        + "pg_catalog.current_setting('timescaledb.license', true) "
                        + "FROM pg_catalog.pg_extension e WHERE e.extname = 'timescaledb'").orElseThrow();
                String version = r.get(0, String.class);
                String license = r.get(1, String.class);
                LOG.debug("The target can create timescaledb {} (license {}); probe rolled back", version, license);
                return new Result(server.toBuilder().timescaleVersion(version)
                        .timescaleLicense(license == null || license.isEmpty() ? null : license).build(), null);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            return new Result(server, where + " has no timescaledb extension, and the migration cannot create "
                    + "it: " + PgErrors.describe(e) + ". "
                    + fix(e, server));
        }
    }

    private static String fix(SQLException e, ServerInfo server) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("preload")) {
            return "Add timescaledb to shared_preload_libraries in the target server's postgresql.conf and restart "
                    + "it, or create the extension yourself: CREATE EXTENSION timescaledb;";
        }
        if (SqlState.INSUFFICIENT_PRIVILEGE.is(e.getSQLState())) {
            return "timescaledb is a trusted extension: let the user create it with GRANT CREATE ON DATABASE "
                    + Sql.id(server.database()) + " TO " + Sql.id(server.user()) + "; or have a superuser run "
                    + "CREATE EXTENSION timescaledb; in the target database.";
        }
        return "Create the extension in the target database yourself (CREATE EXTENSION timescaledb;) and run the "
                + "migration again.";
    }
}
