/**
 * The API of timescale-migrate: {@link dev.timescalemigrate.Migration} and {@link dev.timescalemigrate.Strategies}
 * (package {@code dev.timescalemigrate}), the schema model ({@code model}), events ({@code event}), exceptions
 * ({@code exception}) and the extension points ({@code spi}).
 *
 * <p>The database adapter is a service: put {@code timescale-migrate-jdbc} (module
 * {@code dev.timescalemigrate.jdbc}) on the module path or the class path and
 * {@link dev.timescalemigrate.adapter.DatabaseAdapter#load()} finds it. The {@code adapter} package (the contract
 * between this module and the adapter) and the {@code internal} packages are not part of the API; both are
 * exported to the adapter module only.
 *
 * @uses dev.timescalemigrate.adapter.DatabaseAdapter the adapter that reads and writes the databases
 * @uses dev.timescalemigrate.spi.MigrationStrategy strategies, the built-in ones and any of your own
 * @provides dev.timescalemigrate.spi.MigrationStrategy the built-in {@code per-table}, {@code whole-database}
 *           and {@code streaming} strategies
 */
// "module": the qualified export names dev.timescalemigrate.jdbc, which is built after this module.
// "requires-automatic": resilience4j has no module descriptor, only the module names its jars derive.
@SuppressWarnings({"module", "requires-automatic"})
module dev.timescalemigrate.core {
    requires transitive java.sql;
    requires org.slf4j;
    requires io.github.resilience4j.retry;
    requires io.github.resilience4j.core;

    exports dev.timescalemigrate;
    exports dev.timescalemigrate.event;
    exports dev.timescalemigrate.exception;
    exports dev.timescalemigrate.model;
    exports dev.timescalemigrate.spi;

    // The contract between this module and the database adapter: internal to the project, for the adapter only.
    exports dev.timescalemigrate.adapter to dev.timescalemigrate.jdbc;

    // Implementation shared with the adapter (connections, topological sort, the DriverManager data source);
    // no other module can read it.
    exports dev.timescalemigrate.internal to dev.timescalemigrate.jdbc;

    uses dev.timescalemigrate.adapter.DatabaseAdapter;
    uses dev.timescalemigrate.spi.MigrationStrategy;

    // Also listed in META-INF/services for the class path, in the same order.
    provides dev.timescalemigrate.spi.MigrationStrategy with
            dev.timescalemigrate.internal.strategy.PerTableStrategy,
            dev.timescalemigrate.internal.strategy.WholeDatabaseStrategy,
            dev.timescalemigrate.internal.strategy.StreamingStrategy;
}
