package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.IntrospectionException;
import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.adapter.DatabaseAdapter;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.adapter.TransferSession;
import dev.timescalemigrate.adapter.TransferSettings;

import org.jooq.Record;
import org.jooq.exception.DataAccessException;

import java.sql.Connection;
import java.util.List;
import javax.sql.DataSource;

/** The PostgreSQL/TimescaleDB {@link DatabaseAdapter}, registered for {@link java.util.ServiceLoader}. */
public final class PostgresAdapter implements DatabaseAdapter {

    /** The oldest server the catalog queries support (multiranges, pg_trigger.tgparentid). */
    static final int MIN_SERVER_VERSION_NUM = 140000;

    /** Created by {@link java.util.ServiceLoader}. */
    public PostgresAdapter() {
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public ServerInfo serverInfo(Connection connection) {
        try {
            Record r = Sql.dsl(connection).fetchOne("""
                    SELECT pg_catalog.current_database()::text AS db,
                           pg_catalog.current_setting('server_version') AS version,
                           pg_catalog.current_setting('server_version_num')::int AS version_num,
                           current_user::text AS usr,
                           (SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user) AS superuser,
                           (SELECT extversion FROM pg_catalog.pg_extension WHERE extname = 'timescaledb') AS ts_version,
                           pg_catalog.current_setting('timescaledb.license', true) AS ts_license""");
            String license = r.get("ts_license", String.class);
            return ServerInfo.builder().database(r.get("db", String.class))
                    .serverVersion(r.get("version", String.class)).serverVersionNum(r.get("version_num", Integer.class))
                    .user(r.get("usr", String.class)).superuser(Sql.boolOf(r, "superuser"))
                    .timescaleVersion(r.get("ts_version", String.class))
                    .timescaleLicense(license == null || license.isEmpty() ? null : license).build();
        } catch (DataAccessException e) {
            throw new IntrospectionException("Reading server facts failed: " + e.getMessage(), e.sqlState(), e);
        }
    }

    @Override
    public DatabaseModel introspect(Connection connection, List<String> excludedSchemas) {
        ServerInfo server = serverInfo(connection);
        if (server.serverVersionNum() < MIN_SERVER_VERSION_NUM) {
            throw new IntrospectionException("Database " + server.database() + " runs PostgreSQL "
                    + server.serverVersion() + "; timescale-migrate reads PostgreSQL 14 or newer. Upgrade the "
                    + "server, or move the data with pg_dump into a PostgreSQL 14+ database first.", null, null);
        }
        return new PostgresIntrospector(connection, excludedSchemas).read(server);
    }

    @Override
    public List<Chunk> chunks(Connection connection) {
        if (!serverInfo(connection).hasTimescale()) {
            return List.of();
        }
        PostgresIntrospector introspector = new PostgresIntrospector(connection, List.of());
        return introspector.inSnapshot(() -> new TimescaleIntrospector(Sql.dsl(connection)).chunks());
    }

    @Override
    public List<DdlStatement> ddl(DatabaseModel model, ServerInfo target) {
        return new DdlGenerator(target).generate(model);
    }

    /**
     * Connects to both databases (at most {@code settings.connections() + 1} connections to each, every one set up
     * with the same session settings), reads their server facts and models (the checkpoint schema left out of
     * both) and returns the session. Writes nothing.
     */
    @Override
    public TransferSession open(DataSource source, DataSource target, TransferSettings settings) {
        return PgTransferSession.open(this, source, target, settings);
    }
}
