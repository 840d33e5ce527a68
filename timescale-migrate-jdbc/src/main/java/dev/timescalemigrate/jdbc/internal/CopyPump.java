package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.adapter.Verifier;
import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.exception.MigrationException;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyResult;
import dev.timescalemigrate.spi.CopyUnit;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOperation;
import org.postgresql.copy.CopyOut;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;

/**
 * Copies one unit: {@code COPY ... TO STDOUT} on the source piped into {@code COPY ... FROM STDIN} on the target
 * through pgjdbc's copy API, in a target transaction that also marks the unit done in the checkpoint store, so
 * the rows and the mark commit together or not at all. A unit already marked is skipped; workers racing for one
 * unit wait on its checkpoint row and only the first copies it.
 */
final class CopyPump {

    private static final Logger LOG = LoggerFactory.getLogger(CopyPump.class);

    /** Bytes gathered before a CopyData message is sent to the target. */
    static final int BUFFER_BYTES = 64 * 1024;

    private final ConnectionPool source;
    private final ConnectionPool target;
    private final PgCheckpointStore checkpoints;
    private final SnapshotCoordinator snapshot;
    private final Set<QualifiedName> parents;

    /**
     * @param snapshot the exported snapshot every unit reads, or {@code null} for a transaction per unit
     * @param parents  the source's inheritance parents, whose own rows are read with ONLY
     */
    CopyPump(ConnectionPool source, ConnectionPool target, PgCheckpointStore checkpoints,
             SnapshotCoordinator snapshot, Set<QualifiedName> parents) {
        this.parents = parents;
        this.source = source;
        this.target = target;
        this.checkpoints = checkpoints;
        this.snapshot = snapshot;
    }

    /** Copies a unit of {@code table} into {@code targetTable} in {@code format}, unless it was copied before. */
    CopyResult copy(Table table, CopyUnit unit, QualifiedName targetTable, CopyFormats.Format format) {
        return copy(table, unit, targetTable, format, null, null);
    }

    /** The temporary table a merging copy streams into, dropped when its transaction commits. */
    static final QualifiedName STAGE = QualifiedName.of("pg_temp", "timescale_migrate_stage");

    /**
     * Copies a unit, unless it was copied before: with {@code before}, only its rows within that range too; with
     * {@code mergeKey}, only the rows whose key the target table lacks: they are streamed into a temporary table,
     * then inserted from it with {@code ON CONFLICT DO NOTHING} on the key, in the unit's transaction.
     */
    CopyResult copy(Table table, CopyUnit unit, QualifiedName targetTable, CopyFormats.Format format,
                    CopyUnit.Range before, java.util.List<String> mergeKey) {
        return copy(table, unit, targetTable, format, before, mergeKey, java.util.Map.of(), java.util.List.of());
    }

    /**
     * {@link #copy(Table, CopyUnit, QualifiedName, CopyFormats.Format, CopyUnit.Range, java.util.List)} with
     * settings of the target session for the unit's transaction ({@code set_config(name, value, true)}, both bound)
     * and the source's rows read in {@code order} (none when empty).
     */
    CopyResult copy(Table table, CopyUnit unit, QualifiedName targetTable, CopyFormats.Format format,
                    CopyUnit.Range before, java.util.List<String> mergeKey, java.util.Map<String, String> settings,
                    java.util.List<dev.timescalemigrate.model.CompressionSettings.OrderBy> order) {
        String tableName = table.name().quoted();
        if (alreadyCopied(unit, tableName)) {
            LOG.debug("Unit {} was copied by an earlier run", unit.key());
            return new CopyResult(unit, 0, 0, Duration.ZERO, true, format.sql());
        }
        String copyOut = CopyStatements.copyOut(table, unit.range(), before, format,
                Inheritance.relation(table.name(), parents), order);
        String copyIn = CopyStatements.copyIn(table, mergeKey == null ? targetTable : STAGE, format);

        long started = System.nanoTime();
        Connection src = null;
        Connection tgt = null;
        CopyOut out = null;
        PGCopyOutputStream in = null;
        long bytes = 0;
        try {
            src = source.borrow();
            if (snapshot != null) {
                snapshot.importInto(src);
            }
            tgt = target.borrow();
            tgt.setAutoCommit(false);
            if (checkpoints.lockUnit(tgt, unit)) {
                // done by a transaction that committed after the check above (or whose acknowledgement was lost)
                tgt.commit();
                LOG.debug("Unit {} was copied meanwhile", unit.key());
                return new CopyResult(unit, 0, 0, Duration.ZERO, true, format.sql());
            }
            for (java.util.Map.Entry<String, String> setting : settings.entrySet()) {
                try (java.sql.PreparedStatement ps = tgt.prepareStatement("SELECT pg_catalog.set_config(?, ?, true)")) {
                    ps.setString(1, setting.getKey());
                    ps.setString(2, setting.getValue());
                    ps.execute();
                }
            }
            if (mergeKey != null) {
                try (java.sql.Statement st = tgt.createStatement()) {
                    st.execute(CopyStatements.createStage(table, targetTable, STAGE));
                }
            }
            in = new PGCopyOutputStream(tgt.unwrap(PGConnection.class), copyIn, BUFFER_BYTES);
            out = src.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOut);
            // the digest of what streams by is the source side of verification: a plain copy's rows are the
            // unit's rows; a ranged or merging copy's are not what the target keeps of them, so it has none
            RowDigest digest = before == null && mergeKey == null ? RowDigest.of(format) : null;
            byte[] row;
            while ((row = out.readFromCopy()) != null) {
                in.writeToCopy(row, 0, row.length);
                if (digest != null) {
                    digest = update(digest, row, unit);
                }
                bytes += row.length;
            }
            long rows = in.endCopy();
            Verifier.Checksum checksum = digest == null ? null : checksum(digest, unit);
            if (mergeKey != null) {
                try (java.sql.Statement st = tgt.createStatement()) {
                    rows = st.executeUpdate(CopyStatements.insertMissing(table, targetTable, STAGE, mergeKey));
                }
            }
            if (snapshot != null) {
                src.commit();
                src.setAutoCommit(true);
            }
            checkpoints.markUnitDone(tgt, unit, rows, bytes, checksum,
                    checksum == null ? null : RowDigest.descriptor(format, table));
            tgt.commit();
            tgt.setAutoCommit(true);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.debug("Copied unit {} into {}: {} rows, {} bytes in {} ms ({})", unit, targetTable, rows, bytes,
                    took.toMillis(), format.sql());
            return new CopyResult(unit, rows, bytes, took, false, format.sql());
        } catch (SQLException | RuntimeException e) {
            // Stop whichever side is still streaming; a connection that cannot be brought back is dropped.
            boolean sourceClean = cancel(out);
            boolean targetClean = cancel(in);
            if (src != null) {
                if (sourceClean) {
                    source.release(src, e);
                } else {
                    source.discard(src);
                }
                src = null;
            }
            if (tgt != null) {
                if (targetClean) {
                    target.release(tgt, e);
                } else {
                    target.discard(tgt);
                }
                tgt = null;
            }
            String state = PgErrors.sqlState(e);
            throw new DataTransferException("Copying unit " + unit.key() + " of " + tableName + " into "
                    + targetTable.quoted() + " failed: " + PgErrors.message(e) + " (SQLSTATE " + state + "). "
                    + "Nothing of this unit was written; it is copied again when retried.", tableName, unit.key(),
                    state, e);
        } finally {
            source.release(src);
            target.release(tgt);
        }
    }

    /**
     * Digests the next message, or gives up the digest (the unit is then verified by reading the source) when the
     * stream is not what the digest expects: a failure of the digest never fails the copy.
     */
    private static RowDigest update(RowDigest digest, byte[] message, CopyUnit unit) {
        try {
            digest.update(message);
            return digest;
        } catch (IllegalStateException e) {
            LOG.warn("No digest of unit {}: {}; its verification reads the source", unit.key(), e.getMessage());
            return null;
        }
    }

    private static Verifier.Checksum checksum(RowDigest digest, CopyUnit unit) {
        try {
            return digest.checksum();
        } catch (IllegalStateException e) {
            LOG.warn("No digest of unit {}: {}; its verification reads the source", unit.key(), e.getMessage());
            return null;
        }
    }

    /**
     * Whether the checkpoint store records the unit as copied; a failed read fails the unit like its copy would
     * (same table, unit and SQLSTATE, so a lost connection is retried as one).
     */
    private boolean alreadyCopied(CopyUnit unit, String tableName) {
        try {
            return checkpoints.isUnitDone(unit.key());
        } catch (MigrationException e) {
            String state = e.sqlState().orElse(null);
            throw new DataTransferException("Copying unit " + unit.key() + " of " + tableName + " failed before "
                    + "it started: " + e.getMessage() + ". Nothing of this unit was written; it is copied again "
                    + "when retried.", tableName, unit.key(), state, e);
        }
    }

    /** Cancels a COPY still in progress; false when cancelling failed, so the connection must not be reused. */
    private static boolean cancel(CopyOperation operation) {
        if (operation == null) {
            return true;
        }
        try {
            if (operation.isActive()) {
                operation.cancelCopy();
            }
            return !operation.isActive();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Cancelling a COPY failed: {}", e.getMessage());
            return false;
        }
    }
}
