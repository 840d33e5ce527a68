package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.adapter.DatabaseAdapter;
import dev.timescalemigrate.adapter.TransferSession;
import dev.timescalemigrate.adapter.TransferSettings;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The target-side chunk queries the streaming and whole-database strategies schedule compression with, on real
 * hypertables (they read {@code timescaledb_information.chunks}, which the Apache edition has too).
 */
class TimescaleOperationsIT {

    @Database(label = "tsops_src", timescale = true)
    private static TestDatabase source;
    @Database(label = "tsops_dst", timescale = true)
    private static TestDatabase target;

    @BeforeAll
    static void create() {
        target.execute("""
                CREATE TABLE public.daily (ts timestamp without time zone NOT NULL, v int);
                SELECT create_hypertable('public.daily', 'ts', chunk_time_interval => interval '1 day');
                INSERT INTO public.daily SELECT timestamp '2024-01-01' + g * interval '1 hour', g
                FROM generate_series(0, 24 * 4 - 1) g;
                CREATE TABLE public.ticks (tick bigint NOT NULL, sensor int NOT NULL);
                SELECT create_hypertable('public.ticks', 'tick', chunk_time_interval => 100);
                SELECT add_dimension('public.ticks', 'sensor', number_partitions => 2);
                INSERT INTO public.ticks SELECT g, g % 4 FROM generate_series(0, 399) g;
                """);
    }

    private static CopyUnit.Range range(String type, String lower, String upper) {
        return new CopyUnit.Range("c", type, lower, upper, false);
    }

    private static List<String> names(List<QualifiedName> chunks) {
        return chunks.stream().map(QualifiedName::name).toList();
    }

    private static List<String> chunksOf(String table, String where) {
        return target.column("SELECT chunk_name FROM timescaledb_information.chunks WHERE hypertable_name = '" + table
                + "' AND " + where + " ORDER BY range_start, range_start_integer, chunk_name");
    }

    @Test
    void shouldListTheChunksNoPendingRangeWritesInto() {
        try (TransferSession session = DatabaseAdapter.load().open(source.dataSource(), target.dataSource(),
                new TransferSettings("tsops", "timescale_migrate", 1))) {
            QualifiedName daily = QualifiedName.of("public", "daily");
            // pending: the second day, and everything from the fourth day on
            List<QualifiedName> complete = session.timescale().completeChunks(daily, List.of(
                    range("timestamp without time zone", "2024-01-02 00:00:00", "2024-01-03 00:00:00"),
                    range("timestamp without time zone", "2024-01-04 00:00:00", null)));
            assertThat(names(complete)).as("days one and three").isEqualTo(chunksOf("daily",
                    "range_start IN ('2024-01-01 00:00:00+00', '2024-01-03 00:00:00+00')")).hasSize(2);

            assertThat(names(session.timescale().completeChunks(daily, List.of(
                    range("timestamp without time zone", null, "2024-01-01 12:00:00")))))
                    .as("a range ending inside the first day holds it back, and only it").hasSize(3)
                    .isEqualTo(chunksOf("daily", "range_start > '2024-01-01 00:00:00+00'"));

            QualifiedName ticks = QualifiedName.of("public", "ticks");
            assertThat(names(session.timescale().completeChunks(ticks, List.of(range("bigint", "150", "250")))))
                    .as("integer ranges, both space partitions of each complete range")
                    .isEqualTo(chunksOf("ticks", "(range_end_integer <= 150 OR range_start_integer >= 250)"))
                    .hasSize(4);
            assertThat(session.timescale().completeChunks(ticks, List.of()))
                    .as("nothing pending: every uncompressed chunk").hasSize(8);
        }
    }
}
