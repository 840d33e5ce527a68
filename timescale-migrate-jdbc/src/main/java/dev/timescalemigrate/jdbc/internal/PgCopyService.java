package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.exception.DataTransferException;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Extension;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.spi.CopyResult;
import dev.timescalemigrate.spi.CopyService;
import dev.timescalemigrate.spi.CopyUnit;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Splits tables into units and copies units with {@code COPY ... TO STDOUT} on the source piped into
 * {@code COPY ... FROM STDIN} on the target.
 *
 * <h2>Estimates</h2>
 * Bytes: {@code pg_table_size} (heap and TOAST) of an ordinary table or partition; for a hypertable, the
 * {@code table_bytes + toast_bytes} of TimescaleDB's {@code hypertable_detailed_size}, which sums every chunk,
 * compressed ones included. Rows: the planner's estimate for {@code SELECT 1 FROM table} (the first line of
 * {@code EXPLAIN}), which scales {@code pg_class.reltuples} to the current size, sums the chunks of a hypertable
 * and still gives a size-based guess for a table that was never analysed (where {@code reltuples} is -1 and
 * TimescaleDB's {@code approximate_row_count} answers 0).
 *
 * <h2>Units</h2>
 * A table no larger than the unit size is one whole-table unit ({@code #0000}). A larger one is split into
 * {@code max(ceil(bytes / unitBytes), minUnits)} (at most {@value #MAX_UNITS}) half-open ranges
 * ({@code #0001}, ...) of equal width between the least and greatest value, of, in this order of preference: the
 * preferred column; the first column of the primary key or of another valid, non-partial btree index, when its
 * type (domains resolved) is an integer, {@code date}, {@code timestamp} or {@code timestamptz}; the physical row
 * position ({@code ctid} page ranges; ordinary tables only, not hypertables). The first range has no lower
 * bound and takes the NULLs of a nullable column, the last has no upper bound, so rows outside the bounds read
 * (including infinite timestamps) are covered too. Bounds are printed in the types' ISO input formats, in UTC.
 *
 * <h2>Format</h2>
 * Binary when every copied column's type, domains resolved, is a built-in type with binary send/receive
 * functions (arrays: of a built-in, non-composite element type) or a user enum (sent as its label). Otherwise
 * text: user-defined and extension types, composites and arrays of such embed type OIDs in the binary form,
 * which differ between databases.
 */
final class PgCopyService implements CopyService {

    private static final Logger LOG = LoggerFactory.getLogger(PgCopyService.class);

    /** Bytes gathered before a CopyData message is sent to the target. */
    static final int BUFFER_BYTES = 64 * 1024;

    /** Object ids below this are built into PostgreSQL (FirstNormalObjectId). */
    private static final long FIRST_NORMAL_OID = 16384;

    /** The most units a table is split into. */
    static final int MAX_UNITS = 100_000;

    private static final Pattern EXPLAIN_ROWS = Pattern.compile("rows=(\\d+)");
    /** What a range's column type may look like: a type name, no statement separators or comments. */
    static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9_ .\"(),\\[\\]]+");

    /** Column types a range split works on, by base type oid. */
    enum SplitKind {
        INTEGER, DATE, TIMESTAMP, TIMESTAMPTZ;

        static Optional<SplitKind> of(long baseOid) {
            return Optional.ofNullable(switch ((int) baseOid) {
                case 20, 21, 23 -> INTEGER;
                case 1082 -> DATE;
                case 1114 -> TIMESTAMP;
                case 1184 -> TIMESTAMPTZ;
                default -> null;
            });
        }
    }

    /** The COPY format of a table and why. */
    record Format(boolean binary, String reason) {
        String sql() {
            return binary ? "binary" : "text";
        }
    }

    private record SplitColumn(String name, boolean notNull, String baseType, SplitKind kind, int indexRank) {
    }

    private record Size(long bytes, long rows, long pages) {
    }

    private final ConnectionPool source;
    private final ConnectionPool target;
    private final PgCheckpointStore checkpoints;
    private final DatabaseModel sourceModel;
    private final Map<QualifiedName, Format> formats = new ConcurrentHashMap<>();
    private final SnapshotCoordinator snapshot;

    /**
     * @param snapshot the exported snapshot every unit reads, or {@code null} for a transaction per unit
     */
    PgCopyService(ConnectionPool source, ConnectionPool target, PgCheckpointStore checkpoints,
                  DatabaseModel sourceModel, SnapshotCoordinator snapshot) {
        this.snapshot = snapshot;
        this.source = source;
        this.target = target;
        this.checkpoints = checkpoints;
        this.sourceModel = sourceModel;
    }

    // ================================================================ split

    @Override
    public List<CopyUnit> split(Table table, String preferredColumn, long unitBytes, int minUnits) {
        if (unitBytes < 1) {
            throw new IllegalArgumentException("unitBytes must be positive");
        }
        try {
            return source.withConnection(c -> split(c, table, preferredColumn, unitBytes, Math.max(1, minUnits)));
        } catch (SQLException e) {
            throw new DataTransferException("Splitting " + table.name() + " into copy units failed: "
                    + PgErrors.serverMessage(e) + " (SQLSTATE " + e.getSQLState() + ")", table.name().quoted(), null,
                    e.getSQLState(), e);
        }
    }

    private List<CopyUnit> split(Connection c, Table table, String preferredColumn, long unitBytes, int minUnits)
            throws SQLException {
        QualifiedName name = table.name();
        boolean hypertable = sourceModel.timescale().hypertable(name).isPresent();
        Size size = size(c, table, hypertable);
        if (size.bytes() <= unitBytes) {
            return List.of(new CopyUnit(name, key(name, 0), null, size.rows(), size.bytes()));
        }
        long wanted = Math.max(ceilDiv(size.bytes(), unitBytes), minUnits);
        int n = (int) Math.min(wanted, MAX_UNITS);

        List<SplitColumn> columns = splitColumns(c, table);
        List<SplitColumn> candidates = new ArrayList<>();
        if (preferredColumn != null) {
            Optional<SplitColumn> preferred = columns.stream().filter(sc -> sc.name().equals(preferredColumn))
                    .findFirst();
            if (preferred.isPresent()) {
                candidates.add(preferred.get());
            } else {
                LOG.warn("Cannot split {} by column {}: it is not an integer, date or timestamp column of the table; "
                        + "choosing another way to split it", name, preferredColumn);
            }
        }
        columns.stream().filter(sc -> sc.indexRank() >= 0 && !sc.name().equals(preferredColumn))
                .sorted(Comparator.comparingInt(SplitColumn::indexRank)).forEach(candidates::add);

        for (SplitColumn column : candidates) {
            List<CopyUnit.Range> ranges = columnRanges(c, table, column, n);
            if (ranges.size() > 1) {
                LOG.debug("Split {} ({} bytes, about {} rows) into {} units by column {}", name, size.bytes(),
                        size.rows(), ranges.size(), column.name());
                return units(name, ranges, size);
            }
        }
        if (!hypertable && table.holdsRows() && size.pages() > 1) {
            List<CopyUnit.Range> ranges = ctidRanges(size.pages(), n);
            if (ranges.size() > 1) {
                LOG.debug("Split {} ({} bytes, {} pages) into {} units by physical position (ctid)", name,
                        size.bytes(), size.pages(), ranges.size());
                return units(name, ranges, size);
            }
        }
        LOG.debug("{} ({} bytes) has no column to split by: one unit", name, size.bytes());
        return List.of(new CopyUnit(name, key(name, 0), null, size.rows(), size.bytes()));
    }

    /** The key of a table's unit: {@code "schema"."table"#0003}; {@code #0000} is the whole table. */
    static String key(QualifiedName table, int ordinal) {
        return table.quoted() + "#" + String.format(Locale.ROOT, "%04d", ordinal);
    }

    private static List<CopyUnit> units(QualifiedName table, List<CopyUnit.Range> ranges, Size size) {
        List<CopyUnit> units = new ArrayList<>(ranges.size());
        int n = ranges.size();
        for (int i = 0; i < n; i++) {
            units.add(new CopyUnit(table, key(table, i + 1), ranges.get(i), size.rows() / n, size.bytes() / n));
        }
        return List.copyOf(units);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private Size size(Connection c, Table table, boolean hypertable) throws SQLException {
        String regclass = table.name().quoted();
        long bytes;
        long pages = 0;
        if (hypertable) {
            String timescaleSchema = sourceModel.extension("timescaledb").map(Extension::schema).orElse("public");
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(table_bytes, 0) + COALESCE(toast_bytes, 0) "
                    + "FROM " + Sql.id(timescaleSchema) + ".hypertable_detailed_size(?::pg_catalog.regclass)")) {
                ps.setString(1, regclass);
                try (ResultSet rs = ps.executeQuery()) {
                    bytes = rs.next() ? rs.getLong(1) : 0;
                }
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.pg_table_size(r), "
                    + "pg_catalog.pg_relation_size(r, 'main') / pg_catalog.current_setting('block_size')::int8 "
                    + "FROM (SELECT ?::pg_catalog.regclass AS r) x")) {
                ps.setString(1, regclass);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    bytes = rs.getLong(1);
                    pages = rs.getLong(2);
                }
            }
        }
        long rows = 0;
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN SELECT 1 FROM " + regclass);
             ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                Matcher m = EXPLAIN_ROWS.matcher(rs.getString(1));
                if (m.find()) {
                    rows = Long.parseLong(m.group(1));
                }
            }
        }
        return new Size(bytes, rows, pages);
    }

    /**
     * The table's columns whose type (domains resolved) can be split by range, with their best btree index rank:
     * 0 first column of the primary key, 1 of a unique index, 2 of another index, -1 none.
     */
    private List<SplitColumn> splitColumns(Connection c, Table table) throws SQLException {
        String sql = BASE_TYPES + """
                SELECT c.attname, c.attnotnull, b.typid::int8 AS base_oid,
                       pg_catalog.format_type(b.typid, NULL) AS base_type,
                       (SELECT min(CASE WHEN i.indisprimary THEN 0 WHEN i.indisunique THEN 1 ELSE 2 END)
                        FROM pg_catalog.pg_index i
                        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
                        JOIN pg_catalog.pg_am am ON am.oid = ic.relam
                        WHERE i.indrelid = c.attrelid AND am.amname = 'btree' AND i.indkey[0] = c.attnum
                          AND i.indpred IS NULL AND i.indisvalid) AS index_rank
                FROM cols c JOIN base b ON b.attnum = c.attnum
                ORDER BY c.attnum""";
        List<SplitColumn> found = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.name().quoted());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Optional<SplitKind> kind = SplitKind.of(rs.getLong("base_oid"));
                    if (kind.isPresent()) {
                        int rank = rs.getInt("index_rank");
                        if (rs.wasNull()) {
                            rank = -1;
                        }
                        found.add(new SplitColumn(rs.getString("attname"), rs.getBoolean("attnotnull"),
                                rs.getString("base_type"), kind.get(), rank));
                    }
                }
            }
        }
        return found;
    }

    /**
     * The columns of a table (all, or only those that are not generated) with each one's base type: the type
     * itself, or for a domain the type at the bottom of its chain. Binds the table (regclass text) once.
     */
    private static final String BASE_TYPES = """
            WITH RECURSIVE cols AS (
              SELECT a.attrelid, a.attnum, a.attname::text AS attname, a.attnotnull, a.atttypid,
                     a.attgenerated <> '' AS generated,
                     pg_catalog.format_type(a.atttypid, a.atttypmod) AS shown
              FROM pg_catalog.pg_attribute a
              WHERE a.attrelid = ?::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped
            ), chain AS (
              SELECT attnum, atttypid AS typid, 0 AS depth FROM cols
              UNION ALL
              SELECT ch.attnum, t.typbasetype, ch.depth + 1
              FROM chain ch JOIN pg_catalog.pg_type t ON t.oid = ch.typid
              WHERE t.typtype = 'd'
            ), base AS (
              SELECT DISTINCT ON (attnum) attnum, typid FROM chain ORDER BY attnum, depth DESC
            )
            """;

    /** Equal ranges of a column between its least and greatest (finite) values; one range when they are equal. */
    private List<CopyUnit.Range> columnRanges(Connection c, Table table, SplitColumn column, int n)
            throws SQLException {
        long[] extremes = bounds(c, table, column);
        if (extremes == null) {
            return List.of();
        }
        long lo = extremes[0];
        long hi = extremes[1];
        List<Long> bounds = boundaries(lo, hi, n);
        List<CopyUnit.Range> ranges = new ArrayList<>(bounds.size() + 1);
        String previous = null;
        for (int i = 0; i <= bounds.size(); i++) {
            String upper = i < bounds.size() ? format(column.kind(), bounds.get(i)) : null;
            ranges.add(new CopyUnit.Range(column.name(), column.baseType(), previous, upper,
                    i == 0 && !column.notNull()));
            previous = upper;
        }
        return ranges;
    }

    /** Page ranges of {@code ctid}: the first without a lower bound, the last without an upper one. */
    private static List<CopyUnit.Range> ctidRanges(long pages, int n) {
        List<Long> bounds = boundaries(0, pages - 1, n);
        List<CopyUnit.Range> ranges = new ArrayList<>(bounds.size() + 1);
        String previous = null;
        for (int i = 0; i <= bounds.size(); i++) {
            String upper = i < bounds.size() ? "(" + bounds.get(i) + ",0)" : null;
            ranges.add(new CopyUnit.Range("ctid", "tid", previous, upper, false));
            previous = upper;
        }
        return ranges;
    }

    /**
     * The inner boundaries that divide {@code [lo, hi]} into {@code n} ranges of (nearly) equal width, strictly
     * increasing and each greater than {@code lo}; fewer than {@code n - 1} when the span is narrower than n.
     */
    static List<Long> boundaries(long lo, long hi, int n) {
        List<Long> bounds = new ArrayList<>();
        if (hi <= lo || n < 2) {
            return bounds;
        }
        BigInteger low = BigInteger.valueOf(lo);
        BigInteger span = BigInteger.valueOf(hi).subtract(low).add(BigInteger.ONE);
        BigInteger parts = BigInteger.valueOf(n);
        long previous = lo;
        for (int i = 1; i < n; i++) {
            long b = low.add(span.multiply(BigInteger.valueOf(i)).divide(parts)).longValueExact();
            if (b > previous) {
                bounds.add(b);
                previous = b;
            }
        }
        return bounds;
    }

    /** A bound in the type's ISO input format: days or microseconds since 1970-01-01 (UTC) for dates and times. */
    static String format(SplitKind kind, long value) {
        return switch (kind) {
            case INTEGER -> Long.toString(value);
            case DATE -> isoDate(LocalDate.ofEpochDay(value), "");
            case TIMESTAMP -> isoTimestamp(value, "");
            case TIMESTAMPTZ -> isoTimestamp(value, "+00");
        };
    }

    private static String isoTimestamp(long micros, String offset) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                (int) Math.floorMod(micros, 1_000_000L) * 1000, ZoneOffset.UTC);
        String time = String.format(Locale.ROOT, "%02d:%02d:%02d.%06d", t.getHour(), t.getMinute(), t.getSecond(),
                t.getNano() / 1000);
        return isoDate(t.toLocalDate(), " " + time + offset);
    }

    /** PostgreSQL's ISO form: years before 1 as {@code 0001 ... BC} (ISO year 0 is 1 BC). */
    private static String isoDate(LocalDate d, String suffix) {
        int year = d.getYear();
        boolean bc = year <= 0;
        String text = String.format(Locale.ROOT, "%04d-%02d-%02d", bc ? 1 - year : year, d.getMonthValue(),
                d.getDayOfMonth());
        return text + suffix + (bc ? " BC" : "");
    }

    // ================================================================ copy

    @Override
    public CopyResult copy(Table table, CopyUnit unit, QualifiedName targetTable) {
        checkpoints.requireBegun();
        String tableName = table.name().quoted();
        Format format = format(table);
        if (checkpoints.isUnitDone(unit.key())) {
            LOG.debug("Unit {} was copied by an earlier run", unit.key());
            return new CopyResult(unit, 0, 0, Duration.ZERO, true, format.sql());
        }
        String columns = table.columns().stream().filter(col -> !col.isGenerated()).map(Column::name)
                .map(Sql::id).collect(Collectors.joining(", "));
        String where = predicate(unit.range());
        String copyOut = "COPY (SELECT " + columns + " FROM " + tableName + (where == null ? "" : " WHERE " + where)
                + ") TO STDOUT (FORMAT " + format.sql() + ")";
        String copyIn = "COPY " + targetTable.quoted() + " (" + columns + ") FROM STDIN (FORMAT " + format.sql() + ")";

        long started = System.nanoTime();
        Connection src = null;
        Connection tgt = null;
        CopyOut out = null;
        PGCopyOutputStream in = null;
        long bytes = 0;
        try {
            src = source.borrow();
            if (snapshot != null) {
                snapshot.importInto(src);
            }
            tgt = target.borrow();
            tgt.setAutoCommit(false);
            if (checkpoints.lockUnit(tgt, unit)) {
                // done by a transaction that committed after the check above (or whose acknowledgement was lost)
                tgt.commit();
                LOG.debug("Unit {} was copied meanwhile", unit.key());
                return new CopyResult(unit, 0, 0, Duration.ZERO, true, format.sql());
            }
            in = new PGCopyOutputStream(tgt.unwrap(PGConnection.class), copyIn, BUFFER_BYTES);
            out = src.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOut);
            byte[] row;
            while ((row = out.readFromCopy()) != null) {
                in.writeToCopy(row, 0, row.length);
                bytes += row.length;
            }
            long rows = in.endCopy();
            if (snapshot != null) {
                src.commit();
                src.setAutoCommit(true);
            }
            checkpoints.markUnitDone(tgt, unit, rows, bytes);
            tgt.commit();
            tgt.setAutoCommit(true);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            LOG.debug("Copied unit {} into {}: {} rows, {} bytes in {} ms ({})", unit, targetTable, rows, bytes,
                    took.toMillis(), format.sql());
            return new CopyResult(unit, rows, bytes, took, false, format.sql());
        } catch (SQLException | RuntimeException e) {
            // Stop whichever side is still streaming; a connection that cannot be brought back is dropped.
            boolean sourceClean = cancel(out);
            boolean targetClean = cancel(in);
            if (src != null) {
                if (sourceClean) {
                    source.release(src, e);
                } else {
                    source.discard(src);
                }
                src = null;
            }
            if (tgt != null) {
                if (targetClean) {
                    target.release(tgt, e);
                } else {
                    target.discard(tgt);
                }
                tgt = null;
            }
            String state = PgErrors.sqlState(e);
            throw new DataTransferException("Copying unit " + unit.key() + " of " + tableName + " into "
                    + targetTable.quoted() + " failed: " + PgErrors.message(e) + " (SQLSTATE " + state + "). "
                    + "Nothing of this unit was written; it is copied again when retried.", tableName, unit.key(),
                    state, e);
        } finally {
            source.release(src);
            target.release(tgt);
        }
    }

    /** Cancels a COPY still in progress; false when cancelling failed, so the connection must not be reused. */
    private static boolean cancel(org.postgresql.copy.CopyOperation operation) {
        if (operation == null) {
            return true;
        }
        try {
            if (operation.isActive()) {
                operation.cancelCopy();
            }
            return !operation.isActive();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Cancelling a COPY failed: {}", e.getMessage());
            return false;
        }
    }

    /**
     * The WHERE condition of a range, or {@code null} for every row: {@code col >= lower::type AND col < upper::type},
     * {@code OR col IS NULL} when the range takes the NULLs.
     */
    static String predicate(CopyUnit.Range range) {
        if (range == null) {
            return null;
        }
        boolean ctid = "ctid".equals(range.column());
        String col = ctid ? "ctid" : Sql.id(range.column());
        String type = range.columnType();
        if (type == null || !TYPE_NAME.matcher(type).matches()) {
            throw new IllegalArgumentException("not a type name: " + type);
        }
        List<String> bounds = new ArrayList<>(2);
        if (range.lower() != null) {
            bounds.add(col + " >= " + Sql.literal(range.lower()) + "::" + type);
        }
        if (range.upper() != null) {
            bounds.add(col + " < " + Sql.literal(range.upper()) + "::" + type);
        }
        if (bounds.isEmpty()) {
            return range.includeNulls() ? null : col + " IS NOT NULL";
        }
        String condition = String.join(" AND ", bounds);
        return range.includeNulls() ? "(" + condition + ") OR " + col + " IS NULL" : condition;
    }

    // ================================================================ format

    /** The COPY format of a table, decided once per table from the source's catalog. */
    Format format(Table table) {
        Format cached = formats.get(table.name());
        if (cached != null) {
            return cached;
        }
        Format format;
        try {
            format = source.withConnection(c -> decideFormat(c, table));
        } catch (SQLException e) {
            throw new DataTransferException("Reading the column types of " + table.name() + " failed: "
                    + PgErrors.serverMessage(e) + " (SQLSTATE " + e.getSQLState() + ")", table.name().quoted(), null,
                    e.getSQLState(), e);
        }
        Format previous = formats.putIfAbsent(table.name(), format);
        if (previous != null) {
            return previous;
        }
        LOG.debug("COPY format for {}: {} ({})", table.name(), format.sql(), format.reason());
        return format;
    }

    private static Format decideFormat(Connection c, Table table) throws SQLException {
        String sql = BASE_TYPES + """
                SELECT c.attname, c.shown, c.atttypid::int8 AS type_oid, t.oid::int8 AS base_oid,
                       t.typtype::text AS typtype,
                       pg_catalog.format_type(t.oid, NULL) AS base_type,
                       t.typsend::oid <> 0 AND t.typreceive::oid <> 0 AS has_binary,
                       e.oid::int8 AS elem_oid, e.typtype::text AS elem_typtype,
                       pg_catalog.format_type(e.oid, NULL) AS elem_type
                FROM cols c
                JOIN base b ON b.attnum = c.attnum
                JOIN pg_catalog.pg_type t ON t.oid = b.typid
                LEFT JOIN pg_catalog.pg_type e ON t.typelem <> 0 AND t.typlen = -1 AND e.oid = t.typelem
                WHERE NOT c.generated
                ORDER BY c.attnum""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, table.name().quoted());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String column = Sql.id(rs.getString("attname"));
                    String shown = rs.getString("shown");
                    long baseOid = rs.getLong("base_oid");
                    String typtype = rs.getString("typtype");
                    String baseType = rs.getString("base_type");
                    String described = rs.getLong("type_oid") == baseOid ? shown
                            : shown + " (a domain over " + baseType + ")";
                    if ("c".equals(typtype)) {
                        return new Format(false, "column " + column + " has the composite type " + described);
                    }
                    long elemOid = rs.getLong("elem_oid");
                    if (!rs.wasNull()) {
                        String elemTyptype = rs.getString("elem_typtype");
                        if (elemOid >= FIRST_NORMAL_OID || !"b".equals(elemTyptype) && !"r".equals(elemTyptype)
                                && !"m".equals(elemTyptype)) {
                            return new Format(false, "column " + column + " has the type " + described
                                    + ", an array of " + rs.getString("elem_type") + ", whose binary form names a "
                                    + "type that is not built in");
                        }
                    } else if (baseOid >= FIRST_NORMAL_OID) {
                        if ("e".equals(typtype)) {
                            continue;
                        }
                        return new Format(false, "column " + column + " has the type " + described
                                + ", defined by a user or an extension");
                    }
                    if (!rs.getBoolean("has_binary")) {
                        return new Format(false, "column " + column + " has the type " + shown
                                + ", which has no binary form");
                    }
                }
            }
        }
        return new Format(true, "every column type has a binary form without database-specific type ids");
    }

    // ================================================================ streaming

    @Override
    public List<CopyUnit> slices(Table table, String column, long width) {
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive");
        }
        try {
            return source.withConnection(c -> slices(c, table, column, width));
        } catch (SQLException e) {
            throw new DataTransferException("Splitting " + table.name() + " into time slices failed: "
                    + PgErrors.serverMessage(e) + " (SQLSTATE " + e.getSQLState() + ")", table.name().quoted(), null,
                    e.getSQLState(), e);
        }
    }

    private List<CopyUnit> slices(Connection c, Table table, String column, long width) throws SQLException {
        QualifiedName name = table.name();
        Size size = size(c, table, sourceModel.timescale().hypertable(name).isPresent());
        SplitColumn sc = splitColumns(c, table).stream().filter(s -> s.name().equals(column)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " has no integer, date or timestamp column "
                        + column));
        long step = sc.kind() == SplitKind.DATE ? Math.max(1, width / 86_400_000_000L) : width;
        long[] bounds = bounds(c, table, sc);
        if (bounds == null) {
            return List.of(new CopyUnit(name, key(name, 0), null, size.rows(), size.bytes()));
        }
        // chunk-aligned boundaries: multiples of the step after the least value up to the greatest
        long first = Math.floorDiv(bounds[0], step) * step + step;
        long count = bounds[1] < first ? 0 : (bounds[1] - first) / step + 1;
        long stride = step * Math.max(1, ceilDiv(count, MAX_UNITS - 1));
        List<CopyUnit.Range> ranges = new ArrayList<>();
        String previous = null;
        for (long b = first; b <= bounds[1] && b >= first; b += stride) {
            String upper = format(sc.kind(), b);
            ranges.add(new CopyUnit.Range(sc.name(), sc.baseType(), previous, upper, previous == null && !sc.notNull()));
            previous = upper;
        }
        ranges.add(new CopyUnit.Range(sc.name(), sc.baseType(), previous, null, previous == null && !sc.notNull()));
        if (ranges.size() == 1) {
            return List.of(new CopyUnit(name, key(name, 0), null, size.rows(), size.bytes()));
        }
        LOG.debug("Sliced {} ({} bytes) into {} units of {} by {}", name, size.bytes(), ranges.size(), stride,
                sc.name());
        return units(name, ranges, size);
    }

    /** The least and greatest finite values of a split column in its units, or null for an empty table. */
    private long[] bounds(Connection c, Table table, SplitColumn column) throws SQLException {
        String col = Sql.id(column.name());
        String from = table.name().quoted();
        // Separate min() and max() with WHERE (not FILTER), so that PostgreSQL reads each from an index's end.
        String min = "(SELECT min(" + col + ") FROM " + from + " WHERE pg_catalog.isfinite(" + col + "))";
        String max = "(SELECT max(" + col + ") FROM " + from + " WHERE pg_catalog.isfinite(" + col + "))";
        String sql = switch (column.kind()) {
            case INTEGER -> "SELECT (SELECT min(" + col + ") FROM " + from + ")::int8, (SELECT max(" + col
                    + ") FROM " + from + ")::int8";
            case DATE -> "SELECT " + min + " - DATE '1970-01-01', " + max + " - DATE '1970-01-01'";
            case TIMESTAMP, TIMESTAMPTZ -> "SELECT (EXTRACT(EPOCH FROM " + min + ") * 1000000)::int8, "
                    + "(EXTRACT(EPOCH FROM " + max + ") * 1000000)::int8";
        };
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            long lo = rs.getLong(1);
            if (rs.wasNull()) {
                return null;
            }
            return new long[] {lo, rs.getLong(2)};
        }
    }

    /**
     * The statistics of a table: its size estimate, {@code pg_stats} per column, and the bounds (in microseconds
     * since 1970 for dates and timestamps) of its time columns that are NOT NULL or lead an index.
     */
    dev.timescalemigrate.spi.TableStatistics statistics(Table table) {
        try {
            return source.withConnection(c -> statistics(c, table));
        } catch (SQLException e) {
            throw new DataTransferException("Reading the statistics of " + table.name() + " failed: "
                    + PgErrors.serverMessage(e) + " (SQLSTATE " + e.getSQLState() + ")", table.name().quoted(), null,
                    e.getSQLState(), e);
        }
    }

    private dev.timescalemigrate.spi.TableStatistics statistics(Connection c, Table table) throws SQLException {
        Size size = size(c, table, sourceModel.timescale().hypertable(table.name()).isPresent());
        Map<String, SplitColumn> split = splitColumns(c, table).stream()
                .collect(Collectors.toMap(SplitColumn::name, s -> s));
        Map<String, double[]> stats = new java.util.HashMap<>();
        boolean inherited = sourceModel.timescale().hypertable(table.name()).isPresent();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT attname::text, n_distinct::float8, null_frac::float8 FROM pg_catalog.pg_stats
                WHERE schemaname = ? AND tablename = ? AND inherited = ?""")) {
            ps.setString(1, table.name().schema());
            ps.setString(2, table.name().name());
            ps.setBoolean(3, inherited);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stats.put(rs.getString(1), new double[] {rs.getDouble(2), rs.getDouble(3)});
                }
            }
        }
        List<dev.timescalemigrate.spi.TableStatistics.ColumnStatistics> columns = new ArrayList<>();
        for (Column column : table.columns()) {
            SplitColumn sc = split.get(column.name());
            Long min = null;
            Long max = null;
            if (sc != null && (sc.notNull() || sc.indexRank() >= 0)) {
                long[] b = bounds(c, table, sc);
                if (b != null) {
                    long factor = sc.kind() == SplitKind.DATE ? 86_400_000_000L : 1;
                    min = b[0] * factor;
                    max = b[1] * factor;
                }
            }
            double[] st = stats.get(column.name());
            columns.add(dev.timescalemigrate.spi.TableStatistics.ColumnStatistics.builder(column.name(),
                    sc != null ? sc.baseType() : column.type()).notNull(column.notNull()).indexRank(sc != null
                    ? sc.indexRank() : indexRank(table, column.name())).nDistinct(st == null ? null : st[0])
                    .nullFraction(st == null ? null : st[1]).min(min).max(max).build());
        }
        return new dev.timescalemigrate.spi.TableStatistics(size.rows(), size.bytes(), !stats.isEmpty(), columns);
    }

    /** 2 when the column leads an index of the model, else -1 (for columns that cannot split). */
    private static int indexRank(Table table, String column) {
        return table.indexes().stream().anyMatch(i -> !i.keys().isEmpty()
                && (i.keys().get(0).equals(column) || i.keys().get(0).equals(Sql.id(column)))) ? 2 : -1;
    }
}
