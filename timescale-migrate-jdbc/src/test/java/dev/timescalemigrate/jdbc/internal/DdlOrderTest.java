package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.ObjectRef;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.spi.DdlStatement;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DdlOrderTest {

    private static final ObjectRef A = ObjectRef.table(QualifiedName.of("s", "a"));
    private static final ObjectRef B = ObjectRef.routine("\"s\".\"b\"()");
    private static final ObjectRef C = ObjectRef.view(QualifiedName.of("s", "c"));
    private static final ObjectRef A_DEFAULT = ObjectRef.columnDefault(QualifiedName.of("s", "a"), "x");

    private static DdlOrder.Unit unit(ObjectRef ref, Set<ObjectRef> needs) {
        return new DdlOrder.Unit(ref, needs, List.of(statement("create " + ref)));
    }

    private static DdlStatement statement(String sql) {
        return new DdlStatement(DdlStatement.Phase.PRE_DATA, "test", sql);
    }

    private static List<String> sql(List<DdlStatement> statements) {
        return statements.stream().map(DdlStatement::sql).toList();
    }

    @Test
    void shouldKeepTheGivenOrderWhereTheGraphSaysNothing() {
        List<DdlStatement> sorted = DdlOrder.sort(List.of(unit(A, Set.of()), unit(B, Set.of()), unit(C, Set.of())));

        assertThat(sql(sorted)).containsExactly("create " + A, "create " + B, "create " + C);
    }

    @Test
    void shouldPutEveryObjectAfterWhatItDependsOnAndIgnoreObjectsOutsideTheUnits() {
        ObjectRef elsewhere = ObjectRef.extension("hstore");
        List<DdlStatement> sorted = DdlOrder.sort(List.of(unit(C, Set.of(B, elsewhere)), unit(A, Set.of()),
                unit(B, Set.of(A))));

        assertThat(sql(sorted)).containsExactly("create " + A, "create " + B, "create " + C);
    }

    @Test
    void shouldBreakACycleByCreatingTheDetachablePartAfterwards() {
        DdlOrder.Unit table = new DdlOrder.Unit(A, Set.of(), List.of(new DdlOrder.Part(A_DEFAULT, Set.of(B))),
                detached -> List.of(statement(detached.contains(A_DEFAULT) ? "create table"
                        : "create table with default")),
                part -> List.of(statement("set default")));
        List<DdlStatement> sorted = DdlOrder.sort(List.of(table, unit(B, Set.of(A))));

        assertThat(sql(sorted)).containsExactly("create table", "create " + B, "set default");
    }

    @Test
    void shouldKeepAPartInlineWhenNoCycleRunsThroughIt() {
        DdlOrder.Unit table = new DdlOrder.Unit(A, Set.of(), List.of(new DdlOrder.Part(A_DEFAULT, Set.of(B))),
                detached -> List.of(statement(detached.isEmpty() ? "create table with default" : "create table")),
                part -> List.of(statement("set default")));
        List<DdlStatement> sorted = DdlOrder.sort(List.of(table, unit(B, Set.of())));

        assertThat(sql(sorted)).containsExactly("create " + B, "create table with default");
    }

    @Test
    void shouldRefuseACycleThatNoPartBreaks() {
        assertThatThrownBy(() -> DdlOrder.sort(List.of(unit(A, Set.of(C)), unit(B, Set.of()), unit(C, Set.of(A)))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(A.toString()).hasMessageContaining(C.toString())
                .hasMessageNotContaining(B.toString())
                .hasMessageContaining("cycle");
    }
}
