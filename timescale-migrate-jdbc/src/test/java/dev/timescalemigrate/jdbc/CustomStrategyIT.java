package dev.timescalemigrate.jdbc;

import dev.timescalemigrate.Migration;
import dev.timescalemigrate.MigrationPlan;
import dev.timescalemigrate.MigrationReport;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyUnit;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.MigrationStrategy;
import dev.timescalemigrate.spi.StrategyContext;
import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A user's own strategy, plugged in through the SPI, gets checkpoints, retries, events and the report. */
class CustomStrategyIT {

    /** Copies tables only, as plain tables without keys: a "landing zone" strategy a user might write. */
    static final class TablesOnlyStrategy implements MigrationStrategy {
        @Override
        public String name() {
            return "tables-only";
        }

        @Override
        public MigrationPlan plan(StrategyContext context) {
            List<MigrationPlan.Step> steps = new ArrayList<>();
            List<DdlStatement> ddl = context.session().ddl(context.selection());
            for (DdlStatement s : ddl) {
                if (s.kind() == DdlStatement.Kind.TABLE || s.kind() == DdlStatement.Kind.SETUP) {
                    steps.add(new MigrationPlan.DdlStep(s, "custom:" + s.sql().hashCode()));
                }
            }
            for (Table t : context.selection().tables()) {
                for (CopyUnit u : context.session().copy().split(t, null, context.config().unitBytes(), 1)) {
                    steps.add(new MigrationPlan.CopyStep(u, t.name()));
                }
            }
            return new MigrationPlan(name(), steps, List.of("tables only, no keys"));
        }

        @Override
        public void execute(MigrationPlan plan, StrategyContext context) {
            plan.ddlSteps().forEach(d -> context.ddl(d.statement(), d.key()));
            for (MigrationPlan.CopyStep c : plan.copySteps()) {
                Table table = context.selection().table(c.unit().table()).orElseThrow();
                context.copy(table, c.unit(), c.target());
            }
        }
    }

    @Test
    void shouldRunAUserDefinedStrategy() {
        try (TestDatabase source = TestDatabase.create("custom_src");
             TestDatabase target = TestDatabase.create("custom_dst").withTimescale()) {
            source.execute("""
                    CREATE TABLE public.a (id int PRIMARY KEY, v text);
                    INSERT INTO public.a SELECT g, 'v' || g FROM generate_series(1, 2500) g;
                    """);

            MigrationReport report = Migration.builder().source(source.dataSource()).target(target.dataSource())
                    .strategy(new TablesOnlyStrategy()).verify(true).build().run();

            assertThat(report.strategy()).isEqualTo("tables-only");
            assertThat(report.totalRows()).isEqualTo(2500);
            assertThat(report.verificationReport().orElseThrow().matches()).isTrue();
            assertThat(target.value("SELECT count(*) FROM pg_constraint WHERE conrelid = 'public.a'::regclass"))
                    .as("the custom strategy created no keys").isEqualTo("0");
        }
    }
}
