package dev.timescalemigrate.internal;

import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.Index;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimeColumnsTest {

    private static Constraint constraint(String name, Constraint.Type type, String... columns) {
        return Constraint.builder(name, type).definition("").columns(List.of(columns)).validated(true).build();
    }

    private static Index index(String name, boolean unique, String... keys) {
        return Index.builder(name).unique(unique).method("btree").keys(List.of(keys)).definition("CREATE INDEX ...")
                .build();
    }

    private static Table table(List<Constraint> constraints, List<Index> indexes) {
        List<Column> columns = List.of(Column.builder("ts", "timestamp with time zone").notNull(true).build(),
                Column.builder("Device", "integer").notNull(true).build());
        return Table.builder(QualifiedName.of("app", "metrics")).kind(Table.Kind.ORDINARY).columns(columns)
                .constraints(constraints).indexes(indexes).build();
    }

    @Test
    void shouldPartitionByDatesTimesAndIntegersOnly() {
        assertThat(TimeColumns.PARTITION_TYPES).containsExactlyInAnyOrder("timestamp with time zone",
                "timestamp without time zone", "date", "smallint", "integer", "bigint");
        assertThat(TimeColumns.DATE_TIME_TYPES).doesNotContainAnyElementsOf(TimeColumns.INTEGER_TYPES);
        assertThat(TimeColumns.PARTITION_TYPES).doesNotContain("numeric", "text", "timestamptz");
    }

    @Test
    void shouldNameEachUniqueKeyThatLeavesTheTimeColumnOut() {
        Constraint pkey = constraint("metrics_pkey", Constraint.Type.PRIMARY_KEY, "Device");
        Constraint unique = constraint("metrics_key", Constraint.Type.UNIQUE, "ts", "Device");
        Constraint exclusion = constraint("metrics_excl", Constraint.Type.EXCLUSION, "Device");
        Constraint check = constraint("metrics_check", Constraint.Type.CHECK, "Device");
        Table table = table(List.of(pkey, unique, exclusion, check), List.of());

        assertThat(TimeColumns.uniqueConstraintsWithout(table, "ts")).containsExactly(pkey, exclusion);
        assertThat(TimeColumns.inEveryUniqueKey(table, "ts")).isFalse();
        assertThat(TimeColumns.inEveryUniqueKey(table(List.of(unique, check), List.of()), "ts")).isTrue();
    }

    @Test
    void shouldFindTheTimeColumnAmongIndexKeysPlainOrQuoted() {
        Index byDevice = index("by_device", true, "\"Device\"");
        Index byTime = index("by_time", true, "ts", "\"Device\"");
        Index notUnique = index("plain", false, "\"Device\"");
        Table table = table(List.of(), List.of(byDevice, byTime, notUnique));

        assertThat(TimeColumns.uniqueIndexesWithout(table, "ts")).containsExactly(byDevice);
        assertThat(TimeColumns.uniqueIndexesWithout(table, "Device")).as("quoted key").isEmpty();
        assertThat(TimeColumns.inEveryUniqueKey(table, "Device")).isTrue();
        assertThat(TimeColumns.inEveryUniqueKey(table, "ts")).isFalse();
    }
}
