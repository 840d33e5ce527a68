package dev.timescalemigrate.model;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Privileges a role's future objects of one kind get ({@code ALTER DEFAULT PRIVILEGES}).
 *
 * @param role    the role whose objects they apply to
 * @param schema  the schema they are limited to, or {@code null} for the role's objects anywhere
 * @param objects the kind of objects
 * @param grants  the privileges: for a schema, those added to the role's defaults; else the whole set, which
 *                replaces PostgreSQL's built-in defaults
 */
public record DefaultPrivileges(String role, String schema, ObjectType objects, List<ObjectPrivileges.Grant> grants) {

    /** The kinds of objects default privileges apply to, as {@code ALTER DEFAULT PRIVILEGES} names them. */
    public enum ObjectType {
        TABLES, SEQUENCES, FUNCTIONS, TYPES, SCHEMAS
    }

    public DefaultPrivileges {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(objects, "objects");
        grants = List.copyOf(grants);
    }

    /** The same entry with roles renamed by {@code map} (roles it does not name stay). */
    public DefaultPrivileges withRoles(UnaryOperator<String> map) {
        return new DefaultPrivileges(map.apply(role), schema, objects, grants.stream()
                .map(g -> new ObjectPrivileges.Grant(g.grantee() == null ? null : map.apply(g.grantee()),
                        g.privilege(), g.grantable())).toList());
    }
}
