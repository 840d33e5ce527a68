package dev.timescalemigrate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares two whole databases the way a person would check a migration by hand, independently of this project:
 * {@code pg_dump --schema-only} of both (the test bed's own pg_dump) diffed as text, a checksum of every ordinary
 * table's rows computed on each server, and every large object (oid, owner, checksum of its data). Nothing here uses
 * the project's model, introspection or DDL; it reads only pg_dump's output and PostgreSQL's catalogs.
 *
 * <p>Only what legitimately differs between a source and its copy is normalised: the two database names (replaced by
 * {@code <database>} on both sides, should pg_dump or an object mention either) and the migration's checkpoint schema
 * {@value #CHECKPOINT_SCHEMA}, which is left out of the dump and of the row checksums. pg_dump's per-run
 * {@code \restrict} key and its version banner are dropped too. Everything else, the timescaledb extension a
 * migration adds to the target included, shows up as a difference.
 *
 * <pre>{@code
 * DumpOracle.Comparison c = DumpOracle.compare(source.url(), target.url());
 * assertThat(c.differences()).isEmpty();
 * }</pre>
 */
public final class DumpOracle {

    /** The checkpoint schema the migration writes into the target (MigrationConfig's default). */
    public static final String CHECKPOINT_SCHEMA = "timescale_migrate";

    /** The variable (or system property) naming the pg_dump to use; the test bed's by default. */
    public static final String PG_DUMP_VARIABLE = "TSM_PG_DUMP";

    private static final String DEFAULT_PG_DUMP = "/usr/lib/postgresql/15/bin/pg_dump";

    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^/:?]+)(?::(\\d+))?/([^?]*)(?:\\?(.*))?");

    private DumpOracle() {
    }

    /**
     * The outcome of a comparison.
     *
     * @param schema unified-diff hunks between the normalised dumps ({@code -} source, {@code +} target), one string each
     * @param tables one line per table whose rows differ or that exists on one side only
     * @param largeObjects one line per large object that differs or exists on one side only
     */
    public record Comparison(List<String> schema, List<String> tables, List<String> largeObjects) {

        public Comparison {
            schema = List.copyOf(schema);
            tables = List.copyOf(tables);
            largeObjects = List.copyOf(largeObjects);
        }

        /** Every difference: schema hunks, then tables, then large objects. */
        public List<String> differences() {
            List<String> all = new ArrayList<>(schema);
            all.addAll(tables);
            all.addAll(largeObjects);
            return all;
        }

        /** Whether the two databases compare equal. */
        public boolean same() {
            return schema.isEmpty() && tables.isEmpty() && largeObjects.isEmpty();
        }

        @Override
        public String toString() {
            return same() ? "no differences" : schema.size() + " schema hunks, " + tables.size() + " tables, "
                    + largeObjects.size() + " large objects differ:\n" + String.join("\n", differences());
        }
    }

    /** Compares two databases given by JDBC URL ({@code jdbc:postgresql://host:port/db?user=..&password=..}). */
    public static Comparison compare(String sourceUrl, String targetUrl) {
        List<String> names = List.of(database(sourceUrl), database(targetUrl));
        return new Comparison(
                diff(schema(sourceUrl, names), schema(targetUrl, names)),
                compareMaps("table", tableChecksums(sourceUrl), tableChecksums(targetUrl)),
                compareMaps("large object", largeObjects(sourceUrl), largeObjects(targetUrl)));
    }

    /** Compares two test databases. */
    public static Comparison compare(TestDatabase source, TestDatabase target) {
        return compare(source.url(), target.url());
    }

    /**
     * Compares a migration's target with its source, object by object, accepting for each object what pg_dump and
     * pg_restore make of it: an object of {@code target} must be as in {@code source}, or exactly as in
     * {@code yardstick} (a pg_dump/pg_restore copy of the source, {@link #copyWithPgDump}), where no dump reproduces
     * the source either. Objects are pg_dump's entries ({@code -- Name: ...; Type: ...; Schema: ...}), their text
     * normalised as {@link #schema} does; rows and large objects must equal the source's.
     *
     * @return one line or block per difference; empty when the target is as good as pg_dump/pg_restore
     */
    public static List<String> compareWithYardstick(String sourceUrl, String yardstickUrl, String targetUrl) {
        return compareWithYardstick(sourceUrl, yardstickUrl, targetUrl, true);
    }

    /**
     * As {@link #compareWithYardstick(String, String, String)}; without {@code ownersAndPrivileges}, owners
     * ({@code ALTER ... OWNER TO}, a large object's owner) and privileges (pg_dump's ACL entries) are left out of
     * the comparison, for a strategy that does not recreate them.
     */
    public static List<String> compareWithYardstick(String sourceUrl, String yardstickUrl, String targetUrl,
                                                    boolean ownersAndPrivileges) {
        List<String> names = List.of(database(sourceUrl), database(yardstickUrl), database(targetUrl));
        java.util.function.UnaryOperator<Map<String, String>> view = ownersAndPrivileges ? m -> m
                : DumpOracle::withoutOwnersAndPrivileges;
        Map<String, String> source = view.apply(entries(schema(sourceUrl, names)));
        Map<String, String> yardstick = view.apply(entries(schema(yardstickUrl, names)));
        Map<String, String> target = view.apply(entries(schema(targetUrl, names)));
        List<String> out = new ArrayList<>();
        for (String key : new TreeSet<>(union(source, target))) {
            String ours = target.get(key);
            if (Objects.equals(ours, source.get(key)) || Objects.equals(ours, yardstick.get(key))) {
                continue;
            }
            out.add(ours == null ? "only in the source: " + key + "\n" + source.get(key)
                    : source.get(key) == null ? "only in the target: " + key + "\n" + ours
                    : "differs: " + key + "\n" + String.join("\n", diff(List.of(source.get(key).split("\n")),
                    List.of(ours.split("\n")))));
        }
        out.addAll(compareMaps("table", tableChecksums(sourceUrl), tableChecksums(targetUrl)));
        Map<String, String> sourceObjects = largeObjects(sourceUrl);
        Map<String, String> targetObjects = largeObjects(targetUrl);
        if (!ownersAndPrivileges) {
            sourceObjects.replaceAll((k, v) -> v.replaceFirst("^owner [^,]*, ", ""));
            targetObjects.replaceAll((k, v) -> v.replaceFirst("^owner [^,]*, ", ""));
        }
        out.addAll(compareMaps("large object", sourceObjects, targetObjects));
        return out;
    }

    /**
     * The entries without pg_dump's ACL entries, and the others without their owner (the {@code ALTER ... OWNER TO}
     * lines and the header's {@code Owner:}).
     */
    private static Map<String, String> withoutOwnersAndPrivileges(Map<String, String> entries) {
        Map<String, String> out = new LinkedHashMap<>();
        entries.forEach((key, text) -> {
            if (!key.contains("; Type: ACL;") && !key.contains("; Type: DEFAULT ACL;")) {
                out.put(key, text.lines().filter(l -> !(l.startsWith("ALTER ") && l.contains(" OWNER TO ")))
                        .map(l -> l.startsWith("-- Name: ") ? l.replaceFirst("; Owner: .*$", "") : l)
                        .collect(java.util.stream.Collectors.joining("\n")).strip());
            }
        });
        return out;
    }

    /**
     * A normalised dump split into pg_dump's entries: {@code "Name: x; Type: y; Schema: z"} (the header without
     * its owner, which the text keeps) to the entry's text; the settings before the first entry are left out.
     */
    static Map<String, String> entries(List<String> lines) {
        Map<String, String> out = new LinkedHashMap<>();
        String key = null;
        StringBuilder text = new StringBuilder();
        List<String> settings = new ArrayList<>(); // SET lines pg_dump writes before the entry they apply to
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.equals("-- PostgreSQL database dump complete")) {
                continue;
            }
            if (line.startsWith("-- Name: ") && i > 0 && lines.get(i - 1).equals("--")) {
                if (key != null) {
                    put(out, key, text.toString().strip());
                }
                int owner = line.lastIndexOf("; Owner: ");
                key = owner < 0 ? line.substring(3) : line.substring(3, owner);
                text.setLength(0);
                settings.forEach(setting -> text.append(setting).append('\n'));
                settings.clear();
            }
            if (key == null) {
                continue;
            }
            if (line.startsWith("SET ")) {
                settings.add(line);
            } else {
                if (!line.isBlank() && !line.equals("--")) {
                    settings.forEach(setting -> text.append(setting).append('\n'));
                    settings.clear();
                }
                text.append(line).append('\n');
            }
        }
        if (key != null) {
            settings.forEach(setting -> text.append(setting).append('\n'));
            put(out, key, text.toString().strip());
        }
        return out;
    }

    private static void put(Map<String, String> entries, String key, String text) {
        String k = key;
        for (int n = 2; entries.containsKey(k); n++) {
            k = key + " #" + n;
        }
        // the "--" lines that open the next entry's header belong to that entry
        while (text.endsWith("\n--")) {
            text = text.substring(0, text.length() - 3).strip();
        }
        entries.put(k, text);
    }

    /**
     * The database's {@code pg_dump --schema-only} without the checkpoint schema, normalised: the given database
     * names replaced by {@code <database>}, pg_dump's version banner and {@code \restrict} lines removed.
     */
    public static List<String> schema(String jdbcUrl, List<String> databaseNames) {
        String dump = pgDump(jdbcUrl);
        List<Pattern> names = databaseNames.stream().distinct()
                .map(n -> Pattern.compile("(?<![\\w$])" + Pattern.quote(n) + "(?![\\w$])")).toList();
        List<String> lines = new ArrayList<>();
        for (String line : dump.split("\n", -1)) {
            if (line.startsWith("-- Dumped from database version") || line.startsWith("-- Dumped by pg_dump version")
                    || line.startsWith("\\restrict ") || line.startsWith("\\unrestrict ")) {
                continue;
            }
            for (Pattern name : names) {
                line = name.matcher(line).replaceAll("<database>");
            }
            lines.add(line);
        }
        return lines;
    }

    /**
     * {@code "schema.table" -> "<rows> rows, md5 <md5>"} for every ordinary table outside the system schemas, the
     * checkpoint schema and extensions (their members and schemas), each table's own rows only ({@code ONLY}, so an
     * inheritance parent does not count its children's rows), hashed on the server in the jsonb form of each row
     * (column names with their values, independent of the columns' order), ordered by that text in the "C"
     * collation.
     */
    public static Map<String, String> tableChecksums(String jdbcUrl) {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT pg_catalog.format('%%I.%%I', n.nspname, r.relname)
                    FROM pg_catalog.pg_class r JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
                    WHERE r.relkind = 'r' AND r.relpersistence <> 't'
                      AND n.nspname NOT IN ('pg_catalog', 'information_schema', '%s')
                      AND n.nspname !~ '^pg_(toast|temp_)'
                      AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d WHERE d.deptype = 'e'
                                      AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = r.oid)
                      AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d WHERE d.deptype = 'e'
                                      AND d.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass AND d.objid = n.oid)
                    ORDER BY 1""".formatted(CHECKPOINT_SCHEMA))) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                // each row as jsonb, whose keys are the column names in a fixed order: the rows compare by
                // value whatever the order of the columns (which the schema comparison shows)
                String sql = "SELECT pg_catalog.count(*) || ' rows, md5 ' || coalesce(pg_catalog.md5(pg_catalog.string_agg("
                        + "pg_catalog.to_jsonb(\"tsm row\")::text, E'\\n' ORDER BY pg_catalog.to_jsonb(\"tsm row\")::text "
                        + "COLLATE \"C\")), '-') FROM ONLY " + table + " AS \"tsm row\"";
                try (ResultSet rs = s.executeQuery(sql)) {
                    rs.next();
                    out.put(table, rs.getString(1));
                } catch (SQLException e) {
                    out.put(table, "unreadable: " + e.getMessage().lines().findFirst().orElse(""));
                    if (!c.getAutoCommit()) {
                        c.rollback();
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the tables of " + jdbcUrl + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** {@code "<oid>" -> "owner <role>, <bytes> bytes, md5 <md5>"} for every large object. */
    public static Map<String, String> largeObjects(String jdbcUrl) {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT m.oid::text, 'owner ' || pg_catalog.pg_get_userbyid(m.lomowner) || ', '
                            || pg_catalog.length(pg_catalog.lo_get(m.oid)) || ' bytes, md5 '
                            || pg_catalog.md5(pg_catalog.lo_get(m.oid))
                     FROM pg_catalog.pg_largeobject_metadata m ORDER BY m.oid""")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the large objects of " + jdbcUrl + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static List<String> compareMaps(String kind, Map<String, String> source, Map<String, String> target) {
        List<String> out = new ArrayList<>();
        for (String key : new TreeSet<>(union(source, target))) {
            String a = source.get(key);
            String b = target.get(key);
            if (b == null) {
                out.add(kind + " " + key + ": only in the source (" + a + ")");
            } else if (a == null) {
                out.add(kind + " " + key + ": only in the target (" + b + ")");
            } else if (!a.equals(b)) {
                out.add(kind + " " + key + ": source " + a + ", target " + b);
            }
        }
        return out;
    }

    private static TreeSet<String> union(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    /** Unified-diff hunks (3 lines of context) between two lists of lines, through the system's diff. */
    static List<String> diff(List<String> source, List<String> target) {
        if (source.equals(target)) {
            return List.of();
        }
        try {
            Path a = Files.createTempFile("tsm-dump-source", ".sql");
            Path b = Files.createTempFile("tsm-dump-target", ".sql");
            try {
                Files.write(a, source, StandardCharsets.UTF_8);
                Files.write(b, target, StandardCharsets.UTF_8);
                Result r = run(List.of("diff", "-U3", "--label", "source", "--label", "target", a.toString(),
                        b.toString()), Map.of());
                if (r.exit() != 1) {
                    throw new IllegalStateException("diff exited with " + r.exit() + ": " + r.err());
                }
                List<String> hunks = new ArrayList<>();
                StringBuilder hunk = null;
                for (String line : r.out().split("\n")) {
                    if (line.startsWith("@@")) {
                        if (hunk != null) {
                            hunks.add(hunk.toString());
                        }
                        hunk = new StringBuilder(line);
                    } else if (hunk != null) {
                        hunk.append('\n').append(line);
                    }
                }
                if (hunk != null) {
                    hunks.add(hunk.toString());
                }
                return hunks;
            } finally {
                Files.deleteIfExists(a);
                Files.deleteIfExists(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies one database into another, empty one the way pg_dump's users do: {@code pg_dump -Fc}, then
     * {@code pg_restore}; the yardstick a migration is measured against.
     *
     * @return how long it took
     * @throws IllegalStateException when either fails (pg_restore's errors included)
     */
    public static java.time.Duration copyWithPgDump(String sourceUrl, String targetUrl) {
        long started = System.nanoTime();
        try {
            Path archive = Files.createTempFile("tsm-pgdump", ".dump");
            try {
                Result dump = run(List.of(pgDumpBinary(), "-Fc", "--no-password", "-f", archive.toString()),
                        libpq(sourceUrl));
                if (dump.exit() != 0) {
                    throw new IllegalStateException("pg_dump -Fc of " + database(sourceUrl) + " failed (exit "
                            + dump.exit() + "): " + dump.err());
                }
                String pgRestore = Path.of(pgDumpBinary()).resolveSibling("pg_restore").toString();
                Map<String, String> env = libpq(targetUrl);
                Result restore = run(List.of(pgRestore, "--no-password", "-d", env.get("PGDATABASE"),
                        archive.toString()), env);
                if (restore.exit() != 0) {
                    throw new IllegalStateException("pg_restore into " + database(targetUrl) + " failed (exit "
                            + restore.exit() + "): " + restore.err());
                }
            } finally {
                Files.deleteIfExists(archive);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return java.time.Duration.ofNanos(System.nanoTime() - started);
    }

    /** libpq's environment for a JDBC URL. */
    private static Map<String, String> libpq(String jdbcUrl) {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a single-host jdbc:postgresql URL: " + jdbcUrl);
        }
        Map<String, String> params = params(m.group(4));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PGHOST", m.group(1));
        env.put("PGPORT", m.group(2) == null ? "5432" : m.group(2));
        env.put("PGDATABASE", decode(m.group(3)));
        if (params.containsKey("user")) {
            env.put("PGUSER", params.get("user"));
        }
        if (params.containsKey("password")) {
            env.put("PGPASSWORD", params.get("password"));
        }
        return env;
    }

    private static String pgDump(String jdbcUrl) {
        Map<String, String> env = libpq(jdbcUrl);
        Result r = run(List.of(pgDumpBinary(), "--schema-only", "--no-password",
                "--exclude-schema=" + CHECKPOINT_SCHEMA), env);
        if (r.exit() != 0) {
            throw new IllegalStateException("pg_dump of " + env.get("PGDATABASE") + " failed (exit " + r.exit()
                    + "): " + r.err());
        }
        return r.out();
    }

    private static String pgDumpBinary() {
        String configured = System.getenv(PG_DUMP_VARIABLE);
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty(PG_DUMP_VARIABLE);
        }
        return configured == null || configured.isBlank() ? DEFAULT_PG_DUMP : configured;
    }

    /** The database name of a JDBC URL. */
    static String database(String jdbcUrl) {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a single-host jdbc:postgresql URL: " + jdbcUrl);
        }
        return decode(m.group(3));
    }

    private static Map<String, String> params(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query != null) {
            for (String kv : query.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    out.put(kv.substring(0, eq).toLowerCase(Locale.ROOT), decode(kv.substring(eq + 1)));
                }
            }
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
            pb.environment().putAll(env);
            Path out = Files.createTempFile("tsm-oracle", ".out");
            Path err = Files.createTempFile("tsm-oracle", ".err");
            try {
                Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(command.get(0) + " did not finish within 10 minutes");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8).strip());
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compares two databases on the command line and prints the differences:
     * {@code DumpOracle <source JDBC URL> <target JDBC URL> [max differences shown]}; exits 0 when they compare
     * equal, 3 otherwise.
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: DumpOracle <source JDBC URL> <target JDBC URL> [max differences shown]");
            System.exit(2);
        }
        int max = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Comparison c = compare(args[0], Objects.requireNonNull(args[1]));
        System.out.println("schema hunks: " + c.schema().size() + ", tables differing: " + c.tables().size()
                + ", large objects differing: " + c.largeObjects().size());
        c.differences().stream().limit(max).forEach(System.out::println);
        if (c.differences().size() > max) {
            System.out.println("... and " + (c.differences().size() - max) + " more");
        }
        System.exit(c.same() ? 0 : 3);
    }
}
