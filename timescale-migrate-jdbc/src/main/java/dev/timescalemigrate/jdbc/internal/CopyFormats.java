package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Table;

import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses each table's COPY format, once per table, from the source's catalog.
 *
 * <p>Binary when every copied column's type, domains resolved, is a built-in type with binary send/receive
 * functions (arrays: of a built-in, non-composite element type) or a user enum (sent as its label). Otherwise
 * text: user-defined and extension types, composites and arrays of such embed type OIDs in the binary form,
 * which differ between databases, and the object identifier types ({@code regclass}, ...) are sent as the id of
 * the object they name, where text names it.
 */
final class CopyFormats {

    private static final Logger LOG = LoggerFactory.getLogger(CopyFormats.class);

    /** The object identifier types that name an object: sent as its id in binary, as its name in text. */
    static final java.util.Set<String> OID_ALIASES = java.util.Set.of("regclass", "regcollation", "regconfig",
            "regdictionary", "regnamespace", "regoper", "regoperator", "regproc", "regprocedure", "regrole", "regtype");

    /** Object ids below this are built into PostgreSQL (FirstNormalObjectId). */
    static final long FIRST_NORMAL_OID = 16384;

    /** The COPY format of a table and why. */
    record Format(boolean binary, String reason) {
        String sql() {
            return binary ? "binary" : "text";
        }
    }

    /**
     * What the catalog says about a copied column's type.
     *
     * @param column      the column, quoted
     * @param shown       its type as declared
     * @param typeOid     its type
     * @param baseOid     its base type (the type, or the bottom of a domain's chain)
     * @param typtype     the base type's {@code pg_type.typtype}
     * @param baseType    the base type's name
     * @param hasBinary   whether the base type has binary send and receive functions
     * @param elemOid     the element type of an array base type, else {@code null}
     * @param elemTyptype the element type's {@code typtype}
     * @param elemType    the element type's name
     */
    record ColumnType(String column, String shown, long typeOid, long baseOid, String typtype, String baseType,
                      boolean hasBinary, Long elemOid, String elemTyptype, String elemType) {
    }

    private final ConnectionPool source;
    private final Map<QualifiedName, Format> formats = new ConcurrentHashMap<>();

    CopyFormats(ConnectionPool source) {
        this.source = source;
    }

    /** The COPY format of a table, read from the source the first time. */
    Format of(Table table) {
        Format cached = formats.get(table.name());
        if (cached != null) {
            return cached;
        }
        Format format;
        try {
            format = source.withConnection(c -> choose(columnTypes(c, table)));
        } catch (SQLException e) {
            throw PgCopyService.failed("Reading the column types of " + table.name(), table, e);
        }
        Format previous = formats.putIfAbsent(table.name(), format);
        if (previous != null) {
            return previous;
        }
        LOG.debug("COPY format for {}: {} ({})", table.name(), format.sql(), format.reason());
        return format;
    }

    /** The types of the columns COPY reads (all but generated ones), in order. */
    static List<ColumnType> columnTypes(Connection c, Table table) throws SQLException {
        String sql = ColumnTypes.BASE_TYPES + """
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
        List<ColumnType> types = new ArrayList<>();
        for (Record r : Sql.fetch(c, sql, table.name().quoted())) {
            types.add(new ColumnType(Sql.id(r.get("attname", String.class)), r.get("shown", String.class),
                    Sql.longOf(r, "type_oid"), Sql.longOf(r, "base_oid"), r.get("typtype", String.class),
                    r.get("base_type", String.class), Sql.boolOf(r, "has_binary"), r.get("elem_oid", Long.class),
                    r.get("elem_typtype", String.class), r.get("elem_type", String.class)));
        }
        return types;
    }

    /** The format for columns of these types: text, naming the first column that needs it, or binary. */
    static Format choose(List<ColumnType> columns) {
        for (ColumnType t : columns) {
            String described = t.typeOid() == t.baseOid() ? t.shown()
                    : t.shown() + " (a domain over " + t.baseType() + ")";
            if ("c".equals(t.typtype())) {
                return new Format(false, "column " + t.column() + " has the composite type " + described);
            }
            if (t.elemOid() != null) {
                String elemTyptype = t.elemTyptype();
                if (t.elemOid() >= FIRST_NORMAL_OID || !"b".equals(elemTyptype) && !"r".equals(elemTyptype)
                        && !"m".equals(elemTyptype)) {
                    return new Format(false, "column " + t.column() + " has the type " + described
                            + ", an array of " + t.elemType() + ", whose binary form names a "
                            + "type that is not built in");
                }
            } else if (t.baseOid() >= FIRST_NORMAL_OID) {
                if ("e".equals(t.typtype())) {
                    continue;
                }
                return new Format(false, "column " + t.column() + " has the type " + described
                        + ", defined by a user or an extension");
            }
            if (OID_ALIASES.contains(t.baseType()) || t.elemOid() != null && OID_ALIASES.contains(t.elemType())) {
                return new Format(false, "column " + t.column() + " has the type " + described
                        + ", whose binary form is the object id, which differs between databases (its text form "
                        + "is the object's name)");
            }
            if (!t.hasBinary()) {
                return new Format(false, "column " + t.column() + " has the type " + t.shown()
                        + ", which has no binary form");
            }
        }
        return new Format(true, "every column type has a binary form without database-specific type ids");
    }
}
