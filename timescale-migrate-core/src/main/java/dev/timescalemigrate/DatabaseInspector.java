package dev.timescalemigrate;

import dev.timescalemigrate.exception.MigrationException;
import dev.timescalemigrate.internal.Connections;
import dev.timescalemigrate.internal.DriverManagerDataSource;
import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.adapter.DatabaseAdapter;
import dev.timescalemigrate.spi.DdlStatement;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Reads the structure of a PostgreSQL or TimescaleDB database into a {@link DatabaseModel}.
 *
 * <pre>{@code
 * DatabaseModel model = DatabaseInspector.of(dataSource).model();
 * }</pre>
 */
public final class DatabaseInspector {

    private final DataSource dataSource;
    private final DatabaseAdapter adapter;

    private DatabaseInspector(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.adapter = DatabaseAdapter.load();
    }

    /** An inspector for the database behind {@code dataSource}. */
    public static DatabaseInspector of(DataSource dataSource) {
        return new DatabaseInspector(dataSource);
    }

    /** An inspector for a JDBC URL; the password is used to connect and never printed. */
    public static DatabaseInspector of(String jdbcUrl, String user, String password) {
        return new DatabaseInspector(new DriverManagerDataSource(jdbcUrl, user, password));
    }

    /** Facts about the server: versions, TimescaleDB edition, current user. */
    public ServerInfo serverInfo() {
        return withConnection(adapter::serverInfo);
    }

    /**
     * The whole structure of the database, leaving out the schema where migrations keep their checkpoints
     * ({@value MigrationConfig#DEFAULT_CHECKPOINT_SCHEMA}).
     */
    public DatabaseModel model() {
        return withConnection(c -> adapter.introspect(c, List.of(MigrationConfig.DEFAULT_CHECKPOINT_SCHEMA)));
    }

    /** Every hypertable chunk with its range and compression state. */
    public List<Chunk> chunks() {
        return withConnection(adapter::chunks);
    }

    /** The DDL that recreates {@code model} on an empty database on this server. */
    public List<DdlStatement> ddl(DatabaseModel model) {
        return adapter.ddl(model, serverInfo());
    }

    private <T> T withConnection(java.util.function.Function<Connection, T> work) {
        try (Connection connection = Connections.open("inspected", dataSource)) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new MigrationException(dev.timescalemigrate.exception.ErrorCode.CONNECTION_FAILED,
                    "Closing the connection failed: " + Connections.safeMessage(e), e.getSQLState(), e);
        }
    }

    @Override
    public String toString() {
        return "DatabaseInspector[" + dataSource + "]";
    }
}
