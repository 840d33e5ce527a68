package dev.timescalemigrate;

import dev.timescalemigrate.model.QualifiedName;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a backfill copies ({@link Migration.Builder#backfillUntil(Instant)}): into target tables that already exist
 * and that an application is writing to, the source's rows before a cutoff, never touching the rows the
 * application wrote.
 *
 * <ul>
 *   <li>A time-partitioned table (a hypertable on the source or by a rule, or a table given a time column with
 *   {@link Migration.Builder#backfillTimeColumn}) gets its rows whose time is before its bound: the
 *   {@linkplain #cutoff() cutoff} for {@code timestamptz}, {@code timestamp} (read as UTC) and {@code date} (the
 *   cutoff's UTC date) columns, or the table's own bound ({@link #bound(QualifiedName)}), which an integer time
 *   column needs.</li>
 *   <li>A table without a time column gets the rows whose primary key (or other unique key) the target lacks.</li>
 *   <li>Continuous aggregates get the source's materialized rows before the cutoff; the target refreshes the
 *   rest.</li>
 * </ul>
 *
 * Immutable; built by {@link Migration.Builder}.
 */
public final class Backfill {

    private final Instant cutoff;
    private final Map<QualifiedName, String> bounds;
    private final Map<QualifiedName, String> timeColumns;

    Backfill(Instant cutoff, Map<QualifiedName, String> bounds, Map<QualifiedName, String> timeColumns) {
        this.cutoff = cutoff;
        this.bounds = Collections.unmodifiableMap(new LinkedHashMap<>(bounds));
        this.timeColumns = Collections.unmodifiableMap(new LinkedHashMap<>(timeColumns));
    }

    /** The cutoff: rows whose time is before it are copied (the application wrote those at or after it). */
    public Instant cutoff() {
        return cutoff;
    }

    /**
     * The bound a table was given of its own, as text in its time column's input format (an integer for an integer
     * time column, else an ISO-8601 instant); empty when the table takes the {@linkplain #cutoff() cutoff}.
     */
    public Optional<String> bound(QualifiedName table) {
        return Optional.ofNullable(bounds.get(Objects.requireNonNull(table, "table")));
    }

    /** Every table bound of its own. */
    public Map<QualifiedName, String> bounds() {
        return bounds;
    }

    /** The time column a plain (not hypertable) table was given, if any. */
    public Optional<String> timeColumn(QualifiedName table) {
        return Optional.ofNullable(timeColumns.get(Objects.requireNonNull(table, "table")));
    }

    /** Every plain table given a time column. */
    public Map<QualifiedName, String> timeColumns() {
        return timeColumns;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Backfill b && cutoff.equals(b.cutoff) && bounds.equals(b.bounds)
                && timeColumns.equals(b.timeColumns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cutoff, bounds, timeColumns);
    }

    @Override
    public String toString() {
        return "Backfill[cutoff=" + cutoff + (bounds.isEmpty() ? "" : ", bounds=" + bounds)
                + (timeColumns.isEmpty() ? "" : ", timeColumns=" + timeColumns) + "]";
    }
}
