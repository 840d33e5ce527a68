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
        Table cpu = new Table(CPU, Table.Kind.ORDINARY, false, List.of(
                new Column("ts", "timestamp with time zone", true, null, null, null, null, null),
                new Column("host", "text", true, null, null, null, null, null)),
                List.of(), List.of(), List.of(), null, null, List.of(), null);
        Hypertable hypertable = new Hypertable(CPU, List.of(new Dimension("ts", "timestamp with time zone",
                Dimension.Kind.TIME, "1 day", null, null, null)),
                new CompressionSettings(List.of("host"), List.of()));
        ContinuousAggregate hourly = new ContinuousAggregate(HOURLY, CPU, MAT, true, true, "SELECT 1", null, null, List.of());
        Job refresh = new Job(1000, QualifiedName.of("_timescaledb_functions", "policy_refresh_continuous_aggregate"),
                MAT, "01:00:00", "00:00:00", -1, "01:00:00", true, null, "{}");
        Job retention = new Job(1001, QualifiedName.of("_timescaledb_functions", "policy_retention"), CPU, "1 day",
                "00:00:00", -1, "01:00:00", true, null, "{\"drop_after\": \"30 days\"}");
        return new DatabaseModel(List.of(new Extension("timescaledb", "public", "2.19.3")),
                List.of(new Schema("tsdb", null)), List.of(), List.of(), List.of(), List.of(cpu), List.of(),
                new TimescaleModel(List.of(hypertable), List.of(hourly), List.of(refresh, retention)), List.of());
    }

    /** A session over models and server facts: what the preflight reads, nothing else. */
    private static TransferSession session(DatabaseModel source, ServerInfo target) {
        CheckpointStore checkpoints = (CheckpointStore) Proxy.newProxyInstance(LicensePreflightTest.class.getClassLoader(),
                new Class<?>[]{CheckpointStore.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "peek" -> CheckpointStore.RunState.NEW;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        DatabaseModel empty = new DatabaseModel(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), TimescaleModel.NONE, List.of());
        return (TransferSession) Proxy.newProxyInstance(LicensePreflightTest.class.getClassLoader(),
                new Class<?>[]{TransferSession.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "sourceModel" -> source;
                    case "targetModel" -> empty;
                    case "targetServer" -> target;
                    case "checkpoints" -> checkpoints;
                    case "availableTargetExtensions" -> Optional.of(Set.of("timescaledb"));
                    case "privilegeProblems" -> List.of();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static final ServerInfo APACHE = new ServerInfo("db", "15.8", 150008, "u", false, "2.19.3", "apache");
    private static final ServerInfo LICENSED = new ServerInfo("db", "15.8", 150008, "u", false, "2.19.3", "timescale");

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
        ContinuousAggregate nested = new ContinuousAggregate(daily, HOURLY,
                QualifiedName.of("_timescaledb_internal", "_materialized_hypertable_3"), true, true, "SELECT 2", null,
                null, List.of());
        dev.timescalemigrate.model.View overDaily = new dev.timescalemigrate.model.View(
                QualifiedName.of("tsdb", "busy_days"), false, List.of("d"), "SELECT 3", List.of(), List.of(),
                List.of(daily), null);
        DatabaseModel withNested = new DatabaseModel(source.extensions(), source.schemas(), source.types(),
                source.routines(), source.sequences(), source.tables(), List.of(overDaily), new TimescaleModel(
                source.timescale().hypertables(), List.of(source.timescale().continuousAggregates().get(0), nested),
                List.of()), List.of());

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
        ContinuousAggregate partial = new ContinuousAggregate(HOURLY, CPU, MAT, true, false, "SELECT 1", null, null, List.of());
        DatabaseModel old = new DatabaseModel(source.extensions(), source.schemas(), source.types(), source.routines(),
                source.sequences(), source.tables(), source.views(), new TimescaleModel(
                source.timescale().hypertables(), List.of(partial), List.of()), List.of());
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> new Preflight(config("whole-database", false), session(old, LICENSED)).check());

        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("partial values", "cagg_migrate"));
    }
}
