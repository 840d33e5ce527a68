package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.ErrorCode;
import dev.timescalemigrate.exception.MigrationException;
import dev.timescalemigrate.exception.SchemaException;
import dev.timescalemigrate.internal.Connections;
import dev.timescalemigrate.internal.SqlState;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.adapter.CheckpointStore;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.adapter.TransferSettings;
import dev.timescalemigrate.adapter.Verifier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link CheckpointStore} in three tables of the target schema named by
 * {@link TransferSettings#checkpointSchema()}: {@code runs} (one row per migration), {@code steps} (DDL and other
 * one-off steps done) and {@code units} (copy units, with their ranges, and when each was copied).
 *
 * <p>{@link #begin} takes a session-level advisory lock keyed by the migration id on a connection of its own,
 * held until {@link #close()}, so two runs of one migration cannot overlap. Every value is a bound parameter.
 * The tables are written in the same transactions as the work they record: {@link PgSchemaWriter} inserts a
 * step row with its DDL, {@link CopyPump} marks a unit done with its rows.
 */
final class PgCheckpointStore implements CheckpointStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PgCheckpointStore.class);

    /** The first key of the advisory locks ('tsmg'); the second is {@code hashtext(migration_id)}. */
    static final int LOCK_CLASS = 0x74736D67;

    /** SQLSTATEs of a missing schema or table: the store was never created. */
    private static final Set<SqlState> MISSING = EnumSet.of(SqlState.INVALID_SCHEMA_NAME, SqlState.UNDEFINED_TABLE);

    private final ConnectionPool pool;
    private final String migrationId;
    private final String schema;
    private final String runs;
    private final String steps;
    private final String units;

    private final Object lockMonitor = new Object();
    private Connection lockConnection;
    private volatile boolean begun;

    PgCheckpointStore(ConnectionPool targetPool, TransferSettings settings) {
        this.pool = targetPool;
        this.migrationId = settings.migrationId();
        String schemaName = settings.checkpointSchema();
        this.schema = Sql.id(schemaName);
        this.runs = Sql.id(schemaName, "runs");
        this.steps = Sql.id(schemaName, "steps");
        this.units = Sql.id(schemaName, "units");
    }

    /** The migration id. */
    String migrationId() {
        return migrationId;
    }

    // ---------------------------------------------------------------- run

    @Override
    public RunState begin(String strategy) {
        lock();
        try {
            RunState state = pool.inTransaction(c -> {
                // Serialises concurrent creation of the store by different migrations on one target.
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.pg_advisory_xact_lock(?, 0)")) {
                    ps.setInt(1, LOCK_CLASS);
                    ps.execute();
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
                    s.execute("CREATE TABLE IF NOT EXISTS " + runs + " (migration_id text PRIMARY KEY, "
                            + "strategy text, started_at timestamptz, finished_at timestamptz)");
                    s.execute("CREATE TABLE IF NOT EXISTS " + steps + " (migration_id text, step_key text, "
                            + "done_at timestamptz, PRIMARY KEY (migration_id, step_key))");
                    s.execute("CREATE TABLE IF NOT EXISTS " + units + " (migration_id text, unit_key text, "
                            + "table_schema text, table_name text, ordinal int, range_column text, range_type text, "
                            + "lower_bound text, upper_bound text, include_nulls boolean, estimated_rows bigint, "
                            + "estimated_bytes bigint, done_at timestamptz, rows_copied bigint, bytes_copied bigint, "
                            + "digest_rows bigint, digest text, digest_of text, PRIMARY KEY (migration_id, unit_key))");
                    if (!hasColumn(c, units, "digest_of")) {
                        // a store created before units kept the digest of what their copy streamed
                        s.execute("ALTER TABLE " + units + " ADD COLUMN IF NOT EXISTS digest_rows bigint, "
                                + "ADD COLUMN IF NOT EXISTS digest text, ADD COLUMN IF NOT EXISTS digest_of text");
                    }
                }
                RunState found = readState(c);
                if (found == RunState.NEW) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + runs
                            + " (migration_id, strategy, started_at) VALUES (?, ?, pg_catalog.now())")) {
                        ps.setString(1, migrationId);
                        ps.setString(2, strategy);
                        ps.executeUpdate();
                    }
                }
                return found;
            });
            begun = true;
            LOG.debug("Migration {} begins: {}", migrationId, state);
            return state;
        } catch (SQLException e) {
            throw new SchemaException("Creating the checkpoint tables in schema " + schema + " on the target failed: "
                    + Connections.safeMessage(e) + " (SQLSTATE " + e.getSQLState() + "). The target user needs the "
                    + "CREATE privilege on the database, or the schema must exist and be writable.",
                    "CREATE SCHEMA IF NOT EXISTS " + schema, e.getSQLState(), e);
        }
    }

    /** Takes the migration's advisory lock on a connection kept until {@link #close()}. */
    private void lock() {
        synchronized (lockMonitor) {
            if (lockConnection != null) {
                return;
            }
            Connection c = pool.borrow();
            boolean locked;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT pg_catalog.pg_try_advisory_lock(?, pg_catalog.hashtext(?))")) {
                ps.setInt(1, LOCK_CLASS);
                ps.setString(2, migrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    locked = rs.getBoolean(1);
                }
            } catch (SQLException e) {
                pool.release(c, e);
                throw failure("taking the migration lock", e);
            }
            if (!locked) {
                pool.release(c);
                throw new MigrationException(ErrorCode.PREFLIGHT_FAILED, "Another run of migration '" + migrationId
                        + "' is active on the target: it holds the migration's lock (an advisory lock on the target "
                        + "database). Wait for that run to finish or stop it, then start this one again; it "
                        + "continues where the other stopped.");
            }
            lockConnection = c;
        }
    }

    /** Whether {@link #begin} succeeded in this session, i.e. the tables exist and the lock is held. */
    boolean begun() {
        return begun;
    }

    /** Throws unless {@link #begin} was called: writing work needs the tables and the lock. */
    void requireBegun() {
        if (!begun) {
            throw new IllegalStateException("checkpoints().begin(strategy) must be called before the session "
                    + "writes to the target");
        }
    }

    private RunState readState(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT finished_at FROM " + runs + " WHERE migration_id = ?")) {
            ps.setString(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return RunState.NEW;
                }
                return rs.getObject(1) == null ? RunState.RESUMED : RunState.FINISHED;
            }
        }
    }

    @Override
    public RunState peek() {
        try {
            return pool.withConnection(c -> {
                if (!storeExists(c)) {
                    return RunState.NEW;
                }
                return readState(c);
            });
        } catch (SQLException e) {
            throw failure("reading the migration's state", e);
        }
    }

    private boolean storeExists(Connection c) throws SQLException {
        return Sql.relationExists(c, runs);
    }

    @Override
    public void finish() {
        requireBegun();
        try {
            pool.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE " + runs + " SET finished_at = pg_catalog.now() WHERE migration_id = ?")) {
                    ps.setString(1, migrationId);
                    return ps.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw failure("recording the migration as finished", e);
        }
    }

    // ---------------------------------------------------------------- steps

    @Override
    public boolean isDone(String stepKey) {
        return read("reading step " + stepKey, false, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM " + steps + " WHERE migration_id = ? AND step_key = ?")) {
                ps.setString(1, migrationId);
                ps.setString(2, stepKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public void markDone(String stepKey) {
        requireBegun();
        try {
            pool.withConnection(c -> claimStep(c, stepKey));
        } catch (SQLException e) {
            throw failure("recording step " + stepKey, e);
        }
    }

    /**
     * Inserts the step row in the connection's transaction unless it exists. When another transaction is
     * inserting the same step, waits for it: true only for the transaction that wins.
     *
     * @return true when the row was inserted (the step was not done), false when it existed
     */
    boolean claimStep(Connection c, String stepKey) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + steps
                + " (migration_id, step_key, done_at) VALUES (?, ?, pg_catalog.now()) ON CONFLICT DO NOTHING")) {
            ps.setString(1, migrationId);
            ps.setString(2, stepKey);
            return ps.executeUpdate() == 1;
        }
    }

    @Override
    public Set<String> doneSteps() {
        return keys("reading the steps done",
                "SELECT step_key FROM " + steps + " WHERE migration_id = ? ORDER BY done_at, step_key");
    }

    // ---------------------------------------------------------------- units

    @Override
    public Optional<List<CopyUnit>> units(QualifiedName table) {
        List<CopyUnit> found = read("reading the units of " + table, List.of(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT unit_key, range_column, range_type, lower_bound, "
                    + "upper_bound, include_nulls, estimated_rows, estimated_bytes FROM " + units
                    + " WHERE migration_id = ? AND table_schema = ? AND table_name = ? ORDER BY ordinal, unit_key")) {
                ps.setString(1, migrationId);
                ps.setString(2, table.schema());
                ps.setString(3, table.name());
                List<CopyUnit> list = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String column = rs.getString("range_column");
                        CopyUnit.Range range = column == null ? null : new CopyUnit.Range(column,
                                rs.getString("range_type"), rs.getString("lower_bound"), rs.getString("upper_bound"),
                                rs.getBoolean("include_nulls"));
                        list.add(new CopyUnit(table, rs.getString("unit_key"), range, rs.getLong("estimated_rows"),
                                rs.getLong("estimated_bytes")));
                    }
                }
                return list;
            }
        });
        return found.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(found));
    }

    @Override
    public void saveUnits(QualifiedName table, List<CopyUnit> list) {
        requireBegun();
        try {
            pool.inTransaction(c -> {
                for (int i = 0; i < list.size(); i++) {
                    CopyUnit unit = list.get(i);
                    if (!unit.table().equals(table)) {
                        throw new IllegalArgumentException("unit " + unit.key() + " belongs to " + unit.table()
                                + ", not " + table);
                    }
                    insertUnit(c, unit, i);
                }
                return null;
            });
        } catch (SQLException e) {
            throw failure("saving the units of " + table, e);
        }
    }

    /** Inserts a unit's row, not done, unless it exists; in the connection's transaction. */
    void insertUnit(Connection c, CopyUnit unit, int ordinal) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + units + " (migration_id, unit_key, "
                + "table_schema, table_name, ordinal, range_column, range_type, lower_bound, upper_bound, "
                + "include_nulls, estimated_rows, estimated_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING")) {
            CopyUnit.Range range = unit.range();
            ps.setString(1, migrationId);
            ps.setString(2, unit.key());
            ps.setString(3, unit.table().schema());
            ps.setString(4, unit.table().name());
            ps.setInt(5, ordinal);
            ps.setString(6, range == null ? null : range.column());
            ps.setString(7, range == null ? null : range.columnType());
            ps.setString(8, range == null ? null : range.lower());
            ps.setString(9, range == null ? null : range.upper());
            if (range == null) {
                ps.setNull(10, Types.BOOLEAN);
            } else {
                ps.setBoolean(10, range.includeNulls());
            }
            ps.setLong(11, unit.estimatedRows());
            ps.setLong(12, unit.estimatedBytes());
            ps.executeUpdate();
        }
    }

    /**
     * Makes sure the unit's row exists and locks it in the connection's transaction; waits while another
     * transaction copies the same unit.
     *
     * @return true when the unit is already done
     */
    boolean lockUnit(Connection c, CopyUnit unit) throws SQLException {
        insertUnit(c, unit, ordinalOf(unit.key()));
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT done_at FROM " + units + " WHERE migration_id = ? AND unit_key = ? FOR UPDATE")) {
            ps.setString(1, migrationId);
            ps.setString(2, unit.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getObject(1) != null;
            }
        }
    }

    /**
     * Marks a unit done in the connection's transaction (the one that wrote its rows).
     *
     * @throws AdapterProblem when the unit's row is missing, which {@link #lockUnit} prevents
     */
    void markUnitDone(Connection c, CopyUnit unit, long rows, long bytes, Verifier.Checksum digest, String digestOf)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + units + " SET done_at = pg_catalog.now(), "
                + "rows_copied = ?, bytes_copied = ?, digest_rows = ?, digest = ?, digest_of = ? "
                + "WHERE migration_id = ? AND unit_key = ?")) {
            ps.setLong(1, rows);
            ps.setLong(2, bytes);
            if (digest == null) {
                ps.setNull(3, Types.BIGINT);
                ps.setNull(4, Types.VARCHAR);
                ps.setNull(5, Types.VARCHAR);
            } else {
                ps.setLong(3, digest.count());
                ps.setString(4, digest.checksum());
                ps.setString(5, digestOf);
            }
            ps.setString(6, migrationId);
            ps.setString(7, unit.key());
            if (ps.executeUpdate() != 1) {
                throw new AdapterProblem(SqlState.NO_DATA_FOUND, "the checkpoint row of unit " + unit.key()
                        + " is missing");
            }
        }
    }

    /** Whether a unit is recorded as copied. */
    boolean isUnitDone(String unitKey) {
        return read("reading unit " + unitKey, false, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + units
                    + " WHERE migration_id = ? AND unit_key = ? AND done_at IS NOT NULL")) {
                ps.setString(1, migrationId);
                ps.setString(2, unitKey);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** The number after the last {@code #} of a unit key, or 0. */
    static int ordinalOf(String unitKey) {
        int hash = unitKey.lastIndexOf('#');
        if (hash >= 0) {
            try {
                return Integer.parseInt(unitKey.substring(hash + 1));
            } catch (NumberFormatException e) {
                // not one of ours
            }
        }
        return 0;
    }

    /**
     * The digests stored with the done units of {@code table} that were taken of {@code digestOf} (the format and
     * columns read, as {@link CopyPump} describes them), by unit key.
     */
    Map<String, Verifier.Checksum> copiedDigests(QualifiedName table, String digestOf) {
        return read("reading the digests of the units of " + table, Map.of(), c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT unit_key, digest_rows, digest FROM " + units
                    + " WHERE migration_id = ? AND table_schema = ? AND table_name = ? AND done_at IS NOT NULL "
                    + "AND digest IS NOT NULL AND digest_of = ?")) {
                ps.setString(1, migrationId);
                ps.setString(2, table.schema());
                ps.setString(3, table.name());
                ps.setString(4, digestOf);
                Map<String, Verifier.Checksum> digests = new LinkedHashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        digests.put(rs.getString(1), new Verifier.Checksum(rs.getLong(2), rs.getString(3)));
                    }
                }
                return Map.copyOf(digests);
            }
        });
    }

    @Override
    public Set<String> doneUnits() {
        return keys("reading the units done",
                "SELECT unit_key FROM " + units + " WHERE migration_id = ? AND done_at IS NOT NULL");
    }
    /** The keys a query of this migration's rows returns (its one parameter is the migration id). */
    private Set<String> keys(String what, String sql) {
        return read(what, Set.of(), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, migrationId);
                Set<String> keys = new LinkedHashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        keys.add(rs.getString(1));
                    }
                }
                return Set.copyOf(keys);
            }
        });
    }


    // ---------------------------------------------------------------- helpers

    /** Whether the table {@code relation} (quoted, qualified) has the column {@code column}. */
    private static boolean hasColumn(Connection c, String relation, String column) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_attribute "
                + "WHERE attrelid = pg_catalog.to_regclass(?) AND attname = ? AND NOT attisdropped")) {
            ps.setString(1, relation);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A read that finds nothing (rather than failing) when the store was never created. */
    private <T> T read(String what, T whenMissing, ConnectionPool.Work<T> work) {
        try {
            return pool.withConnection(work);
        } catch (SQLException e) {
            if (SqlState.of(e.getSQLState()).filter(MISSING::contains).isPresent()) {
                return whenMissing;
            }
            throw failure(what, e);
        }
    }

    private MigrationException failure(String what, SQLException e) {
        return new MigrationException(ErrorCode.DATA_TRANSFER_FAILED, "Checkpoint store in schema " + schema
                + " on the target: " + what + " failed: " + Connections.safeMessage(e) + " (SQLSTATE "
                + e.getSQLState() + ")", e.getSQLState(), e);
    }

    /**
     * Releases the migration lock. It is unlocked explicitly rather than by closing the connection, which may
     * belong to an application's own pool and stay open there.
     */
    @Override
    public void close() {
        synchronized (lockMonitor) {
            if (lockConnection != null) {
                Connection c = lockConnection;
                lockConnection = null;
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT pg_catalog.pg_advisory_unlock(?, pg_catalog.hashtext(?))")) {
                    ps.setInt(1, LOCK_CLASS);
                    ps.setString(2, migrationId);
                    ps.execute();
                    pool.release(c);
                } catch (SQLException e) {
                    LOG.debug("Releasing the lock of migration {} failed ({}); closing its connection", migrationId,
                            e.getMessage());
                    pool.discard(c);
                }
            }
            begun = false;
        }
    }
}
