package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.Role;
import dev.timescalemigrate.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Owners and privileges with the whole-database strategy: recreated exactly when the roles exist (revoked
 * defaults included), renamed by a role mapping, left out with a warning when a role is missing, and refused in
 * the preflight when the user required them.
 */
class OwnershipIT {

    private static final String SUFFIX = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    // created before the databases and dropped after them, which hold objects they own or are granted
    @Role private static final String OWNER = "tsm_owner_" + SUFFIX;
    @Role private static final String READER = "tsm_reader_" + SUFFIX;
    @Role private static final String OTHER = "tsm_other_" + SUFFIX;
    @Role private static final String THIRD = "tsm_third_" + SUFFIX;
    @Role private static final String FOURTH = "tsm_fourth_" + SUFFIX;
    @Database(label = "own_src", timescale = true)
    private static TestDatabase source;
    @Database(label = "own_dst", timescale = true)
    private TestDatabase target;

    @BeforeAll
    static void fillSource() {
        source.execute("""
                CREATE SCHEMA shop;
                CREATE TYPE shop.status AS ENUM ('new', 'paid');
                CREATE TABLE shop.orders (id bigserial PRIMARY KEY, status shop.status NOT NULL, total numeric);
                INSERT INTO shop.orders (status, total) SELECT 'new', g FROM generate_series(1, 100) g;
                CREATE VIEW shop.big_orders AS SELECT * FROM shop.orders WHERE total > 50;
                CREATE FUNCTION shop.order_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM shop.orders';
                CREATE TABLE shop.readings (ts timestamptz NOT NULL, v double precision);
                SELECT create_hypertable('shop.readings', 'ts', chunk_time_interval => interval '1 day');
                INSERT INTO shop.readings SELECT timestamptz '2024-01-01' + g * interval '1 hour', g
                FROM generate_series(1, 100) g;
                ALTER SCHEMA shop OWNER TO %1$s;
                ALTER TYPE shop.status OWNER TO %1$s;
                ALTER TABLE shop.orders OWNER TO %1$s;
                ALTER VIEW shop.big_orders OWNER TO %1$s;
                ALTER FUNCTION shop.order_count() OWNER TO %1$s;
                ALTER TABLE shop.readings OWNER TO %1$s;
                GRANT USAGE ON SCHEMA shop TO %2$s;
                GRANT SELECT ON shop.orders, shop.big_orders TO %2$s;
                GRANT SELECT, INSERT ON shop.readings TO %2$s WITH GRANT OPTION;
                GRANT USAGE ON SEQUENCE shop.orders_id_seq TO %2$s;
                REVOKE EXECUTE ON FUNCTION shop.order_count() FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION shop.order_count() TO %2$s;
                GRANT SELECT (id), UPDATE (id) ON shop.big_orders TO %2$s;
                GRANT INSERT (id) ON shop.orders TO %2$s WITH GRANT OPTION;
                ALTER DEFAULT PRIVILEGES FOR ROLE %1$s REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
                ALTER DEFAULT PRIVILEGES FOR ROLE %1$s GRANT SELECT ON TABLES TO %2$s;
                ALTER DEFAULT PRIVILEGES FOR ROLE %1$s IN SCHEMA shop GRANT USAGE ON SEQUENCES TO %2$s WITH GRANT OPTION;
                CREATE TABLE shop.audit (id int);
                ALTER TABLE shop.audit OWNER TO %1$s;
                GRANT SELECT ON shop.audit TO %4$s;
                GRANT SELECT ON shop.audit TO %2$s;
                GRANT SELECT ON shop.audit TO %3$s;
                GRANT UPDATE ON shop.audit TO %4$s;
                REVOKE USAGE ON SCHEMA public FROM PUBLIC;
                GRANT ALL ON SCHEMA public TO PUBLIC;
                GRANT SELECT (prosrc) ON pg_catalog.pg_proc TO %2$s;
                """.formatted(OWNER, READER, THIRD, FOURTH));
    }

    private static final String OWNERS = """
            SELECT kind || ' ' || name || ' ' || owner || ' ' || coalesce(acl, '-') FROM (
              SELECT 'schema' AS kind, nspname::text AS name, pg_get_userbyid(nspowner)::text AS owner,
                     nspacl::text AS acl FROM pg_namespace WHERE nspname = 'shop'
              UNION ALL
              SELECT 'rel', relname::text, pg_get_userbyid(relowner)::text, relacl::text FROM pg_class
              WHERE relnamespace = 'shop'::regnamespace AND relkind IN ('r', 'v', 'S')
              UNION ALL
              SELECT 'func', proname::text, pg_get_userbyid(proowner)::text, proacl::text FROM pg_proc
              WHERE pronamespace = 'shop'::regnamespace
              UNION ALL
              SELECT 'type', typname::text, pg_get_userbyid(typowner)::text, typacl::text FROM pg_type
              WHERE typnamespace = 'shop'::regnamespace AND typtype = 'e'
              UNION ALL
              SELECT 'column', attrelid::regclass || '.' || attname, '-', attacl::text FROM pg_attribute
              WHERE attrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'shop'::regnamespace)
                AND attacl IS NOT NULL
              UNION ALL
              SELECT 'default', coalesce(defaclnamespace::regnamespace::text, '-') || ' ' || defaclobjtype::text,
                     pg_get_userbyid(defaclrole)::text,
                     -- the order of the entries carries no meaning (pg_dump prints the same either way)
                     (SELECT string_agg(x::text, ',' ORDER BY x::text) FROM unnest(defaclacl) x)
              FROM pg_default_acl
              WHERE pg_get_userbyid(defaclrole) IN ('%s', '%s')
            ) o ORDER BY 1""".formatted(OWNER, OTHER);

    @Test
    void shouldRecreateOwnersAndPrivilegesExactly() {
        MigrationReport report = Migration.builder().source(source.dataSource()).target(target.dataSource())
                .strategy("whole-database").verify(true).build().run();

        assertThat(report.verificationReport().orElseThrow().mismatches()).isEmpty();
        List<String> expected = source.column(OWNERS);
        assertThat(expected).anySatisfy(l -> assertThat(l).startsWith("func order_count " + OWNER)
                .as("EXECUTE revoked from PUBLIC").doesNotContain("{=X/", ",=X/")
                .contains(READER + "=X/" + OWNER));
        assertThat(expected).as("column privileges").anySatisfy(l -> assertThat(l)
                .startsWith("column shop.big_orders.id - ").contains(READER + "=rw/" + OWNER));
        assertThat(expected).as("default privileges").filteredOn(l -> l.startsWith("default ")).hasSize(3);
        assertThat(expected).as("the ACL's order: the grantees' first grants'").contains("rel audit " + OWNER
                + " {" + OWNER + "=arwdDxt/" + OWNER + "," + FOURTH + "=rw/" + OWNER + "," + READER + "=r/"
                + OWNER + "," + THIRD + "=r/" + OWNER + "}");
        assertThat(target.column(OWNERS)).isEqualTo(expected);
    }

    private static final String INITIAL = """
            SELECT 'public ' || pg_get_userbyid(nspowner) || ' ' || nspacl::text FROM pg_namespace
            WHERE nspname = 'public'
            UNION ALL
            SELECT 'pg_proc.prosrc ' || coalesce(attacl::text, '-') FROM pg_attribute
            WHERE attrelid = 'pg_catalog.pg_proc'::regclass AND attname = 'prosrc'
            ORDER BY 1""";

    @Test
    void shouldCarryTheChangedAclsOfThePublicSchemaAndOfSystemObjects() {
        assertThat(target.column(INITIAL)).as("the target starts with initdb's ACLs")
                .isNotEqualTo(source.column(INITIAL));

        Migration.builder().source(source.dataSource()).target(target.dataSource()).strategy("whole-database")
                .build().run();

        assertThat(source.column(INITIAL)).containsExactly(
                "pg_proc.prosrc {" + READER + "=r/" + source.value("SELECT pg_get_userbyid(10)") + "}",
                "public pg_database_owner {pg_database_owner=UC/pg_database_owner,=UC/pg_database_owner}");
        assertThat(target.column(INITIAL)).isEqualTo(source.column(INITIAL));
        assertThat(target.value("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = "
                + "(SELECT chunk_name FROM timescaledb_information.chunks WHERE hypertable_name = 'readings' "
                + "LIMIT 1)")).as("a hypertable's chunks follow its owner").isEqualTo(OWNER);
    }

    @Test
    void shouldRenameRolesByTheMapping() {
        Migration.builder().source(source.dataSource()).target(target.dataSource()).strategy("whole-database")
                .mapRole(OWNER, OTHER).build().run();

        assertThat(target.column(OWNERS)).isEqualTo(source.column(OWNERS).stream()
                .map(l -> l.replace(OWNER, OTHER)).toList());
    }

    @Test
    void shouldLeaveThemOutWithAWarningWhenARoleIsMissing() {
        MigrationReport report = Migration.builder().source(source.dataSource()).target(target.dataSource())
                .strategy("whole-database").mapRole(READER, "tsm_no_such_role_" + SUFFIX).build().run();

        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("owners and privileges are left out",
                "the target has no role tsm_no_such_role_" + SUFFIX, "mapRole"));
        assertThat(target.value("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'orders'"))
                .as("owned by the migrating user").isEqualTo(target.value("SELECT current_user"));
    }

    @Test
    void shouldStopBeforeWritingWhenOwnershipIsRequiredButARoleIsMissing() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Migration.builder()
                .source(source.dataSource()).target(target.dataSource()).strategy("whole-database")
                .ownership(true).mapRole(OWNER, "tsm_no_such_role_" + SUFFIX).build().run());

        assertThat(e).isNotNull();
        assertThat(e.problems()).singleElement().asString()
                .contains("the target has no role tsm_no_such_role_" + SUFFIX, "ownership(false)");
        assertThat(target.column("SELECT nspname FROM pg_namespace WHERE nspname IN ('shop', 'timescale_migrate')"))
                .as("nothing written").isEmpty();
    }
}
