package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.DatabaseInspector;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Introspect a rich source, apply the generated DDL to an empty database, introspect that: the two models
 * must be equal, object for object.
 */
class IntrospectionRoundTripIT {

    @Database(label = "roundtrip_src", fixture = {"/fixtures/rich-schema.sql", "/fixtures/timescale-apache.sql"})
    private static TestDatabase source;
    @Database(label = "roundtrip_dst")
    private static TestDatabase target;

    @Test
    void shouldRecreateAnEqualModelFromGeneratedDdl() {
        DatabaseModel original = DatabaseInspector.of(source.dataSource()).model();
        DatabaseInspector targetInspector = DatabaseInspector.of(target.dataSource());
        List<DdlStatement> ddl = targetInspector.ddl(original);

        DdlApplier.apply(target, ddl);
        DatabaseModel recreated = targetInspector.model();

        assertThat(recreated.extensions()).as("extensions").isEqualTo(original.extensions());
        assertThat(recreated.schemas()).as("schemas").isEqualTo(original.schemas());
        assertThat(recreated.types()).as("types").isEqualTo(original.types());
        assertThat(recreated.routines()).as("routines").isEqualTo(original.routines());
        assertThat(recreated.sequences()).as("sequences with positions").isEqualTo(original.sequences());
        for (int i = 0; i < original.tables().size(); i++) {
            assertThat(recreated.tables()).as("tables").hasSameSizeAs(original.tables());
            assertThat(recreated.tables().get(i)).as("table %s", original.tables().get(i).name())
                    .usingRecursiveComparison().isEqualTo(original.tables().get(i));
        }
        assertThat(recreated.views()).as("views").isEqualTo(original.views());
        assertThat(recreated.timescale()).as("hypertables").isEqualTo(original.timescale());
        assertThat(recreated.dependencies()).as("the dependency graph").isEqualTo(original.dependencies());
        assertThat(recreated).as("the whole model").isEqualTo(original);
    }

    @Test
    void shouldFindEveryKindOfObjectInTheFixture() {
        DatabaseModel model = DatabaseInspector.of(source.dataSource()).model();

        assertThat(model.tables()).as("tables").hasSizeGreaterThanOrEqualTo(12);
        assertThat(model.types()).as("types").hasSize(7);
        assertThat(model.views()).as("views").hasSize(4);
        assertThat(model.routines()).as("routines").hasSize(5);
        assertThat(model.timescale().hypertables()).as("hypertables").hasSize(2);
        assertThat(model.unsupported()).as("unsupported objects").isEmpty();
    }
}
