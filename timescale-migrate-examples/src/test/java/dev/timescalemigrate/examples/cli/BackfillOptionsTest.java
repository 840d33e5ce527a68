package dev.timescalemigrate.examples.cli;

import dev.timescalemigrate.Backfill;
import dev.timescalemigrate.MigrationConfig;
import dev.timescalemigrate.model.QualifiedName;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --schema-only}, {@code --backfill-until} and {@code --backfill-time-column}, parsed without a database. */
class BackfillOptionsTest {

    private static final String[] DATABASES = {"--source", "jdbc:postgresql://a/src", "--target",
            "jdbc:postgresql://b/dst"};

    private static String[] args(String command, String... options) {
        String[] all = new String[DATABASES.length + options.length + 1];
        all[0] = command;
        System.arraycopy(DATABASES, 0, all, 1, DATABASES.length);
        System.arraycopy(options, 0, all, DATABASES.length + 1, options.length);
        return all;
    }

    private static MigrationConfig migrate(String... options) {
        MigrateCommand cmd = OptionsTest.parse(args("migrate", options));
        return cmd.options.builder(cmd.schemaOnly).build().config();
    }

    @Test
    void shouldTakeAWholeInstantAsTheCutoff() {
        BackfillUntil b = BackfillUntil.parse("2025-03-15T00:00:00Z");
        assertThat(b.isCutoff()).isTrue();
        assertThat(b.instant()).isEqualTo(Instant.parse("2025-03-15T00:00:00Z"));
        assertThat(b.table()).isNull();
        assertThat(BackfillUntil.parse(" 2025-03-15T01:30:00+01:00 ").instant())
                .as("an offset, normalized").isEqualTo(Instant.parse("2025-03-15T00:30:00Z"));
        assertThat(BackfillUntil.parse("2025-03-15T00:00:00.250Z").instant())
                .isEqualTo(Instant.parse("2025-03-15T00:00:00.250Z"));
    }

    @Test
    void shouldSplitATableBoundBeforeAnInteger() {
        BackfillUntil b = BackfillUntil.parse("app.counters:1700000000");
        assertThat(b.isCutoff()).isFalse();
        assertThat(b.tableText()).isEqualTo("app.counters");
        assertThat(b.table()).isEqualTo(QualifiedName.of("app", "counters"));
        assertThat(b.integer()).isEqualTo(1_700_000_000L);
        assertThat(b.instant()).isNull();
        assertThat(BackfillUntil.parse("counters:-5").table()).isEqualTo(QualifiedName.of("public", "counters"));
        assertThat(BackfillUntil.parse("counters:-5").integer()).isEqualTo(-5L);
        assertThat(BackfillUntil.parse(" App.Counters : +10 ").table()).as("unquoted names fold to lower case")
                .isEqualTo(QualifiedName.of("app", "counters"));
    }

    @Test
    void shouldSplitATableBoundBeforeAnInstantThatHasColonsItself() {
        BackfillUntil b = BackfillUntil.parse("public.t:2025-03-15T00:00:00Z");
        assertThat(b.table()).isEqualTo(QualifiedName.of("public", "t"));
        assertThat(b.instant()).isEqualTo(Instant.parse("2025-03-15T00:00:00Z"));
        assertThat(b.integer()).isNull();
        assertThat(BackfillUntil.parse("app.events:2025-03-01T12:00:00+02:00").instant())
                .isEqualTo(Instant.parse("2025-03-01T10:00:00Z"));
    }

    @Test
    void shouldKeepColonsOfQuotedTableNames() {
        BackfillUntil b = BackfillUntil.parse("\"My:Schema\".\"T:1\":42");
        assertThat(b.table()).isEqualTo(QualifiedName.of("My:Schema", "T:1"));
        assertThat(b.tableText()).isEqualTo("\"My:Schema\".\"T:1\"");
        assertThat(b.integer()).isEqualTo(42L);
        assertThat(BackfillUntil.parse("\"a:2025\".b:2025-03-15T00:00:00Z").table())
                .isEqualTo(QualifiedName.of("a:2025", "b"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                              | empty value: expected an instant",
            "2025-03-15                      | is neither an instant nor TABLE:VALUE",
            "yesterday                       | is neither an instant nor TABLE:VALUE",
            "app.t:soon                      | is neither an instant nor TABLE:VALUE",
            "app.t:                          | is neither an instant nor TABLE:VALUE",
            "app.t:2025-03-15 00:00:00       | the value after the first ':' outside double quotes, '2025-03-15 00:00:00', is neither",
            "app.t:1.5                       | is neither an instant nor TABLE:VALUE",
            "1700000000                      | an integer without a table",
            ":1700000000                     | has no table name",
            "a.b.c:100                       | bad table name in 'a.b.c:100'",
            "\"app.t:100                     | unbalanced double quote in '\"app.t:100'",
            "app.t:99999999999999999999      | too large for a bigint"})
    void shouldSayWhatIsWrongWithABadBound(String text, String message) {
        assertThatThrownBy(() -> BackfillUntil.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldNameTheAcceptedFormsOfABound() {
        assertThatThrownBy(() -> BackfillUntil.parse("app.t:soon"))
                .hasMessageStartingWith("'app.t:soon' is neither an instant nor TABLE:VALUE: expected an instant (the cutoff, e.g. "
                        + "2025-03-15T00:00:00Z) or TABLE:VALUE with an integer or an instant (a table's own bound, "
                        + "e.g. app.counters:1700000000 or app.events:2025-03-01T00:00:00Z)");
        assertThatThrownBy(() -> new BackfillUntil.Converter().convert("soon"))
                .isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("TABLE:VALUE");
    }

    @Test
    void shouldParseATimeColumn() {
        BackfillTimeColumn c = BackfillTimeColumn.parse("app.audit_log:Logged_At");
        assertThat(c.table()).isEqualTo(QualifiedName.of("app", "audit_log"));
        assertThat(c.tableText()).isEqualTo("app.audit_log");
        assertThat(c.column()).isEqualTo("logged_at");
        BackfillTimeColumn quoted = BackfillTimeColumn.parse("\"My Schema\".\"Log:1\":\"Written At\"");
        assertThat(quoted.table()).isEqualTo(QualifiedName.of("My Schema", "Log:1"));
        assertThat(quoted.column()).isEqualTo("Written At");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                  | empty value: expected TABLE:COLUMN",
            "app.audit_log       | is not TABLE:COLUMN",
            "app.t:ts:1d         | is not TABLE:COLUMN",
            ":ts                 | has no table name",
            "app.t:              | has an empty time column",
            "a.b.c:ts            | bad table name",
            "app.t:t\"s\"        | quote the whole name",
            "\"app.t:ts          | unbalanced double quote"})
    void shouldSayWhatIsWrongWithABadTimeColumn(String text, String message) {
        assertThatThrownBy(() -> BackfillTimeColumn.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void shouldPassABackfillToTheConfiguration() {
        MigrationConfig config = migrate("--strategy", "whole-database",
                "--backfill-until=2025-03-15T00:00:00Z", "--backfill-until=app.counters:1700000000",
                "--backfill-until", "app.events:2025-03-01T00:00:00Z",
                "--backfill-time-column=app.audit_log:logged_at");
        Backfill backfill = config.backfill().orElseThrow();
        assertThat(backfill.cutoff()).isEqualTo(Instant.parse("2025-03-15T00:00:00Z"));
        assertThat(backfill.bounds()).containsExactly(
                Map.entry(QualifiedName.of("app", "counters"), "1700000000"),
                Map.entry(QualifiedName.of("app", "events"), "2025-03-01T00:00:00Z"));
        assertThat(backfill.timeColumns()).containsExactly(Map.entry(QualifiedName.of("app", "audit_log"),
                "logged_at"));
        assertThat(config.schemaOnly()).isFalse();
        assertThat(config.strategy().name()).as("the selection's strategy; the run reports 'backfill'")
                .isEqualTo("whole-database");
    }

    @Test
    void shouldPassSchemaOnlyToTheConfiguration() {
        MigrationConfig config = migrate("--strategy", "whole-database", "--schema-only");
        assertThat(config.schemaOnly()).isTrue();
        assertThat(config.backfill()).isEmpty();
        assertThat(migrate().schemaOnly()).isFalse();
        assertThat(migrate().backfill()).isEmpty();

        CommandLine.ParseResult plan = Main.commandLine(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter())).parseArgs(args("plan", "--schema-only"));
        PlanCommand planCommand = (PlanCommand) plan.subcommand().commandSpec().userObject();
        assertThat(planCommand.options.builder(planCommand.schemaOnly).build().config().schemaOnly()).isTrue();
    }

    @Test
    void shouldGiveVerifyTheBackfillButNoSchemaOnly() {
        CommandLine.ParseResult parsed = Main.commandLine(new java.io.PrintWriter(new java.io.StringWriter()),
                new java.io.PrintWriter(new java.io.StringWriter())).parseArgs(args("verify",
                "--backfill-until=2025-03-15T00:00:00Z", "--backfill-until=plant.batches:10000"));
        VerifyCommand verify = (VerifyCommand) parsed.subcommand().commandSpec().userObject();
        Backfill backfill = verify.options.builder().build().config().backfill().orElseThrow();
        assertThat(backfill.bounds()).containsEntry(QualifiedName.of("plant", "batches"), "10000");

        CliRun r = CliRun.of(args("verify", "--schema-only"));
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("Unknown option: '--schema-only'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--backfill-until=2025-03-15T00:00:00Z,--backfill-until=2025-03-16T00:00:00Z"
                    + "| the cutoff is given 2 times (2025-03-15T00:00:00Z, 2025-03-16T00:00:00Z)",
            "--backfill-until=2025-03-15T00:00:00Z,--backfill-until=app.c:1,--backfill-until=App.C:2"
                    + "| \"app\".\"c\" has two bounds (app.c:1, App.C:2): give one.",
            "--backfill-until=2025-03-15T00:00:00Z,--backfill-time-column=app.l:a,--backfill-time-column=app.l:b"
                    + "| \"app\".\"l\" has two time columns (\"a\", \"b\")",
            "--backfill-until=app.c:1"
                    + "| --backfill-until=TABLE:VALUE belongs to a backfill: add its cutoff, --backfill-until=INSTANT",
            "--backfill-time-column=app.l:a"
                    + "| --backfill-time-column belongs to a backfill: add its cutoff",
            "--schema-only,--backfill-until=2025-03-15T00:00:00Z"
                    + "| --schema-only and --backfill-until are two runs"})
    void shouldTreatInconsistentBackfillOptionsAsUsageErrors(String options, String message) {
        CliRun r = CliRun.of(args("plan", options.split(",")));
        assertThat(r.code()).as(r.err()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains(message).contains("Try 'timescale-migrate plan --help'");
    }

    @Test
    void shouldTreatABadBoundAsAUsageErrorNamingTheForms() {
        CliRun r = CliRun.of(args("migrate", "--backfill-until=2025-03-15"));
        assertThat(r.code()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("Invalid value for option '--backfill-until'",
                "'2025-03-15' is neither an instant nor TABLE:VALUE", "e.g. 2025-03-15T00:00:00Z",
                "app.counters:1700000000");
        CliRun column = CliRun.of(args("migrate", "--backfill-until=2025-03-15T00:00:00Z",
                "--backfill-time-column=app.audit_log"));
        assertThat(column.code()).isEqualTo(Main.USAGE);
        assertThat(column.err()).contains("Invalid value for option '--backfill-time-column'",
                "'app.audit_log' is not TABLE:COLUMN");
    }

    @Test
    void shouldDocumentTheOptionsInTheHelpOfTheCommandsThatTakeThem() {
        for (String command : new String[] {"migrate", "plan"}) {
            CliRun r = CliRun.of(command, "--help");
            assertThat(r.out()).as(command).contains("--schema-only", "--backfill-until=INSTANT|TABLE:VALUE",
                    "--backfill-time-column=TABLE:COLUMN");
        }
        CliRun verify = CliRun.of("verify", "--help");
        assertThat(verify.out()).contains("--backfill-until=INSTANT|TABLE:VALUE", "--backfill-time-column=TABLE:COLUMN")
                .doesNotContain("[--schema-only]").doesNotContainPattern("(?m)^\\s+--schema-only\\s");
    }
}
