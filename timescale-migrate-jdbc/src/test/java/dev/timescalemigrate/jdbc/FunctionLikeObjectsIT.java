package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.DatabaseInspector;
import dev.timescalemigrate.model.CatalogObject;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.ObjectRef;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.StrategyRuns;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The pre-data, function-like object kinds of {@code function-like-objects.sql} (aggregates, operators, operator
 * families and classes, casts, transforms, collations, conversions, access methods, procedural languages) are read
 * under PostgreSQL's own identities, ordered by the source's dependency records with the typed objects, and
 * migrated so that pg_dump sees no difference.
 */
class FunctionLikeObjectsIT {

    @Database(label = "flo_src", fixture = "/fixtures/function-like-objects.sql")
    private static TestDatabase source;
    @Database(label = "flo_dst")
    private static TestDatabase target;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"whole-database", "per-table", "streaming"})
    void shouldMigrateTheDatabaseSoThatAnIndependentComparisonFindsNoDifference(String strategy) {
        StrategyRuns.migrateIdentically(source, "flo", strategy, (report, into) -> {
            assertThat(report.tables()).as("tables copied").isNotEmpty();
        }).close();
    }

    @Test
    void shouldReadEveryKindUnderPostgresOwnIdentity() {
        DatabaseModel model = DatabaseInspector.of(source.dataSource()).model();

        assertThat(model.unsupported()).as("nothing unsupported").isEmpty();
        assertThat(model.routines()).as("aggregates are not routines")
                .noneMatch(r -> List.of("my_sum", "my_count", "my_avg", "my_rank").contains(r.name().name()));
        assertThat(model.objects()).extracting(CatalogObject::type, CatalogObject::identity, CatalogObject::schema)
                .as("type, identity and schema of each object")
                .contains(
                        tuple("access method", "gist2", null),
                        tuple("access method", "\"Heap Two\"", null),
                        tuple("language", "\"my pl\"", null),
                        tuple("language", "bare_pl", null),
                        tuple("collation", "fl.ci", "fl"),
                        tuple("collation", "fl.\"Root ICU\"", "fl"),
                        tuple("conversion", "fl.latin1_to_utf8", "fl"),
                        tuple("operator", "\"Fancy Ops\".=~=(pg_catalog.text,pg_catalog.text)", "Fancy Ops"),
                        tuple("operator", "\"Fancy Ops\".=~=(pg_catalog.text,character varying)", "Fancy Ops"),
                        tuple("operator", "fl.!!(NONE,integer)", "fl"),
                        tuple("operator family", "fl.ci_ops USING btree", "fl"),
                        tuple("operator family", "\"Fancy Ops\".\"CI Hash\" USING hash", "Fancy Ops"),
                        tuple("operator class", "fl.point_ops2 USING gist2", "fl"),
                        tuple("aggregate", "fl.my_count()", "fl"),
                        tuple("aggregate", "fl.my_rank(pg_catalog.\"any\")", "fl"),
                        tuple("aggregate", "\"Fancy Ops\".\"Count \"\"It\"\"\"(pg_catalog.text)", "Fancy Ops"),
                        tuple("cast", "(fl.mood AS integer)", null),
                        tuple("cast", "(pg_catalog.xid AS integer)", null),
                        tuple("transform", "for fl.mood on language sql", null));
        assertThat(model.objects()).as("the shell operator a negator left behind is not an object")
                .noneMatch(o -> o.identity().startsWith("fl.@@@"));
        assertThat(model.objects()).as("the multirange casts of range types and the built-in objects are left out")
                .noneMatch(o -> o.type().equals("cast") && o.identity().contains("multirange"))
                .noneMatch(o -> o.identity().startsWith("pg_catalog."));
        CatalogObject sum = object(model, "aggregate", "fl.my_sum(integer)");
        assertThat(sum.owner()).as("owner").isNotNull();
        assertThat(sum.ownedObject()).as("as ALTER ... OWNER TO names it").isEqualTo("AGGREGATE \"fl\".\"my_sum\"(integer)");
        assertThat(sum.statements()).as("the aggregate and its comment").containsExactly("""
                CREATE AGGREGATE "fl"."my_sum"(integer) (
                    SFUNC = int4pl,
                    STYPE = integer,
                    INITCOND = '0',
                    PARALLEL = SAFE
                )""", "COMMENT ON AGGREGATE \"fl\".\"my_sum\"(integer) IS 'a sum'");
    }

    @Test
    void shouldOrderOperatorClassesAndFamiliesAfterWhatTheirMembersUse() {
        DatabaseModel model = DatabaseInspector.of(source.dataSource()).model();

        ObjectRef hashFamily = ObjectRef.catalog("operator family", "\"Fancy Ops\".\"CI Hash\" USING hash");
        assertThat(model.dependenciesOf(hashFamily)).as("a family's loose members' operator and function")
                .contains(ObjectRef.catalog("operator", "\"Fancy Ops\".=~=(pg_catalog.text,character varying)"),
                        ObjectRef.routine("\"fl\".\"ci_hash_v\"(character varying)"));
        assertThat(model.dependenciesOf(ObjectRef.catalog("operator class", "fl.ci_ops USING btree")))
                .as("a class's members' operators and function, and its family")
                .contains(ObjectRef.catalog("operator", "\"Fancy Ops\".<~<(pg_catalog.text,pg_catalog.text)"),
                        ObjectRef.routine("\"fl\".\"ci_cmp\"(text, text)"),
                        ObjectRef.catalog("operator family", "fl.ci_ops USING btree"));
        assertThat(model.dependenciesOf(ObjectRef.catalog("operator family", "fl.point_ops2 USING gist2")))
                .as("a family on its access method").contains(ObjectRef.catalog("access method", "gist2"));
        assertThat(model.dependenciesOf(ObjectRef.catalog("aggregate", "fl.ci_max(pg_catalog.text)")))
                .as("an aggregate on its sort operator")
                .contains(ObjectRef.catalog("operator", "\"Fancy Ops\".>~>(pg_catalog.text,pg_catalog.text)"));
        assertThat(model.dependenciesOf(ObjectRef.view(QualifiedName.of("fl", "summary"))))
                .as("a view on the aggregates and operators it uses")
                .contains(ObjectRef.catalog("aggregate", "fl.my_sum(integer)"),
                        ObjectRef.catalog("operator", "\"Fancy Ops\".<~>(pg_catalog.text,pg_catalog.text)"));
        assertThat(model.dependenciesOf(ObjectRef.table(QualifiedName.of("fl", "places"))))
                .as("a table on its columns' collations").contains(ObjectRef.catalog("collation", "fl.ci"));
    }

    @Test
    void shouldRecreateEveryObjectOnAnEmptyDatabase() {
        DatabaseModel original = DatabaseInspector.of(source.dataSource()).model();
        DatabaseInspector targetInspector = DatabaseInspector.of(target.dataSource());
        List<DdlStatement> ddl = targetInspector.ddl(original);

        DdlApplier.apply(target, ddl);
        DatabaseModel recreated = targetInspector.model();

        assertThat(recreated.objects()).as("the catalog objects").isEqualTo(original.objects());
        assertThat(recreated.dependencies()).as("the dependency graph").isEqualTo(original.dependencies());
    }

    private static CatalogObject object(DatabaseModel model, String type, String identity) {
        return model.objects().stream().filter(o -> o.type().equals(type) && o.identity().equals(identity))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " " + identity + " in "
                        + model.objects()));
    }
}
