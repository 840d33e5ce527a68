package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.CompressionSettings;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.adapter.CheckpointStore;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.internal.AdapterSession;
import dev.timescalemigrate.spi.StrategyContext;
import dev.timescalemigrate.adapter.TimescaleOperations;
import dev.timescalemigrate.adapter.TransferSession;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The compression schedule of the streaming strategy, which a licensed server is needed to run for real: a chunk
 * is compressed as soon as, and only once, every unit that writes into it has committed, whatever order the units
 * finish in; every
 * chunk ends compressed; a rerun compresses what the earlier run completed and never a chunk twice; a compression
 * failure stops the copy. The target's chunks are simulated on integer ranges.
 */
class ChunkCompressorTest {

    private static final QualifiedName T = QualifiedName.of("app", "metrics");

    /** Units [-inf,10) [10,20) [20,30) [30,+inf); chunks [0,10) [10,20) [20,30) [30,40). */
    private static List<CopyUnit> units() {
        List<CopyUnit> units = new ArrayList<>();
        String[] bounds = {null, "10", "20", "30", null};
        for (int i = 0; i < 4; i++) {
            units.add(new CopyUnit(T, T.quoted() + "#000" + i,
                    new CopyUnit.Range("tick", "bigint", bounds[i], bounds[i + 1], false), 100, 1000));
        }
        return units;
    }

    /** The target's chunks: compressing one checks that no uncommitted unit overlaps it. */
    private static final class Target implements TimescaleOperations {
        final Map<Long, Boolean> compressed = new ConcurrentHashMap<>(); // chunk start -> compressed
        final Set<String> committed = ConcurrentHashMap.newKeySet();
        final List<String> violations = new CopyOnWriteArrayList<>();
        final List<Long> compressions = new CopyOnWriteArrayList<>();
        volatile RuntimeException failWith;
        volatile java.util.concurrent.CountDownLatch gate;

        Target() {
            for (long start = 0; start < 40; start += 10) {
                compressed.put(start, false);
            }
        }

        static QualifiedName name(long start) {
            return QualifiedName.of("_timescaledb_internal", "chunk_at_" + start);
        }

        static long start(QualifiedName chunk) {
            return Long.parseLong(chunk.name().substring("chunk_at_".length()));
        }

        @Override
        public List<Chunk> chunks(QualifiedName hypertable) {
            return compressed.keySet().stream().sorted().map(s -> Chunk.builder(T, name(s)).rangeStartInteger(s)
                    .rangeEndInteger(s + 10).compressed(compressed.get(s)).build()).toList();
        }

        @Override
        public boolean compress(QualifiedName chunk) {
            if (failWith != null) {
                throw failWith;
            }
            if (gate != null) {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            long start = start(chunk);
            for (CopyUnit u : units()) {
                if (overlaps(u.range(), start) && !committed.contains(u.key())) {
                    violations.add("chunk " + start + " compressed before unit " + u.key() + " committed");
                }
            }
            compressions.add(start);
            return !Boolean.TRUE.equals(compressed.put(start, true));
        }

        @Override
        public List<QualifiedName> completeChunks(QualifiedName hypertable, List<CopyUnit.Range> pending) {
            return compressed.keySet().stream().sorted().filter(s -> !compressed.get(s))
                    .filter(s -> pending.stream().noneMatch(r -> overlaps(r, s))).map(Target::name).toList();
        }

        static boolean overlaps(CopyUnit.Range r, long start) {
            long lower = r.lower() == null ? Long.MIN_VALUE : Long.parseLong(r.lower());
            long upper = r.upper() == null ? Long.MAX_VALUE : Long.parseLong(r.upper());
            return lower < start + 10 && upper > start;
        }

        @Override
        public long size(QualifiedName hypertable) {
            return compressed.values().stream().mapToLong(c -> c ? 100 : 1000).sum();
        }

        @Override
        public long uncompressedSize(QualifiedName hypertable) {
            return 4000;
        }

        @Override
        public void addCompressionPolicy(QualifiedName hypertable, java.time.Duration after) {
            throw new AssertionError("no policy asked for");
        }

        @Override
        public List<Chunk> sourceChunks(QualifiedName hypertable) {
            throw new AssertionError();
        }

        @Override
        public Map<QualifiedName, Long> sourceChunkStorage(QualifiedName hypertable, boolean now) {
            throw new AssertionError();
        }

        @Override
        public Optional<QualifiedName> targetMaterialization(QualifiedName view) {
            throw new AssertionError();
        }

        @Override
        public Optional<String> alignWatermark(dev.timescalemigrate.model.ContinuousAggregate cagg,
                                               QualifiedName targetMaterialization, String timeType) {
            throw new AssertionError();
        }

        @Override
        public Optional<Materialization> prepareMaterialization(dev.timescalemigrate.model.ContinuousAggregate cagg,
                                                                String timeType, String before) {
            throw new AssertionError();
        }

        @Override
        public void scheduleJob(int jobId, boolean scheduled) {
            throw new AssertionError();
        }
    }

    /** A context whose session has the simulated target and an in-memory checkpoint store. */
    private static StrategyContext context(Target target, Set<String> doneUnits, Set<String> doneSteps) {
        CheckpointStore checkpoints = (CheckpointStore) Proxy.newProxyInstance(
                ChunkCompressorTest.class.getClassLoader(), new Class<?>[]{CheckpointStore.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "doneUnits" -> Set.copyOf(doneUnits);
                    case "isDone" -> doneSteps.contains((String) args[0]);
                    case "markDone" -> {
                        doneSteps.add((String) args[0]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        TransferSession session = (TransferSession) Proxy.newProxyInstance(
                ChunkCompressorTest.class.getClassLoader(), new Class<?>[]{TransferSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "checkpoints" -> checkpoints;
                    case "timescale" -> target;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (StrategyContext) Proxy.newProxyInstance(ChunkCompressorTest.class.getClassLoader(),
                new Class<?>[]{StrategyContext.class, AdapterSession.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "session" -> session;
                    case "migrationId" -> "test";
                    case "publish", "warn" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Map<QualifiedName, Inference.Layout> layout() {
        Table table = Table.builder(T).columns(List.of(Column.builder("tick", "bigint").notNull(true).build()))
                .build();
        Hypertable hypertable = new Hypertable(T, List.of(Dimension.builder("tick", "bigint", Dimension.Kind.TIME)
                .integerInterval(10L).build()), new CompressionSettings(List.of(), List.of()));
        return Map.of(T, new Inference.Layout(table, hypertable, 10, null, "", List.of()));
    }

    private static void commit(Target target, ChunkCompressor compressor, CopyUnit unit) {
        target.committed.add(unit.key());
        compressor.unitDone(unit);
    }

    @Test
    void shouldCompressEachChunkOnlyAfterEveryUnitWritingIntoItCommitted() {
        Target target = new Target();
        List<CopyUnit> units = units();
        Set<String> steps = ConcurrentHashMap.newKeySet();
        try (ChunkCompressor compressor = new ChunkCompressor(context(target, Set.of(), steps), layout(),
                Map.of(T, units))) {
            // out of order: the third and fourth slices finish before the first two
            commit(target, compressor, units.get(2));
            commit(target, compressor, units.get(3));
            commit(target, compressor, units.get(1));
            commit(target, compressor, units.get(0));
            compressor.finish();
        }
        assertThat(target.violations).isEmpty();
        assertThat(target.compressed).as("every chunk compressed at the end").doesNotContainValue(false);
        assertThat(target.compressions).as("each chunk once").doesNotHaveDuplicates().hasSize(4);
        assertThat(steps).as("each compression checkpointed").hasSize(4).allMatch(s -> s.startsWith("compress:"));
    }

    /**
     * Waits (up to 10 s) until the compressor has compressed {@code n} chunks, then, for 100 ms, that it compresses
     * no extra one.
     */
    private static void awaitCompressions(Target target, int n) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> target.compressions.size() >= n);
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1))
                .until(() -> target.compressions.size() == n);
    }

    @Test
    void shouldCompressEveryChunkWhoseUnitsCommittedEvenPastAnUnfinishedOne() throws InterruptedException {
        Target target = new Target();
        List<CopyUnit> units = units();
        try (ChunkCompressor compressor = new ChunkCompressor(context(target, Set.of(),
                ConcurrentHashMap.newKeySet()), layout(), Map.of(T, units))) {
            commit(target, compressor, units.get(0));
            commit(target, compressor, units.get(2)); // the second slice is still being copied
            awaitCompressions(target, 2);
            assertThat(target.compressions).as("the chunks of the first and third slices, not the second's")
                    .containsExactlyInAnyOrder(0L, 20L);
            commit(target, compressor, units.get(1));
            awaitCompressions(target, 3);
            assertThat(target.compressions).containsExactlyInAnyOrder(0L, 10L, 20L);
            commit(target, compressor, units.get(3));
            compressor.finish();
        }
        assertThat(target.violations).isEmpty();
        assertThat(target.compressions).containsExactlyInAnyOrder(0L, 10L, 20L, 30L);
    }

    @Test
    void shouldCompressWhatAnEarlierRunCompletedAndNeverAChunkTwice() {
        Target target = new Target();
        target.compressed.put(0L, true); // compressed by the earlier run, which stopped before recording it
        List<CopyUnit> units = units();
        Set<String> steps = ConcurrentHashMap.newKeySet();
        steps.add(ChunkCompressor.STEP_PREFIX + Target.name(10).quoted()); // recorded: not compressed again
        target.compressed.put(10L, true);
        Set<String> done = Set.of(units.get(0).key(), units.get(1).key(), units.get(2).key());
        target.committed.addAll(done);
        try (ChunkCompressor compressor = new ChunkCompressor(context(target, done, steps), layout(),
                Map.of(T, units))) {
            commit(target, compressor, units.get(3));
            compressor.finish();
        }
        assertThat(target.violations).isEmpty();
        assertThat(target.compressed).doesNotContainValue(false);
        assertThat(target.compressions).as("the recorded chunk is skipped; the others compressed once")
                .doesNotContain(10L).doesNotHaveDuplicates();
    }

    @Test
    void shouldHoldBackCopiesWhileCompressionIsBehind() throws InterruptedException {
        Target target = new Target();
        target.gate = new java.util.concurrent.CountDownLatch(1); // compression stalls
        List<CopyUnit> units = units();
        try (ChunkCompressor compressor = new ChunkCompressor(context(target, Set.of(),
                ConcurrentHashMap.newKeySet()), layout(), Map.of(T, units))) {
            commit(target, compressor, units.get(0));
            commit(target, compressor, units.get(1));
            commit(target, compressor, units.get(2)); // three complete chunks, the first being compressed
            Thread copier = Thread.ofPlatform().start(() -> compressor.awaitCapacity(T, 1));
            copier.join(500);
            assertThat(copier.isAlive()).as("the next copy waits while compression is behind").isTrue();
            target.gate.countDown();
            copier.join(5000);
            assertThat(copier.isAlive()).as("and goes on once it caught up").isFalse();
            commit(target, compressor, units.get(3));
            compressor.finish();
        }
        assertThat(target.violations).isEmpty();
        assertThat(target.compressed).doesNotContainValue(false);
    }

    @Test
    void shouldStopTheCopyWhenCompressingFails() throws InterruptedException {
        Target target = new Target();
        target.failWith = new IllegalStateException("disk full");
        List<CopyUnit> units = units();
        Throwable thrown = null;
        try (ChunkCompressor compressor = new ChunkCompressor(context(target, Set.of(), ConcurrentHashMap.newKeySet()),
                layout(), Map.of(T, units))) {
            commit(target, compressor, units.get(0)); // completes chunk [0,10): compressing it fails
            target.committed.add(units.get(1).key());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> {
                failure.set(catchThrowable(() -> compressor.unitDone(units.get(1))));
                return failure.get() != null;
            });
            thrown = failure.get();
        }
        assertThat(thrown).as("the next unit learns of the failure").isInstanceOf(IllegalStateException.class)
                .hasMessage("disk full");
        assertThat(Collections.unmodifiableMap(target.compressed)).doesNotContainValue(true);
    }
}
