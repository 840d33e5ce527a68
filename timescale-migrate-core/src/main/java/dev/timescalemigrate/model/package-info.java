/**
 * The schema model: immutable records describing everything a migration reads from a source database
 * and recreates on a target. The model holds no JDBC or jOOQ types; names are stored unquoted and every
 * piece of DDL built from them quotes them.
 *
 * <p>Definitions that PostgreSQL itself renders (constraint, index, view, function and trigger
 * definitions, defaults and type names) are kept as the server printed them with an empty
 * {@code search_path}, so every name inside them is schema-qualified.
 */
package dev.timescalemigrate.model;
