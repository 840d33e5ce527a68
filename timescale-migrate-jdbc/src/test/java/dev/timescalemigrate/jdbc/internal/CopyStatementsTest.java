package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyUnit.Range;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CopyStatementsTest {

    @Test
    void shouldBoundBothSidesAndTakeTheNullsWhenAsked() {
        assertThat(CopyStatements.predicate(new Range("id", "bigint", "10", "20", false)))
                .isEqualTo("\"id\" >= '10'::bigint AND \"id\" < '20'::bigint");
        assertThat(CopyStatements.predicate(new Range("Ts", "timestamp with time zone", null,
                "2024-01-01 00:00:00.000000+00", true)))
                .isEqualTo("(\"Ts\" < '2024-01-01 00:00:00.000000+00'::timestamp with time zone) OR \"Ts\" IS NULL");
        assertThat(CopyStatements.predicate(new Range("ctid", "tid", "(25,0)", null, false)))
                .as("ctid is the system column, not quoted").isEqualTo("ctid >= '(25,0)'::tid");
    }

    @Test
    void shouldReadEveryRowOfAnOpenRange() {
        assertThat(CopyStatements.predicate(null)).as("whole table").isNull();
        assertThat(CopyStatements.predicate(new Range("id", "bigint", null, null, true))).isNull();
        assertThat(CopyStatements.predicate(new Range("id", "bigint", null, null, false)))
                .isEqualTo("\"id\" IS NOT NULL");
    }

    @Test
    void shouldQuoteBoundsAndRefuseATypeThatIsNotATypeName() {
        assertThat(CopyStatements.predicate(new Range("n", "text", "it's", null, false)))
                .isEqualTo("\"n\" >= 'it''s'::text");
        assertThatThrownBy(() -> CopyStatements.predicate(new Range("n", "int; DROP TABLE x", "1", null, false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a type name");
        assertThatThrownBy(() -> CopyStatements.predicate(new Range("n", "int--", "1", null, false)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CopyStatements.predicate(new Range("n", null, "1", null, false)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCopyTheStoredColumnsBothWaysButNotGeneratedOnes() {
        Column generated = Column.builder("twice", "bigint").generated("(id * 2)").build();
        Table table = Table.builder(QualifiedName.of("app", "Orders")).columns(List.of(
                Column.builder("id", "bigint").notNull(true).build(), generated,
                Column.builder("Note", "text").build())).build();
        CopyFormats.Format binary = new CopyFormats.Format(true, "test");

        assertThat(CopyStatements.copyOut(table, new Range("id", "bigint", "5", null, false), binary))
                .isEqualTo("COPY (SELECT \"id\", \"Note\" FROM \"app\".\"Orders\" WHERE \"id\" >= '5'::bigint) "
                        + "TO STDOUT (FORMAT binary)");
        assertThat(CopyStatements.copyIn(table, QualifiedName.of("new", "orders"), new CopyFormats.Format(false, "t")))
                .isEqualTo("COPY \"new\".\"orders\" (\"id\", \"Note\") FROM STDIN (FORMAT text)");
    }

    @Test
    void shouldCopyATableWithoutColumnsWithoutAColumnList() {
        Table table = Table.builder(QualifiedName.of("app", "empty")).columns(List.of()).build();
        CopyFormats.Format text = new CopyFormats.Format(false, "test");

        assertThat(CopyStatements.copyOut(table, null, text))
                .isEqualTo("COPY (SELECT  FROM \"app\".\"empty\") TO STDOUT (FORMAT text)");
        assertThat(CopyStatements.copyIn(table, QualifiedName.of("app", "empty"), text))
                .isEqualTo("COPY \"app\".\"empty\" FROM STDIN (FORMAT text)");
    }

    @Test
    void shouldSortTheSourceRowsByQuotedColumnsWithTheirDirectionAndNulls() {
        Table table = Table.builder(QualifiedName.of("app", "m")).columns(List.of(
                Column.builder("ts", "timestamp with time zone").notNull(true).build(),
                Column.builder("Device \"1\"", "integer").build())).build();
        CopyFormats.Format binary = new CopyFormats.Format(true, "test");

        assertThat(CopyStatements.copyOut(table, new Range("ts", "timestamp with time zone", null, "2024-01-02", false),
                null, binary, table.name().quoted(), List.of(
                        new dev.timescalemigrate.model.CompressionSettings.OrderBy("Device \"1\"", false, false),
                        new dev.timescalemigrate.model.CompressionSettings.OrderBy("ts", true, true))))
                .isEqualTo("COPY (SELECT \"ts\", \"Device \"\"1\"\"\" FROM \"app\".\"m\" WHERE \"ts\" < "
                        + "'2024-01-02'::timestamp with time zone ORDER BY \"Device \"\"1\"\"\" ASC NULLS LAST, \"ts\" DESC "
                        + "NULLS FIRST) TO STDOUT (FORMAT binary)");
    }
}
