package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.internal.AdapterSession;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.CatalogObject;
import dev.timescalemigrate.model.DefaultPrivileges;
import dev.timescalemigrate.model.ObjectPrivileges;
import dev.timescalemigrate.model.SqlIdentifiers;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Routine;
import dev.timescalemigrate.model.Sequence;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.model.UserType;
import dev.timescalemigrate.model.View;
import dev.timescalemigrate.spi.StrategyContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The owners and privileges of the selected objects, with the user's role mapping applied, and whether the target
 * can have them: every role they name must exist there, and every owner must be a role the target's user can take
 * on. The {@code public} schema keeps the target's owner; its ACL, and those of pg_catalog's objects, are carried
 * where the source changed them from initdb's (as pg_dump does), which needs the target's user to act as their
 * owner (a superuser).
 *
 * @param objects        the selected objects' owners and privileges, roles mapped
 * @param catalogObjects the selected objects carried as DDL that have an owner, roles mapped
 * @param defaults       the default privileges of the selected schemas and the database, roles mapped
 * @param missing        roles named that the target does not have
 * @param notMember      owners the target's user is not a member of
 */
record Ownership(List<ObjectPrivileges> objects, List<CatalogObject> catalogObjects,
                 List<DefaultPrivileges> defaults, Set<String> missing, Set<String> notMember) {

    static Ownership of(StrategyContext context) {
        DatabaseModel selection = context.selection();
        Set<QualifiedName> tables = selection.tables().stream().map(Table::name).collect(Collectors.toSet());
        Set<QualifiedName> views = selection.views().stream().map(View::name).collect(Collectors.toSet());
        Set<QualifiedName> aggregates = selection.timescale().continuousAggregates().stream()
                .map(ContinuousAggregate::view).collect(Collectors.toSet());
        Set<QualifiedName> sequences = selection.sequences().stream().map(Sequence::name).collect(Collectors.toSet());
        Set<QualifiedName> routines = selection.routines().stream().map(Routine::name).collect(Collectors.toSet());
        Set<QualifiedName> types = selection.types().stream().map(UserType::name).collect(Collectors.toSet());
        Set<String> schemas = selection.schemas().stream().map(s -> s.name()).filter(s -> !s.equals("public"))
                .collect(Collectors.toSet());
        Map<String, String> map = context.config().roleMap();

        List<ObjectPrivileges> objects = new ArrayList<>();
        Set<String> selectedSchemas = selection.schemas().stream().map(s -> s.name()).collect(Collectors.toSet());
        for (ObjectPrivileges o : AdapterSession.of(context).sourcePrivileges()) {
            // the public schema's and pg_catalog's changes from their initial ACLs, the owner left as it is
            ObjectPrivileges kept = o.baseline() != null
                    ? (o.name().schema().equals("pg_catalog") || selectedSchemas.contains(o.name().schema()) ? o : null)
                    : switch (o.kind()) {
                case SCHEMA -> schemas.contains(o.name().schema()) ? o : null;
                case TABLE -> tables.contains(o.name()) ? o : null;
                case VIEW, MATERIALIZED_VIEW -> aggregates.contains(o.name())
                        ? new ObjectPrivileges(ObjectPrivileges.Kind.MATERIALIZED_VIEW, o.name(), null, o.owner(),
                        o.defaults(), o.grants(), o.aclOwner(), o.baseline())
                        : views.contains(o.name()) ? o : null;
                case SEQUENCE -> sequences.contains(o.name()) ? o : null;
                case FUNCTION, PROCEDURE -> routines.contains(o.name()) ? o : null;
                case TYPE, DOMAIN -> types.contains(o.name()) ? o : null;
                case COLUMN -> tables.contains(o.name()) || views.contains(o.name()) ? o : null;
            };
            if (kept != null) {
                objects.add(kept.withRoles(r -> map.getOrDefault(r, r)));
            }
        }
        List<CatalogObject> catalogObjects = selection.objects().stream()
                .filter(o -> o.owner() != null && o.ownedObject() != null)
                .map(o -> o.toBuilder().owner(map.getOrDefault(o.owner(), o.owner()), o.ownedObject()).build())
                .toList();
        Set<String> roles = new TreeSet<>();
        Set<String> owners = new TreeSet<>();
        catalogObjects.forEach(o -> {
            roles.add(o.owner());
            owners.add(o.owner());
        });
        Set<String> allSchemas = selection.schemas().stream().map(s -> s.name()).collect(Collectors.toSet());
        List<DefaultPrivileges> defaults = AdapterSession.of(context).sourceDefaultPrivileges().stream()
                .filter(d -> d.schema() == null || allSchemas.contains(d.schema()))
                .map(d -> d.withRoles(r -> map.getOrDefault(r, r))).toList();
        for (DefaultPrivileges d : defaults) { // FOR ROLE needs the target's user to be a member of the role
            roles.add(d.role());
            owners.add(d.role());
            d.grants().stream().map(ObjectPrivileges.Grant::grantee).filter(g -> g != null).forEach(roles::add);
        }
        for (ObjectPrivileges o : objects) {
            if (o.owner() != null) {
                roles.add(o.owner());
                owners.add(o.owner());
            }
            if (o.baseline() != null && o.aclOwner() != null) { // its grants are made as its (unchanged) owner
                roles.add(o.aclOwner());
                owners.add(o.aclOwner());
            }
            for (ObjectPrivileges.Grant g : o.grants()) {
                if (g.grantee() != null) {
                    roles.add(g.grantee());
                }
                if (g.grantor() != null && !g.grantor().equals(o.aclOwner())) { // granted under SET ROLE
                    roles.add(g.grantor());
                    owners.add(g.grantor());
                }
            }
        }
        // the large objects' owners and grantees, when the run carries them
        LargeObjectSteps.service(context).map(dev.timescalemigrate.adapter.LargeObjectService::summary)
                .ifPresent(s -> {
                    s.owners().forEach(r -> {
                        roles.add(map.getOrDefault(r, r));
                        owners.add(map.getOrDefault(r, r));
                    });
                    s.grantees().forEach(r -> roles.add(map.getOrDefault(r, r)));
                });
        Map<String, Boolean> existing = roles.isEmpty() ? Map.of() : AdapterSession.of(context).targetRoles(roles);
        Set<String> missing = new TreeSet<>(roles);
        missing.removeAll(existing.keySet());
        Set<String> notMember = owners.stream().filter(r -> Boolean.FALSE.equals(existing.get(r)))
                .collect(Collectors.toCollection(TreeSet::new));
        return new Ownership(objects, catalogObjects, defaults, missing, notMember);
    }

    /** {@code ALTER ... OWNER TO} for the objects carried as DDL. */
    List<DdlStatement> catalogOwnerDdl() {
        return catalogObjects.stream().map(o -> new DdlStatement(DdlStatement.Phase.POST_DATA,
                DdlStatement.Kind.PRIVILEGE, o.table(), o.toString(),
                "ALTER " + o.ownedObject() + " OWNER TO " + SqlIdentifiers.quote(o.owner()))).toList();
    }

    /** How many objects' owners or privileges are recreated (default privileges counted per entry). */
    int size() {
        return objects.size() + catalogObjects.size() + defaults.size();
    }

    /** Whether the target can have every owner and grant. */
    boolean possible() {
        return missing.isEmpty() && notMember.isEmpty();
    }

    /** What stands in the way, with the fixes. */
    String problem() {
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add("the target has no role " + String.join(", ", missing));
        }
        if (!notMember.isEmpty()) {
            parts.add("the target's user is not a member of " + String.join(", ", notMember)
                    + ", so it cannot make them owners");
        }
        return "Owners and privileges cannot be recreated: " + String.join("; ", parts) + ". Create the roles on "
                + "the target (and GRANT them to the migrating user), map them to existing roles with "
                + "mapRole(sourceRole, targetRole) (--map-role source=target), or leave owners and privileges "
                + "out with ownership(false) (--no-ownership).";
    }
}
