package dev.timescalemigrate;

import dev.timescalemigrate.exception.ConfigurationException;
import dev.timescalemigrate.exception.ErrorCode;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MigrationBuilderTest {

    private static Migration.Builder valid() {
        return Migration.builder()
                .source("jdbc:postgresql://src:5432/app?password=s3cret", "alice", "hunter2")
                .target("jdbc:postgresql://dst:5432/app", "bob", "correct horse");
    }

    @Test
    void shouldBuildWithDefaults() {
        Migration migration = valid().build();

        MigrationConfig config = migration.config();
        assertThat(config.strategy().name()).isEqualTo("per-table");
        assertThat(config.parallelism()).isEqualTo(MigrationConfig.DEFAULT_PARALLELISM);
        assertThat(config.unitBytes()).isEqualTo(128L * 1024 * 1024);
        assertThat(config.maxAttempts()).isEqualTo(5);
        assertThat(config.checkpointSchema()).isEqualTo("timescale_migrate");
        assertThat(config.verify()).isFalse();
        assertThat(config.migrationId()).isEmpty();
    }

    @Test
    void shouldListEveryProblemInOneException() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> Migration.builder()
                .strategy("no-such-strategy")
                .parallelism(0)
                .unitBytes(10)
                .maxAttempts(0)
                .include("app.\"unbalanced")
                .hypertable("app.metrics", h -> h.chunkInterval(Duration.ofDays(1)))
                .build());

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        assertThat(e.problems()).as("one line per problem").hasSize(8);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("No source"))
                .anySatisfy(p -> assertThat(p).startsWith("No target"))
                .anySatisfy(p -> assertThat(p).contains("Unknown strategy 'no-such-strategy'").contains("per-table"))
                .anySatisfy(p -> assertThat(p).contains("parallelism must be at least 1, was 0"))
                .anySatisfy(p -> assertThat(p).contains("unitBytes must be at least 1 MiB"))
                .anySatisfy(p -> assertThat(p).contains("maxAttempts must be at least 1"))
                .anySatisfy(p -> assertThat(p).contains("unbalanced double quote"))
                .anySatisfy(p -> assertThat(p).contains("\"app\".\"metrics\" has no time column"));
        assertThat(e.getMessage()).contains("8 problems");
    }

    @Test
    void shouldRejectConflictingOptions() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> valid()
                .include("app.*").exclude("app.*", "app.secret")
                .hypertable("app.secret", h -> h.timeColumn("ts"))
                .hypertable("app.secret", h -> h.timeColumn("ts"))
                .build());

        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).contains("'app.*' is both included and excluded"))
                .anySatisfy(p -> assertThat(p).contains("Two hypertable rules for \"app\".\"secret\""))
                .anySatisfy(p -> assertThat(p).contains("\"app\".\"secret\" names a table the include/exclude"));
    }

    @Test
    void shouldKeepTheFollowSettingsAndRejectWhatCannotFollow() {
        MigrationConfig config = valid().strategy("whole-database").follow(true)
                .cutoverWhenLagBelow(Duration.ofSeconds(2), Duration.ofSeconds(30)).build().config();
        assertThat(config.follow()).isTrue();
        assertThat(config.cutoverLag()).contains(Duration.ofSeconds(2));
        assertThat(config.cutoverHold()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.toString()).contains("follow=true").contains("cutoverLag=PT2S");
        assertThat(valid().strategy("whole-database").follow(true).build().config().cutoverLag()).isEmpty();

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> valid()
                .strategy("per-table").follow(true).snapshot(SnapshotMode.PER_UNIT).schemaOnly()
                .cutoverWhenLagBelow(Duration.ZERO, Duration.ofSeconds(-1)).build());
        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).contains("follow(true) needs the whole-database strategy"))
                .anySatisfy(p -> assertThat(p).contains("remove snapshot(SnapshotMode.PER_UNIT)"))
                .anySatisfy(p -> assertThat(p).contains("remove schemaOnly()"))
                .anySatisfy(p -> assertThat(p).contains("the lag must be positive, was PT0S"))
                .anySatisfy(p -> assertThat(p).contains("must not be negative, was PT-1S"));
        assertThat(catchThrowableOfType(ConfigurationException.class, () -> valid().strategy("whole-database")
                .cutoverWhenLagBelow(Duration.ofSeconds(1), Duration.ZERO).build()).problems())
                .singleElement().asString().contains("add follow(true)");
    }

    @Test
    void shouldKeepTheBackfillSettingsAndRejectContradictions() {
        MigrationConfig config = valid().backfillUntil(java.time.Instant.parse("2025-03-15T00:00:00Z"))
                .backfillUntil("app.counters", 1000).backfillTimeColumn("app.events", "at").build().config();

        assertThat(config.schemaOnly()).isFalse();
        Backfill backfill = config.backfill().orElseThrow();
        assertThat(backfill.cutoff()).isEqualTo(java.time.Instant.parse("2025-03-15T00:00:00Z"));
        assertThat(backfill.bound(dev.timescalemigrate.model.QualifiedName.of("app", "counters"))).hasValue("1000");
        assertThat(backfill.timeColumn(dev.timescalemigrate.model.QualifiedName.of("app", "events"))).hasValue("at");
        assertThat(config.toString()).contains("backfill=Backfill[cutoff=2025-03-15T00:00:00Z");
        assertThat(valid().schemaOnly().build().config().schemaOnly()).isTrue();

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> valid().schemaOnly()
                .backfillUntil(java.time.Instant.EPOCH).backfillUntil("not a \"name", 1).build());
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("schemaOnly() and backfillUntil(...) are two runs"))
                .anySatisfy(p -> assertThat(p).startsWith("backfillUntil for 'not a \"name'"));
        ConfigurationException noCutoff = catchThrowableOfType(ConfigurationException.class, () -> valid()
                .backfillTimeColumn("app.events", "at").build());
        assertThat(noCutoff.problems()).singleElement().asString().contains("without backfillUntil(cutoff)");
    }

    @Test
    void shouldRejectNonPositiveChunkIntervals() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> valid()
                .hypertable("m", h -> h.timeColumn("ts").chunkInterval(Duration.ZERO))
                .hypertable("n", h -> h.timeColumn("t").integerChunkInterval(-5))
                .build());

        assertThat(e.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("chunkInterval must be positive"))
                .anySatisfy(p -> assertThat(p).contains("integerChunkInterval must be positive"));
    }

    @Test
    void shouldNeverShowPasswords() {
        Migration migration = valid().build();

        assertThat(migration.toString()).doesNotContain("s3cret", "hunter2", "correct horse")
                .contains("password=***").contains("jdbc:postgresql://dst:5432/app");
    }

    @Test
    void shouldKeepHypertableRules() {
        Migration migration = valid()
                .hypertable("\"My Schema\".\"Metrics\"", h -> h.timeColumn("ts").chunkInterval(Duration.ofHours(6)))
                .hypertable("readings", h -> h.timeColumn("tick").integerChunkInterval(1000))
                .build();

        assertThat(migration.config().hypertables()).extracting(r -> r.table().toString(), HypertableRule::timeColumn,
                        HypertableRule::chunkInterval, HypertableRule::integerChunkInterval)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("\"My Schema\".\"Metrics\"", "ts", Duration.ofHours(6), null),
                        org.assertj.core.groups.Tuple.tuple("\"public\".\"readings\"", "tick",
                                HypertableRule.DEFAULT_CHUNK_INTERVAL, 1000L));
    }

    @Test
    void shouldTellTheThreeOwnershipModesApart() {
        assertThat(valid().build().config().ownership()).as("unset").isEqualTo(OwnershipMode.AUTO);
        assertThat(valid().ownership(true).build().config().ownership()).as("true").isEqualTo(OwnershipMode.REQUIRED);
        assertThat(valid().ownership(false).build().config().ownership()).as("false")
                .isEqualTo(OwnershipMode.SKIPPED);
        assertThat(valid().ownership(false).ownership(OwnershipMode.AUTO).build().config().ownership())
                .as("back to the default").isEqualTo(OwnershipMode.AUTO);
        assertThat(valid().ownership(true).build().config().toString()).contains("ownership=REQUIRED");
        assertThatThrownBy(() -> valid().ownership((OwnershipMode) null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("mode");
    }

    @Test
    void shouldFindBuiltInStrategiesByName() {
        assertThat(Strategies.available()).extracting(s -> s.name()).contains("per-table").doesNotHaveDuplicates();
        assertThat(valid().strategy("per-table").build().config().strategy().name()).isEqualTo("per-table");
    }

    @Test
    void shouldRefuseNullArguments() {
        assertThatThrownBy(() -> Migration.builder().source((javax.sql.DataSource) null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("dataSource");
    }
}
