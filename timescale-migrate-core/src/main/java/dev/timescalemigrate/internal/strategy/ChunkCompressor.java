package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.StorageReport;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.exception.ErrorCode;
import dev.timescalemigrate.exception.MigrationException;
import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.spi.StrategyContext;
import dev.timescalemigrate.adapter.TimescaleOperations;
import dev.timescalemigrate.internal.AdapterSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Compresses the chunks of the streaming strategy's hypertables while their slices are still being copied, on a
 * thread of its own, and measures their storage.
 *
 * <p>A chunk is complete when no unit still to be copied overlaps its range: every unit that writes into it has
 * committed, so it receives no more rows, even while an earlier slice is still being copied. Complete chunks are
 * compressed, each recorded as a checkpoint step ({@code compress:<chunk>}) once compressed; compression itself
 * is idempotent on the target, so a rerun neither compresses a chunk twice nor leaves one uncompressed. After the
 * copy, a final pass compresses every chunk not compressed yet.
 */
final class ChunkCompressor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkCompressor.class);

    /** Prefix of the checkpoint step recorded for a compressed chunk. */
    static final String STEP_PREFIX = "compress:";

    private final StrategyContext context;
    private final Map<QualifiedName, Inference.Layout> hypertables;
    private final Map<QualifiedName, List<CopyUnit>> units;
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    private final Set<QualifiedName> queued = ConcurrentHashMap.newKeySet();
    private final Map<QualifiedName, Long> peaks = new ConcurrentHashMap<>();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    /** Notified after every compression, for copies waiting for compression to catch up. */
    private final Object capacity = new Object();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("timescale-migrate-compress").daemon(true).factory());
    private final TimescaleOperations timescale;
    private final Set<QualifiedName> direct;
    private final Set<QualifiedName> deferred;
    /** Chunks of the {@link #direct} hypertables that COPY left uncompressed and this compressor compressed. */
    private final Map<QualifiedName, java.util.concurrent.atomic.AtomicInteger> fellBack = new ConcurrentHashMap<>();

    /**
     * @param context     the migration's context
     * @param hypertables the layouts of the tables that become hypertables
     * @param units       every table's units, each table's in time order
     */
    ChunkCompressor(StrategyContext context, Map<QualifiedName, Inference.Layout> hypertables,
                    Map<QualifiedName, List<CopyUnit>> units) {
        this(context, hypertables, units, Set.of());
    }

    /**
     * @param direct the hypertables written compressed by COPY: a chunk of one found uncompressed (TimescaleDB fell
     *               back to plain inserts) is compressed like any other, and counted, for the report's warning
     */
    ChunkCompressor(StrategyContext context, Map<QualifiedName, Inference.Layout> hypertables,
                    Map<QualifiedName, List<CopyUnit>> units, Set<QualifiedName> direct) {
        this(context, hypertables, units, direct, Set.of());
    }

    /**
     * @param deferred the compressed hypertables whose chunks are compressed only by {@link #finishDeferred()},
     *                 after statements TimescaleDB cannot add to compressed chunks; none of theirs before
     */
    ChunkCompressor(StrategyContext context, Map<QualifiedName, Inference.Layout> hypertables,
                    Map<QualifiedName, List<CopyUnit>> units, Set<QualifiedName> direct,
                    Set<QualifiedName> deferred) {
        this.direct = Set.copyOf(direct);
        this.deferred = Set.copyOf(deferred);
        this.context = context;
        this.hypertables = hypertables;
        this.units = units;
        this.timescale = AdapterSession.of(context).timescale();
        done.addAll(AdapterSession.of(context).checkpoints().doneUnits());
        // a rerun: first compress what the earlier run completed
        hypertables.values().stream().filter(this::compressesAsItCopies).forEach(l -> schedule(l.table().name()));
    }

    /** Whether the layout's chunks are compressed as they complete (compressed, and not deferred). */
    private boolean compressesAsItCopies(Inference.Layout layout) {
        return layout.compressed() && !deferred.contains(layout.table().name());
    }

    /**
     * Called after a unit has committed (or was found done).
     *
     * @throws RuntimeException the compression failure, if compressing has failed: the copy stops rather than
     *                          filling the target with uncompressed chunks
     */
    void unitDone(CopyUnit unit) {
        RuntimeException failed = failure.get();
        if (failed != null) {
            throw failed;
        }
        done.add(unit.key());
        Inference.Layout layout = hypertables.get(unit.table());
        if (layout == null) {
            return;
        }
        sample(unit.table());
        if (compressesAsItCopies(layout)) {
            schedule(unit.table());
        }
    }

    private void schedule(QualifiedName table) {
        if (failure.get() == null && queued.add(table)) {
            worker.execute(() -> {
                queued.remove(table);
                run(() -> compressComplete(table, false));
            });
        }
    }

    private void run(Runnable task) {
        if (failure.get() != null) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            LOG.warn("Compressing stopped; the copy stops too: {}", e.getMessage(), e);
        }
    }

    /** Compresses the chunks of a table that no pending unit writes into (every chunk when {@code all}). */
    private void compressComplete(QualifiedName table, boolean all) {
        List<CopyUnit.Range> pending = all ? List.of() : pending(table);
        if (pending.stream().anyMatch(java.util.Objects::isNull)) {
            return; // a unit of the whole table is pending: no chunk is complete
        }
        List<QualifiedName> chunks = timescale.completeChunks(table, pending);
        for (QualifiedName chunk : chunks) {
            String step = STEP_PREFIX + chunk.quoted();
            if (AdapterSession.of(context).checkpoints().isDone(step)) {
                continue;
            }
            long started = System.nanoTime();
            boolean now = timescale.compress(chunk);
            if (now && direct.contains(table)) {
                fellBack.computeIfAbsent(table, t -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
            }
            AdapterSession.of(context).checkpoints().markDone(step);
            LOG.debug("{} chunk {} of {} in {} ms", now ? "Compressed" : "Found compressed", chunk, table,
                    (System.nanoTime() - started) / 1_000_000);
            sample(table);
            synchronized (capacity) {
                capacity.notifyAll();
            }
        }
    }

    /** The ranges of the table's units not copied yet. */
    private List<CopyUnit.Range> pending(QualifiedName table) {
        return units.getOrDefault(table, List.of()).stream().filter(u -> !done.contains(u.key()))
                .map(CopyUnit::range).toList();
    }

    /**
     * Called before a unit of {@code table} is copied: waits while more than {@code limit} complete chunks of it
     * wait to be compressed,
     * so that copying cannot outrun compression and the target's size stays near the compressed size plus the
     * chunks in flight, whatever the two speeds.
     *
     * @throws RuntimeException the compression failure, if compressing has failed
     */
    void awaitCapacity(QualifiedName table, int limit) {
        Inference.Layout layout = hypertables.get(table);
        if (layout == null || !compressesAsItCopies(layout)) {
            return;
        }
        while (true) {
            RuntimeException failed = failure.get();
            if (failed != null) {
                throw failed;
            }
            List<CopyUnit.Range> pending = pending(table);
            if (pending.stream().anyMatch(java.util.Objects::isNull)
                    || timescale.completeChunks(table, pending).size() <= limit) {
                return;
            }
            synchronized (capacity) {
                try {
                    capacity.wait(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new MigrationException(ErrorCode.DATA_TRANSFER_FAILED,
                            "Interrupted while waiting for chunks to be compressed; checkpoints are kept.");
                }
            }
        }
    }

    /** Records the table's current size on the target when it is the largest seen. */
    private void sample(QualifiedName table) {
        try {
            long size = timescale.size(table);
            peaks.merge(table, size, Math::max);
        } catch (MigrationException e) {
            LOG.debug("Cannot measure {}: {}", table, e.getMessage());
        }
    }

    /**
     * After every unit has been copied: waits for queued compression, compresses every chunk left, adds the
     * policies, and publishes each hypertable's storage.
     *
     * @throws MigrationException the first compression failure
     */
    void finish() {
        for (Inference.Layout layout : hypertables.values()) {
            QualifiedName table = layout.table().name();
            if (compressesAsItCopies(layout)) {
                worker.execute(() -> run(() -> compressComplete(table, true)));
            }
        }
        worker.shutdown();
        try {
            while (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.debug("Waiting for the last chunks to be compressed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException(ErrorCode.DATA_TRANSFER_FAILED,
                    "Interrupted while compressing; checkpoints are kept, a rerun continues.");
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        publish(hypertables.values().stream().filter(l -> !deferred.contains(l.table().name())).toList());
    }

    /**
     * After the post-data statements: compresses every chunk of the {@code deferred} hypertables (each recorded as a
     * step, so a rerun skips those done), adds their policies and publishes their storage.
     *
     * @throws MigrationException when a chunk cannot be compressed
     */
    void finishDeferred() {
        List<Inference.Layout> layouts = hypertables.values().stream()
                .filter(l -> deferred.contains(l.table().name())).toList();
        // the largest they get: every row uncompressed, with the keys and indexes the post-data statements built
        layouts.forEach(l -> sample(l.table().name()));
        layouts.forEach(l -> compressComplete(l.table().name(), true));
        publish(layouts);
    }

    /** Adds the layouts' compression policies and publishes each hypertable's storage. */
    private void publish(List<Inference.Layout> layouts) {
        Set<QualifiedName> policies = new HashSet<>();
        for (Inference.Layout layout : layouts) {
            QualifiedName table = layout.table().name();
            // a schema-only run adds no policy: it would compress chunks the application and the backfill write
            // into (the backfill adds it)
            if (layout.compressed() && layout.compressAfter() != null && !context.config().schemaOnly()
                    && policies.add(table)) {
                String step = "policy:" + table.quoted();
                if (!AdapterSession.of(context).checkpoints().isDone(step)) {
                    timescale.addCompressionPolicy(table, layout.compressAfter());
                    AdapterSession.of(context).checkpoints().markDone(step);
                }
            }
            List<Chunk> chunks = timescale.chunks(table);
            long size = timescale.size(table);
            long uncompressed = layout.compressed() ? timescale.uncompressedSize(table) : size;
            if (direct.contains(table)) {
                // TimescaleDB records no size before compression for chunks written compressed: the source's
                // size of the rows (the units' estimates) stands in for theirs
                uncompressed = Math.max(uncompressed, units.getOrDefault(table, List.of()).stream()
                        .mapToLong(CopyUnit::estimatedBytes).sum());
                int count = fellBack.getOrDefault(table, new java.util.concurrent.atomic.AtomicInteger()).get();
                if (count > 0) {
                    context.warn("TimescaleDB did not compress " + count + " chunk(s) of " + table + " on COPY "
                            + "(direct compression falls back to plain inserts into a hypertable with a unique index "
                            + "or a trigger); they were compressed after their copy, as on versions before "
                            + StreamingStrategy.DIRECT_COMPRESSION + ".");
                }
            }
            StorageReport storage = new StorageReport(chunks.size(), chunks.stream().filter(Chunk::compressed).count(),
                    uncompressed, size, Math.max(size, peaks.getOrDefault(table, 0L)));
            LOG.info("{}: {} chunks ({} compressed), {} bytes uncompressed, {} bytes final, peak {} bytes", table,
                    storage.chunks(), storage.compressedChunks(), storage.uncompressedBytes(), storage.finalBytes(),
                    storage.peakBytes());
            context.publish(new MigrationEvent.StorageMeasured(context.migrationId(), Instant.now(), table, storage));
        }
    }

    /**
     * Stops compressing after a failure of the copy: the chunk being compressed finishes, queued work is dropped.
     * A compression failure seen meanwhile is logged (the copy's failure is the one thrown).
     */
    @Override
    public void close() {
        if (!worker.isShutdown()) {
            RuntimeException earlier = failure.getAndSet(
                    new MigrationException(ErrorCode.DATA_TRANSFER_FAILED, "copy failed"));
            if (earlier != null) {
                LOG.warn("Compressing failed: {}", earlier.getMessage());
            }
            worker.shutdownNow();
            try {
                worker.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
