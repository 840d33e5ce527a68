package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.DatabaseInspector;
import dev.timescalemigrate.Migration;
import dev.timescalemigrate.model.CatalogObject;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.ObjectRef;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.StrategyRuns;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text search objects, foreign data wrappers, servers, user mappings and foreign tables, publications and event
 * triggers ({@code database-objects.sql}) are migrated by every strategy so that pg_dump finds no difference; a
 * foreign table is structure only, and a publication loses the tables a selection leaves out.
 */
class DatabaseObjectsIT {

    @Database(label = "dbobj_src", fixture = "/fixtures/database-objects.sql")
    private static TestDatabase source;
    @Database(label = "dbobj_some")
    private static TestDatabase someTarget;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"whole-database", "per-table", "streaming"})
    void shouldMigrateTheObjectsSoThatAnIndependentComparisonFindsNoDifference(String strategy) {
        StrategyRuns.migrateIdentically(source, "dbobj", strategy, (report, into) -> {
            assertThat(report.tables()).as("tables copied").isNotEmpty()
                    .noneMatch(t -> t.table().name().equals("remote_orders"));
            assertThat(into.value("SELECT tsv::text FROM search.docs WHERE id = 1"))
                    .as("the generated column computed with the migrated configuration")
                    .isEqualTo(source.value("SELECT tsv::text FROM search.docs WHERE id = 1"));
        }).close();
    }

    @Test
    void shouldReadEachObjectWithPostgresIdentity() {
        DatabaseModel model = DatabaseInspector.of(source.dataSource()).model();

        assertThat(object(model, "text search configuration", "search.my_config").statements()).containsExactly(
                "CREATE TEXT SEARCH CONFIGURATION \"search\".\"my_config\" (PARSER = \"search\".\"my_parser\")",
                "ALTER TEXT SEARCH CONFIGURATION \"search\".\"my_config\" ADD MAPPING FOR \"asciiword\" WITH "
                        + "search.\"English \"\"stem\"\"\", search.simple_dict",
                "ALTER TEXT SEARCH CONFIGURATION \"search\".\"my_config\" ADD MAPPING FOR \"word\" WITH "
                        + "search.\"English \"\"stem\"\"\", search.simple_dict",
                "ALTER TEXT SEARCH CONFIGURATION \"search\".\"my_config\" ADD MAPPING FOR \"int\" WITH simple",
                "ALTER TEXT SEARCH CONFIGURATION \"search\".\"my_config\" ADD MAPPING FOR \"uint\" WITH simple",
                "COMMENT ON TEXT SEARCH CONFIGURATION \"search\".\"my_config\" IS 'mine'");
        assertThat(object(model, "text search dictionary", "search.simple_dict").statements().get(0))
                .isEqualTo("CREATE TEXT SEARCH DICTIONARY \"search\".\"simple_dict\" (TEMPLATE = "
                        + "\"search\".\"my_template\", stopwords = 'english', accept = 'false')");
        assertThat(model.dependenciesOf(ObjectRef.columnDefault(QualifiedName.of("search", "docs"), "tsv")))
                .as("a table whose generated column uses a configuration depends on it")
                .contains(object(model, "text search configuration", "search.my_config").ref());

        CatalogObject mapping = object(model, "user mapping", "tsm_fixture_reader on server remote");
        assertThat(mapping.statements()).containsExactly("CREATE USER MAPPING FOR \"tsm_fixture_reader\" SERVER "
                + "\"remote\" OPTIONS (\"user\" 'reader', \"password\" 'it''s secret')");
        assertThat(mapping.toString()).as("what the migration logs of it").doesNotContain("secret");
        try (TestDatabase planned = source.sibling("objs_plan")) {
            assertThat(Migration.builder().source(source.dataSource()).target(planned.dataSource()).build().plan()
                    .toString()).as("the plan shows the mapping without its password")
                    .contains("CREATE USER MAPPING FOR \"tsm_fixture_reader\"").doesNotContain("secret");
        }
        assertThat(object(model, "foreign table", "search.remote_orders"))
                .satisfies(o -> assertThat(o.table()).as("no table of the model").isNull())
                .satisfies(o -> assertThat(o.statements().get(0)).isEqualTo("CREATE FOREIGN TABLE "
                        + "\"search\".\"remote_orders\" (\"id\" integer OPTIONS (\"column_name\" 'order_id') NOT NULL, "
                        + "\"seq\" bigint DEFAULT nextval('search.remote_seq'::regclass), "
                        + "\"amount\" numeric DEFAULT 0, \"region\" text COLLATE \"pg_catalog\".\"C\", "
                        + "CONSTRAINT \"positive\" CHECK ((amount >= (0)::numeric))) SERVER \"remote\" "
                        + "OPTIONS (\"schema_name\" 'public', \"table_name\" 'orders')"));
        assertThat(model.dependenciesOf(object(model, "foreign table", "search.remote_orders").ref()))
                .as("a foreign table's column default is part of it")
                .contains(ObjectRef.sequence(QualifiedName.of("search", "remote_seq")));
        assertThat(model.tables()).extracting(Table::name)
                .doesNotContain(QualifiedName.of("search", "remote_orders"));

        assertThat(object(model, "publication relation", "search.orders in publication Orders \"pub\""))
                .satisfies(o -> assertThat(o.table()).isEqualTo(QualifiedName.of("search", "orders")))
                .satisfies(o -> assertThat(o.statements()).containsExactly("ALTER PUBLICATION \"Orders \"\"pub\"\"\" "
                        + "ADD TABLE ONLY \"search\".\"orders\" (\"id\", \"amount\") WHERE ((amount > (0)::numeric))"));
        assertThat(object(model, "event trigger", "tsm_fixture_ddl").statements()).containsExactly(
                "CREATE EVENT TRIGGER \"tsm_fixture_ddl\" ON \"ddl_command_end\" WHEN TAG IN ('CREATE TABLE', "
                        + "'ALTER TABLE') EXECUTE FUNCTION search.note_ddl()",
                "COMMENT ON EVENT TRIGGER \"tsm_fixture_ddl\" IS 'does nothing'");
        assertThat(model.unsupported()).as("plain foreign tables are supported now")
                .noneMatch(u -> u.startsWith("foreign table"));
    }

    @Test
    void shouldLeaveATableOutOfItsPublicationsWhenTheSelectionLeavesItOut() {
        Migration.builder().source(source.dataSource()).target(someTarget.dataSource()).strategy("per-table")
                .exclude("search.customers").build().run();

        assertThat(someTarget.column("SELECT tablename FROM pg_catalog.pg_publication_tables "
                + "WHERE pubname = 'Orders \"pub\"' ORDER BY 1")).containsExactly("orders");
        assertThat(someTarget.value("SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = 'customers'"))
                .isEqualTo("0");
    }

    private static CatalogObject object(DatabaseModel model, String type, String identity) {
        List<CatalogObject> found = model.objects().stream()
                .filter(o -> o.type().equals(type) && o.identity().equals(identity)).toList();
        assertThat(found).as(type + " " + identity + " among " + model.objects()).hasSize(1);
        return found.get(0);
    }
}
