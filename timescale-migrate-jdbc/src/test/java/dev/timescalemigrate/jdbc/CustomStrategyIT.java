package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.event.MigrationEvent;
import dev.timescalemigrate.event.MigrationListener;
import dev.timescalemigrate.event.MigrationPhase;
import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.MigrationStrategy;
import dev.timescalemigrate.spi.StrategyContext;
import dev.timescalemigrate.testing.Database;
import dev.timescalemigrate.testing.Faults;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A user's own strategy, written against the public SPI only (no internal class), gets checkpoints, saved units,
 * retries, typed phases, events and the report, and resumes after an abort without copying a unit twice.
 */
class CustomStrategyIT {

    /** Copies tables only, as plain tables without keys: a "landing zone" strategy a user might write. */
    static final class TablesOnlyStrategy implements MigrationStrategy {

        /** A step of this strategy's own type: shown in the plan, carried out by {@link #execute}. */
        record Note(String description) implements MigrationPlan.Step {
        }

        @Override
        public String name() {
            return "tables-only";
        }

        @Override
        public MigrationPlan plan(StrategyContext context) {
            List<DdlStatement> tables = context.ddlFor(context.selection()).stream()
                    .filter(s -> s.kind() == DdlStatement.Kind.TABLE || s.kind() == DdlStatement.Kind.SETUP)
                    .toList();
            List<MigrationPlan.Step> steps = new ArrayList<>(MigrationPlan.DdlStep.of(tables));
            for (Table t : context.selection().tables()) {
                List<CopyUnit> units = context.units(t, () -> context.split(t, null));
                units.forEach(u -> steps.add(new MigrationPlan.CopyStep(u, t.name())));
            }
            steps.add(new Note("no keys, no indexes: a landing zone"));
            return new MigrationPlan(name(), steps, List.of("tables only, no keys"));
        }

        @Override
        public void execute(MigrationPlan plan, StrategyContext context) {
            context.phase(MigrationPhase.SCHEMA, plan.ddlSteps().size());
            plan.ddlSteps().forEach(d -> context.ddl(d.statement(), d.key()));
            context.phase(MigrationPhase.DATA, plan.copySteps().size());
            context.runParallel(plan.copySteps().stream().map(c -> (Runnable) () -> context.copy(
                    context.selection().table(c.unit().table()).orElseThrow(), c.unit(), c.target())).toList());
            plan.steps(Note.class).forEach(n -> context.warn(n.description()));
        }
    }

    private static final int ROWS = 300_000;

    @Database(label = "custom_src")
    private TestDatabase source;
    @Database(label = "custom_dst")
    private TestDatabase target;

    @BeforeEach
    void fillSource() {
        source.execute("""
                CREATE TABLE public.a (id int PRIMARY KEY, v text);
                INSERT INTO public.a SELECT g, repeat('v', 40) || g FROM generate_series(1, %d) g;
                ANALYZE public.a;
                """.formatted(ROWS));
    }

    private static Migration.Builder migration(TestDatabase source, TestDatabase target) {
        return Migration.builder().source(source.dataSource()).target(target.dataSource())
                .strategy(new TablesOnlyStrategy()).parallelism(2).unitBytes(1024 * 1024)
                .initialBackoff(Duration.ofMillis(50)).migrationId("custom").verify(true);
    }

    @Test
    void shouldRunAUserDefinedStrategyWithPhasesStepsAndEvents() {
        List<MigrationPhase> phases = new CopyOnWriteArrayList<>();
        MigrationPlan plan = migration(source, target).build().plan();
        MigrationReport report = migration(source, target).listener(new MigrationListener() {
            @Override
            public void phaseStarted(MigrationEvent.PhaseStarted event) {
                phases.add(event.phase());
            }
        }).build().run();

        assertThat(plan.toString()).contains("[action] no keys, no indexes: a landing zone");
        assertThat(plan.copySteps()).as("1 MiB units").hasSizeGreaterThan(2);
        assertThat(report.strategy()).isEqualTo("tables-only");
        assertThat(report.totalRows()).isEqualTo(ROWS);
        assertThat(report.verificationReport().orElseThrow().matches()).isTrue();
        assertThat(report.warnings()).contains("no keys, no indexes: a landing zone");
        assertThat(phases).containsExactly(MigrationPhase.SCHEMA, MigrationPhase.DATA, MigrationPhase.VERIFY);
        assertThat(target.value("SELECT count(*) FROM pg_constraint WHERE conrelid = 'public.a'::regclass"))
                .as("the custom strategy created no keys").isEqualTo("0");
    }

    @Test
    void shouldResumeAUserDefinedStrategyWithoutCopyingFinishedUnitsAgain() throws InterruptedException {
        AtomicInteger killed = new AtomicInteger();
        Thread killer = Faults.killer(target, "COPY \"public\".\"a\"", () -> Faults.unitsDone(target) >= 2,
                killed);
        DataTransferException failure = catchThrowableOfType(DataTransferException.class,
                () -> migration(source, target).maxAttempts(1).build().run());
        killer.join();
        assertThat(failure).as("with one attempt, the terminated unit fails the run").isNotNull();
        int done = Faults.unitsDone(target);
        int saved = Integer.parseInt(target.value("SELECT count(*) FROM timescale_migrate.units"));
        assertThat(done).isGreaterThanOrEqualTo(2).isLessThan(saved);

        MigrationReport second = migration(source, target).build().run();

        assertThat(second.resumed()).isTrue();
        assertThat(second.unitsSkipped()).as("units the first run finished").isEqualTo(done);
        assertThat(Integer.parseInt(target.value("SELECT count(*) FROM timescale_migrate.units")))
                .as("the rerun copied the units the first run saved, no others").isEqualTo(saved);
        assertThat(target.value("SELECT count(*) FROM public.a")).isEqualTo(String.valueOf(ROWS));
        assertThat(target.value("SELECT count(DISTINCT id) FROM public.a")).as("no row twice")
                .isEqualTo(String.valueOf(ROWS));
        assertThat(second.verificationReport().orElseThrow().matches()).isTrue();
    }
}
