package dev.timescalemigrate.adapter;

import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.ServerInfo;

/**
 * Everything a strategy needs to move data between one source and one target, opened by the
 * {@link DatabaseAdapter}. Closing it releases its connections and the migration lock.
 */
public interface TransferSession extends AutoCloseable {

    /** Facts about the source server. */
    ServerInfo sourceServer();

    /**
     * Facts about the target server. When the target database lacks the timescaledb extension but the migration
     * can create it (see {@link #targetTimescaleProblem()}), the TimescaleDB version and license are those the
     * extension will have once created; {@link #targetModel()} still shows it missing.
     */
    ServerInfo targetServer();

    /**
     * Why the target database cannot have the timescaledb extension: it lacks it, and the server does not offer
     * it, does not preload it or does not let the target user create it. The text names the fix. Empty when the
     * extension is there or the migration can create it.
     */
    default java.util.Optional<String> targetTimescaleProblem() {
        return java.util.Optional.empty();
    }

    /** The source's structure (the checkpoint schema left out). */
    DatabaseModel sourceModel();

    /** The target's structure (the checkpoint schema left out), read when the session opened. */
    DatabaseModel targetModel();

    /** DDL on the target. */
    SchemaWriter schema();

    /** Data copy. */
    CopyService copy();

    /** The migration's checkpoints. */
    CheckpointStore checkpoints();

    /** Row counts and checksums. */
    Verifier verifier();

    /** TimescaleDB operations on the target (chunks, compression). */
    TimescaleOperations timescale();

    /** The database's large objects, or empty when the adapter cannot copy them. */
    default java.util.Optional<LargeObjectService> largeObjects() {
        return java.util.Optional.empty();
    }

    /** Following the source by logical replication, where the adapter supports it. */
    default java.util.Optional<ReplicationService> replication() {
        return java.util.Optional.empty();
    }

    /**
     * The DDL that recreates {@code model} on this session's target, leaving out the extensions the target
     * database already has.
     */
    java.util.List<DdlStatement> ddl(DatabaseModel model);

    /**
     * The source's statistics of a table: estimated size, {@code pg_stats} per column, and the bounds of its NOT
     * NULL time columns. Writes nothing. Adapters that cannot tell return {@link TableStatistics#unknown()}.
     *
     * @param table a source table that holds rows
     */
    default TableStatistics statistics(dev.timescalemigrate.model.Table table) {
        return TableStatistics.unknown();
    }

    /** Whether a table of the target holds any row. */
    default boolean targetHasRows(dev.timescalemigrate.model.QualifiedName table) {
        return targetHasRows(table, null);
    }

    /** Whether a table of the target holds any row in {@code rows} ({@code null}: any row at all). */
    boolean targetHasRows(dev.timescalemigrate.model.QualifiedName table, dev.timescalemigrate.spi.CopyUnit.Range rows);

    /**
     * Moves a target sequence to {@code position} when that is further along than where it stands (in the
     * sequence's direction), else leaves it: the larger of the two positions. Idempotent.
     *
     * @return the position the sequence has afterwards
     */
    dev.timescalemigrate.model.SequencePosition raiseSequence(dev.timescalemigrate.model.QualifiedName sequence,
                                                              dev.timescalemigrate.model.SequencePosition position);

    /** Runs {@code ANALYZE} on a target table, outside any checkpoint. */
    void analyze(dev.timescalemigrate.model.QualifiedName table);

    /**
     * The extensions the target server can install ({@code pg_available_extensions}), or empty when the
     * adapter cannot tell.
     */
    java.util.Optional<java.util.Set<String>> availableTargetExtensions();

    /**
     * Problems with the users' privileges that would stop the migration part-way: SELECT on each source table
     * and its sequences, CREATE on the target database and its existing schemas. Each problem names the missing
     * privilege and the GRANT that fixes it; empty when everything is in place.
     *
     * @param sourceTables the tables to be copied
     */
    java.util.List<String> privilegeProblems(java.util.Collection<dev.timescalemigrate.model.Table> sourceTables);

    /**
     * What stands in the way of creating the source's C-language functions on the target (a target user who is not
     * a superuser, a library or symbol the target server cannot load), one problem per cause, with the fix. Writes
     * nothing (each function is tried in a transaction that is rolled back).
     */
    java.util.List<String> cFunctionProblems();

    /**
     * Values of the tables' object identifier columns ({@code regclass} and the like, copied as the names of the
     * objects they refer to) that the target could not resolve when their rows are copied: names of indexes (built
     * after the data), of objects {@code selection} leaves out, of roles the target lacks. One problem per column,
     * with the fix; empty when every value resolves. Reads each such column's values on the source.
     *
     * @param sourceTables the tables to be copied
     * @param selection    what the migration creates on the target
     */
    java.util.List<String> objectIdentifierProblems(java.util.List<dev.timescalemigrate.model.Table> sourceTables,
                                                    dev.timescalemigrate.model.DatabaseModel selection);

    /**
     * Whether every unit this session copied read the source in the one snapshot exported when the session
     * opened ({@link dev.timescalemigrate.SnapshotMode#EXPORTED}); false when units read their own snapshots, or
     * once the exported snapshot was lost and replaced.
     */
    default boolean readsOneSnapshot() {
        return false;
    }

    /**
     * The owners and privileges of the source's schemas, tables, views, sequences, routines and types (read in
     * the session's snapshot when it has one). Writes nothing.
     */
    java.util.List<dev.timescalemigrate.model.ObjectPrivileges> sourcePrivileges();

    /**
     * Which of {@code roles} exist on the target, and for each whether the target's user can make it an
     * object's owner (is a member of it, or a superuser).
     *
     * @return the existing roles among {@code roles}, each mapped to whether the target user can take it on
     */
    java.util.Map<String, Boolean> targetRoles(java.util.Collection<String> roles);

    /**
     * The statements that give objects on the target the owners and privileges described (revoking the
     * defaults first where the source had changed them), in POST_DATA.
     */
    java.util.List<DdlStatement> privilegeDdl(java.util.List<dev.timescalemigrate.model.ObjectPrivileges> objects);

    /** The source's default privileges ({@code ALTER DEFAULT PRIVILEGES}), read like {@link #sourcePrivileges()}. */
    java.util.List<dev.timescalemigrate.model.DefaultPrivileges> sourceDefaultPrivileges();

    /**
     * The statements that give the target the default privileges described, in POST_DATA: they must run after
     * every object of the migration exists, since they change the privileges of objects created later.
     */
    java.util.List<DdlStatement> defaultPrivilegeDdl(java.util.List<dev.timescalemigrate.model.DefaultPrivileges> entries);

    @Override
    void close();
}
