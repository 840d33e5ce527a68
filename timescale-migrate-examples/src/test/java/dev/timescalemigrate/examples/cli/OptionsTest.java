package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.HypertableRule;
import dev.timescalemigrate.MigrationConfig;
import dev.timescalemigrate.model.QualifiedName;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Options parsed into the library's configuration (building a migration does not connect). */
class OptionsTest {

    static MigrateCommand parse(String... args) {
        CommandLine.ParseResult parsed = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
                .parseArgs(args);
        return (MigrateCommand) parsed.subcommand().commandSpec().userObject();
    }

    @Test
    void shouldPassEveryOptionToTheConfiguration() {
        MigrateCommand cmd = parse("migrate",
                "--source", "jdbc:postgresql://a/src?password=p1", "--target", "jdbc:postgresql://b/dst",
                "--source-user", "reader", "--target-user", "writer",
                "--include", "app.*,\"Odd, Name\".t", "--include", "sales.orders",
                "--exclude", "app.audit_*",
                "--hypertable", "app.readings:ts:1d", "--hypertable", "\"Odd, Name\".t:n:1000",
                "--parallelism", "3", "--unit-size", "64MiB", "--migration-id", "demo-1", "--max-attempts", "7",
                "--no-verify", "--report-json", "out.json", "--no-progress");
        assertThat(cmd.verify).isFalse();
        assertThat(cmd.noProgress).isTrue();
        assertThat(cmd.reportJson).isEqualTo(Path.of("out.json"));

        MigrationConfig config = cmd.options.builder().verify(cmd.verify).build().config();
        assertThat(config.includes()).containsExactly("app.*", "\"Odd, Name\".t", "sales.orders");
        assertThat(config.excludes()).containsExactly("app.audit_*");
        assertThat(config.hypertables()).containsExactly(
                HypertableRule.builder(QualifiedName.of("app", "readings")).timeColumn("ts")
                        .chunkInterval(Duration.ofDays(1)).build(),
                HypertableRule.builder(QualifiedName.of("Odd, Name", "t")).timeColumn("n").integerChunkInterval(1000)
                        .build());
        assertThat(config.parallelism()).isEqualTo(3);
        assertThat(config.unitBytes()).isEqualTo(64L << 20);
        assertThat(config.maxAttempts()).isEqualTo(7);
        assertThat(config.migrationId()).contains("demo-1");
        assertThat(config.strategy().name()).isEqualTo("per-table");
        assertThat(config.verify()).isFalse();
        assertThat(config.toString()).contains("password=***").doesNotContain("p1");
    }

    @Test
    void shouldPassFollowAndTheCutoverByLagToTheConfiguration() {
        MigrationConfig config = parse("migrate", "--source", "jdbc:postgresql://a/src", "--target",
                "jdbc:postgresql://b/dst", "--strategy", "whole-database", "--follow",
                "--cutover-when-lag-below", "1.5s", "--cutover-hold", "2m").builder().build().config();
        assertThat(config.follow()).isTrue();
        assertThat(config.cutoverLag()).contains(Duration.ofMillis(1500));
        assertThat(config.cutoverHold()).isEqualTo(Duration.ofMinutes(2));

        MigrationConfig held = parse("migrate", "--source", "jdbc:postgresql://a/src", "--target",
                "jdbc:postgresql://b/dst", "--strategy", "whole-database", "--follow",
                "--cutover-when-lag-below", "PT0.5S").builder().build().config();
        assertThat(held.cutoverLag()).contains(Duration.ofMillis(500));
        assertThat(held.cutoverHold()).as("the default hold").isEqualTo(Duration.ofSeconds(10));
        assertThat(parse("migrate", "--source", "jdbc:postgresql://a/src", "--target", "jdbc:postgresql://b/dst",
                "--strategy", "whole-database", "--follow").builder().build().config().cutoverLag()).isEmpty();
        assertThatThrownBy(() -> parse("migrate", "--source", "a", "--target", "b", "--cutover-when-lag-below",
                "soon")).hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void shouldPassTheWholeDatabaseOptionsToTheConfiguration() {
        MigrationConfig config = parse("migrate", "--source", "jdbc:postgresql://a/src", "--target",
                "jdbc:postgresql://b/dst", "--strategy", "whole-database", "--snapshot", "per-unit",
                "--skip-licensed-features").options.builder().build().config();
        assertThat(config.strategy().name()).isEqualTo("whole-database");
        assertThat(config.effectiveSnapshot()).isEqualTo(dev.timescalemigrate.SnapshotMode.PER_UNIT);
        assertThat(config.skipLicensedFeatures()).isTrue();

        MigrationConfig defaults = parse("migrate", "--source", "jdbc:postgresql://a/src", "--target",
                "jdbc:postgresql://b/dst", "--strategy", "whole-database").options.builder().build().config();
        assertThat(defaults.effectiveSnapshot()).as("the strategy's default")
                .isEqualTo(dev.timescalemigrate.SnapshotMode.EXPORTED);
        assertThat(defaults.skipLicensedFeatures()).isFalse();
        assertThat(defaults.ownership()).as("unset: decided by the roles the target has")
                .isEqualTo(dev.timescalemigrate.OwnershipMode.AUTO);
    }

    @Test
    void shouldPassOwnershipAndRoleMappingsToTheConfiguration() {
        MigrationConfig config = parse("migrate", "--source", "jdbc:postgresql://a/src", "--target",
                "jdbc:postgresql://b/dst", "--strategy", "whole-database", "--ownership", "--map-role",
                "postgres=tsdbadmin", "--map-role", "app=app_owner").options.builder().build().config();
        assertThat(config.ownership()).isEqualTo(dev.timescalemigrate.OwnershipMode.REQUIRED);
        assertThat(config.roleMap()).containsExactly(java.util.Map.entry("postgres", "tsdbadmin"),
                java.util.Map.entry("app", "app_owner"));
        assertThat(parse("migrate", "--source", "jdbc:postgresql://a/src", "--target", "jdbc:postgresql://b/dst",
                "--no-ownership").options.builder().build().config().ownership())
                .isEqualTo(dev.timescalemigrate.OwnershipMode.SKIPPED);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("migrate", "--source",
                        "jdbc:postgresql://a/src", "--target", "jdbc:postgresql://b/dst", "--map-role", "postgres")
                        .options.builder())
                .isInstanceOf(picocli.CommandLine.ParameterException.class).hasMessageContaining("SOURCE=TARGET");
    }

    @Test
    void shouldPassStreamingWithoutCompressionOnTheApacheEdition() {
        MigrateCommand cmd = parse("migrate", "--source", "jdbc:postgresql://a/src", "--target",
                "jdbc:postgresql://b/dst", "--strategy", "streaming", "--skip-licensed-features");
        MigrationConfig config = cmd.options.builder().build().config();
        assertThat(config.strategy().name()).isEqualTo("streaming");
        assertThat(config.skipLicensedFeatures()).isTrue();
        assertThat(parse("migrate", "--source", "jdbc:postgresql://a/src", "--target", "jdbc:postgresql://b/dst")
                .options.builder().build().config().skipLicensedFeatures()).isFalse();
    }

    @Test
    void shouldKeepTheLibraryDefaults() {
        MigrateCommand cmd = parse("migrate", "--source", "jdbc:postgresql://a/src", "--target",
                "jdbc:postgresql://b/dst");
        assertThat(cmd.verify).isTrue();
        assertThat(cmd.noProgress).isFalse();
        assertThat(cmd.reportJson).isNull();
        MigrationConfig config = cmd.options.builder().verify(cmd.verify).build().config();
        assertThat(config.verify()).isTrue();
        assertThat(config.includes()).isEmpty();
        assertThat(config.hypertables()).isEmpty();
        assertThat(config.parallelism()).isEqualTo(MigrationConfig.DEFAULT_PARALLELISM);
        assertThat(config.unitBytes()).isEqualTo(MigrationConfig.DEFAULT_UNIT_BYTES);
        assertThat(config.maxAttempts()).isEqualTo(MigrationConfig.DEFAULT_MAX_ATTEMPTS);
        assertThat(config.migrationId()).isEmpty();
        assertThat(cmd.options.strategy).isEqualTo("per-table");
        assertThat(cmd.schemaOnly.schemaOnly).isFalse();
        assertThat(config.schemaOnly()).isFalse();
        assertThat(config.backfill()).as("no backfill").isEmpty();
    }
}
