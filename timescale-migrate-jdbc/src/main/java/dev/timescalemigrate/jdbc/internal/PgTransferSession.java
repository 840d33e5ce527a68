package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.SnapshotMode;
import dev.timescalemigrate.exception.SchemaException;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.adapter.CheckpointStore;
import dev.timescalemigrate.adapter.CopyService;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.adapter.SchemaWriter;
import dev.timescalemigrate.adapter.TimescaleOperations;
import dev.timescalemigrate.adapter.TransferSession;
import dev.timescalemigrate.adapter.TransferSettings;
import dev.timescalemigrate.adapter.Verifier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A {@link TransferSession} between two PostgreSQL databases: a connection pool per side ({@code connections + 1}
 * each), the checkpoint store, DDL writer, copy service and verifier on top of them. Opening it connects to both
 * sides and reads both models; it writes nothing.
 */
final class PgTransferSession implements TransferSession {

    private static final Logger LOG = LoggerFactory.getLogger(PgTransferSession.class);

    private final ConnectionPool sourcePool;
    private final ConnectionPool targetPool;
    private final ServerInfo sourceServer;
    private final ServerInfo targetServer;
    private final DatabaseModel sourceModel;
    private final DatabaseModel targetModel;
    private final PgCheckpointStore checkpoints;
    private final PgSchemaWriter schema;
    private final PgCopyService copy;
    private final PgVerifier verifier;
    private final TransferSettings settings;
    private final SnapshotCoordinator snapshot;
    private final PgTimescaleOperations timescale;
    private final PgLargeObjects largeObjects;
    private final String targetTimescaleProblem;
    private final PgReplication replication;
    private boolean closed;

    private PgTransferSession(ConnectionPool sourcePool, ConnectionPool targetPool, ServerInfo sourceServer,
                              ServerInfo targetServer, DatabaseModel sourceModel, DatabaseModel targetModel,
                              TransferSettings settings, SnapshotCoordinator snapshot, String targetTimescaleProblem,
                              DataSource sourceDataSource) {
        this.snapshot = snapshot;
        this.replication = settings.follow()
                ? new PgReplication(sourceDataSource, sourcePool, targetPool, snapshot, sourceServer, settings) : null;
        this.targetTimescaleProblem = targetTimescaleProblem;
        this.sourcePool = sourcePool;
        this.targetPool = targetPool;
        this.sourceServer = sourceServer;
        this.targetServer = targetServer;
        this.sourceModel = sourceModel;
        this.targetModel = targetModel;
        this.checkpoints = new PgCheckpointStore(targetPool, settings);
        this.schema = new PgSchemaWriter(targetPool, checkpoints);
        CopyFormats formats = new CopyFormats(sourcePool);
        this.copy = new PgCopyService(sourcePool, targetPool, checkpoints, sourceModel, snapshot, formats);
        this.verifier = new PgVerifier(sourcePool, targetPool, snapshot, Inheritance.parents(sourceModel), formats,
                checkpoints);
        this.timescale = new PgTimescaleOperations(sourcePool, targetPool, targetServer, snapshot);
        this.largeObjects = new PgLargeObjects(sourcePool, targetPool, checkpoints, snapshot);
        this.settings = settings;
    }

    /**
     * Connects to both sides (a {@link dev.timescalemigrate.exception.ConnectionException} says what to fix),
     * reads their server facts and models, the checkpoint schema left out of both.
     */
    static PgTransferSession open(PostgresAdapter adapter, DataSource source, DataSource target,
                                  TransferSettings settings) {
        int size = settings.connections() + 1;
        ConnectionPool sourcePool = ConnectionPool.forSide("source", source, size, false);
        // following applies on one connection per unit of parallelism besides the one that reads the stream and
        // stores the position (and the checkpoint store's)
        ConnectionPool targetPool = ConnectionPool.forSide("target", target, settings.follow() ? size + 1 : size,
                true);
        SnapshotCoordinator snapshot = null;
        try {
            List<String> excluded = List.of(settings.checkpointSchema());
            Read sourceRead;
            if (settings.follow()) {
                // the copies read the replication slot's snapshot, taken once the preflight has passed
                snapshot = SnapshotCoordinator.pending(source);
                sourceRead = read(adapter, sourcePool, excluded);
            } else if (settings.snapshot() == SnapshotMode.EXPORTED) {
                // export first and read the structure in the snapshot: sequence positions are read after it, so
                // they are never behind the rows it shows
                snapshot = SnapshotCoordinator.open(source);
                Connection c = snapshot.connection();
                ServerInfo server = adapter.serverInfo(c);
                sourceRead = new Read(server, new PostgresIntrospector(c, excluded).read(server));
            } else {
                sourceRead = read(adapter, sourcePool, excluded);
            }
            Read targetRead = read(adapter, targetPool, excluded);
            ServerInfo targetServer = targetRead.server();
            String targetTimescaleProblem = null;
            if (!targetServer.hasTimescale()) {
                TimescaleProbe.Result probe = TimescaleProbe.probe(targetPool, targetServer);
                targetServer = probe.server();
                targetTimescaleProblem = probe.problem();
            }
            LOG.debug("Session {} open: source {} ({}), target {} ({})", settings.migrationId(),
                    sourceRead.server().database(), sourceRead.server().serverVersion(), targetRead.server().database(),
                    targetRead.server().serverVersion());
            return new PgTransferSession(sourcePool, targetPool, sourceRead.server(), targetServer,
                    sourceRead.model(), targetRead.model(), settings, snapshot, targetTimescaleProblem, source);
        } catch (RuntimeException | Error e) {
            if (snapshot != null) {
                snapshot.close();
            }
            sourcePool.close();
            targetPool.close();
            throw e;
        }
    }

    private record Read(ServerInfo server, DatabaseModel model) {
    }

    private static Read read(PostgresAdapter adapter, ConnectionPool pool, List<String> excluded) {
        Connection c = pool.borrow();
        Throwable failure = null;
        try {
            ServerInfo server = adapter.serverInfo(c);
            return new Read(server, new PostgresIntrospector(c, excluded).read(server));
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            pool.release(c, failure);
        }
    }

    @Override
    public ServerInfo sourceServer() {
        return sourceServer;
    }

    @Override
    public ServerInfo targetServer() {
        return targetServer;
    }

    @Override
    public DatabaseModel sourceModel() {
        return sourceModel;
    }

    @Override
    public DatabaseModel targetModel() {
        return targetModel;
    }

    @Override
    public SchemaWriter schema() {
        return schema;
    }

    @Override
    public CopyService copy() {
        return copy;
    }

    @Override
    public CheckpointStore checkpoints() {
        return checkpoints;
    }

    @Override
    public Verifier verifier() {
        return verifier;
    }

    @Override
    public TimescaleOperations timescale() {
        return timescale;
    }

    @Override
    public Optional<dev.timescalemigrate.adapter.LargeObjectService> largeObjects() {
        return Optional.of(largeObjects);
    }

    @Override
    public Optional<dev.timescalemigrate.adapter.ReplicationService> replication() {
        return Optional.ofNullable(replication);
    }

    @Override
    public Optional<String> targetTimescaleProblem() {
        return Optional.ofNullable(targetTimescaleProblem);
    }

    @Override
    public List<DdlStatement> ddl(DatabaseModel model) {
        Set<String> installed = new java.util.HashSet<>();
        targetModel.extensions().forEach(e -> installed.add(e.name()));
        return new DdlGenerator(targetServer).generate(model, installed);
    }

    @Override
    public dev.timescalemigrate.adapter.TableStatistics statistics(Table table) {
        return copy.statistics(table);
    }

    @Override
    public boolean targetHasRows(QualifiedName table, dev.timescalemigrate.spi.CopyUnit.Range rows) {
        String where = CopyStatements.predicate(rows);
        try {
            return targetPool.withConnection(c -> Boolean.TRUE.equals(Sql.value(c, Boolean.class,
                    "SELECT EXISTS (SELECT 1 FROM " + table.quoted() + (where == null ? "" : " WHERE " + where) + ")")));
        } catch (SQLException e) {
            throw PgErrors.schemaFailure("Reading whether " + table + " holds rows on the target", null, e);
        }
    }

    @Override
    public dev.timescalemigrate.model.SequencePosition raiseSequence(QualifiedName sequence,
                                                                     dev.timescalemigrate.model.SequencePosition position) {
        // the next value each side hands out: last_value once called plus the increment, else last_value
        String sql = "SELECT s.last_value, s.is_called, p.seqincrement FROM " + sequence.quoted() + " s, "
                + "pg_catalog.pg_sequence p WHERE p.seqrelid = " + Sql.regclass(sequence);
        try {
            return targetPool.withConnection(c -> {
                org.jooq.Record r = Sql.first(c, sql).orElseThrow();
                long last = Sql.longOf(r, 0);
                boolean called = Boolean.TRUE.equals(r.get(1, Boolean.class));
                long increment = Sql.longOf(r, 2);
                java.math.BigInteger targetNext = next(last, called, increment);
                java.math.BigInteger sourceNext = next(position.lastValue(), position.isCalled(), increment);
                int ahead = sourceNext.compareTo(targetNext) * Long.signum(increment);
                if (ahead <= 0) {
                    return new dev.timescalemigrate.model.SequencePosition(last, called);
                }
                Sql.value(c, Long.class, "SELECT pg_catalog.setval(" + Sql.regclass(sequence) + ", ?, ?)",
                        position.lastValue(), position.isCalled());
                return position;
            });
        } catch (SQLException e) {
            throw PgErrors.schemaFailure("Moving sequence " + sequence + " on the target", sql, e);
        }
    }

    private static java.math.BigInteger next(long last, boolean called, long increment) {
        java.math.BigInteger value = java.math.BigInteger.valueOf(last);
        return called ? value.add(java.math.BigInteger.valueOf(increment)) : value;
    }

    @Override
    public void analyze(QualifiedName table) {
        String sql = "ANALYZE " + table.quoted();
        try {
            targetPool.withConnection(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute(sql);
                }
                return null;
            });
        } catch (SQLException e) {
            throw PgErrors.schemaFailure("Analyzing " + table + " on the target", sql, e);
        }
    }

    @Override
    public Optional<Set<String>> availableTargetExtensions() {
        try {
            return Optional.of(targetPool.withConnection(PreflightQueries::availableExtensions));
        } catch (SQLException | org.jooq.exception.DataAccessException e) {
            LOG.debug("Cannot list the target's available extensions: {}", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public List<String> cFunctionProblems() {
        try {
            return sourcePool.withConnection(src -> targetPool.withConnection(tgt ->
                    PreflightQueries.cFunctionProblems(src, tgt)));
        } catch (SQLException e) {
            throw new dev.timescalemigrate.exception.MigrationException(
                    dev.timescalemigrate.exception.ErrorCode.PREFLIGHT_FAILED, "Checking the source's C functions "
                    + "against the target failed: " + PgErrors.describe(e), e.getSQLState(), e);
        }
    }

    @Override
    public List<String> objectIdentifierProblems(List<Table> sourceTables, DatabaseModel selection) {
        try {
            return sourcePool.withConnection(src -> targetPool.withConnection(tgt ->
                    ObjectIdentifierCheck.problems(src, tgt, sourceTables, selection)));
        } catch (SQLException e) {
            throw new dev.timescalemigrate.exception.MigrationException(
                    dev.timescalemigrate.exception.ErrorCode.PREFLIGHT_FAILED, "Checking the source's object "
                    + "identifier columns failed: " + PgErrors.describe(e), e.getSQLState(), e);
        }
    }

    @Override
    public List<String> privilegeProblems(Collection<Table> sourceTables) {
        try {
            return sourcePool.withConnection(src -> targetPool.withConnection(tgt ->
                    PreflightQueries.privilegeProblems(src, tgt, sourceTables, settings.checkpointSchema())));
        } catch (SQLException e) {
            throw new dev.timescalemigrate.exception.MigrationException(
                    dev.timescalemigrate.exception.ErrorCode.PREFLIGHT_FAILED,
                    "Checking the users' privileges failed: " + PgErrors.describe(e), e.getSQLState(), e);
        } catch (org.jooq.exception.DataAccessException e) {
            throw new dev.timescalemigrate.exception.MigrationException(
                    dev.timescalemigrate.exception.ErrorCode.PREFLIGHT_FAILED, "Checking the users' privileges failed: "
                    + e.getMessage(), e.sqlState(), e);
        }
    }

    @Override
    public List<dev.timescalemigrate.model.ObjectPrivileges> sourcePrivileges() {
        try {
            return sourcePool.inSnapshot(snapshot, c -> {
                return Privileges.read(c);
            });
        } catch (SQLException e) {
            throw new dev.timescalemigrate.exception.IntrospectionException("Reading the source's owners and "
                    + "privileges failed: " + PgErrors.describe(e),
                    e.getSQLState(), e);
        }
    }

    @Override
    public List<dev.timescalemigrate.model.DefaultPrivileges> sourceDefaultPrivileges() {
        try {
            return sourcePool.inSnapshot(snapshot, c -> {
                return Privileges.readDefaults(c);
            });
        } catch (SQLException e) {
            throw new dev.timescalemigrate.exception.IntrospectionException("Reading the source's default "
                    + "privileges failed: " + PgErrors.describe(e),
                    e.getSQLState(), e);
        }
    }

    @Override
    public List<DdlStatement> defaultPrivilegeDdl(List<dev.timescalemigrate.model.DefaultPrivileges> entries) {
        return Privileges.defaultsDdl(entries);
    }

    @Override
    public java.util.Map<String, Boolean> targetRoles(Collection<String> roles) {
        try {
            return targetPool.withConnection(c -> Privileges.roles(c, roles));
        } catch (SQLException e) {
            throw new dev.timescalemigrate.exception.IntrospectionException("Reading the target's roles failed: "
                    + PgErrors.describe(e), e.getSQLState(), e);
        }
    }

    @Override
    public List<DdlStatement> privilegeDdl(List<dev.timescalemigrate.model.ObjectPrivileges> objects) {
        return Privileges.ddl(objects);
    }

    @Override
    public boolean readsOneSnapshot() {
        return snapshot != null && snapshot.holds() && !snapshot.renewed();
    }

    /** Releases the migration lock and closes every connection of both pools. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            checkpoints.close();
        } finally {
            if (snapshot != null) {
                snapshot.close();
            }
            sourcePool.close();
            targetPool.close();
        }
    }
}
