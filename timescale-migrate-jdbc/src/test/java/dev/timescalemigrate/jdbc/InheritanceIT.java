package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.DatabaseInspector;
import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.exception.ErrorCode;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.ObjectRef;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.DumpOracle;
import dev.timescalemigrate.testing.StrategyRuns;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Table inheritance ({@code INHERITS}) is recreated as the source has it and each table's own rows are copied: the
 * database of {@code inheritance.sql} migrates with every strategy so that pg_dump and per-table {@code ONLY} row
 * checksums find no difference.
 */
class InheritanceIT {

    private static final QualifiedName VEHICLE = QualifiedName.of("inh", "vehicle");
    private static final QualifiedName CAR = QualifiedName.of("inh", "car");
    private static final QualifiedName SPORTS_CAR = QualifiedName.of("inh", "sports_car");
    private static final QualifiedName BOAT = QualifiedName.of("inh", "boat");
    private static final QualifiedName AMPHIBIAN = QualifiedName.of("inh", "amphibian");
    private static final QualifiedName BIKE = QualifiedName.of("inh", "bike");

    @Database(label = "inh_src", fixture = "/fixtures/inheritance.sql")
    private static TestDatabase source;
    @Database(label = "inh_ddl")
    private static TestDatabase ddlTarget;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"whole-database", "per-table", "streaming"})
    void shouldMigrateInheritanceSoThatAnIndependentComparisonFindsNoDifference(String strategy) {
        StrategyRuns.migrateIdentically(source, "inh", strategy, (report, into) -> {
            assertThat(report.tables()).as("every table is copied on its own").hasSize(10);
            assertThat(into.value("SELECT count(*) FROM ONLY inh.vehicle")).as("the parent's own rows").isEqualTo("2");
            assertThat(into.value("SELECT count(*) FROM inh.vehicle")).as("the parent with its descendants' rows")
                    .isEqualTo(source.value("SELECT count(*) FROM inh.vehicle")).isEqualTo("8");
        }).close();
    }

    @Test
    void shouldReadTheParentsInOrderAndWhichColumnsAChildDeclaresItself() {
        DatabaseModel model = DatabaseInspector.of(source.dataSource()).model();

        assertThat(model.unsupported()).as("inheritance is supported").noneMatch(u -> u.contains("inheritance"));
        assertThat(table(model, AMPHIBIAN).inherits()).containsExactly(VEHICLE, BOAT);
        assertThat(table(model, SPORTS_CAR).inherits()).containsExactly(CAR);
        assertThat(table(model, VEHICLE).inherits()).isEmpty();
        Table car = table(model, CAR);
        assertThat(car.columns()).extracting(Column::name)
                .as("every column, inherited ones included, in the source's order, the dropped one left out")
                .containsExactly("id", "name", "wheels", "note", "colour", "doors");
        assertThat(car.columns()).filteredOn(Column::local).extracting(Column::name)
                .as("the columns the child declares, one of them inherited too").containsExactly("wheels", "doors");
        assertThat(car.constraints()).extracting(c -> c.name())
                .as("the inherited CHECK is the parent's").doesNotContain("vehicle_wheels_check");
        assertThat(table(model, VEHICLE).constraints()).filteredOn(c -> c.name().equals("vehicle_parent_only"))
                .singleElement().satisfies(c -> assertThat(c.definition()).endsWith("NO INHERIT"));
        assertThat(model.dependenciesOf(ObjectRef.table(AMPHIBIAN)))
                .as("pg_depend's inheritance records are table-to-table edges of the graph")
                .contains(ObjectRef.table(VEHICLE), ObjectRef.table(BOAT));
        List<Table> tables = model.tables();
        assertThat(tables.indexOf(table(model, SPORTS_CAR))).as("children after their parents")
                .isGreaterThan(tables.indexOf(car));
        assertThat(tables.indexOf(table(model, AMPHIBIAN))).isGreaterThan(tables.indexOf(table(model, BOAT)));
    }

    @Test
    void shouldRecreateEveryTableWithItsParentsColumnsConstraintsAndDefaults() {
        DatabaseModel original = DatabaseInspector.of(source.dataSource()).model();
        DatabaseInspector targetInspector = DatabaseInspector.of(ddlTarget.dataSource());
        List<DdlStatement> ddl = targetInspector.ddl(original);
        List<String> sql = ddl.stream().map(DdlStatement::sql).toList();

        assertThat(sql).as("inherited columns are merged in by PostgreSQL, declared ones are written")
                .contains("CREATE TABLE \"inh\".\"car\" (\"wheels\" integer DEFAULT 4 NOT NULL, "
                        + "\"doors\" integer DEFAULT 4, CONSTRAINT \"car_doors_check\" CHECK ((doors > 0))) "
                        + "INHERITS (\"inh\".\"vehicle\")")
                .contains("ALTER TABLE ONLY \"inh\".\"car\" ALTER COLUMN \"name\" SET DEFAULT 'car'::text")
                .contains("ALTER TABLE ONLY \"inh\".\"car\" ALTER COLUMN \"note\" SET NOT NULL")
                .contains("ALTER TABLE ONLY \"inh\".\"sports_car\" ALTER COLUMN \"wheels\" DROP DEFAULT")
                .anyMatch(s -> s.startsWith("CREATE TABLE \"inh\".\"amphibian\" (\"fins\" integer) "
                        + "INHERITS (\"inh\".\"vehicle\", \"inh\".\"boat\")"))
                .as("a table attached to its parent after it was made keeps its own column order")
                .contains("ALTER TABLE \"inh\".\"bike\" INHERIT \"inh\".\"vehicle\"")
                .as("so is one declaring an inherited generated column, which INHERITS refuses")
                .contains("ALTER TABLE \"inh\".\"measured_more\" INHERIT \"inh\".\"measured\"");

        DdlApplier.apply(ddlTarget, ddl);
        DatabaseModel recreated = targetInspector.model();

        assertThat(recreated.tables()).as("tables").isEqualTo(original.tables());
        assertThat(recreated.dependencies()).as("the dependency graph").isEqualTo(original.dependencies());
    }

    @Test
    void shouldRefuseAChildSelectedWithoutItsParentsNamingThemAndTheFix() {
        try (TestDatabase target = TestDatabase.create("inh_refused")) {
            Migration migration = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .include("inh.amphibian", "inh.car").exclude("inh.vehicle").build();
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, migration::run);

            assertThat(e).as("the migration must be refused").isNotNull();
            assertThat(e.code()).isEqualTo(ErrorCode.PREFLIGHT_FAILED);
            assertThat(e.problems()).as("one problem per child").hasSize(2)
                    .anySatisfy(p -> assertThat(p).contains("\"inh\".\"amphibian\"")
                            .contains("inherits from \"inh\".\"vehicle\", \"inh\".\"boat\"")
                            .contains("cannot be created without its parents").contains("Include"))
                    .anySatisfy(p -> assertThat(p).contains("\"inh\".\"car\"").contains("\"inh\".\"vehicle\"")
                            .contains("without its parent."));
            assertThat(target.value("SELECT count(*) FROM pg_namespace WHERE nspname = 'inh'"))
                    .as("nothing written").isEqualTo("0");
        }
    }

    @Test
    void shouldRefuseAHypertableRuleForAnInheritanceParentOrChild() {
        try (TestDatabase target = TestDatabase.create("inh_rule").withTimescale()) {
            Migration migration = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .hypertable("inh.vehicle", h -> h.timeColumn("id"))
                    .hypertable("inh.sports_car", h -> h.timeColumn("id")).build();
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, migration::run);

            assertThat(e).as("the migration must be refused").isNotNull();
            assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p).contains("\"inh\".\"vehicle\", which is inherited by")
                            .contains("neither an inheritance child nor an inheritance parent"))
                    .anySatisfy(p -> assertThat(p).contains("\"inh\".\"sports_car\", which inherits from "
                            + "\"inh\".\"car\""));
        }
    }

    @Test
    void shouldSplitAParentIntoUnitsOfItsOwnRowsOnlyByColumnAndByPhysicalPosition() {
        try (TestDatabase big = TestDatabase.create("inh_big_src"); TestDatabase into = TestDatabase.create("inh_big_dst")) {
            big.execute("""
                    CREATE SCHEMA big;
                    CREATE TABLE big.keyed (id integer PRIMARY KEY, pad text);
                    CREATE TABLE big.keyed_child (extra integer) INHERITS (big.keyed);
                    CREATE TABLE big.heap (n integer, pad text);
                    CREATE TABLE big.heap_child () INHERITS (big.heap);
                    INSERT INTO big.keyed SELECT g, repeat('k', 80) FROM generate_series(1, 30000) g;
                    INSERT INTO big.keyed_child SELECT g, repeat('c', 80), g FROM generate_series(1, 30000) g;
                    INSERT INTO big.heap SELECT g, repeat('h', 80) FROM generate_series(1, 30000) g;
                    INSERT INTO big.heap_child SELECT g, repeat('i', 80) FROM generate_series(1, 30000) g;
                    ANALYZE;
                    """);
            MigrationReport report = Migration.builder().source(big.dataSource()).target(into.dataSource())
                    .strategy("whole-database").unitBytes(1024 * 1024).build().run();

            assertThat(report.tables()).as("tables copied").hasSize(4)
                    .allSatisfy(t -> assertThat(t.units()).as("units of " + t.table()).isGreaterThan(1));
            assertThat(into.value("SELECT count(*) FROM ONLY big.keyed")).isEqualTo("30000");
            assertThat(into.value("SELECT count(*) FROM ONLY big.heap")).isEqualTo("30000");
            assertThat(DumpOracle.compare(big, into).differences()).as("pg_dump --schema-only and row checksums")
                    .isEmpty();
        }
    }

    private static Table table(DatabaseModel model, QualifiedName name) {
        return model.table(name).orElseThrow(() -> new AssertionError("no table " + name));
    }
}
