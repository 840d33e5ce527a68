package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.DatabaseInspector;
import dev.timescalemigrate.jdbc.internal.PostgresAdapter;
import dev.timescalemigrate.model.Chunk;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.Constraint.ForeignKeyAction;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Extension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.Index;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Routine;
import dev.timescalemigrate.model.Schema;
import dev.timescalemigrate.model.Sequence;
import dev.timescalemigrate.model.SequenceOptions;
import dev.timescalemigrate.model.SequencePosition;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.model.TimescaleModel;
import dev.timescalemigrate.model.Trigger;
import dev.timescalemigrate.model.UserType;
import dev.timescalemigrate.model.View;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Introspects the rich fixture plus the TimescaleDB (Apache edition) fixture once and checks the model
 * against what the fixture scripts create, object by object. Scenarios the fixture does not cover get a
 * small database of their own.
 */
class PostgresIntrospectionIT {

    /** The version the server installed, read from the catalog: the tests do not pin a TimescaleDB release. */
    private static String timescaleVersion;
    private static final String C_COLLATION = "\"pg_catalog\".\"C\"";

    @Database(label = "introspection", fixture = {"/fixtures/rich-schema.sql", "/fixtures/timescale-apache.sql"})
    private static TestDatabase db;
    private static DatabaseModel model;

    @BeforeAll
    static void createDatabase() {
        timescaleVersion = db.timescaleVersion();
        model = DatabaseInspector.of(db.dataSource()).model();
    }

    // ---------------------------------------------------------------- extensions and schemas

    @Test
    void shouldListExtensionsWithSchemaAndVersion() {
        // PostgreSQL 15 ships btree_gist 1.7 and citext 1.6; plpgsql is left out
        assertThat(model.extensions()).as("extensions").containsExactly(
                new Extension("btree_gist", "public", "1.7"),
                new Extension("citext", "public", "1.6"),
                new Extension("timescaledb", "public", timescaleVersion));
        assertThat(model.extension("timescaledb")).as("lookup by name")
                .contains(new Extension("timescaledb", "public", timescaleVersion));
    }

    @Test
    void shouldListUserSchemasWithComments() {
        assertThat(model.schemas()).as("user schemas only, no system or TimescaleDB schemas").containsExactly(
                new Schema("Sales Data", "It's where orders live"),
                new Schema("app", "Application schema"),
                new Schema("metrics", null),
                new Schema("public", "standard public schema"),
                new Schema("we\"ird.schema", null));
    }

    // ---------------------------------------------------------------- types

    @Test
    void shouldReadEnumLabelsInSortOrder() {
        UserType.EnumType mood = type(UserType.EnumType.class, "app", "mood");
        assertThat(mood.labels()).as("labels").containsExactly("sad", "ok", "happy", "it's complicated", "Ünïcødé");
        assertThat(mood.comment()).as("comment").isEqualTo("How a customer feels");
    }

    @Test
    void shouldReadDomains() {
        assertThat(type(UserType.DomainType.class, "app", "positive_int")).as("app.positive_int").isEqualTo(
                UserType.DomainType.builder(QualifiedName.of("app", "positive_int"), "integer").notNull(true)
                        .defaultValue("1")
                        .checks(List.of(new UserType.CheckConstraint("positive", "CHECK ((VALUE > 0))")))
                        .comment("Strictly positive").build());
        assertThat(type(UserType.DomainType.class, "app", "email")).as("app.email").isEqualTo(
                UserType.DomainType.builder(QualifiedName.of("app", "email"), "text").collation(C_COLLATION)
                        .checks(List.of(new UserType.CheckConstraint("has_at", "CHECK ((VALUE ~ '@'::text))")))
                        .build());
        assertThat(type(UserType.DomainType.class, "app", "happy_mood")).as("app.happy_mood over an enum")
                .isEqualTo(UserType.DomainType.builder(QualifiedName.of("app", "happy_mood"), "app.mood")
                        .checks(List.of(new UserType.CheckConstraint("happy_mood_check",
                        "CHECK ((VALUE <> 'sad'::app.mood))"))).build());
    }

    @Test
    void shouldReadCompositeTypesWithAttributeTypesAndCollations() {
        // attribute collations are printed with quote_ident: pg_catalog."C" (columns and domains: "pg_catalog"."C")
        assertThat(type(UserType.CompositeType.class, "app", "address").attributes()).as("app.address")
                .containsExactly(
                        new UserType.Attribute("street", "text", null),
                        new UserType.Attribute("city", "text", "pg_catalog.\"C\""),
                        new UserType.Attribute("zip", "character varying(10)", null),
                        new UserType.Attribute("mood", "app.mood", null),
                        new UserType.Attribute("tags", "app.email[]", null));
        assertThat(type(UserType.CompositeType.class, "Sales Data", "Money Pair")).as("\"Sales Data\".\"Money Pair\"")
                .isEqualTo(new UserType.CompositeType(QualifiedName.of("Sales Data", "Money Pair"), List.of(
                        new UserType.Attribute("amount", "numeric(12,2)", null),
                        new UserType.Attribute("currency", "character(3)", null)), null));
    }

    @Test
    void shouldReadRangeTypes() {
        assertThat(type(UserType.RangeType.class, "app", "floatrange")).as("app.floatrange").isEqualTo(
                UserType.RangeType.builder(QualifiedName.of("app", "floatrange"), "double precision")
                        .subtypeDiffFunction("float8mi").multirangeName(QualifiedName.of("app", "floatmultirange"))
                        .build());
    }

    @Test
    void shouldOrderTypesByDependency() {
        List<QualifiedName> names = model.types().stream().map(UserType::name).toList();
        assertThat(names).as("every user type once, extension types (citext) left out").containsExactly(
                QualifiedName.of("Sales Data", "Money Pair"),
                QualifiedName.of("app", "email"),
                QualifiedName.of("app", "floatrange"),
                QualifiedName.of("app", "mood"),
                QualifiedName.of("app", "address"),
                QualifiedName.of("app", "happy_mood"),
                QualifiedName.of("app", "positive_int"));
        int mood = names.indexOf(QualifiedName.of("app", "mood"));
        assertThat(mood).as("app.mood before app.address").isLessThan(names.indexOf(QualifiedName.of("app", "address")));
        assertThat(mood).as("app.mood before app.happy_mood")
                .isLessThan(names.indexOf(QualifiedName.of("app", "happy_mood")));
        assertThat(names.indexOf(QualifiedName.of("app", "email"))).as("app.email before app.address (tags app.email[])")
                .isLessThan(names.indexOf(QualifiedName.of("app", "address")));
    }

    // ---------------------------------------------------------------- routines

    @Test
    void shouldReadFunctionsAndProceduresButNoRangeConstructors() {
        assertThat(model.routines()).as("signatures").extracting(Routine::signature).containsExactly(
                "\"Sales Data\".\"Close Books\"(IN \"for\" date)",
                "\"app\".\"add\"(a integer, b integer)",
                "\"app\".\"add\"(a numeric, b numeric)",
                "\"app\".\"touch\"()",
                "\"metrics\".\"now_tick\"()");
        assertThat(model.routines()).as("no constructor of app.floatrange or app.floatmultirange")
                .noneMatch(r -> r.name().name().startsWith("float"));

        Routine closeBooks = model.routines().get(0);
        assertThat(closeBooks.kind()).as("Close Books kind").isEqualTo(Routine.Kind.PROCEDURE);
        assertThat(closeBooks.definition()).as("Close Books definition")
                .startsWith("CREATE OR REPLACE PROCEDURE \"Sales Data\".\"Close Books\"(IN \"for\" date)")
                .contains("RAISE NOTICE 'closing %', \"for\";");

        Routine addIntegers = model.routines().get(1);
        assertThat(addIntegers.kind()).as("app.add(integer, integer) kind").isEqualTo(Routine.Kind.FUNCTION);
        assertThat(addIntegers.comment()).as("app.add(integer, integer) comment").isEqualTo("Adds; b defaults to 1");
        assertThat(addIntegers.definition()).as("app.add(integer, integer) keeps its default")
                .startsWith("CREATE OR REPLACE FUNCTION app.add(a integer, b integer DEFAULT 1)")
                .contains("RETURNS integer").contains("IMMUTABLE").contains("SELECT a + b");
        Routine addNumerics = model.routines().get(2);
        assertThat(addNumerics.kind()).as("app.add(numeric, numeric) kind").isEqualTo(Routine.Kind.FUNCTION);
        assertThat(addNumerics.comment()).as("app.add(numeric, numeric) comment").isNull();
        assertThat(addNumerics.definition()).as("app.add(numeric, numeric)")
                .startsWith("CREATE OR REPLACE FUNCTION app.add(a numeric, b numeric)").contains("RETURNS numeric");
        assertThat(model.routines().get(3).definition()).as("app.touch")
                .contains("RETURNS trigger").contains("LANGUAGE plpgsql").contains("NEW.updated_at := now();");
    }

    // ---------------------------------------------------------------- sequences

    @Test
    void shouldReadFreeStandingSequenceWithOptionsAndPosition() {
        Sequence invoiceNo = sequence("app", "invoice_no");
        assertThat(invoiceNo.options()).as("options")
                .isEqualTo(SequenceOptions.builder().dataType("integer").start(1000).increment(7).minValue(1000)
                        .maxValue(999999).cache(5).cycle(false).build());
        assertThat(invoiceNo.ownedBy()).as("owned by").isNull();
        assertThat(invoiceNo.comment()).as("comment").isEqualTo("Invoice numbers");
        // setval(1049), then the three customers' invoice defaults call nextval once in one session, which
        // with CACHE 5 reserves 1056..1084 and leaves last_value = 1084, is_called = true on disk
        assertThat(invoiceNo.position()).as("position").isEqualTo(new SequencePosition(1084, true));
        assertThat(invoiceNo.position()).as("position as the sequence itself reports it")
                .isEqualTo(positionOf("app.invoice_no"));
    }

    @Test
    void shouldReadTheSerialSequenceOwnedByItsColumn() {
        assertThat(model.sequences()).as("free-standing and serial sequences; identity sequences belong to columns")
                .extracting(Sequence::name).containsExactly(
                        QualifiedName.of("Sales Data", "Order Lines_Order ID_seq"),
                        QualifiedName.of("app", "invoice_no"));
        Sequence serial = sequence("Sales Data", "Order Lines_Order ID_seq");
        assertThat(serial.options()).as("serial options")
                .isEqualTo(SequenceOptions.builder().dataType("integer").start(1).increment(1).minValue(1)
                        .maxValue(Integer.MAX_VALUE).cache(1).cycle(false).build());
        assertThat(serial.ownedBy()).as("owned by")
                .isEqualTo(new Sequence.ColumnRef(QualifiedName.of("Sales Data", "Order Lines"), "Order ID"));
        assertThat(serial.position()).as("30 order lines inserted").isEqualTo(new SequencePosition(30, true))
                .isEqualTo(positionOf("\"Sales Data\".\"Order Lines_Order ID_seq\""));
    }

    @Test
    void shouldReadIdentityColumnsWithTheirSequences() {
        Column customerId = column(table("app", "customers"), "id");
        assertThat(customerId.identity()).as("app.customers.id: ALWAYS, START 100 INCREMENT 5, three rows")
                .isEqualTo(new Column.Identity(true, QualifiedName.of("app", "customers_id_seq"),
                        SequenceOptions.builder().dataType("bigint").start(100).increment(5).minValue(1)
                                .maxValue(Long.MAX_VALUE).cache(1).cycle(false).build(),
                        new SequencePosition(110, true)));
        assertThat(customerId.defaultValue()).as("identity has no default").isNull();
        assertThat(customerId.generated()).as("identity is not generated").isNull();
        assertThat(customerId.notNull()).as("identity is NOT NULL").isTrue();

        Column bookingId = column(table("app", "bookings"), "id");
        assertThat(bookingId.identity()).as("app.bookings.id: BY DEFAULT, two rows")
                .isEqualTo(new Column.Identity(false, QualifiedName.of("app", "bookings_id_seq"),
                        SequenceOptions.builder().dataType("integer").start(1).increment(1).minValue(1)
                                .maxValue(Integer.MAX_VALUE).cache(1).cycle(false).build(),
                        new SequencePosition(2, true)));
    }

    @Test
    void shouldReadPositionsOfUnusedRestartedAndRewoundSequences() {
        try (TestDatabase scenario = TestDatabase.create("sequences")) {
            scenario.execute("""
                    CREATE TABLE public.fresh (id int GENERATED ALWAYS AS IDENTITY (START WITH 7 INCREMENT BY 3), v text);
                    CREATE SEQUENCE public.untouched START 50;
                    CREATE SEQUENCE public.restarted;
                    SELECT nextval('public.restarted');
                    ALTER SEQUENCE public.restarted RESTART WITH 500;
                    CREATE SEQUENCE public.rewound;
                    SELECT setval('public.rewound', 20, false);
                    CREATE TABLE public.renumbered (id bigint GENERATED BY DEFAULT AS IDENTITY, v text);
                    INSERT INTO public.renumbered (v) VALUES ('a'), ('b'), ('c');
                    ALTER TABLE public.renumbered ALTER COLUMN id RESTART WITH 1000;
                    """);
            DatabaseModel m = DatabaseInspector.of(scenario.dataSource()).model();

            Map<String, SequencePosition> positions = m.sequences().stream()
                    .collect(Collectors.toMap(s -> s.name().name(), Sequence::position, (a, b) -> a, TreeMap::new));
            assertThat(positions).as("free-standing sequences: (value nextval returns next, false)").containsExactly(
                    Map.entry("restarted", new SequencePosition(500, false)),
                    Map.entry("rewound", new SequencePosition(20, false)),
                    Map.entry("untouched", new SequencePosition(50, false)));
            assertThat(identityOf(m, "fresh").position()).as("never used identity")
                    .isEqualTo(new SequencePosition(7, false));
            assertThat(identityOf(m, "fresh").options()).as("never used identity options")
                    .isEqualTo(SequenceOptions.builder().dataType("integer").start(7).increment(3).minValue(1)
                            .maxValue(Integer.MAX_VALUE).cache(1).cycle(false).build());
            assertThat(identityOf(m, "renumbered").position()).as("identity after RESTART WITH 1000")
                    .isEqualTo(new SequencePosition(1000, false));
        }
    }

    // ---------------------------------------------------------------- columns

    @Test
    void shouldReadExactColumnTypes() {
        assertThat(table("app", "all_types").columns()).as("app.all_types").extracting(c -> c.name() + " " + c.type())
                .containsExactly(
                        "id integer", "c_smallint smallint", "c_int integer", "c_bigint bigint",
                        "c_numeric numeric", "c_numeric_p numeric(20,5)", "c_real real", "c_double double precision",
                        "c_bool boolean", "c_text text", "c_varchar character varying(50)", "c_char character(3)",
                        "c_bytea bytea", "c_date date", "c_time time(3) without time zone",
                        "c_timetz time with time zone", "c_ts timestamp(3) without time zone",
                        "c_tstz timestamp with time zone", "c_interval interval", "c_uuid uuid", "c_json json",
                        "c_jsonb jsonb", "c_inet inet", "c_cidr cidr", "c_macaddr macaddr", "c_bit bit(4)",
                        "c_varbit bit varying(8)", "c_int_arr integer[]", "c_text_arr text[]",
                        "c_matrix double precision[]", "c_tstzrange tstzrange", "c_int4range int4range",
                        "c_floatrange app.floatrange", "c_point point", "c_xml xml", "c_tsvector tsvector",
                        "c_mood_arr app.mood[]", "c_money_pair \"Sales Data\".\"Money Pair\"");
        assertThat(column(table("app", "customers"), "nick").type()).as("extension type").isEqualTo("public.citext");
        assertThat(column(table("we\"ird.schema", "table; DROP TABLE app.customers;--"), "from").type())
                .as("array of a table's row type").isEqualTo("app.customers[]");
        assertThat(column(table("Sales Data", "Order Lines"), "qty").type()).as("domain").isEqualTo("app.positive_int");
    }

    @Test
    void shouldReadNullabilityAndDefaultsAsPostgresPrintsThem() {
        Table customers = table("app", "customers");
        assertThat(customers.columns()).as("app.customers: name, NOT NULL, default").extracting(
                        c -> c.name() + " | " + c.notNull() + " | " + c.defaultValue())
                .containsExactly(
                        "id | true | null",
                        "email | false | null",
                        "name | true | null",
                        "nick | false | null",
                        "mood | false | 'ok'::app.mood",
                        "address | false | null",
                        "referred_by | false | null",
                        "tags | false | '{}'::text[]",
                        "invoice | false | nextval('app.invoice_no'::regclass)",
                        "created_at | true | now()",
                        "updated_at | false | null",
                        "name_upper | false | null");
        Column orderId = column(table("Sales Data", "Order Lines"), "Order ID");
        assertThat(orderId.defaultValue()).as("serial default")
                .isEqualTo("nextval('\"Sales Data\".\"Order Lines_Order ID_seq\"'::regclass)");
        assertThat(orderId.notNull()).as("serial is NOT NULL").isTrue();
        assertThat(orderId.identity()).as("serial is no identity").isNull();
        assertThat(column(table("we\"ird.schema", "table; DROP TABLE app.customers;--"), "order").defaultValue())
                .as("quote in a default").isEqualTo("'it''s'::text");
        assertThat(column(table("app", "events"), "kind").defaultValue()).as("app.events.kind")
                .isEqualTo("'info'::text");
    }

    @Test
    void shouldReadGeneratedColumns() {
        Column nameUpper = column(table("app", "customers"), "name_upper");
        assertThat(nameUpper.generated()).as("expression").isEqualTo("upper(name)");
        assertThat(nameUpper.isGenerated()).as("isGenerated").isTrue();
        assertThat(nameUpper.defaultValue()).as("no default besides the expression").isNull();
        assertThat(nameUpper.identity()).as("no identity").isNull();
        assertThat(nameUpper.comment()).as("comment").isEqualTo("Computed by the database");
        assertThat(table("app", "customers").columns()).as("the only generated column of app.customers")
                .filteredOn(Column::isGenerated).extracting(Column::name).containsExactly("name_upper");
    }

    @Test
    void shouldReadCollationsAndComments() {
        Table customers = table("app", "customers");
        assertThat(column(customers, "name").collation()).as("explicit COLLATE \"C\"").isEqualTo(C_COLLATION);
        assertThat(column(customers, "email").collation()).as("collation that comes with the domain").isNull();
        assertThat(customers.columns()).as("columns with a collation").filteredOn(c -> c.collation() != null)
                .extracting(Column::name).containsExactly("name");
        assertThat(customers.comment()).as("table comment").isEqualTo("People who buy things; it's \"quoted\"");
        assertThat(column(table("Sales Data", "Order Lines"), "Mixed\"Quote").comment()).as("column comment")
                .isEqualTo("A column with a quote in its name");
        assertThat(table("Sales Data", "Order Lines").comment()).as("no table comment").isNull();
    }

    // ---------------------------------------------------------------- constraints

    @Test
    void shouldReadPrimaryUniqueAndCheckConstraints() {
        Table customers = table("app", "customers");
        assertThat(customers.constraints()).as("app.customers constraints").extracting(c -> c.name() + " " + c.type())
                .containsExactly("customers_email_key UNIQUE", "customers_pkey PRIMARY_KEY",
                        "customers_referred_by_fkey FOREIGN_KEY", "name_not_blank CHECK");
        assertThat(customers.primaryKey()).as("primary key").hasValueSatisfying(pk -> {
            assertThat(pk.definition()).as("pk definition").isEqualTo("PRIMARY KEY (id)");
            assertThat(pk.columns()).as("pk columns").containsExactly("id");
        });
        Constraint notBlank = constraint(customers, "name_not_blank");
        assertThat(notBlank.definition()).as("check definition").isEqualTo("CHECK ((length(name) > 0))");
        assertThat(notBlank.comment()).as("constraint comment").isEqualTo("No empty names");
        assertThat(notBlank.validated()).as("validated").isTrue();
        assertThat(constraint(customers, "customers_email_key").comment()).as("uncommented constraint").isNull();

        Constraint unique = constraint(table("Sales Data", "Order Lines"), "unique select; per customer");
        assertThat(unique.type()).as("unique type").isEqualTo(Constraint.Type.UNIQUE);
        assertThat(unique.definition()).as("unique definition").isEqualTo("UNIQUE (\"select\", customer_id)");
        assertThat(unique.columns()).as("unique columns in key order").containsExactly("select", "customer_id");
        assertThat(unique.referencedTable()).as("no referenced table").isNull();
        assertThat(unique.onDelete()).as("no referential action").isNull();

        assertThat(table("app", "events").primaryKey()).as("composite primary key of the partitioned table")
                .hasValueSatisfying(pk -> assertThat(pk.columns()).containsExactly("id", "ts"));
        assertThat(constraint(table("we\"ird.schema", "table; DROP TABLE app.customers;--"),
                "table; DROP TABLE app.customers;--_pkey").definition()).as("quoted pk column")
                .isEqualTo("PRIMARY KEY (\"col \"\"quoted\"\"\")");
    }

    @Test
    void shouldReadNotValidCheckConstraints() {
        Constraint check = constraint(table("app", "all_types"), "c_int_positive");
        assertThat(check.type()).as("type").isEqualTo(Constraint.Type.CHECK);
        assertThat(check.validated()).as("NOT VALID").isFalse();
        assertThat(check.definition()).as("definition").isEqualTo("CHECK ((c_int > 0)) NOT VALID");
        assertThat(check.columns()).as("columns").containsExactly("c_int");
    }

    @Test
    void shouldReadExclusionConstraints() {
        Constraint exclusion = constraint(table("app", "bookings"), "no_double_booking");
        assertThat(exclusion.type()).as("type").isEqualTo(Constraint.Type.EXCLUSION);
        assertThat(exclusion.definition()).as("definition")
                .isEqualTo("EXCLUDE USING gist (room WITH =, during WITH &&) DEFERRABLE");
        assertThat(exclusion.columns()).as("columns").containsExactly("room", "during");
        assertThat(exclusion.deferrable()).as("DEFERRABLE").isTrue();
        assertThat(exclusion.initiallyDeferred()).as("INITIALLY IMMEDIATE").isFalse();
    }

    @Test
    void shouldReadForeignKeysWithActionsAndDeferral() {
        Constraint selfReference = constraint(table("app", "customers"), "customers_referred_by_fkey");
        assertThat(selfReference.definition()).as("self reference definition").isEqualTo(
                "FOREIGN KEY (referred_by) REFERENCES app.customers(id) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED");
        assertThat(selfReference.columns()).as("self reference columns").containsExactly("referred_by");
        assertThat(selfReference.referencedTable()).as("self reference target").isEqualTo(QualifiedName.of("app", "customers"));
        assertThat(selfReference.referencedColumns()).as("self reference target columns").containsExactly("id");
        assertThat(selfReference.onUpdate()).as("self reference ON UPDATE").isEqualTo(ForeignKeyAction.NO_ACTION);
        assertThat(selfReference.onDelete()).as("self reference ON DELETE").isEqualTo(ForeignKeyAction.SET_NULL);
        assertThat(selfReference.deferrable()).as("self reference DEFERRABLE").isTrue();
        assertThat(selfReference.initiallyDeferred()).as("self reference INITIALLY DEFERRED").isTrue();

        Constraint crossSchema = constraint(table("Sales Data", "Order Lines"), "Order Lines_customer_id_fkey");
        assertThat(crossSchema.type()).as("cross-schema type").isEqualTo(Constraint.Type.FOREIGN_KEY);
        assertThat(crossSchema.definition()).as("cross-schema definition").isEqualTo(
                "FOREIGN KEY (customer_id) REFERENCES app.customers(id) ON UPDATE CASCADE ON DELETE RESTRICT");
        assertThat(crossSchema.referencedTable()).as("cross-schema target").isEqualTo(QualifiedName.of("app", "customers"));
        assertThat(crossSchema.referencedColumns()).as("cross-schema target columns").containsExactly("id");
        assertThat(crossSchema.onUpdate()).as("ON UPDATE CASCADE").isEqualTo(ForeignKeyAction.CASCADE);
        assertThat(crossSchema.onDelete()).as("ON DELETE RESTRICT").isEqualTo(ForeignKeyAction.RESTRICT);
        assertThat(crossSchema.deferrable()).as("not DEFERRABLE").isFalse();
        assertThat(crossSchema.initiallyDeferred()).as("not INITIALLY DEFERRED").isFalse();
        assertThat(crossSchema.validated()).as("validated").isTrue();
    }

    @Test
    void shouldLeaveInheritedConstraintsAndIndexesOffPartitions() {
        Table events = table("app", "events");
        assertThat(events.constraints()).as("declared on the parent").extracting(Constraint::name)
                .containsExactly("events_kind_known", "events_pkey");
        for (String partition : List.of("events_2024", "events_2025", "events_other")) {
            Table t = table("app", partition);
            assertThat(t.constraints()).as("constraints of %s", partition).isEmpty();
            assertThat(t.indexes()).as("indexes of %s", partition).isEmpty();
            assertThat(t.columns()).as("columns of %s", partition).extracting(Column::name)
                    .containsExactly("id", "ts", "kind", "payload");
        }
    }

    // ---------------------------------------------------------------- indexes

    @Test
    void shouldReadExpressionPartialAndGinIndexes() {
        Table customers = table("app", "customers");
        assertThat(customers.indexes()).as("app.customers indexes; the pkey and unique indexes back constraints")
                .extracting(Index::name).containsExactly("customers_lower_email", "customers_not_updated", "customers_tags");

        Index lowerEmail = index(customers.indexes(), "customers_lower_email");
        assertThat(lowerEmail.keys()).as("expression key").containsExactly("lower(email::text)");
        assertThat(lowerEmail.definition()).as("expression index definition")
                .isEqualTo("CREATE INDEX customers_lower_email ON app.customers USING btree (lower((email)::text))");
        assertThat(lowerEmail.method()).as("expression index method").isEqualTo("btree");
        assertThat(lowerEmail.unique()).as("not unique").isFalse();
        assertThat(lowerEmail.predicate()).as("not partial").isNull();

        Index notUpdated = index(customers.indexes(), "customers_not_updated");
        assertThat(notUpdated.predicate()).as("partial predicate").isEqualTo("updated_at IS NULL");
        assertThat(notUpdated.definition()).as("partial index definition").isEqualTo(
                "CREATE INDEX customers_not_updated ON app.customers USING btree (created_at DESC NULLS LAST) "
                        + "WHERE (updated_at IS NULL)");

        Index tags = index(customers.indexes(), "customers_tags");
        assertThat(tags.method()).as("gin").isEqualTo("gin");
        assertThat(tags.keys()).as("gin keys").containsExactly("tags");
        assertThat(tags.definition()).as("gin definition")
                .isEqualTo("CREATE INDEX customers_tags ON app.customers USING gin (tags)");
        assertThat(tags.comment()).as("index comment").isEqualTo("Tag search");
    }

    @Test
    void shouldReadIncludeBrinAndOperatorClassIndexes() {
        Table orderLines = table("Sales Data", "Order Lines");
        assertThat(orderLines.indexes()).as("\"Order Lines\" indexes; pkey and unique constraint indexes left out")
                .extracting(Index::name).containsExactly("Order Lines cover");
        Index cover = orderLines.indexes().get(0);
        assertThat(cover.unique()).as("UNIQUE").isTrue();
        assertThat(cover.keys()).as("key columns").containsExactly("customer_id", "\"Order ID\"");
        assertThat(cover.included()).as("INCLUDE columns").containsExactly("\"a.b\"");
        assertThat(cover.definition()).as("definition").isEqualTo("CREATE UNIQUE INDEX \"Order Lines cover\" ON "
                + "\"Sales Data\".\"Order Lines\" USING btree (customer_id, \"Order ID\") INCLUDE (\"a.b\")");

        Index brin = index(table("app", "all_types").indexes(), "all_types_brin");
        assertThat(brin.method()).as("brin").isEqualTo("brin");
        assertThat(brin.definition()).as("brin definition")
                .isEqualTo("CREATE INDEX all_types_brin ON app.all_types USING brin (c_tstz)");
        assertThat(table("app", "all_types").indexes()).as("app.all_types indexes").hasSize(1);

        Table weird = table("we\"ird.schema", "table; DROP TABLE app.customers;--");
        assertThat(weird.indexes()).as("weird table indexes").extracting(Index::name).containsExactly("weird index");
        assertThat(weird.indexes().get(0).definition()).as("operator class").isEqualTo(
                "CREATE INDEX \"weird index\" ON \"we\"\"ird.schema\".\"table; DROP TABLE app.customers;--\" "
                        + "USING btree (\"UPPER\" text_pattern_ops)");

        assertThat(table("app", "bookings").indexes()).as("exclusion and pkey indexes back constraints").isEmpty();
        assertThat(table("app", "cache").indexes()).as("pkey index backs a constraint").isEmpty();
    }

    @Test
    void shouldReadIndexesOfPartitionedTablesAndHypertables() {
        Table events = table("app", "events");
        assertThat(events.indexes()).as("app.events indexes").extracting(Index::name).containsExactly("events_kind_idx");
        assertThat(events.indexes().get(0).keys()).as("key").containsExactly("kind");
        assertThat(events.indexes().get(0).definition()).as("definition")
                .startsWith("CREATE INDEX events_kind_idx ON ").endsWith("app.events USING btree (kind)");

        Table conditions = table("metrics", "conditions");
        assertThat(conditions.indexes()).as("metrics.conditions: the fixture's index and create_hypertable's default")
                .extracting(Index::name).containsExactly("conditions_device_ts", "conditions_ts_idx");
        assertThat(index(conditions.indexes(), "conditions_device_ts").definition()).as("conditions_device_ts")
                .isEqualTo("CREATE INDEX conditions_device_ts ON metrics.conditions USING btree (device_id, ts DESC)");
        assertThat(index(conditions.indexes(), "conditions_ts_idx").definition()).as("conditions_ts_idx")
                .isEqualTo("CREATE INDEX conditions_ts_idx ON metrics.conditions USING btree (ts DESC)");
    }

    // ---------------------------------------------------------------- tables

    @Test
    void shouldReadPartitionedTablesAndPartitions() {
        Table events = table("app", "events");
        assertThat(events.kind()).as("kind").isEqualTo(Table.Kind.PARTITIONED);
        assertThat(events.holdsRows()).as("holds no rows").isFalse();
        assertThat(events.partitionKey()).as("partition key").isEqualTo("RANGE (ts)");
        assertThat(events.partitionOf()).as("not a partition").isNull();

        assertPartition("events_2024", Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2025-01-01T00:00:00Z"));
        assertPartition("events_2025", Instant.parse("2025-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"));
        Table other = table("app", "events_other");
        assertThat(other.partitionOf()).as("default partition")
                .isEqualTo(new Table.PartitionOf(QualifiedName.of("app", "events"), "DEFAULT"));
        assertThat(other.kind()).as("a partition is ordinary").isEqualTo(Table.Kind.ORDINARY);
        assertThat(other.partitionKey()).as("a partition has no key").isNull();

        assertThat(model.tables()).as("partitions of app.events")
                .filteredOn(t -> t.partitionOf() != null).extracting(t -> t.name().name())
                .containsExactly("events_2024", "events_2025", "events_other");
    }

    private static void assertPartition(String name, Instant from, Instant to) {
        Table partition = table("app", name);
        assertThat(partition.kind()).as("%s kind", name).isEqualTo(Table.Kind.ORDINARY);
        assertThat(partition.partitionOf()).as("%s", name).isNotNull();
        assertThat(partition.partitionOf().parent()).as("%s parent", name).isEqualTo(QualifiedName.of("app", "events"));
        // timestamptz bounds print in the session's time zone: compare instants
        Matcher bound = Pattern.compile("FOR VALUES FROM \\('([^']+)'\\) TO \\('([^']+)'\\)")
                .matcher(partition.partitionOf().bound());
        assertThat(bound.matches()).as("%s bound %s", name, partition.partitionOf().bound()).isTrue();
        assertThat(instant(bound.group(1))).as("%s lower bound", name).isEqualTo(from);
        assertThat(instant(bound.group(2))).as("%s upper bound", name).isEqualTo(to);
    }

    @Test
    void shouldOrderTablesParentsAndReferencedTablesFirst() {
        List<QualifiedName> names = model.tables().stream().map(Table::name).toList();
        int events = names.indexOf(QualifiedName.of("app", "events"));
        for (String partition : List.of("events_2024", "events_2025", "events_other")) {
            assertThat(names.indexOf(QualifiedName.of("app", partition))).as("%s after app.events", partition)
                    .isGreaterThan(events);
        }
        assertThat(names.indexOf(QualifiedName.of("app", "customers"))).as("app.customers before \"Order Lines\"")
                .isGreaterThanOrEqualTo(0)
                .isLessThan(names.indexOf(QualifiedName.of("Sales Data", "Order Lines")));
        assertThat(names.indexOf(QualifiedName.of("app", "customers"))).as("app.customers before the table using its row type")
                .isLessThan(names.indexOf(QualifiedName.of("we\"ird.schema", "table; DROP TABLE app.customers;--")));
        assertThat(names).as("every table once, hypertables included, chunks left out").containsExactlyInAnyOrder(
                QualifiedName.of("Sales Data", "Order Lines"),
                QualifiedName.of("app", "all_types"),
                QualifiedName.of("app", "bookings"),
                QualifiedName.of("app", "cache"),
                QualifiedName.of("app", "customers"),
                QualifiedName.of("app", "events"),
                QualifiedName.of("app", "events_2024"),
                QualifiedName.of("app", "events_2025"),
                QualifiedName.of("app", "events_other"),
                QualifiedName.of("metrics", "Readings"),
                QualifiedName.of("metrics", "conditions"),
                QualifiedName.of("metrics", "plain_lookup"),
                QualifiedName.of("we\"ird.schema", "table; DROP TABLE app.customers;--"));
    }

    @Test
    void shouldOrderATableAfterTheTableWhoseRowTypeItUses() {
        try (TestDatabase scenario = TestDatabase.create("rowtypes")) {
            // by name "a"."holder" sorts first, but it cannot be created before "b"."base"
            scenario.execute("""
                    CREATE SCHEMA a;
                    CREATE SCHEMA b;
                    CREATE TABLE b.base (id int PRIMARY KEY, label text);
                    CREATE TABLE a.holder (id int, items b.base[], one b.base);
                    CREATE TABLE a.plain (id int);
                    """);
            DatabaseModel m = DatabaseInspector.of(scenario.dataSource()).model();
            assertThat(m.tables()).as("tables").extracting(Table::name).containsExactly(
                    QualifiedName.of("a", "plain"), QualifiedName.of("b", "base"), QualifiedName.of("a", "holder"));
        }
    }

    @Test
    void shouldReadUnloggedTablesAndStorageOptions() {
        Table cache = table("app", "cache");
        assertThat(cache.unlogged()).as("UNLOGGED").isTrue();
        assertThat(cache.options()).as("storage parameters").containsExactly("fillfactor=70", "autovacuum_enabled=false");
        assertThat(model.tables()).as("the only unlogged table").filteredOn(Table::unlogged)
                .extracting(Table::name).containsExactly(QualifiedName.of("app", "cache"));
        assertThat(table("app", "customers").options()).as("no options").isEmpty();
    }

    // ---------------------------------------------------------------- triggers

    @Test
    void shouldReadTriggersWithStateAndComments() {
        Table customers = table("app", "customers");
        assertThat(customers.triggers()).as("app.customers triggers").containsExactly(
                new Trigger("Paused Trigger", "CREATE TRIGGER \"Paused Trigger\" BEFORE UPDATE OF name ON app.customers "
                        + "FOR EACH ROW WHEN ((old.name IS DISTINCT FROM new.name)) EXECUTE FUNCTION app.touch()",
                        Trigger.Enabled.DISABLED, null),
                new Trigger("customers_touch", "CREATE TRIGGER customers_touch BEFORE UPDATE ON app.customers "
                        + "FOR EACH ROW EXECUTE FUNCTION app.touch()",
                        Trigger.Enabled.ORIGIN, "Keeps updated_at current"));
        assertThat(table("metrics", "conditions").triggers()).as("TimescaleDB's own triggers left out").isEmpty();
        assertThat(table("metrics", "Readings").triggers()).as("TimescaleDB's own triggers left out").isEmpty();
    }

    // ---------------------------------------------------------------- views

    @Test
    void shouldReadViewsInDependencyOrder() {
        assertThat(model.views()).as("views").extracting(View::name).containsExactly(
                QualifiedName.of("app", "customer_names"),
                QualifiedName.of("app", "Happy Customers"),
                QualifiedName.of("Sales Data", "big_spenders"),
                QualifiedName.of("app", "order_totals"));

        View names = view("app", "customer_names");
        assertThat(names.materialized()).as("customer_names is a view").isFalse();
        assertThat(names.columns()).as("customer_names columns").containsExactly("id", "name", "mood");
        assertThat(names.definition()).as("customer_names definition, qualified, no semicolon").isEqualTo("""
                SELECT customers.id,
                    customers.name,
                    customers.mood
                   FROM app.customers""");
        assertThat(names.options()).as("customer_names options").isEmpty();
        assertThat(names.comment()).as("customer_names comment").isEqualTo("Names only");

        View happy = view("app", "Happy Customers");
        assertThat(happy.options()).as("security barrier").containsExactly("security_barrier=true");
        assertThat(happy.columns()).as("Happy Customers columns").containsExactly("id", "name");
        assertThat(happy.definition()).as("Happy Customers definition")
                .contains("FROM app.customer_names c").contains("WHERE (c.mood = 'happy'::app.mood)");
        assertThat(happy.comment()).as("Happy Customers comment").isNull();

        View bigSpenders = view("Sales Data", "big_spenders");
        assertThat(bigSpenders.columns()).as("big_spenders columns").containsExactly("id", "name", "total");
        assertThat(bigSpenders.definition()).as("big_spenders definition")
                .contains("app.\"Happy Customers\" h").contains("JOIN \"Sales Data\".\"Order Lines\" l");
    }

    @Test
    void shouldReadMaterializedViewsWithTheirIndexes() {
        View totals = view("app", "order_totals");
        assertThat(totals.materialized()).as("materialized").isTrue();
        assertThat(totals.columns()).as("columns").containsExactly("customer_id", "lines", "total");
        assertThat(totals.definition()).as("definition").contains("count(*) AS lines")
                .contains("FROM \"Sales Data\".\"Order Lines\"").doesNotEndWith(";");
        assertThat(totals.comment()).as("comment").isEqualTo("Totals per customer");
        assertThat(totals.indexes()).as("indexes").containsExactly(Index.builder("order_totals_customer")
                .unique(true).method("btree").keys(List.of("customer_id"))
                .definition("CREATE UNIQUE INDEX order_totals_customer ON app.order_totals USING btree (customer_id)")
                .build());
        assertThat(model.views()).as("the only materialized view").filteredOn(View::materialized)
                .extracting(View::name).containsExactly(QualifiedName.of("app", "order_totals"));
    }

    // ---------------------------------------------------------------- TimescaleDB

    @Test
    void shouldFindTheIntegerNowFunctionInItsOwnSchemaWhenAnotherHasItsName() {
        try (TestDatabase other = TestDatabase.create("now_func").withTimescale()) {
            other.execute("""
                    CREATE SCHEMA aaa;
                    CREATE FUNCTION aaa.now_tick() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT 1::bigint';
                    CREATE SCHEMA metrics;
                    CREATE FUNCTION metrics.now_tick() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT 2::bigint';
                    CREATE TABLE metrics.t (tick bigint NOT NULL);
                    SELECT create_hypertable('metrics.t', 'tick', chunk_time_interval => 10);
                    SELECT set_integer_now_func('metrics.t', 'metrics.now_tick');
                    """);
            Dimension d = DatabaseInspector.of(other.dataSource()).model().timescale()
                    .hypertable(QualifiedName.of("metrics", "t")).orElseThrow().primaryDimension();
            assertThat(d.integerNowFunction()).as("not aaa.now_tick, which sorts first")
                    .isEqualTo(QualifiedName.of("metrics", "now_tick"));
        }
    }

    @Test
    void shouldReadHypertablesAndTheirDimensions() {
        TimescaleModel timescale = model.timescale();
        assertThat(timescale.hypertables()).as("hypertables").extracting(Hypertable::table).containsExactly(
                QualifiedName.of("metrics", "Readings"), QualifiedName.of("metrics", "conditions"));

        Hypertable conditions = timescale.hypertable(QualifiedName.of("metrics", "conditions")).orElseThrow();
        assertThat(conditions.dimensions()).as("metrics.conditions dimensions").containsExactly(
                Dimension.builder("ts", "timestamp with time zone", Dimension.Kind.TIME).timeInterval("1 day")
                        .build());
        assertThat(conditions.compression()).as("no compression on the Apache edition").isNull();

        Hypertable readings = timescale.hypertable(QualifiedName.of("metrics", "Readings")).orElseThrow();
        assertThat(readings.primaryDimension()).as("metrics.\"Readings\" integer time dimension").isEqualTo(
                Dimension.builder("tick", "bigint", Dimension.Kind.TIME).integerInterval(1000L)
                        .integerNowFunction(QualifiedName.of("metrics", "now_tick")).build());
        assertThat(readings.dimensions()).as("metrics.\"Readings\" dimensions").hasSize(2);
        assertThat(readings.dimensions().get(1)).as("space dimension").isEqualTo(
                Dimension.builder("sensor", "integer", Dimension.Kind.SPACE).numPartitions(4).build());
        assertThat(readings.compression()).as("no compression").isNull();

        assertThat(timescale.hypertable(QualifiedName.of("metrics", "plain_lookup"))).as("a plain table").isEmpty();
    }

    @Test
    void shouldFindNoContinuousAggregatesOrUserJobsOnTheApacheEdition() {
        assertThat(db.column("SELECT job_id FROM timescaledb_information.jobs"))
                .as("precondition: the server has TimescaleDB's own jobs").isNotEmpty()
                .allSatisfy(id -> assertThat(Integer.parseInt(id)).isLessThan(1000));
        TimescaleModel timescale = model.timescale();
        assertThat(timescale.jobs()).as("TimescaleDB's own jobs (ids below 1000) left out").isEmpty();
        assertThat(timescale.jobs()).as("no job below id 1000").noneMatch(j -> j.id() < 1000);
        assertThat(timescale.continuousAggregates()).as("continuous aggregates").isEmpty();
        assertThat(timescale.usesLicensedFeatures()).as("licensed features").isFalse();
    }

    @Test
    void shouldListChunksWithTheirRanges() {
        List<Chunk> chunks = DatabaseInspector.of(db.dataSource()).chunks();
        assertThat(chunks).as("chunks of both hypertables").extracting(Chunk::hypertable).containsOnly(
                QualifiedName.of("metrics", "Readings"), QualifiedName.of("metrics", "conditions"));
        assertThat(chunks).as("chunk tables live in _timescaledb_internal")
                .allSatisfy(c -> assertThat(c.chunk().schema()).isEqualTo("_timescaledb_internal"));
        assertThat(chunks).as("nothing compressed").noneMatch(Chunk::compressed);

        List<Chunk> conditions = chunks.stream()
                .filter(c -> c.hypertable().equals(QualifiedName.of("metrics", "conditions"))).toList();
        assertThat(conditions).as("5 days of hourly rows in 1-day chunks").hasSize(5);
        for (int day = 0; day < 5; day++) {
            Chunk chunk = conditions.get(day);
            Instant start = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(86_400L * day);
            assertThat(instant(chunk.rangeStart())).as("start of chunk %d", day).isEqualTo(start);
            assertThat(instant(chunk.rangeEnd())).as("end of chunk %d", day).isEqualTo(start.plusSeconds(86_400));
            assertThat(chunk.rangeStartInteger()).as("no integer start on a time dimension").isNull();
            assertThat(chunk.rangeEndInteger()).as("no integer end on a time dimension").isNull();
        }

        List<Chunk> readings = chunks.stream()
                .filter(c -> c.hypertable().equals(QualifiedName.of("metrics", "Readings"))).toList();
        assertThat(readings).as("ticks 0..4990 in ranges of 1000, 8 sensors hashed into 4 partitions").hasSize(20)
                .hasSize(Integer.parseInt(db.value("SELECT count(*) FROM public.show_chunks('metrics.\"Readings\"')")));
        Map<Long, Long> perRange = readings.stream()
                .collect(Collectors.groupingBy(Chunk::rangeStartInteger, TreeMap::new, Collectors.counting()));
        assertThat(perRange).as("chunks per integer range").containsExactly(Map.entry(0L, 4L), Map.entry(1000L, 4L),
                Map.entry(2000L, 4L), Map.entry(3000L, 4L), Map.entry(4000L, 4L));
        assertThat(readings).as("integer ranges are 1000 wide, no time range").allSatisfy(c -> {
            assertThat(c.rangeEndInteger()).isEqualTo(c.rangeStartInteger() + 1000);
            assertThat(c.rangeStart()).isNull();
            assertThat(c.rangeEnd()).isNull();
        });
        assertThat(model.tables()).as("chunks are not tables of the model")
                .noneMatch(t -> t.name().schema().startsWith("_timescaledb"));
    }

    // ---------------------------------------------------------------- server facts

    @Test
    void shouldReadServerInfo() {
        ServerInfo info = DatabaseInspector.of(db.dataSource()).serverInfo();
        assertThat(info.database()).as("database").isEqualTo(db.name());
        assertThat(info.user()).as("user").isEqualTo(db.value("SELECT current_user"));
        assertThat(info.superuser()).as("superuser").isTrue();
        assertThat(info.serverVersionNum()).as("server_version_num").isGreaterThanOrEqualTo(150000)
                .isEqualTo(Integer.parseInt(db.value("SHOW server_version_num")));
        assertThat(info.serverVersion()).as("server_version").isEqualTo(db.value("SHOW server_version"));
        assertThat(info.timescaleVersion()).as("timescaledb version").isEqualTo(timescaleVersion);
        assertThat(info.timescaleLicense()).as("license").isEqualTo("apache");
        assertThat(info.isApacheEdition()).as("Apache edition").isTrue();
        assertThat(info.timescale()).as("parsed version").contains(new ServerInfo.Version(2, 19, 3));
    }

    // ---------------------------------------------------------------- excluded schemas

    @Test
    void shouldLeaveOutAnExcludedSchemaAndEverythingInIt() throws SQLException {
        try (Connection connection = db.connect()) {
            String searchPath = searchPath(connection);
            DatabaseModel withoutApp = new PostgresAdapter().introspect(connection, List.of("app"));

            assertThat(connection.getAutoCommit()).as("connection back in auto-commit").isTrue();
            assertThat(searchPath(connection)).as("search_path restored").isEqualTo(searchPath);

            assertThat(withoutApp.schemas()).as("schemas").extracting(Schema::name)
                    .containsExactly("Sales Data", "metrics", "public", "we\"ird.schema");
            assertThat(withoutApp.types()).as("types").extracting(UserType::name)
                    .containsExactly(QualifiedName.of("Sales Data", "Money Pair"));
            assertThat(withoutApp.routines()).as("routines").extracting(Routine::signature)
                    .containsExactly("\"Sales Data\".\"Close Books\"(IN \"for\" date)", "\"metrics\".\"now_tick\"()");
            assertThat(withoutApp.sequences()).as("sequences").extracting(Sequence::name)
                    .containsExactly(QualifiedName.of("Sales Data", "Order Lines_Order ID_seq"));
            assertThat(withoutApp.tables()).as("tables").extracting(Table::name).containsExactlyInAnyOrder(
                    QualifiedName.of("Sales Data", "Order Lines"),
                    QualifiedName.of("metrics", "Readings"),
                    QualifiedName.of("metrics", "conditions"),
                    QualifiedName.of("metrics", "plain_lookup"),
                    QualifiedName.of("we\"ird.schema", "table; DROP TABLE app.customers;--"));
            assertThat(withoutApp.views()).as("views").extracting(View::name)
                    .containsExactly(QualifiedName.of("Sales Data", "big_spenders"));
            assertThat(withoutApp.extensions()).as("extensions are not in a schema's objects")
                    .isEqualTo(model.extensions());
            assertThat(withoutApp.timescale()).as("hypertables outside app untouched").isEqualTo(model.timescale());
            assertThat(withoutApp.table(QualifiedName.of("Sales Data", "Order Lines"))).as("tables outside app unchanged")
                    .isEqualTo(model.table(QualifiedName.of("Sales Data", "Order Lines")));
        }
    }

    @Test
    void shouldLeaveOutHypertablesOfAnExcludedSchema() throws SQLException {
        try (Connection connection = db.connect()) {
            DatabaseModel withoutMetrics = new PostgresAdapter().introspect(connection, List.of("metrics"));
            assertThat(withoutMetrics.tables()).as("no table of metrics")
                    .noneMatch(t -> t.name().schema().equals("metrics"));
            assertThat(withoutMetrics.routines()).as("no routine of metrics")
                    .noneMatch(r -> r.name().schema().equals("metrics"));
            assertThat(withoutMetrics.timescale()).as("no hypertable of metrics").isEqualTo(TimescaleModel.NONE);
            assertThat(withoutMetrics.tables()).as("the other tables").hasSize(model.tables().size() - 3);
        }
    }

    // ---------------------------------------------------------------- objects the library cannot recreate

    @Test
    void shouldListUnsupportedObjects() throws java.sql.SQLException {
        try (TestDatabase scenario = TestDatabase.create("unsupported")) {
            scenario.execute("""
                    CREATE TABLE public.parent (id int, note text);
                    CREATE TABLE public.child (extra text) INHERITS (public.parent);
                    CREATE AGGREGATE public.my_sum(integer) (SFUNC = int4pl, STYPE = integer);
                    CREATE TABLE public.guarded (id int, owner text);
                    ALTER TABLE public.guarded ENABLE ROW LEVEL SECURITY;
                    CREATE POLICY "own rows" ON public.guarded USING (owner = current_user);
                    CREATE RULE no_delete AS ON DELETE TO public.parent DO INSTEAD NOTHING;
                    CREATE FOREIGN DATA WRAPPER nowhere;
                    CREATE SERVER far FOREIGN DATA WRAPPER nowhere;
                    CREATE FOREIGN TABLE public.remote_child () INHERITS (public.parent) SERVER far;
                    CREATE FOREIGN TABLE public.remote () SERVER far;
                    """);
            String tablespace = "tsm_space_" + Long.toString(System.nanoTime(), 36);
            try (java.sql.Connection c = scenario.connect(); java.sql.Statement st = c.createStatement()) {
                st.execute("SET allow_in_place_tablespaces = true"); // a directory of the server's own
                st.execute("CREATE TABLESPACE " + tablespace + " LOCATION ''");
            }
            DatabaseModel m = DatabaseInspector.of(scenario.dataSource()).model();
            assertThat(m.unsupported()).as("unsupported objects, described").containsExactly(
                    "foreign table partition or inheritance child public.remote_child");
            scenario.execute("CREATE TABLE public.elsewhere (id int) TABLESPACE " + tablespace);
            assertThat(DatabaseInspector.of(scenario.dataSource()).model().unsupported())
                    .as("a table outside the default tablespace").contains("tablespace " + tablespace
                            + " of table public.elsewhere");
            scenario.execute("DROP TABLE public.elsewhere");
            try (java.sql.Connection c = scenario.connect(); java.sql.Statement st = c.createStatement()) {
                st.execute("DROP TABLESPACE " + tablespace);
            }
            assertThat(m.objects()).extracting(o -> o.type() + " " + o.identity())
                    .as("rules, policies and foreign tables are read as catalog objects")
                    .contains("rule no_delete on public.parent", "policy \"own rows\" on public.guarded",
                            "foreign table public.remote");
            assertThat(m.routines()).as("the aggregate is not a routine").isEmpty();
            assertThat(m.objects()).as("the aggregate is an object the model carries as DDL")
                    .anyMatch(o -> o.type().equals("aggregate") && o.identity().equals("public.my_sum(integer)"));
        }
    }

    // ---------------------------------------------------------------- plain PostgreSQL

    @Test
    void shouldReadADatabaseWithoutTimescale() {
        try (TestDatabase plain = TestDatabase.create("plain")) {
            plain.execute("CREATE TABLE public.plain (id int PRIMARY KEY, note text)");
            DatabaseInspector inspector = DatabaseInspector.of(plain.dataSource());
            DatabaseModel m = inspector.model();
            assertThat(m.timescale()).as("timescale").isEqualTo(TimescaleModel.NONE);
            assertThat(m.extensions()).as("no extensions besides plpgsql").isEmpty();
            assertThat(m.tables()).as("tables").extracting(Table::name).containsExactly(QualifiedName.of("public", "plain"));
            ServerInfo info = inspector.serverInfo();
            assertThat(info.timescaleVersion()).as("no timescaledb version").isNull();
            assertThat(info.hasTimescale()).as("hasTimescale").isFalse();
            assertThat(info.timescale()).as("no parsed version").isEmpty();
            assertThat(inspector.chunks()).as("no chunks").isEmpty();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static final DateTimeFormatter PG_TIMESTAMPTZ = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendOffset("+HH:mm", "+00")
            .toFormatter(Locale.ROOT);

    /** A timestamptz as PostgreSQL prints it ({@code 2024-01-01 00:00:00+00}, {@code ...+05:30}). */
    private static Instant instant(String text) {
        assertThat(text).as("timestamp text").isNotNull();
        return OffsetDateTime.parse(text, PG_TIMESTAMPTZ).toInstant();
    }

    private static SequencePosition positionOf(String sequence) {
        List<String> row = db.column("SELECT last_value || ',' || is_called FROM " + sequence);
        String[] parts = row.get(0).split(",");
        return new SequencePosition(Long.parseLong(parts[0]), "true".equals(parts[1]));
    }

    private static String searchPath(Connection connection) throws SQLException {
        try (var s = connection.createStatement(); var rs = s.executeQuery("SHOW search_path")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Column.Identity identityOf(DatabaseModel m, String table) {
        Table t = m.table(QualifiedName.of("public", table)).orElseThrow(() -> new AssertionError("no table " + table));
        return column(t, "id").identity();
    }

    private static Table table(String schema, String name) {
        return model.table(QualifiedName.of(schema, name))
                .orElseThrow(() -> new AssertionError("no table " + QualifiedName.of(schema, name)));
    }

    private static Column column(Table table, String name) {
        return table.column(name).orElseThrow(() -> new AssertionError("no column " + name + " in " + table.name()));
    }

    private static Constraint constraint(Table table, String name) {
        return find(table.constraints(), Constraint::name, name, "constraint in " + table.name());
    }

    private static Index index(List<Index> indexes, String name) {
        return find(indexes, Index::name, name, "index");
    }

    private static Sequence sequence(String schema, String name) {
        return find(model.sequences(), Sequence::name, QualifiedName.of(schema, name), "sequence");
    }

    private static View view(String schema, String name) {
        return find(model.views(), View::name, QualifiedName.of(schema, name), "view");
    }

    private static <T extends UserType> T type(Class<T> kind, String schema, String name) {
        UserType type = find(model.types(), UserType::name, QualifiedName.of(schema, name), "type");
        assertThat(type).as("kind of type %s.%s", schema, name).isInstanceOf(kind);
        return kind.cast(type);
    }

    private static <T, K> T find(List<T> items, Function<T, K> key, K wanted, String what) {
        return items.stream().filter(i -> key.apply(i).equals(wanted)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + what + " " + wanted + " among "
                        + items.stream().map(key).toList()));
    }
}
