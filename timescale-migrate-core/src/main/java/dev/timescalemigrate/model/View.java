package dev.timescalemigrate.model;

import java.util.List;

/**
 * A view or materialized view (continuous aggregates are in {@link TimescaleModel}).
 *
 * @param name         schema-qualified name
 * @param materialized whether it is a materialized view
 * @param columns      its column names in order
 * @param definition   the SELECT as PostgreSQL prints it
 * @param options      reloptions such as {@code security_barrier=true} or {@code check_option=local}
 * @param indexes      indexes of a materialized view
 * @param dependsOn    the tables and views (in user schemas) it reads from
 * @param comment      comment or {@code null}
 */
public record View(QualifiedName name, boolean materialized, List<String> columns, String definition,
                   List<String> options, List<Index> indexes, List<QualifiedName> dependsOn, String comment) {

    public View {
        columns = List.copyOf(columns);
        options = List.copyOf(options);
        indexes = List.copyOf(indexes);
        dependsOn = List.copyOf(dependsOn);
    }
}
