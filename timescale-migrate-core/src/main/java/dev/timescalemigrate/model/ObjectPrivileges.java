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
 * @param grants     the privileges granted, the owner's own included, in the order of the object's ACL; empty
 *                   with {@code defaults}
 * @param aclOwner   the role the ACL belongs to: the owner, also where {@code owner} is {@code null} (an owned
 *                   sequence's table owner, or the owner of an object whose owner is not changed)
 * @param baseline   {@code null} where the whole ACL is recreated on an object the migration creates; else the ACL
 *                   the target's object starts from (initdb's, as {@code pg_init_privs} has it: the {@code public}
 *                   schema and objects in {@code pg_catalog}), and only the differences from it are carried; its
 *                   owner is then never changed
 */
public record ObjectPrivileges(Kind kind, QualifiedName name, String arguments, String owner, boolean defaults,
                               List<Grant> grants, String aclOwner, List<Grant> baseline) {

    public ObjectPrivileges {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        grants = List.copyOf(grants);
        baseline = baseline == null ? null : List.copyOf(baseline);
        if (baseline != null && owner != null) {
            throw new IllegalArgumentException("an object carried as differences from its initial ACL keeps its owner");
        }
    }

    /** An object the migration creates, its whole ACL recreated. */
    public ObjectPrivileges(Kind kind, QualifiedName name, String arguments, String owner, boolean defaults,
                            List<Grant> grants) {
        this(kind, name, arguments, owner, defaults, grants, owner, null);
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
     * @param grantor   the role that granted it, or {@code null} when not known (default privileges: the owner)
     */
    public record Grant(String grantee, String privilege, boolean grantable, String grantor) {

        public Grant(String grantee, String privilege, boolean grantable) {
            this(grantee, privilege, grantable, null);
        }
    }

    /** The same object with roles renamed by {@code map} (roles it does not name stay). */
    public ObjectPrivileges withRoles(java.util.function.UnaryOperator<String> map) {
        java.util.function.UnaryOperator<String> role = r -> r == null ? null : map.apply(r);
        java.util.function.Function<List<Grant>, List<Grant>> mapped = list -> list == null ? null : list.stream()
                .map(g -> new Grant(role.apply(g.grantee()), g.privilege(), g.grantable(), role.apply(g.grantor())))
                .toList();
        return new ObjectPrivileges(kind, name, arguments, role.apply(owner), defaults, mapped.apply(grants),
                role.apply(aclOwner), mapped.apply(baseline));
    }
}
