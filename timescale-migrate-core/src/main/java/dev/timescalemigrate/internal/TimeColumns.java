package dev.timescalemigrate.internal;

import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.Index;
import dev.timescalemigrate.model.SqlIdentifiers;
import dev.timescalemigrate.model.Table;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a hypertable's time column may be: the rules the preflight checks a stated column against and the
 * inference chooses a column by. Types are named as {@code format_type} prints them.
 */
public final class TimeColumns {

    /** The date and time types a hypertable can be partitioned by. */
    public static final Set<String> DATE_TIME_TYPES = Set.of("timestamp with time zone",
            "timestamp without time zone", "date");

    /** The integer types a hypertable can be partitioned by (with an integer chunk interval). */
    public static final Set<String> INTEGER_TYPES = Set.of("smallint", "integer", "bigint");

    /** Every type a hypertable can be partitioned by. */
    public static final Set<String> PARTITION_TYPES = Stream.concat(DATE_TIME_TYPES.stream(), INTEGER_TYPES.stream())
            .collect(Collectors.toUnmodifiableSet());

    private TimeColumns() {
    }

    /**
     * The table's primary key, unique and exclusion constraints that do not include {@code column}: a
     * hypertable's unique keys must include its time column.
     */
    public static List<Constraint> uniqueConstraintsWithout(Table table, String column) {
        return table.constraints().stream()
                .filter(c -> c.type() == Constraint.Type.PRIMARY_KEY || c.type() == Constraint.Type.UNIQUE
                        || c.type() == Constraint.Type.EXCLUSION)
                .filter(c -> !c.columns().contains(column))
                .toList();
    }

    /** The table's unique indexes whose keys do not include {@code column} (plain or quoted). */
    public static List<Index> uniqueIndexesWithout(Table table, String column) {
        return table.indexes().stream()
                .filter(Index::unique)
                .filter(i -> !i.keys().contains(column) && !i.keys().contains(SqlIdentifiers.quote(column)))
                .toList();
    }

    /** Whether every unique constraint and unique index of the table includes {@code column}. */
    public static boolean inEveryUniqueKey(Table table, String column) {
        return uniqueConstraintsWithout(table, column).isEmpty() && uniqueIndexesWithout(table, column).isEmpty();
    }
}
