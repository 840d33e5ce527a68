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
            implements MigrationPlan.Step {

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
    record Analyze(QualifiedName table) implements MigrationPlan.Step {

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
    record Materialize(ContinuousAggregate aggregate) implements MigrationPlan.Step {

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
    record CompressLikeSource(QualifiedName source, QualifiedName aggregate) implements MigrationPlan.Step {

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
     * @param layout the hypertable's inferred or stated layout
     */
    record StreamHypertable(Inference.Layout layout) implements MigrationPlan.Step {

        @Override
        public String description() {
            return layout.compressed()
                    ? "compress every chunk of " + layout.table().name() + " as it completes"
                    + (layout.compressAfter() == null ? "" : "; add a compression policy")
                    : "copy " + layout.table().name() + " into its hypertable in time slices, uncompressed";
        }
    }
}
