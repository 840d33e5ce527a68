package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.FollowReport;
import dev.timescalemigrate.adapter.ReplicationService;
import dev.timescalemigrate.adapter.TransferSettings;
import dev.timescalemigrate.exception.ConnectionException;
import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.exception.MigrationException;
import dev.timescalemigrate.exception.ErrorCode;
import dev.timescalemigrate.internal.DriverManagerDataSource;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Sequence;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.model.Table;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.replication.ReplicationSlotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * {@link ReplicationService} over pgjdbc's replication protocol and {@code pgoutput}: the publication of the
 * selected tables (a hypertable's chunks with it), a slot whose exported snapshot the copies read, and the apply
 * loop ({@link ChangeApplier}) that stores the applied position in the target's checkpoint schema in the same
 * transaction as the changes, acknowledging the slot only up to a committed position.
 */
final class PgReplication implements ReplicationService {

    private static final Logger LOG = LoggerFactory.getLogger(PgReplication.class);
    /** TimescaleDB 2.25 adds chunks created later to the publications of their hypertable. */
    private static final ServerInfo.Version AUTO_PUBLICATION = new ServerInfo.Version(2, 25, 0);
    private static final String CUTOVER_PREFIX = "timescale-migrate-cutover:";
    /** A transaction with more changes than this is applied as it arrives instead of being held for a worker. */
    private static final int LARGE_TRANSACTION = 20_000;
    private static final String TIMESCALE_MARKER = "::timescaledb-";
    /** How often the position everything is applied up to is stored and acknowledged, at most. */
    private static final Duration POSITION_EVERY = Duration.ofMillis(200);
    private static final Duration STATUS_EVERY = Duration.ofSeconds(1);
    private static final Duration CHUNK_CHECK_EVERY = Duration.ofSeconds(5);
    /** How long a slot held by the WAL sender of a lost connection is waited for. */
    private static final Duration SLOT_RELEASE_WAIT = Duration.ofSeconds(15);
    private static final String OBJECT_IN_USE = "55006";
    /** PostgreSQL's epoch, 2000-01-01 UTC, in seconds since 1970. */
    private static final long POSTGRES_EPOCH = 946_684_800L;

    private final DataSource sourceDataSource;
    private final ConnectionPool sourcePool;
    private final ConnectionPool targetPool;
    private final SnapshotCoordinator snapshot;
    private final ServerInfo sourceServer;
    private final String migrationId;
    private final String state;
    private final String slot;
    private final FollowWatch watch = new FollowWatch();
    private final Map<Long, String> typeNames = new HashMap<>();
    private Run run;
    /** The position last acknowledged to the slot. */
    private long acknowledged;
    /** The table of the source transactions applied beyond the stored position, quoted. */
    private final String appliedTable;
    /** How many connections apply the source's changes to the target at once. */
    private final int workerCount;

    PgReplication(DataSource sourceDataSource, ConnectionPool sourcePool, ConnectionPool targetPool,
                  SnapshotCoordinator snapshot, ServerInfo sourceServer, TransferSettings settings) {
        this.sourceDataSource = sourceDataSource;
        this.sourcePool = sourcePool;
        this.targetPool = targetPool;
        this.snapshot = snapshot;
        this.sourceServer = sourceServer;
        this.migrationId = settings.migrationId();
        this.state = Sql.id(settings.checkpointSchema(), "follow");
        this.slot = slotName(settings.migrationId());
        this.appliedTable = Sql.id(settings.checkpointSchema(), "follow_applied");
        this.workerCount = Math.max(1, settings.connections());
    }

    /** A slot and publication name from the migration id: {@code tsm_} and its letters and digits, lower case. */
    static String slotName(String migrationId) {
        String cleaned = migrationId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String name = "tsm_" + cleaned;
        if (name.length() > 63) {
            name = name.substring(0, 50) + "_" + Integer.toHexString(migrationId.hashCode());
        }
        return name;
    }

    // ---------------------------------------------------------------------------------------------------------
    // preflight

    @Override
    public List<String> problems(DatabaseModel selection) {
        List<String> problems = new ArrayList<>();
        try {
            sourcePool.withConnection(c -> {
                String walLevel = value(c, "SELECT current_setting('wal_level')");
                if (!"logical".equals(walLevel)) {
                    problems.add("The source runs with wal_level = " + walLevel + "; following it needs logical: "
                            + "ALTER SYSTEM SET wal_level = logical; then restart the source server.");
                }
                if (!"t".equals(value(c, "SELECT rolsuper OR rolreplication FROM pg_catalog.pg_roles "
                        + "WHERE rolname = current_user"))) {
                    problems.add("The source user " + sourceServer.user() + " may not replicate: ALTER ROLE "
                            + Sql.id(sourceServer.user()) + " REPLICATION; (as a superuser).");
                }
                int freeSlots = Integer.parseInt(value(c, "SELECT current_setting('max_replication_slots')::int "
                        + "- (SELECT count(*) FROM pg_catalog.pg_replication_slots)"));
                if (freeSlots < 1) {
                    problems.add("The source has no free replication slot (max_replication_slots): drop an unused "
                            + "one (pg_drop_replication_slot) or raise max_replication_slots and restart.");
                }
                int freeSenders = Integer.parseInt(value(c, "SELECT current_setting('max_wal_senders')::int "
                        + "- (SELECT count(*) FROM pg_catalog.pg_stat_replication)"));
                if (freeSenders < 1) {
                    problems.add("The source has no free WAL sender (max_wal_senders): raise it and restart.");
                }
                String encoding = value(c, "SELECT current_setting('server_encoding')");
                if (!"UTF8".equals(encoding) && !"SQL_ASCII".equals(encoding)) {
                    problems.add("The source database's encoding is " + encoding + "; following reads the "
                            + "changes as UTF-8 text and needs a UTF8 database.");
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_replication_slots "
                        + "WHERE slot_name = ? UNION ALL SELECT 1 FROM pg_catalog.pg_publication WHERE pubname = ?")) {
                    ps.setString(1, slot);
                    ps.setString(2, slot);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            problems.add("A replication slot or publication named " + slot + " already exists on "
                                    + "the source (left by an earlier migration with this id): drop them (SELECT "
                                    + "pg_drop_replication_slot('" + slot + "'); DROP PUBLICATION " + Sql.id(slot)
                                    + ";) or choose another migration id.");
                        }
                    }
                }
                problems.addAll(identityProblems(c, selection));
                if (!(sourceDataSource instanceof DriverManagerDataSource) && !pgjdbcDataSource(sourceDataSource)) {
                    problems.add("Following needs a replication connection to the source, which this tool opens "
                            + "from a JDBC URL or a pgjdbc data source (PGSimpleDataSource); the source is a "
                            + sourceDataSource.getClass().getName() + ": give source(jdbcUrl, user, password).");
                }
                if (sourceServer.hasTimescale()) {
                    problems.addAll(timescaleProblems(c, selection));
                }
                return null;
            });
        } catch (SQLException e) {
            problems.add("Checking whether the source can be followed failed: " + PgErrors.describe(e));
        }
        return problems;
    }

    private List<String> identityProblems(Connection c, DatabaseModel selection) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relreplident, "
                + "EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND i.indisprimary), "
                + "pg_catalog.pg_get_userbyid(c.relowner) = current_user OR (SELECT rolsuper FROM pg_catalog.pg_roles "
                + "WHERE rolname = current_user) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON "
                + "n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            for (Table t : selection.tables()) {
                ps.setString(1, t.name().schema());
                ps.setString(2, t.name().name());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        continue;
                    }
                    String identity = rs.getString(1);
                    boolean primaryKey = rs.getBoolean(2);
                    if ("n".equals(identity) || ("d".equals(identity) && !primaryKey)) {
                        problems.add("Table " + t.name() + " has no replica identity (no primary key): the source "
                                + "could not publish its updates and deletes. Add a primary key or run ALTER TABLE "
                                + t.name().quoted() + " REPLICA IDENTITY FULL; on the source.");
                    }
                    if (!rs.getBoolean(3)) {
                        problems.add("The source user " + sourceServer.user() + " does not own table " + t.name()
                                + ", which a publication needs: run the migration as its owner or a superuser.");
                    }
                }
            }
        }
        return problems;
    }

    private List<String> timescaleProblems(Connection c, DatabaseModel selection) throws SQLException {
        List<String> problems = new ArrayList<>();
        List<Hypertable> hypertables = selection.timescale().hypertables();
        if (hypertables.isEmpty()) {
            return problems;
        }
        if (!"on".equals(setting(c, "timescaledb.enable_compression_wal_markers"))) {
            problems.add("timescaledb.enable_compression_wal_markers is off on the source: TimescaleDB's own "
                    + "compression would look like deletes and inserts of rows. ALTER SYSTEM SET "
                    + "timescaledb.enable_compression_wal_markers = on; SELECT pg_reload_conf(); on the source.");
        }
        ServerInfo.Version version = sourceServer.timescale().orElseThrow();
        String database = Sql.id(sourceServer.database());
        if (version.compareTo(AUTO_PUBLICATION) < 0) {
            problems.add("TimescaleDB " + sourceServer.timescaleVersion() + " on the source cannot add the chunks "
                    + "its hypertables create while they are followed to the publication (2.25 can, with "
                    + "timescaledb.enable_chunk_auto_publication): rows written into a new chunk would be lost. "
                    + "Update the source's timescaledb extension to 2.25 or later, or migrate without following.");
        } else if (!"on".equals(setting(c, "timescaledb.enable_chunk_auto_publication"))) {
            problems.add("timescaledb.enable_chunk_auto_publication is off on the source: chunks created while "
                    + "the source is followed would not be published and their rows would be lost. ALTER DATABASE "
                    + database + " SET timescaledb.enable_chunk_auto_publication = on; on the source, then "
                    + "reconnect the application's sessions (the setting takes effect in new sessions).");
        }
        boolean compressed = hypertables.stream().anyMatch(h -> h.compression() != null);
        if (compressed && !"off".equals(setting(c, "timescaledb.enable_compressed_direct_batch_delete"))) {
            problems.add("timescaledb.enable_compressed_direct_batch_delete is on on the source: a DELETE of whole "
                    + "compressed batches removes them from the compressed chunk, which logical replication does "
                    + "not carry. ALTER DATABASE " + database + " SET "
                    + "timescaledb.enable_compressed_direct_batch_delete = off; on the source, then reconnect the "
                    + "application's sessions.");
        }
        for (String direct : List.of("timescaledb.enable_direct_compress_insert",
                "timescaledb.enable_direct_compress_copy")) {
            if (compressed && "on".equals(setting(c, direct))) {
                problems.add(direct + " is on on the source: rows it writes go straight into compressed chunks, "
                        + "which logical replication does not carry. ALTER DATABASE " + database + " SET " + direct
                        + " = off; on the source, then reconnect the application's sessions.");
            }
        }
        return problems;
    }

    @Override
    public List<String> warnings(DatabaseModel selection) {
        if (!sourceServer.hasTimescale() || selection.timescale().hypertables().isEmpty()) {
            return List.of();
        }
        return List.of("Following hypertables relies on settings of the source's sessions "
                + "(timescaledb.enable_chunk_auto_publication on, enable_compressed_direct_batch_delete, "
                + "enable_direct_compress_insert and enable_direct_compress_copy off): sessions opened before they "
                + "were set keep their old values. A chunk that reaches the source outside the publication stops "
                + "the run.");
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?, true)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static String value(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // state on the target

    @Override
    public Optional<State> state() {
        try {
            return targetPool.withConnection(c -> {
                if (!Sql.relationExists(c, state)) {
                    return Optional.empty();
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT slot, publication, start_lsn, applied_lsn, "
                        + "copied FROM " + state + " WHERE migration_id = ?")) {
                    ps.setString(1, migrationId);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(new State(rs.getString(1), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getBoolean(5))) : Optional.<State>empty();
                    }
                }
            });
        } catch (SQLException e) {
            throw new MigrationException(ErrorCode.DATA_TRANSFER_FAILED, "Reading the followed migration's state "
                    + "from " + state + " on the target failed: " + PgErrors.describe(e), e.getSQLState(), e);
        }
    }

    @Override
    public State start(DatabaseModel selection) {
        List<QualifiedName> tables = selection.tables().stream().map(Table::name).toList();
        boolean published = false;
        try {
            sourcePool.withConnection(c -> {
                try (Statement s = c.createStatement()) {
                    // identifiers quoted by Sql.id; a hypertable without ONLY brings its chunks
                    s.execute("CREATE PUBLICATION " + Sql.id(slot) + (tables.isEmpty() ? "" : " FOR TABLE "
                            + tables.stream().map(Sql::id).collect(Collectors.joining(", "))));
                }
                return null;
            });
            published = true;
            ReplicationSlotInfo info;
            try (Connection replication = replicationConnection()) {
                info = replication.unwrap(PGConnection.class).getReplicationAPI().createReplicationSlot().logical()
                        .withSlotName(slot).withOutputPlugin("pgoutput").make();
                // the exported snapshot lives while this connection is idle: held elsewhere before it closes
                snapshot.adopt(info.getSnapshotName());
            }
            State started = new State(slot, slot, info.getConsistentPoint().asString(),
                    info.getConsistentPoint().asString(), false);
            targetPool.withConnection(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS " + state + " (migration_id text PRIMARY KEY, slot text "
                            + "NOT NULL, publication text NOT NULL, start_lsn text NOT NULL, applied_lsn text NOT NULL, "
                            + "copied boolean NOT NULL, transactions bigint NOT NULL DEFAULT 0, changes bigint NOT NULL "
                            + "DEFAULT 0, updated_at timestamptz NOT NULL DEFAULT now())");
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + state + " (migration_id, slot, "
                        + "publication, start_lsn, applied_lsn, copied) VALUES (?, ?, ?, ?, ?, false)")) {
                    ps.setString(1, migrationId);
                    ps.setString(2, started.slot());
                    ps.setString(3, started.publication());
                    ps.setString(4, started.startLsn());
                    ps.setString(5, started.appliedLsn());
                    ps.executeUpdate();
                }
                return null;
            });
            return started;
        } catch (SQLException | RuntimeException e) {
            if (published) { // and the slot, when it was made
                try {
                    sourcePool.withConnection(c -> dropOnSource(c, slot, slot));
                } catch (SQLException cleanup) {
                    LOG.warn("Dropping the replication slot and publication {} on the source failed: {}", slot,
                            PgErrors.describe(cleanup));
                }
            }
            if (e instanceof RuntimeException r) {
                throw r;
            }
            SQLException sql = (SQLException) e;
            throw new ConnectionException("Setting up the replication of the source (publication and slot "
                    + slot + ") failed: " + PgErrors.describe(sql), sql.getSQLState(), sql);
        }
    }

    /** Drops the slot and the publication where they exist. */
    private static Void dropOnSource(Connection c, String slot, String publication) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.pg_drop_replication_slot(slot_name) "
                + "FROM pg_catalog.pg_replication_slots WHERE slot_name = ?")) {
            ps.setString(1, slot);
            ps.execute();
        }
        try (Statement st = c.createStatement()) {
            st.execute("DROP PUBLICATION IF EXISTS " + Sql.id(publication));
        }
        return null;
    }

    @Override
    public void copied() {
        try {
            targetPool.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + state + " SET copied = true, updated_at "
                        + "= now() WHERE migration_id = ?")) {
                    ps.setString(1, migrationId);
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new MigrationException(ErrorCode.DATA_TRANSFER_FAILED, "Recording the end of the bulk copy in "
                    + state + " on the target failed: " + PgErrors.describe(e), e.getSQLState(), e);
        }
    }

    /** A connection in replication mode ({@code replication=database}), from the source's URL or data source. */
    private Connection replicationConnection() throws SQLException {
        Properties extra = new Properties();
        PGProperty.REPLICATION.set(extra, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(extra, "10");
        PGProperty.PREFER_QUERY_MODE.set(extra, "simple");
        if (sourceDataSource instanceof DriverManagerDataSource d) {
            return d.getConnection(extra);
        }
        if (pgjdbcDataSource(sourceDataSource)) {
            org.postgresql.ds.common.BaseDataSource b = (org.postgresql.ds.common.BaseDataSource) sourceDataSource;
            org.postgresql.ds.PGSimpleDataSource copy = new org.postgresql.ds.PGSimpleDataSource();
            copy.setURL(b.getURL());
            copy.setUser(b.getUser());
            copy.setPassword(b.getPassword());
            copy.setReplication("database");
            copy.setAssumeMinServerVersion("10");
            copy.setPreferQueryMode(org.postgresql.jdbc.PreferQueryMode.SIMPLE);
            return copy.getConnection();
        }
        throw new SQLException("no replication connection can be opened from a "
                + sourceDataSource.getClass().getName());
    }

    /**
     * Whether {@code ds} is one of pgjdbc's data sources, found by class name so that pgjdbc's data source classes
     * (which need the java.naming module) are loaded only when the application uses them.
     */
    private static boolean pgjdbcDataSource(DataSource ds) {
        for (Class<?> c = ds.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("org.postgresql.ds.common.BaseDataSource")) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------------------
    // following

    @Override
    public FollowReport follow(DatabaseModel selection, BooleanSupplier stop, Observer observer) {
        State s = state().orElseThrow(() -> new IllegalStateException("no followed migration " + migrationId));
        if (run == null) {
            run = new Run(s.startLsn());
        }
        Set<QualifiedName> hypertables = selection.timescale().hypertables().stream().map(Hypertable::table)
                .collect(Collectors.toSet());
        Set<QualifiedName> compressed = selection.timescale().hypertables().stream()
                .filter(h -> h.compression() != null).map(Hypertable::table).collect(Collectors.toSet());
        Map<QualifiedName, Table> tables = selection.tables().stream()
                .collect(Collectors.toMap(Table::name, t -> t, (a, b) -> a));
        Relations relations = new Relations(this::hypertableOfChunk, tables, this::typeName, compressed);
        LogSequenceNumber applied = LogSequenceNumber.valueOf(s.appliedLsn());
        run.applied = applied.asString();
        acknowledged = applied.asLong();
        Connection target = targetPool.borrow();
        Throwable failure = null;
        ParallelApply workers = null;
        try (Connection replication = replicationConnection();
             ChangeApplier here = new ChangeApplier(target)) {
            target.setAutoCommit(false);
            Set<Long> appliedBeyond = appliedBeyond(target);
            // without session_replication_role = replica the target's foreign keys check each change: only the
            // source's order keeps a parent's insert before its children's
            int count = here.prepareSession() ? workerCount : 1;
            PGReplicationStream stream = openStream(replication, s, applied);
            workers = new ParallelApply(targetPool, count, appliedTable, migrationId, applied.asLong(),
                    () -> keepAlive(stream));
            LOG.info("Following the source from {} (slot {}), applying on {} connection(s)", applied.asString(),
                    s.slot(), count);
            String cutover = null;
            Txn txn = null;
            long nextStatus = System.nanoTime();
            long nextChunkCheck = System.nanoTime();
            long nextPosition = System.nanoTime();
            boolean cutoverSeen = false;
            while (!cutoverSeen) {
                // checked between messages, not only when the stream is idle: a source that never pauses must
                // still cut over, report and be checked for unpublished chunks
                if (cutover == null && stop.getAsBoolean()) {
                    cutover = emitCutoverMarker();
                    LOG.info("Cutting over: applying what the source committed up to {}", cutover);
                }
                long now = System.nanoTime();
                // not while a large transaction is half sent on the stream's connection: its commit would be
                // the position's
                boolean open = txn != null && txn.hereStart >= 0;
                if (now - nextPosition >= 0 && !open) {
                    applied = storePosition(target, stream, workers, applied, txn == null);
                    nextPosition = now + POSITION_EVERY.toNanos();
                }
                if (now - nextStatus >= 0) {
                    long pending = workers.oldestPendingCommitMicros();
                    if (txn != null && !txn.skip && (pending < 0 || txn.commitMicros < pending)) {
                        pending = txn.commitMicros;
                    }
                    status(s, applied, pending, observer, workers);
                    nextStatus = now + STATUS_EVERY.toNanos();
                }
                if (now - nextChunkCheck >= 0) {
                    checkChunksPublished(s.publication(), hypertables);
                    nextChunkCheck = now + CHUNK_CHECK_EVERY.toNanos();
                }
                ByteBuffer buffer = stream.readPending();
                if (buffer == null) {
                    if (!open) {
                        applied = storePosition(target, stream, workers, applied, txn == null);
                    }
                    Thread.sleep(5);
                    continue;
                }
                PgOutput.Message message = PgOutput.decode(buffer);
                switch (message) {
                    case PgOutput.Begin b -> {
                        // a transaction an earlier run applied: its end at or before the stored position, or
                        // committed by a worker beyond it
                        boolean skip = b.finalLsn() < applied.asLong() || appliedBeyond.contains(b.finalLsn());
                        txn = new Txn(b.finalLsn(), b.commitMicros(), skip);
                    }
                    case PgOutput.Relation r -> relations.relation(r);
                    case PgOutput.Commit c -> {
                        finish(txn, c, here, target, workers);
                        txn = null;
                    }
                    case PgOutput.Logical m when m.prefix().equals(CUTOVER_PREFIX + migrationId) ->
                            // only this run's marker: an earlier run's, written before its JVM ended, comes first
                            // and asks for nothing now
                            cutoverSeen = cutover != null && m.lsn() >= LogSequenceNumber.valueOf(cutover).asLong();
                    case PgOutput.Logical m -> {
                        if (txn != null && m.prefix().startsWith(TIMESCALE_MARKER)) {
                            // TimescaleDB moving rows inside the source ((de)compression): not the user's changes
                            txn.inMarker = m.prefix().endsWith("-start");
                        }
                    }
                    case PgOutput.Ignored ignored -> {
                        // kinds pgoutput sends that change nothing here (types, origins)
                    }
                    default -> {
                        if (txn == null || txn.skip || txn.inMarker) {
                            break;
                        }
                        try {
                            add(txn, message, relations, here, workers);
                        } catch (Relations.SourceChanged e) {
                            // what came before this transaction is committed and stored; this one is not
                            rollbackQuietly(target);
                            workers.drain();
                            applied = storePosition(target, stream, workers, applied, false);
                            stream.close();
                            throw sourceChanged(e, applied);
                        }
                    }
                }
            }
            workers.drain();
            applied = storePosition(target, stream, workers, applied, false);
            stream.close();
            syncSequences(target, selection.sequences());
        } catch (SQLException e) {
            failure = e;
            rollbackQuietly(target);
            throw new DataTransferException("Following the source failed at " + applied.asString() + ": "
                    + PgErrors.describe(e) + ". The applied position is kept on the target; run the migration "
                    + "again to continue from it.", null, null, e.getSQLState(), e);
        } catch (InterruptedException e) {
            failure = e;
            Thread.currentThread().interrupt();
            rollbackQuietly(target);
            throw new MigrationException(ErrorCode.DATA_TRANSFER_FAILED, "Following the source was interrupted at "
                    + applied.asString() + "; run the migration again to continue from it.");
        } catch (RuntimeException e) {
            failure = e;
            rollbackQuietly(target);
            throw e;
        } finally {
            if (workers != null) {
                workers.close();
                run.add(workers.counts());
            }
            targetPool.release(target, failure);
        }
        dropSlotAndPublication(s);
        FollowReport report = run.report(0, Duration.ZERO, 0, new long[2]);
        LOG.info("Cut over: {} transactions, {} changes applied up to {}; slot {} and publication {} dropped",
                report.transactions(), report.changes(), report.appliedLsn(), s.slot(), s.publication());
        return report;
    }

    /** Tells the source the stream is alive while it is not read (a long wait for the workers). */
    private static void keepAlive(PGReplicationStream stream) {
        try {
            stream.forceUpdateStatus();
        } catch (SQLException e) {
            LOG.debug("A status update to the source failed: {}", PgErrors.describe(e));
        }
    }

    /** A source transaction being read from the stream. */
    private static final class Txn {
        final long commitLsn;
        final long commitMicros;
        final boolean skip;
        final List<ChangeApplier.Change> changes = new ArrayList<>();
        final ApplyScheduler.Keys keys = new ApplyScheduler.Keys();
        boolean inMarker;
        /** Applied on the stream's own connection, not given to a worker: a truncate, or too large to hold. */
        boolean here;
        /** The stream connection's count of changes when this transaction's first change was sent; -1 before. */
        long hereStart = -1;

        Txn(long commitLsn, long commitMicros, boolean skip) {
            this.commitLsn = commitLsn;
            this.commitMicros = commitMicros;
            this.skip = skip;
        }
    }

    /** Adds a row change or truncate of the transaction; a large one goes to the target as it arrives. */
    private void add(Txn txn, PgOutput.Message message, Relations relations, ChangeApplier here,
                     ParallelApply workers) throws SQLException, InterruptedException {
        ChangeApplier.Change change = switch (message) {
            case PgOutput.Insert i -> keyed(txn, relations.target(i.relation()), message, i.row(), null);
            case PgOutput.Update u -> keyed(txn, relations.target(u.relation()), message, u.row(),
                    u.old() != null && u.oldIsKey() ? u.old() : null);
            case PgOutput.Delete d -> keyed(txn, relations.target(d.relation()), message,
                    d.oldIsKey() ? d.old() : null, null);
            case PgOutput.Truncate t -> {
                List<Relations.Target> truncated = new ArrayList<>();
                for (int oid : t.relations()) {
                    truncated.add(relations.target(oid));
                }
                txn.here = true; // every earlier transaction first, then this one alone
                yield new ChangeApplier.Change(null, t, truncated);
            }
            default -> null;
        };
        if (change == null) {
            return;
        }
        txn.changes.add(change);
        if (txn.changes.size() >= LARGE_TRANSACTION) {
            // not held in memory: applied as it arrives on the stream's connection, after everything before it
            txn.here = true;
            sendHere(txn, here, workers);
        }
    }

    /** Sends the transaction's held changes on the stream's own connection, once everything before it committed. */
    private static void sendHere(Txn txn, ChangeApplier here, ParallelApply workers)
            throws SQLException, InterruptedException {
        if (txn.hereStart < 0) {
            workers.drain();
            txn.hereStart = here.changes();
        }
        for (ChangeApplier.Change change : txn.changes) {
            here.apply(change);
        }
        txn.changes.clear();
    }

    /**
     * A row change, with the row it touches added to the transaction's keys: by its replica identity where that
     * tells the row apart, else the whole table.
     */
    private static ChangeApplier.Change keyed(Txn txn, Relations.Target t, PgOutput.Message message,
                                              PgOutput.Tuple row, PgOutput.Tuple oldKey) {
        if (!t.rowKeyed() || !key(txn, t, row) || (oldKey != null && !key(txn, t, oldKey))) {
            txn.keys.table(t.table());
        }
        return new ChangeApplier.Change(t, message);
    }

    /** Adds the row's key; false when its key values are not all there (unchanged TOAST, or NULL). */
    private static boolean key(Txn txn, Relations.Target t, PgOutput.Tuple row) {
        if (row == null) {
            return false;
        }
        StringBuilder key = new StringBuilder();
        List<PgOutput.Column> columns = t.relation().columns();
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).key()) {
                continue;
            }
            String v = row.values().get(i);
            if (v == null || PgOutput.Tuple.unchanged(v)) {
                return false;
            }
            key.append(v.length()).append(':').append(v);
        }
        txn.keys.row(t.table(), key.toString());
        return true;
    }

    /** The transaction's commit: to a worker, or applied here after everything before it. */
    private void finish(Txn txn, PgOutput.Commit c, ChangeApplier here, Connection target, ParallelApply workers)
            throws SQLException, InterruptedException {
        if (txn == null) {
            return;
        }
        if (txn.skip) {
            workers.appliedHere(txn.commitLsn, c.endLsn(), txn.commitMicros, 0, false);
            return;
        }
        if (!txn.here) {
            workers.submit(new ParallelApply.Txn(txn.commitLsn, c.endLsn(), txn.commitMicros,
                    List.copyOf(txn.changes), txn.keys));
            return;
        }
        sendHere(txn, here, workers);
        here.flush();
        long changeCount = here.changes() - txn.hereStart;
        try (PreparedStatement ps = target.prepareStatement("INSERT INTO " + appliedTable + " (migration_id, "
                + "commit_lsn, changes) VALUES (?, ?::pg_lsn, ?)")) {
            ps.setString(1, migrationId);
            ps.setString(2, LogSequenceNumber.valueOf(txn.commitLsn).asString());
            ps.setLong(3, changeCount);
            ps.executeUpdate();
        }
        target.commit();
        workers.appliedHere(txn.commitLsn, c.endLsn(), txn.commitMicros, changeCount, true);
    }

    /**
     * Stores how far everything is applied, when it moved, with a synchronous commit (which makes the workers'
     * asynchronous commits before it durable too), then acknowledges it to the slot: the slot keeps everything
     * after it.
     */
    private LogSequenceNumber storePosition(Connection target, PGReplicationStream stream, ParallelApply workers,
                                            LogSequenceNumber applied, boolean between) throws SQLException {
        OptionalLong moved = workers.advance();
        if (moved.isEmpty()) {
            // nothing of ours pending and no transaction open: the WAL received since holds none of our changes,
            // so the slot may let go of it (else writes to other tables keep the source's WAL growing)
            LogSequenceNumber received = stream.getLastReceiveLSN();
            if (between && workers.caughtUp() && received.asLong() > acknowledged) {
                acknowledged = received.asLong();
                stream.setFlushedLSN(received);
                stream.setAppliedLSN(received);
            }
            return applied;
        }
        LogSequenceNumber through = LogSequenceNumber.valueOf(moved.getAsLong());
        try (Statement st = target.createStatement()) {
            // the pool's sessions commit asynchronously; this commit must be on disk before the slot lets go,
            // and with it every earlier commit of the workers' is
            st.execute("SET LOCAL synchronous_commit = on");
        }
        try (PreparedStatement ps = target.prepareStatement("WITH done AS (DELETE FROM " + appliedTable
                + " WHERE migration_id = ? AND commit_lsn < ?::pg_lsn RETURNING changes) UPDATE " + state
                + " SET applied_lsn = ?, transactions = transactions + (SELECT count(*) FROM done), "
                + "changes = changes + (SELECT coalesce(sum(changes), 0) FROM done), updated_at = now() "
                + "WHERE migration_id = ?")) {
            ps.setString(1, migrationId);
            ps.setString(2, through.asString());
            ps.setString(3, through.asString());
            ps.setString(4, migrationId);
            ps.executeUpdate();
        }
        target.commit();
        run.applied = through.asString();
        if (through.asLong() > acknowledged) {
            acknowledged = through.asLong();
            stream.setFlushedLSN(through);
            stream.setAppliedLSN(through);
            stream.forceUpdateStatus();
        }
        return through;
    }

    /** The commit positions of the source transactions workers applied beyond the stored position. */
    private Set<Long> appliedBeyond(Connection target) throws SQLException {
        Set<Long> found = new HashSet<>();
        try (Statement st = target.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + appliedTable + " (migration_id text NOT NULL, commit_lsn "
                    + "pg_lsn NOT NULL, changes bigint NOT NULL, PRIMARY KEY (migration_id, commit_lsn))");
        }
        try (PreparedStatement ps = target.prepareStatement("SELECT commit_lsn::text FROM " + appliedTable
                + " WHERE migration_id = ?")) {
            ps.setString(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(LogSequenceNumber.valueOf(rs.getString(1)).asLong());
                }
            }
        }
        target.commit();
        return found;
    }

    /**
     * The replication stream from {@code from}; the slot may still be held for a moment by the WAL sender of a
     * connection that was just lost (55006), which is waited for.
     */
    private PGReplicationStream openStream(Connection replication, State s, LogSequenceNumber from)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + SLOT_RELEASE_WAIT.toNanos();
        while (true) {
            try {
                return replication.unwrap(PGConnection.class).getReplicationAPI()
                        .replicationStream().logical().withSlotName(s.slot()).withStartPosition(from)
                        .withSlotOption("proto_version", "1").withSlotOption("publication_names", s.publication())
                        .withSlotOption("messages", "true").withStatusInterval(5, TimeUnit.SECONDS)
                        .withAutomaticFlush(false).start();
            } catch (SQLException e) {
                if (!OBJECT_IN_USE.equals(e.getSQLState()) || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private MigrationException sourceChanged(Relations.SourceChanged changed, LogSequenceNumber applied) {
        return new MigrationException(ErrorCode.SOURCE_CHANGED, changed.getMessage() + " Every change the source "
                + "committed before it is applied to the target (up to " + applied.asString() + ") and the slot "
                + slot + " keeps the rest. Make the same change to " + changed.table() + " on the target, then run "
                + "the migration again: it continues from there (or migrate again into an empty target).");
    }

    /**
     * Measures the lag and the WAL the slot retains, tells the observer, and warns when the lag keeps growing or
     * the slot retains much WAL; a slot the source invalidated or dropped stops the run.
     */
    private void status(State s, LogSequenceNumber applied, long pendingSince, Observer observer,
                        ParallelApply workers) throws SQLException {
        Optional<Object[]> slotStatus = sourcePool.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.pg_wal_lsn_diff("
                    + "pg_catalog.pg_current_wal_lsn(), ?::pg_lsn)::bigint, pg_catalog.pg_wal_lsn_diff("
                    + "pg_catalog.pg_current_wal_lsn(), s.restart_lsn)::bigint, s.wal_status "
                    + "FROM pg_catalog.pg_replication_slots s WHERE s.slot_name = ?")) {
                ps.setString(1, applied.asString());
                ps.setString(2, s.slot());
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Object[]{Math.max(0, rs.getLong(1)), rs.getLong(2),
                            rs.getString(3)}) : Optional.<Object[]>empty();
                }
            }
        });
        if (slotStatus.isEmpty()) {
            throw new MigrationException(ErrorCode.DATA_TRANSFER_FAILED, "The replication slot " + s.slot()
                    + " is gone from the source (dropped by someone else?): the changes after " + applied.asString()
                    + " cannot be read any more. Migrate again into an empty target.");
        }
        long lagBytes = (Long) slotStatus.get()[0];
        long retained = (Long) slotStatus.get()[1];
        String walStatus = (String) slotStatus.get()[2];
        if ("lost".equals(walStatus)) {
            throw new MigrationException(ErrorCode.DATA_TRANSFER_FAILED, "The source invalidated the replication "
                    + "slot " + s.slot() + " (its WAL exceeded max_slot_wal_keep_size and was removed): the changes "
                    + "after " + applied.asString() + " are lost for this migration. Migrate again into an empty "
                    + "target, with a larger max_slot_wal_keep_size on the source.");
        }
        Duration lag = pendingSince < 0 ? Duration.ZERO
                : Duration.between(Instant.ofEpochSecond(POSTGRES_EPOCH, pendingSince * 1000), Instant.now());
        if (lag.isNegative()) {
            lag = Duration.ZERO; // the source's clock ahead of the JVM's
        }
        FollowReport report = run.report(lagBytes, lag, retained, workers.counts());
        observer.progress(report);
        watch.observe(Instant.now(), report, walStatus, s.slot()).forEach(observer::warning);
    }

    /** A type's name on the source, as {@code format_type} gives it with the empty search_path. */
    private String typeName(int oid, int modifier) {
        return typeNames.computeIfAbsent(((long) oid << 32) | (modifier & 0xffffffffL), k -> {
            try {
                return sourcePool.withConnection(c -> Sql.value(c, String.class,
                        "SELECT pg_catalog.format_type(?::oid, ?)", (long) oid, modifier));
            } catch (SQLException e) {
                throw new MigrationException(ErrorCode.DATA_TRANSFER_FAILED, "Reading the name of type " + oid
                        + " on the source failed: " + PgErrors.describe(e), e.getSQLState(), e);
            }
        });
    }

    /** Writes a transactional logical message on the source whose arrival means everything before it is here. */
    private String emitCutoverMarker() throws SQLException {
        return sourcePool.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.pg_logical_emit_message(true, ?, '')")) {
                ps.setString(1, CUTOVER_PREFIX + migrationId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            }
        });
    }

    /** Stops the run when a chunk of a followed hypertable exists on the source outside the publication. */
    private void checkChunksPublished(String publication, Set<QualifiedName> hypertables) throws SQLException {
        if (hypertables.isEmpty()) {
            return;
        }
        List<String> missing = sourcePool.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT format('%I.%I', c.chunk_schema, c.chunk_name), "
                    + "format('%I.%I', c.hypertable_schema, c.hypertable_name) FROM timescaledb_information.chunks c "
                    + "WHERE format('%I.%I', c.hypertable_schema, c.hypertable_name) = ANY (?) "
                    + "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_publication_rel r JOIN pg_catalog.pg_publication p "
                    + "ON p.oid = r.prpubid WHERE p.pubname = ? AND r.prrelid = "
                    + "format('%I.%I', c.chunk_schema, c.chunk_name)::regclass)")) {
                ps.setArray(1, c.createArrayOf("text", hypertables.stream().map(QualifiedName::quoted).toArray()));
                ps.setString(2, publication);
                List<String> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1) + " of " + rs.getString(2));
                    }
                }
                return found;
            }
        });
        if (!missing.isEmpty()) {
            throw new MigrationException(ErrorCode.DATA_TRANSFER_FAILED, "The source created chunk(s) " + missing
                    + " outside the publication " + publication + " (in a session without "
                    + "timescaledb.enable_chunk_auto_publication = on): their rows are not replicated, so the target "
                    + "cannot follow the source exactly. Set it for every session that writes (ALTER DATABASE ... "
                    + "SET, then reconnect them) and migrate again into an empty target.");
        }
    }

    /** The hypertable a chunk belongs to on the source, if the relation is a chunk. */
    private Optional<QualifiedName> hypertableOfChunk(QualifiedName relation) {
        if (!sourceServer.hasTimescale()) {
            return Optional.empty();
        }
        try {
            return sourcePool.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT h.schema_name, h.table_name "
                        + "FROM _timescaledb_catalog.chunk c JOIN _timescaledb_catalog.hypertable h "
                        + "ON h.id = c.hypertable_id WHERE c.schema_name = ? AND c.table_name = ?")) {
                    ps.setString(1, relation.schema());
                    ps.setString(2, relation.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(QualifiedName.of(rs.getString(1), rs.getString(2)))
                                : Optional.<QualifiedName>empty();
                    }
                }
            });
        } catch (SQLException e) {
            throw new MigrationException(ErrorCode.DATA_TRANSFER_FAILED, "Looking up the hypertable of "
                    + relation + " on the source failed: " + PgErrors.describe(e), e.getSQLState(), e);
        }
    }

    /** The target's sequences set to the source's current positions, in the batch's transaction. */
    private void syncSequences(Connection target, List<Sequence> sequences) throws SQLException {
        if (sequences.isEmpty()) {
            target.commit();
            return;
        }
        // one round trip each side: the sequences' positions in one query, set in one
        String read = java.util.stream.IntStream.range(0, sequences.size())
                .mapToObj(i -> "SELECT " + i + ", last_value, is_called FROM " + Sql.id(sequences.get(i).name()))
                .collect(Collectors.joining(" UNION ALL "));
        Object[] names = new Object[sequences.size()];
        Object[] values = new Object[sequences.size()];
        Object[] called = new Object[sequences.size()];
        sourcePool.withConnection(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(read)) {
                while (rs.next()) {
                    int i = rs.getInt(1);
                    names[i] = sequences.get(i).name().quoted();
                    values[i] = rs.getLong(2);
                    called[i] = rs.getBoolean(3);
                }
            }
            return null;
        });
        try (PreparedStatement ps = target.prepareStatement("SELECT pg_catalog.setval(u.name::regclass, u.value, "
                + "u.called) FROM unnest(?::text[], ?::bigint[], ?::boolean[]) AS u(name, value, called)")) {
            ps.setArray(1, target.createArrayOf("text", names));
            ps.setArray(2, target.createArrayOf("bigint", values));
            ps.setArray(3, target.createArrayOf("boolean", called));
            ps.execute();
        }
        target.commit();
    }

    private void dropSlotAndPublication(State s) {
        try {
            sourcePool.withConnection(c -> dropOnSource(c, s.slot(), s.publication()));
            targetPool.withConnection(c -> {
                for (String table : List.of(state, appliedTable)) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE migration_id = ?")) {
                        ps.setString(1, migrationId);
                        ps.executeUpdate();
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw new MigrationException(ErrorCode.DATA_TRANSFER_FAILED, "The target has every change, but dropping "
                    + "the replication slot " + s.slot() + " and publication " + s.publication() + " on the source "
                    + "failed: " + PgErrors.describe(e) + ". Drop them by hand (SELECT pg_drop_replication_slot('"
                    + s.slot() + "'); DROP PUBLICATION " + Sql.id(s.publication()) + ";): a slot left behind keeps "
                    + "the source's WAL.", e.getSQLState(), e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is discarded or reused after a rollback by the pool
        }
    }

    /** What this run applied over every call of {@link #follow} (a call after a lost connection counts on). */
    private static final class Run {
        final Instant started = Instant.now();
        final String start;
        String applied;
        long transactions;
        long changes;

        Run(String start) {
            this.start = start;
            this.applied = start;
        }

        /** Counts of a call of follow that ended. */
        void add(long[] counts) {
            transactions += counts[0];
            changes += counts[1];
        }

        /** The report, with the counts of the call in progress added. */
        FollowReport report(long lagBytes, Duration lag, long retained, long[] current) {
            return FollowReport.builder(start).transactions(transactions + current[0]).changes(changes + current[1])
                    .appliedLsn(applied)
                    .lagBytes(lagBytes).lag(lag).retainedWalBytes(retained)
                    .duration(Duration.between(started, Instant.now())).build();
        }
    }
}
