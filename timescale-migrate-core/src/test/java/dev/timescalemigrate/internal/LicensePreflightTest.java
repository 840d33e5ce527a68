package dev.timescalemigrate.internal;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationConfig;
import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.CompressionSettings;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Extension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.Job;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Schema;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.model.TimescaleModel;
import dev.timescalemigrate.adapter.CheckpointStore;
import dev.timescalemigrate.adapter.TransferSession;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The license checks of the preflight, on models (a Timescale-licensed source cannot be set up on the Apache test
 * server): an Apache-edition target refuses a source with compression, continuous aggregates or jobs, naming every
 * object, unless the user chose to migrate without them.
 */
class LicensePreflightTest {

    private static final QualifiedName CPU = QualifiedName.of("tsdb", "cpu");
    private static final QualifiedName HOURLY = QualifiedName.of("tsdb", "cpu_hourly");
    private static final QualifiedName MAT = QualifiedName.of("_timescaledb_internal", "_materialized_hypertable_2");

    private static DatabaseModel licensedSource() {
        Table cpu = Table.builder(CPU).columns(List.of(
                Column.builder("ts", "timestamp with time zone").notNull(true).build(),
                Column.builder("host", "text").notNull(true).build())).build();
        Hypertable hypertable = new Hypertable(CPU, List.of(Dimension.builder("ts", "timestamp with time zone",
                Dimension.Kind.TIME).timeInterval("1 day").build()),
                new CompressionSettings(List.of("host"), List.of()));
        ContinuousAggregate hourly = ContinuousAggregate.builder(HOURLY).hypertable(CPU).materializationHypertable(MAT)
                .materializedOnly(true).finalized(true).definition("SELECT 1").build();
        Job refresh = Job.builder(1000, QualifiedName.of("_timescaledb_functions", "policy_refresh_continuous_aggregate"))
                .hypertable(MAT).scheduleInterval("01:00:00").maxRuntime("00:00:00").maxRetries(-1)
                .retryPeriod("01:00:00").scheduled(true).config("{}").build();
        Job retention = Job.builder(1001, QualifiedName.of("_timescaledb_functions", "policy_retention"))
                .hypertable(CPU).scheduleInterval("1 day").maxRuntime("00:00:00").maxRetries(-1)
                .retryPeriod("01:00:00").scheduled(true).config("{\"drop_after\": \"30 days\"}").build();
        return DatabaseModel.builder().extensions(List.of(new Extension("timescaledb", "public", "2.19.3")))
                .schemas(List.of(new Schema("tsdb", null))).tables(List.of(cpu))
                .timescale(new TimescaleModel(List.of(hypertable), List.of(hourly), List.of(refresh, retention)))
                .build();
    }

    /** A session over models and server facts: what the preflight reads, nothing else. */
    private static TransferSession session(DatabaseModel source, ServerInfo target) {
        CheckpointStore checkpoints = (CheckpointStore) Proxy.newProxyInstance(LicensePreflightTest.class.getClassLoader(),
                new Class<?>[]{CheckpointStore.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "peek" -> CheckpointStore.RunState.NEW;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        DatabaseModel empty = DatabaseModel.builder().build();
        return (TransferSession) Proxy.newProxyInstance(LicensePreflightTest.class.getClassLoader(),
                new Class<?>[]{TransferSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "sourceModel" -> source;
                    case "targetModel" -> empty;
                    case "targetServer" -> target;
                    case "checkpoints" -> checkpoints;
                    case "availableTargetExtensions" -> Optional.of(Set.of("timescaledb"));
                    case "privilegeProblems", "cFunctionProblems", "objectIdentifierProblems" -> List.of();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static final ServerInfo APACHE = ServerInfo.builder().database("db").serverVersion("15.8")
            .serverVersionNum(150008).user("u").superuser(false).timescaleVersion("2.19.3").timescaleLicense("apache")
            .build();
    private static final ServerInfo LICENSED = APACHE.toBuilder().timescaleLicense("timescale").build();

    private static MigrationConfig config(String strategy, boolean skip) {
        DataSource none = new DriverManagerDataSource("jdbc:postgresql://localhost/none", null, null);
        return Migration.builder().source(none).target(none).strategy(strategy).skipLicensedFeatures(skip).build()
                .config();
    }

    @Test
    void shouldStopOnAnApacheTargetListingEveryObjectThatNeedsTheLicense() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> new Preflight(config("whole-database", false), session(licensedSource(), APACHE)).check());

        assertThat(e).isNotNull();
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0)).contains("Apache edition", "timescaledb.license = apache", "2.19.3",
                "compression settings of hypertable \"tsdb\".\"cpu\"",
                "continuous aggregate \"tsdb\".\"cpu_hourly\" (with its materialized data)",
                "job 1000 (policy_refresh_continuous_aggregate", "job 1001 (policy_retention on \"tsdb\".\"cpu\")",
                "skipLicensedFeatures(true)", "--skip-licensed-features");
    }

    @Test
    void shouldLeaveThemOutWithAWarningEachWhenTheUserChoseTo() {
        Preflight.Result result = new Preflight(config("whole-database", true), session(licensedSource(), APACHE))
                .check();

        assertThat(result.selection().timescale().continuousAggregates()).isEmpty();
        assertThat(result.selection().timescale().jobs()).isEmpty();
        assertThat(result.selection().timescale().hypertables()).singleElement()
                .satisfies(h -> assertThat(h.compression()).isNull());
        assertThat(result.warnings()).filteredOn(w -> w.startsWith("Not migrated:")).hasSize(4)
                .anySatisfy(w -> assertThat(w).contains("continuous aggregate \"tsdb\".\"cpu_hourly\""));
    }

    @Test
    void shouldKeepEverythingForALicensedTarget() {
        Preflight.Result result = new Preflight(config("whole-database", false), session(licensedSource(), LICENSED))
                .check();

        assertThat(result.selection().timescale().continuousAggregates()).extracting(ContinuousAggregate::view)
                .containsExactly(HOURLY);
        assertThat(result.selection().timescale().jobs()).extracting(Job::id).containsExactly(1000, 1001);
        assertThat(result.selection().timescale().hypertables().get(0).compression()).isNotNull();
    }

    @Test
    void shouldLeaveAggregatesAndJobsToTheStrategiesThatCarryThem() {
        Preflight.Result result = new Preflight(config("per-table", false), session(licensedSource(), LICENSED))
                .check();

        assertThat(result.selection().timescale().continuousAggregates()).isEmpty();
        assertThat(result.selection().timescale().jobs()).isEmpty();
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("Continuous aggregates are not "
                + "migrated by the per-table strategy", "whole-database"));
    }

    @Test
    void shouldCarryAnAggregateOnAnAggregateAndDropViewsOverAggregatesLeftOut() {
        DatabaseModel source = licensedSource();
        QualifiedName daily = QualifiedName.of("tsdb", "cpu_daily");
        ContinuousAggregate nested = ContinuousAggregate.builder(daily).hypertable(HOURLY)
                .materializationHypertable(QualifiedName.of("_timescaledb_internal", "_materialized_hypertable_3"))
                .materializedOnly(true).finalized(true).definition("SELECT 2").build();
        dev.timescalemigrate.model.View overDaily = dev.timescalemigrate.model.View.builder(
                QualifiedName.of("tsdb", "busy_days")).materialized(false).columns(List.of("d"))
                .definition("SELECT 3").dependsOn(List.of(daily)).build();
        DatabaseModel withNested = source.toBuilder().views(List.of(overDaily)).timescale(new TimescaleModel(
                source.timescale().hypertables(), List.of(source.timescale().continuousAggregates().get(0), nested),
                List.of())).build();

        Preflight.Result licensed = new Preflight(config("whole-database", false), session(withNested, LICENSED))
                .check();
        assertThat(licensed.selection().timescale().continuousAggregates()).extracting(ContinuousAggregate::view)
                .containsExactly(HOURLY, daily);
        assertThat(licensed.selection().views()).hasSize(1);

        Preflight.Result apache = new Preflight(config("whole-database", true), session(withNested, APACHE)).check();
        assertThat(apache.selection().views()).as("a view over an aggregate that is not migrated").isEmpty();
        assertThat(apache.warnings()).anySatisfy(w -> assertThat(w).contains("Views left out", "busy_days"));
    }

    @Test
    void shouldRefuseAggregatesInThePartialFormat() {
        DatabaseModel source = licensedSource();
        ContinuousAggregate partial = source.timescale().continuousAggregates().get(0).toBuilder().finalized(false)
                .build();
        DatabaseModel old = source.toBuilder().timescale(new TimescaleModel(
                source.timescale().hypertables(), List.of(partial), List.of())).build();
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> new Preflight(config("whole-database", false), session(old, LICENSED)).check());

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("partial values", "cagg_migrate"));
    }
}
