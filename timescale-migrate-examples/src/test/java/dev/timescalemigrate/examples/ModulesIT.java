package dev.timescalemigrate.examples;

import dev.timescalemigrate.testing.TestDatabase;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module contract, checked on the jars the build produced ({@code target/timescale-migrate-cli.jar} and the
 * libraries beside it in {@code target/lib}), resolved on their own the way an application's module path would
 * be: each module exports exactly its public packages, the core's internals are readable by the adapter module
 * alone, the services are provided, and the command line runs as a module.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ModulesIT {

    static final String CORE = "dev.timescalemigrate.core";
    static final String JDBC = "dev.timescalemigrate.jdbc";
    static final String EXAMPLES = "dev.timescalemigrate.examples";

    static final Path BUILD = Path.of(System.getProperty("tsm.build.directory", "target"));
    static final Path CLI_JAR = BUILD.resolve("timescale-migrate-cli.jar");
    static final Path LIB = BUILD.resolve("lib");

    static Configuration configuration;

    @BeforeAll
    static void resolveTheBuiltJars() {
        assertThat(CLI_JAR).as("built by the package phase").isRegularFile();
        assertThat(LIB).as("filled by the package phase").isDirectory();
        // What "java --module-path target/timescale-migrate-cli.jar:target/lib --module ..." resolves, without
        // anything of this JVM's own module or class path.
        configuration = Configuration.resolveAndBind(ModuleFinder.of(CLI_JAR, LIB), List.of(systemModules()),
                ModuleFinder.of(), Set.of(EXAMPLES));
    }

    /** The JDK's modules, all of them, as the parent of a resolution from the built jars. */
    static Configuration systemModules() {
        ModuleFinder system = ModuleFinder.ofSystem();
        Set<String> names = system.findAll().stream().map(m -> m.descriptor().name()).collect(Collectors.toSet());
        return Configuration.empty().resolve(system, ModuleFinder.of(), names);
    }

    static ResolvedModule resolved(String name) {
        return configuration.findModule(name)
                .orElseThrow(() -> new AssertionError(name + " not resolved from the built jars"));
    }

    static ModuleDescriptor descriptor(String name) {
        return resolved(name).reference().descriptor();
    }

    static Set<String> unqualifiedExports(ModuleDescriptor d) {
        return d.exports().stream().filter(e -> !e.isQualified()).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static Map<String, Set<String>> qualifiedExports(ModuleDescriptor d) {
        return d.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                .collect(Collectors.toMap(ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));
    }

    static Map<String, List<String>> provides(ModuleDescriptor d) {
        return d.provides().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Provides::service, ModuleDescriptor.Provides::providers));
    }

    /** A package internal to the project: an {@code internal} one, or the core's adapter contract. */
    static boolean internal(String pkg) {
        return pkg.endsWith(".internal") || pkg.contains(".internal.") || pkg.equals("dev.timescalemigrate.adapter");
    }

    @Test
    void shouldExportTheCorePublicPackagesAndItsInternalsToTheAdapterOnly() {
        ModuleDescriptor core = descriptor(CORE);

        assertThat(unqualifiedExports(core)).containsExactly("dev.timescalemigrate", "dev.timescalemigrate.event",
                "dev.timescalemigrate.exception", "dev.timescalemigrate.model", "dev.timescalemigrate.spi");
        assertThat(qualifiedExports(core)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "dev.timescalemigrate.internal", Set.of(JDBC), "dev.timescalemigrate.adapter", Set.of(JDBC)));
        assertThat(core.opens()).isEmpty();
        // a package added later is either exported or internal, never public by accident or hidden by mistake
        assertThat(core.packages()).allSatisfy(pkg -> assertThat(internal(pkg))
                .as("package %s is internal or exported", pkg).isNotEqualTo(unqualifiedExports(core).contains(pkg)));

        assertThat(core.uses()).containsExactlyInAnyOrder("dev.timescalemigrate.adapter.DatabaseAdapter",
                "dev.timescalemigrate.spi.MigrationStrategy");
        assertThat(provides(core)).containsOnlyKeys("dev.timescalemigrate.spi.MigrationStrategy");
        assertThat(provides(core).get("dev.timescalemigrate.spi.MigrationStrategy")).as("same order as META-INF/services")
                .containsExactly("dev.timescalemigrate.internal.strategy.PerTableStrategy",
                        "dev.timescalemigrate.internal.strategy.WholeDatabaseStrategy",
                        "dev.timescalemigrate.internal.strategy.StreamingStrategy");
    }

    @Test
    void shouldExportNothingFromTheAdapterAndTheCommandLine() {
        ModuleDescriptor jdbc = descriptor(JDBC);
        assertThat(jdbc.exports()).isEmpty();
        assertThat(jdbc.opens()).isEmpty();
        assertThat(jdbc.packages()).allMatch(ModulesIT::internal);
        assertThat(provides(jdbc)).containsExactlyEntriesOf(Map.of("dev.timescalemigrate.adapter.DatabaseAdapter",
                List.of("dev.timescalemigrate.jdbc.internal.PostgresAdapter")));
        assertThat(jdbc.requires()).as("requiring the adapter gives the API, as the Maven dependency does")
                .anyMatch(r -> r.name().equals(CORE) && r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE));

        ModuleDescriptor examples = descriptor(EXAMPLES);
        assertThat(examples.exports()).isEmpty();
        assertThat(examples.opens()).as("picocli fills the options reflectively")
                .singleElement().satisfies(o -> {
                    assertThat(o.source()).isEqualTo("dev.timescalemigrate.examples.cli");
                    assertThat(o.targets()).containsExactly("info.picocli");
                });
        assertThat(examples.mainClass()).contains("dev.timescalemigrate.examples.cli.Main");
    }

    @Test
    void shouldGiveAnApplicationThatRequiresTheCoreTheAdapterThroughServiceBinding() {
        Configuration app = Configuration.resolveAndBind(ModuleFinder.of(LIB), List.of(systemModules()),
                ModuleFinder.of(), Set.of(CORE));
        assertThat(app.findModule(JDBC)).as("bound as the provider of DatabaseAdapter").isPresent();
        assertThat(app.findModule(CORE).orElseThrow().reads()).as("the core does not depend on the adapter")
                .noneMatch(m -> m.name().equals(JDBC));
    }

    @Test
    void shouldRunTheCommandLineOnTheModulePath() throws Exception {
        String modulePath = CLI_JAR + java.io.File.pathSeparator + LIB;
        Run version = run(List.of("--module-path", modulePath, "--module", EXAMPLES, "--version"));
        assertThat(version.code()).as(version.output()).isZero();
        assertThat(version.output().strip()).as("the version the class path run reads from the manifest")
                .isEqualTo(run(List.of("-jar", CLI_JAR.toString(), "--version")).output().strip())
                .doesNotContain("development build");

        // made here, not as a @Database field: only this step of one of the class's tests needs a database
        try (TestDatabase db = TestDatabase.create("modules")) {
            db.execute("CREATE TABLE public.readings (id bigint PRIMARY KEY, ts timestamptz NOT NULL)");
            // the adapter, found through DatabaseAdapter.load(), with jOOQ and the driver as modules
            Run inspect = run(List.of("--module-path", modulePath, "--module", EXAMPLES, "inspect", "--url", db.url()));
            assertThat(inspect.code()).as(inspect.output()).isZero();
            assertThat(inspect.output()).contains("\"public\".\"readings\"");
        }

        // the built-in strategies, found through Strategies.available(), listed in the configuration error
        Run plan = run(List.of("--module-path", modulePath, "--module", EXAMPLES, "plan", "--strategy", "no-such",
                "--source", "jdbc:postgresql://127.0.0.1:1/none", "--target", "jdbc:postgresql://127.0.0.1:1/none"));
        assertThat(plan.code()).as(plan.output()).isEqualTo(1);
        assertThat(plan.output()).contains("Unknown strategy 'no-such'. Available: [per-table, whole-database, streaming].");
    }

    record Run(int code, String output) {
    }

    static Run run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        Path log = Files.createTempFile("tsm-modules", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
