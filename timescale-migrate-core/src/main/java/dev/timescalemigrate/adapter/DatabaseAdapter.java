package dev.timescalemigrate.adapter;

import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.exception.AdapterMissingException;
import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.ServerInfo;

import java.sql.Connection;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Reads and writes the structure of one kind of database. The {@code timescale-migrate-jdbc} module
 * provides the PostgreSQL/TimescaleDB adapter; it is found with {@link ServiceLoader}.
 */
public interface DatabaseAdapter {

    /** A short name, e.g. {@code postgresql}. */
    String name();

    /**
     * Reads facts about the server and database behind the connection.
     *
     * @param connection an open connection; left open and in the state it was given
     */
    ServerInfo serverInfo(Connection connection);

    /**
     * Reads the whole structure of the connected database.
     *
     * @param connection an open connection; left open, its transaction state restored
     * @param excludedSchemas schemas to leave out besides system and extension schemas (e.g. the checkpoint schema)
     */
    DatabaseModel introspect(Connection connection, List<String> excludedSchemas);

    /**
     * Reads the chunks of every hypertable, with their ranges and compression state; empty without TimescaleDB.
     *
     * @param connection an open connection
     */
    List<Chunk> chunks(Connection connection);

    /**
     * The DDL that recreates {@code model} on an empty database served by {@code target}, in execution order.
     *
     * @param model  what to create
     * @param target the target server, whose versions decide which TimescaleDB API to use
     */
    List<DdlStatement> ddl(DatabaseModel model, ServerInfo target);

    /**
     * Opens a session that moves data from {@code source} to {@code target}: connects to both (failing with a
     * {@link dev.timescalemigrate.exception.ConnectionException} that says what to fix) and reads both models.
     * Writes nothing until a method of the session is called to.
     *
     * @param source   the source database
     * @param target   the target database
     * @param settings migration id, checkpoint schema, connection budget
     */
    TransferSession open(javax.sql.DataSource source, javax.sql.DataSource target, TransferSettings settings);

    /**
     * The adapter on the class path or the module path.
     *
     * @throws AdapterMissingException when none is, saying which dependency to add
     */
    static DatabaseAdapter load() {
        return ServiceLoader.load(DatabaseAdapter.class).findFirst()
                .or(() -> ServiceLoader.load(DatabaseAdapter.class, DatabaseAdapter.class.getClassLoader()).findFirst())
                .orElseThrow(() -> new AdapterMissingException(
                        "No database adapter found on the class path or the module path. Add the dependency "
                                + "dev.timescalemigrate:timescale-migrate-jdbc (it brings the PostgreSQL driver) "
                                + "next to timescale-migrate-core."));
    }
}
