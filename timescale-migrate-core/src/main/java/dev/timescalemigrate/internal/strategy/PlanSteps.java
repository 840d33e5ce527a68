package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.QualifiedName;

/**
 * The built-in strategies' own plan steps: each says in its type what it does and carries what executing it needs,
 * so that a strategy executes its plan by type and never by reading step descriptions or notes.
 */
final class PlanSteps {

    private PlanSteps() {
    }

    /**
     * Tell the user something when the run starts (the plan shows it too).
     *
     * @param message the warning
     */
    record Warn(String message) implements MigrationPlan.Step {

        @Override
        public String description() {
            return "warning: " + message;
        }
    }

    /**
     * Copy a batch of the database's large objects in one target transaction, checkpointed with it.
     *
     * @param batch  the batch: an OID range of the source's large objects
     * @param owners whether their owners and privileges are recreated (else the target's user owns them)
     */
    record CopyLargeObjects(dev.timescalemigrate.adapter.LargeObjectService.Batch batch, boolean owners)
            implements MigrationPlan.DataStep {

        @Override
        public String description() {
            return String.format(java.util.Locale.ROOT, "[large objects] OIDs %d to %d: %,d objects, %.1f MB%s",
                    batch.firstOid(), batch.lastOid(), batch.objects(), batch.bytes() / 1e6,
                    owners ? ", with owners and privileges" : "");
        }
    }

    /**
     * {@code ANALYZE} a target table once its data is in.
     *
     * @param table the table
     */
    record Analyze(QualifiedName table) implements MigrationPlan.DataStep {

        @Override
        public String description() {
            return "ANALYZE " + table;
        }
    }

    /**
     * Fill a continuous aggregate created empty: refresh it up to the source's watermark, then replace its rows
     * with the source's materialized rows and align its watermark.
     *
     * @param aggregate the aggregate, as the source has it
     */
    record Materialize(ContinuousAggregate aggregate) implements MigrationPlan.DataStep {

        @Override
        public String description() {
            return "refresh " + aggregate.view() + " up to the source's watermark, then replace its materialized "
                    + "rows with the source's";
        }
    }

    /**
     * Compress the target chunks whose counterparts are compressed on the source.
     *
     * @param source    the source relation: a hypertable, or a continuous aggregate's materialization hypertable
     * @param aggregate the aggregate {@code source} belongs to, or {@code null} for a hypertable
     */
    record CompressLikeSource(QualifiedName source, QualifiedName aggregate) implements MigrationPlan.DataStep {

        @Override
        public String description() {
            return "compress the chunks of " + (aggregate == null ? source : "continuous aggregate " + aggregate)
                    + " that are compressed on the source";
        }
    }

    /**
     * The streaming strategy's hypertable: its copy units are time slices, and, when {@code layout.compressed()},
     * each chunk is compressed as soon as its slices have committed.
     *
     * @param layout   the hypertable's inferred or stated layout
     * @param direct   whether COPY writes its chunks compressed (TimescaleDB's direct compression)
     * @param deferred whether its chunks are compressed only after its post-data statements
     */
    record StreamHypertable(Inference.Layout layout, boolean direct, boolean deferred) implements MigrationPlan.Step {

        /** A hypertable whose chunks are compressed after their copy. */
        StreamHypertable(Inference.Layout layout) {
            this(layout, false, false);
        }

        @Override
        public String description() {
            String policy = layout.compressAfter() == null ? "" : "; add a compression policy";
            if (deferred) {
                return "copy " + layout.table().name() + " into its hypertable uncompressed, then compress every "
                        + "chunk after its constraints are added" + policy;
            }
            if (direct) {
                return "write " + layout.table().name() + " compressed as it is copied (TimescaleDB's direct "
                        + "compression on COPY), its unique keys added after the copy; compress any chunk COPY left "
                        + "uncompressed" + policy;
            }
            return layout.compressed()
                    ? "compress every chunk of " + layout.table().name() + " as it completes" + policy
                    : "copy " + layout.table().name() + " into its hypertable in time slices, uncompressed";
        }
    }

    /**
     * Which rows of a table a backfill copies, and in which wave (tables that others reference come first, so that
     * the target's foreign keys, which exist, find the rows they need).
     *
     * @param rows  the table's rows to copy
     * @param level the wave: 0 for tables that reference no other backfilled table
     */
    record BackfillRows(dev.timescalemigrate.internal.BackfillScope.Rows rows, int level) implements MigrationPlan.Step {

        @Override
        public String description() {
            return "[backfill] " + rows.table() + ": " + rows.description();
        }
    }

    /**
     * Give a continuous aggregate on the target, which already holds what the application's rows make, the
     * source's materialized rows of the buckets before the bound, after refreshing it up to the source's watermark.
     *
     * @param aggregate the aggregate, as the source has it
     * @param before    the bound, as text of its time type
     */
    record BackfillAggregate(ContinuousAggregate aggregate, String before) implements MigrationPlan.DataStep {

        @Override
        public String description() {
            return "refresh " + aggregate.view() + " up to the source's watermark, then replace its materialized rows "
                    + "before " + before + " with the source's";
        }
    }

    /**
     * Move a target sequence to the source's position when that is further along.
     *
     * @param sequence the sequence
     * @param position the source's position
     */
    record RaiseSequence(QualifiedName sequence, dev.timescalemigrate.model.SequencePosition position)
            implements MigrationPlan.DataStep {

        @Override
        public String description() {
            return "sequence " + sequence + ": the larger of the target's position and the source's ("
                    + position.lastValue() + (position.isCalled() ? ", called" : ", not called") + ")";
        }
    }

    /**
     * Give a job of the target the source's scheduled state (a schema-only run created it paused).
     *
     * @param job       the job as the source has it
     * @param targetJob the id of its counterpart on the target
     */
    record ScheduleJob(dev.timescalemigrate.model.Job job, int targetJob) implements MigrationPlan.Step {

        @Override
        public String description() {
            return "job " + targetJob + " (" + job.procedure().name() + (job.hypertable() == null ? ""
                    : " on " + job.hypertable()) + ") on the target: " + (job.scheduled() ? "scheduled" : "paused")
                    + " as job " + job.id() + " of the source";
        }
    }

    /**
     * Compress every chunk of a target hypertable that lies wholly before a backfill's bound: the streaming strategy
     * compresses every chunk of the hypertables it makes, and the source has no compressed chunks to follow.
     *
     * @param rows the hypertable's backfilled rows
     */
    record CompressBefore(dev.timescalemigrate.internal.BackfillScope.Before rows) implements MigrationPlan.DataStep {

        @Override
        public String description() {
            return "compress the chunks of " + rows.table() + " wholly before " + rows.bound();
        }
    }

    /**
     * Add the compression policy a hypertable rule asks for (the streaming strategy's, which a schema-only run leaves
     * to the backfill).
     *
     * @param hypertable the hypertable
     * @param after      its {@code compress_after}
     */
    record AddCompressionPolicy(QualifiedName hypertable, java.time.Duration after) implements MigrationPlan.DataStep {

        @Override
        public String description() {
            return "add a compression policy to " + hypertable + " (compress after " + after + ")";
        }
    }
}
