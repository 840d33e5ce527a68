/**
 * The PostgreSQL/TimescaleDB adapter: introspection, DDL, COPY streaming and checkpoints. It exports nothing;
 * {@link dev.timescalemigrate.adapter.DatabaseAdapter#load()} finds it as a service. Requiring this module gives the
 * API ({@code dev.timescalemigrate.core}) as well, as the Maven dependency does.
 *
 * @provides dev.timescalemigrate.adapter.DatabaseAdapter the PostgreSQL/TimescaleDB adapter
 */
// The PostgreSQL driver has no module descriptor; its jar names its module in the manifest.
@SuppressWarnings("requires-automatic")
module dev.timescalemigrate.jdbc {
    requires transitive dev.timescalemigrate.core;
    requires java.sql;
    requires org.jooq;
    requires org.postgresql.jdbc;
    // pgjdbc's data sources implement javax.naming.Referenceable; read only when the application passes one
    requires static java.naming;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.codec;

    provides dev.timescalemigrate.adapter.DatabaseAdapter with dev.timescalemigrate.jdbc.internal.PostgresAdapter;
}
