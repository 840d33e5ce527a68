package dev.timescalemigrate.model;

import java.util.List;
import java.util.Objects;

/**
 * The owner and privileges of one database object.
 *
 * @param kind       what the object is
 * @param name       its name ({@code schema} alone, in {@link QualifiedName#schema()}, for a schema; the table or
 *                   view for a column)
 * @param arguments  a routine's identity arguments as PostgreSQL prints them, a column's name, else {@code null}
 * @param owner      the owning role, or {@code null} when the owner follows another object (a sequence that
 *                   belongs to a table column)
 * @param defaults   whether the object has its default privileges (no GRANT or REVOKE was ever run on it)
 * @param grants     the privileges granted, the owner's own included; empty with {@code defaults}
 */
public record ObjectPrivileges(Kind kind, QualifiedName name, String arguments, String owner, boolean defaults,
                               List<Grant> grants) {

    public ObjectPrivileges {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        grants = List.copyOf(grants);
    }

    /** Object kinds that have an owner and privileges ({@link #COLUMN}: privileges only). */
    public enum Kind {
        SCHEMA, TABLE, VIEW, MATERIALIZED_VIEW, SEQUENCE, FUNCTION, PROCEDURE, TYPE, DOMAIN, COLUMN
    }

    /**
     * One privilege granted to one role.
     *
     * @param grantee   the role, or {@code null} for {@code PUBLIC}
     * @param privilege the privilege as PostgreSQL names it, e.g. {@code SELECT}, {@code USAGE}, {@code EXECUTE}
     * @param grantable whether it was granted WITH GRANT OPTION
     */
    public record Grant(String grantee, String privilege, boolean grantable) {
    }

    /** The same object with roles renamed by {@code map} (roles it does not name stay). */
    public ObjectPrivileges withRoles(java.util.function.UnaryOperator<String> map) {
        return new ObjectPrivileges(kind, name, arguments, owner == null ? null : map.apply(owner), defaults,
                grants.stream().map(g -> new Grant(g.grantee() == null ? null : map.apply(g.grantee()),
                        g.privilege(), g.grantable())).toList());
    }
}
