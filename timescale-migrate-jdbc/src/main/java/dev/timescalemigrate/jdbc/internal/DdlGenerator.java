package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.CatalogObject;
import dev.timescalemigrate.model.Column;
import dev.timescalemigrate.model.CompressionSettings;
import dev.timescalemigrate.model.Constraint;
import dev.timescalemigrate.model.ContinuousAggregate;
import dev.timescalemigrate.model.DatabaseModel;
import dev.timescalemigrate.model.Dimension;
import dev.timescalemigrate.model.Extension;
import dev.timescalemigrate.model.Hypertable;
import dev.timescalemigrate.model.Index;
import dev.timescalemigrate.model.ObjectRef;
import dev.timescalemigrate.model.QualifiedName;
import dev.timescalemigrate.model.Routine;
import dev.timescalemigrate.model.Schema;
import dev.timescalemigrate.model.ServerInfo;
import dev.timescalemigrate.model.Sequence;
import dev.timescalemigrate.model.SequenceOptions;
import dev.timescalemigrate.model.SequencePosition;
import dev.timescalemigrate.model.Table;
import dev.timescalemigrate.model.Trigger;
import dev.timescalemigrate.model.UserType;
import dev.timescalemigrate.model.View;
import dev.timescalemigrate.spi.DdlStatement;
import dev.timescalemigrate.spi.DdlStatement.Phase;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/**
 * Builds the DDL that recreates a {@link DatabaseModel} on an empty database. Every identifier is quoted;
 * definitions PostgreSQL printed on the source (constraints, indexes, views, functions, triggers, defaults)
 * are used as printed, since they are schema-qualified.
 *
 * <p>Order: extensions, schemas, types, routines, sequences, tables (with columns, defaults, identity, generated
 * columns and validated CHECK constraints), hypertables, views; after the data: primary keys, unique and
 * exclusion constraints, indexes, foreign keys, NOT VALID checks, triggers, sequence positions, materialized view
 * contents and their indexes.
 */
final class DdlGenerator {

    private static final String DEFAULT_PUBLIC_COMMENT = "standard public schema";

    private List<DdlStatement> out = new ArrayList<>();
    private DdlStatement.Kind kind = DdlStatement.Kind.OTHER;
    private QualifiedName table;
    /** The model's hypertables, while {@link #generate(DatabaseModel, Set)} runs. */
    private Set<QualifiedName> hypertables = Set.of();
    /** Those of {@link #hypertables} with compression settings. */
    private Set<QualifiedName> compressed = Set.of();

    /** Whether the target names compression "columnstore" (TimescaleDB 2.18 and later). */
    private final boolean columnstore;

    /** Statements in forms every TimescaleDB 2.x accepts ({@code create_hypertable} with a column name). */
    DdlGenerator() {
        this(null);
    }

    /**
     * @param target the target server, whose TimescaleDB version decides between the compression names (before
     *               2.18) and the columnstore names (2.18 and later); {@code null} for the older names
     */
    DdlGenerator(ServerInfo target) {
        this.columnstore = target != null && target.timescale().map(v -> v.atLeast(2, 18)).orElse(false);
    }

    List<DdlStatement> generate(DatabaseModel model) {
        return generate(model, Set.of());
    }

    /**
     * The DDL for {@code model}, without a statement for the extensions named in {@code installed} (the target
     * database has them already).
     */
    List<DdlStatement> generate(DatabaseModel model, Set<String> installed) {
        hypertables = model.timescale().hypertables().stream().map(Hypertable::table)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        compressed = model.timescale().hypertables().stream().filter(h -> h.compression() != null)
                .map(Hypertable::table).collect(java.util.stream.Collectors.toUnmodifiableSet());
        List<DdlOrder.Unit> pre = new ArrayList<>();
        model.extensions().stream().filter(e -> !installed.contains(e.name()))
                .forEach(e -> pre.add(unit(model, ObjectRef.extension(e.name()), () -> extension(e))));
        model.schemas().forEach(s -> pre.add(unit(model, ObjectRef.schema(s.name()), () -> schema(s))));
        Map<String, UserType.BaseType> baseOf = new HashMap<>(); // I/O function signature -> its base type
        for (UserType t : model.types()) {
            if (t instanceof UserType.BaseType b && !b.options().isEmpty()) {
                ObjectRef shell = shell(b);
                pre.add(new DdlOrder.Unit(shell, model.dependenciesOf(ObjectRef.schema(b.name().schema())),
                        capture(() -> {
                            at(DdlStatement.Kind.SETUP, null);
                            add(Phase.PRE_DATA, "type " + b.name().quoted(), "CREATE TYPE " + b.name().quoted());
                        })));
                b.ioFunctions().forEach(f -> baseOf.put(f, b));
            }
            pre.add(type(model, t));
        }
        for (Routine r : model.routines()) {
            ObjectRef ref = ObjectRef.routine(r.signature());
            UserType.BaseType base = baseOf.get(r.signature());
            Set<ObjectRef> needs = model.dependenciesOf(ref);
            if (base != null) { // a base type's I/O function takes or returns the shell, not the finished type
                needs = new HashSet<>(needs);
                needs.remove(ObjectRef.type(base.name()));
                needs.add(shell(base));
            }
            pre.add(new DdlOrder.Unit(ref, needs, capture(() -> routine(r))));
        }
        model.objects().stream().filter(o -> o.section() == CatalogObject.Section.PRE_DATA)
                .forEach(o -> pre.add(unit(model, o.ref(), () -> catalogObject(o, Phase.PRE_DATA))));
        model.sequences().forEach(s -> pre.add(unit(model, ObjectRef.sequence(s.name()), () -> sequence(s))));
        model.tables().forEach(t -> pre.add(table(model, t)));
        model.sequences().stream().filter(s -> s.ownedBy() != null)
                .forEach(s -> pre.add(new DdlOrder.Unit(null, Set.of(ObjectRef.sequence(s.name()),
                        ObjectRef.table(s.ownedBy().table())), capture(() -> sequenceOwner(s)))));
        for (Hypertable h : model.timescale().hypertables()) {
            Set<ObjectRef> needs = new HashSet<>(Set.of(ObjectRef.table(h.table())));
            if (h.primaryDimension().integerNowFunction() != null) {
                model.routines().stream().filter(r -> r.name().equals(h.primaryDimension().integerNowFunction()))
                        .forEach(r -> needs.add(ObjectRef.routine(r.signature())));
            }
            pre.add(new DdlOrder.Unit(null, needs, capture(() -> {
                columnAttributes(model, h);
                hypertable(h);
            })));
        }
        Set<QualifiedName> onAggregates = viewsOnAggregates(model);
        Set<QualifiedName> onKeys = viewsOnKeys(model);
        model.views().stream().filter(v -> !onAggregates.contains(v.name()) && !onKeys.contains(v.name()))
                .forEach(v -> pre.add(unit(model, ObjectRef.view(v.name()), () -> view(v, Phase.PRE_DATA))));
        out.addAll(DdlOrder.sort(pre));

        model.tables().forEach(t -> keys(t, EnumSetOf.UNIQUE_KEYS));
        out.addAll(DdlOrder.sort(model.views().stream().filter(v -> onKeys.contains(v.name()))
                .map(v -> unit(model, ObjectRef.view(v.name()), () -> view(v, Phase.POST_DATA))).toList()));
        model.tables().forEach(this::indexes);
        model.tables().forEach(t -> keys(t, EnumSetOf.FOREIGN_KEYS));
        model.tables().forEach(t -> keys(t, EnumSetOf.UNVALIDATED_CHECKS));
        model.tables().forEach(this::triggers);
        model.objects().stream().filter(o -> o.section() == CatalogObject.Section.POST_DATA)
                .forEach(o -> catalogObject(o, Phase.POST_DATA));
        model.sequences().forEach(s -> position(s.name(), s.position()));
        model.tables().forEach(t -> t.columns().stream().filter(c -> c.identity() != null)
                .forEach(c -> position(c.identity().sequenceName(), c.identity().position())));
        model.views().stream().filter(v -> v.materialized() && !onAggregates.contains(v.name()))
                .forEach(this::refresh);
        model.timescale().continuousAggregates().forEach(this::continuousAggregate);
        model.views().stream().filter(v -> onAggregates.contains(v.name())).forEach(v -> view(v, Phase.POST_DATA));
        model.views().stream().filter(v -> v.materialized() && onAggregates.contains(v.name()))
                .forEach(this::refresh);
        new JobDdl(model, columnstore).statements().forEach(out::add);
        return List.copyOf(out);
    }

    /** The statements {@code statements} adds, in a list of their own. */
    private List<DdlStatement> capture(Runnable statements) {
        List<DdlStatement> outer = out;
        out = new ArrayList<>();
        try {
            statements.run();
            return out;
        } finally {
            out = outer;
        }
    }

    /** What a base type's I/O functions depend on: the type's shell. */
    private static ObjectRef shell(UserType.BaseType b) {
        return new ObjectRef(ObjectRef.Kind.TYPE, b.name().quoted() + " (shell)");
    }

    /** A unit without detachable parts, depending on what the model says {@code ref} depends on. */
    private DdlOrder.Unit unit(DatabaseModel model, ObjectRef ref, Runnable statements) {
        return new DdlOrder.Unit(ref, model.dependenciesOf(ref), capture(statements));
    }

    private void catalogObject(CatalogObject o, Phase phase) {
        at(DdlStatement.Kind.OTHER, o.table());
        boolean hypertable = o.table() != null && hypertables.contains(o.table());
        boolean compressedHypertable = hypertable && compressed.contains(o.table());
        // a compressed hypertable's column attributes came before its compression settings (columnAttributes)
        o.statements().stream().filter(sql -> !(compressedHypertable && columnAttribute(o, sql)))
                .forEach(sql -> add(phase, o.toString(), hypertable ? withoutOnly(sql, o.table()) : sql));
    }

    /** Whether a statement of a table's attributes sets a column's storage, options or statistics target. */
    private static boolean columnAttribute(CatalogObject o, String sql) {
        return o.type().equals(TableAttributesReader.TABLE_ATTRIBUTES)
                && sql.startsWith("ALTER TABLE ONLY " + o.table().quoted() + " ALTER COLUMN ");
    }

    /**
     * A compressed hypertable's column storage, options and statistics targets, before its compression settings:
     * TimescaleDB refuses to change them once compression is enabled (the source set them before it enabled
     * compression); {@link #catalogObject} leaves them out of the post-data statements.
     */
    private void columnAttributes(DatabaseModel model, Hypertable h) {
        if (h.compression() == null) {
            return;
        }
        model.objects().stream().filter(o -> h.table().equals(o.table())).forEach(o -> o.statements().stream()
                .filter(sql -> columnAttribute(o, sql)).forEach(sql -> {
                    at(DdlStatement.Kind.OTHER, h.table());
                    add(Phase.PRE_DATA, o.toString(), withoutOnly(sql, h.table()));
                }));
    }

    /**
     * A statement of a table's own ({@code ALTER TABLE ONLY t ...}, as pg_dump writes them so that inheritance
     * children keep theirs) for a table that is a hypertable on the target: TimescaleDB refuses {@code ONLY} there,
     * and applies the change to the chunks too, as the source's own hypertable has it on its chunks.
     */
    static String withoutOnly(String sql, QualifiedName table) {
        String only = "ALTER TABLE ONLY " + table.quoted() + " ";
        return sql.startsWith(only) ? "ALTER TABLE " + sql.substring("ALTER TABLE ONLY ".length()) : sql;
    }

    /** Sets what the following statements do and which table they belong to. */
    private void at(DdlStatement.Kind kind, QualifiedName table) {
        this.kind = kind;
        this.table = table;
    }

    private void add(Phase phase, String object, String sql) {
        out.add(new DdlStatement(phase, kind, table, object, sql));
    }

    private void comment(Phase phase, String objectKind, String target, String object, String comment) {
        if (comment != null) {
            out.add(new DdlStatement(phase, DdlStatement.Kind.COMMENT, table, object,
                    "COMMENT ON " + objectKind + " " + target + " IS " + Sql.literal(comment)));
        }
    }

    // ---------------------------------------------------------------- pre-data

    private void extension(Extension e) {
        at(DdlStatement.Kind.SETUP, null);
        add(Phase.PRE_DATA, "extension " + e.name(), "CREATE EXTENSION IF NOT EXISTS " + Sql.id(e.name())
                + " WITH SCHEMA " + Sql.id(e.schema()));
    }

    private void schema(Schema s) {
        at(DdlStatement.Kind.SETUP, null);
        add(Phase.PRE_DATA, "schema " + Sql.id(s.name()), "CREATE SCHEMA IF NOT EXISTS " + Sql.id(s.name()));
        if (!("public".equals(s.name()) && DEFAULT_PUBLIC_COMMENT.equals(s.comment()))) {
            comment(Phase.PRE_DATA, "SCHEMA", Sql.id(s.name()), "schema " + Sql.id(s.name()), s.comment());
        }
    }

    /**
     * A type; a domain's constraints are parts of their own, so that a cycle through one (a CHECK calling a function
     * that takes the domain) is broken by adding it afterwards. A {@code NOT VALID} constraint is always added
     * afterwards: {@code CREATE DOMAIN} has no such form.
     */
    private DdlOrder.Unit type(DatabaseModel model, UserType type) {
        ObjectRef ref = ObjectRef.type(type.name());
        if (type instanceof UserType.BaseType b && !b.options().isEmpty()) {
            Set<ObjectRef> needs = new HashSet<>(model.dependenciesOf(ref));
            needs.add(shell(b));
            return new DdlOrder.Unit(ref, needs, capture(() -> type(type, Set.of())));
        }
        if (!(type instanceof UserType.DomainType d) || d.checks().isEmpty()) {
            return unit(model, ref, () -> type(type, Set.of()));
        }
        List<DdlOrder.Part> parts = new ArrayList<>();
        for (UserType.CheckConstraint check : d.checks()) {
            ObjectRef part = ObjectRef.domainConstraint(d.name(), check.name());
            parts.add(new DdlOrder.Part(part, model.dependenciesOf(part)));
        }
        DdlOrder.Unit unit = new DdlOrder.Unit(ref, model.dependenciesOf(ref), parts,
                detached -> capture(() -> type(type, detached)),
                part -> capture(() -> d.checks().stream()
                        .filter(c -> ObjectRef.domainConstraint(d.name(), c.name()).equals(part))
                        .forEach(c -> add(Phase.PRE_DATA, "type " + d.name().quoted(), "ALTER DOMAIN "
                                + d.name().quoted() + " ADD CONSTRAINT " + Sql.id(c.name()) + " " + c.definition()))));
        d.checks().stream().filter(c -> c.definition().endsWith(" NOT VALID"))
                .forEach(c -> unit.detach(ObjectRef.domainConstraint(d.name(), c.name())));
        return unit;
    }

    private void type(UserType type, Set<ObjectRef> detached) {
        at(DdlStatement.Kind.SETUP, null);
        String name = type.name().quoted();
        String object = "type " + name;
        switch (type) {
            case UserType.EnumType e -> add(Phase.PRE_DATA, object, "CREATE TYPE " + name + " AS ENUM ("
                    + e.labels().stream().map(Sql::literal).collect(Collectors.joining(", ")) + ")");
            case UserType.DomainType d -> {
                StringBuilder sql = new StringBuilder("CREATE DOMAIN ").append(name).append(" AS ").append(d.baseType());
                if (d.collation() != null) {
                    sql.append(" COLLATE ").append(d.collation());
                }
                if (d.defaultValue() != null) {
                    sql.append(" DEFAULT ").append(d.defaultValue());
                }
                if (d.notNull()) {
                    sql.append(" NOT NULL");
                }
                for (UserType.CheckConstraint check : d.checks()) {
                    if (detached.contains(ObjectRef.domainConstraint(d.name(), check.name()))) {
                        continue;
                    }
                    sql.append(" CONSTRAINT ").append(Sql.id(check.name())).append(' ').append(check.definition());
                }
                add(Phase.PRE_DATA, object, sql.toString());
            }
            case UserType.CompositeType c -> add(Phase.PRE_DATA, object, "CREATE TYPE " + name + " AS ("
                    + c.attributes().stream()
                    .map(a -> Sql.id(a.name()) + " " + a.type() + (a.collation() == null ? "" : " COLLATE " + a.collation()))
                    .collect(Collectors.joining(", ")) + ")");
            case UserType.BaseType b -> add(Phase.PRE_DATA, object, "CREATE TYPE " + name
                    + (b.options().isEmpty() ? "" : " (" + String.join(", ", b.options()) + ")")); // else a shell
            case UserType.RangeType r -> {
                StringJoiner options = new StringJoiner(", ");
                options.add("SUBTYPE = " + r.subtype());
                if (r.subtypeOpClass() != null) {
                    options.add("SUBTYPE_OPCLASS = " + r.subtypeOpClass());
                }
                if (r.collation() != null) {
                    options.add("COLLATION = " + r.collation());
                }
                if (r.canonicalFunction() != null) {
                    options.add("CANONICAL = " + r.canonicalFunction());
                }
                if (r.subtypeDiffFunction() != null) {
                    options.add("SUBTYPE_DIFF = " + r.subtypeDiffFunction());
                }
                if (r.multirangeName() != null) {
                    options.add("MULTIRANGE_TYPE_NAME = " + r.multirangeName().quoted());
                }
                add(Phase.PRE_DATA, object, "CREATE TYPE " + name + " AS RANGE (" + options + ")");
            }
        }
        comment(Phase.PRE_DATA, type instanceof UserType.DomainType ? "DOMAIN" : "TYPE", name, object, type.comment());
    }

    private void routine(Routine r) {
        at(DdlStatement.Kind.SETUP, null);
        String object = (r.kind() == Routine.Kind.PROCEDURE ? "procedure " : "function ") + r.signature();
        add(Phase.PRE_DATA, object, r.definition().strip());
        comment(Phase.PRE_DATA, r.kind() == Routine.Kind.PROCEDURE ? "PROCEDURE" : "FUNCTION", r.signature(), object,
                r.comment());
    }

    private static String sequenceOptions(SequenceOptions o) {
        return "AS " + o.dataType() + " INCREMENT BY " + o.increment() + " MINVALUE " + o.minValue()
                + " MAXVALUE " + o.maxValue() + " START WITH " + o.start() + " CACHE " + o.cache()
                + (o.cycle() ? " CYCLE" : " NO CYCLE");
    }

    private void sequence(Sequence s) {
        at(DdlStatement.Kind.SETUP, null);
        String object = "sequence " + s.name();
        add(Phase.PRE_DATA, object, "CREATE " + (s.options().unlogged() ? "UNLOGGED " : "") + "SEQUENCE "
                + s.name().quoted() + " " + sequenceOptions(s.options()));
        comment(Phase.PRE_DATA, "SEQUENCE", s.name().quoted(), object, s.comment());
    }

    private void sequenceOwner(Sequence s) {
        at(DdlStatement.Kind.SETUP, s.ownedBy().table());
        add(Phase.PRE_DATA, "sequence " + s.name(), "ALTER SEQUENCE " + s.name().quoted() + " OWNED BY "
                + s.ownedBy().table().quoted() + "." + Sql.id(s.ownedBy().column()));
    }

    /**
     * A table; its column defaults and CHECK constraints are parts of their own, so that a cycle through one (a
     * default calling a function that returns the table's row type) is broken by adding it afterwards.
     */
    private DdlOrder.Unit table(DatabaseModel model, Table t) {
        ObjectRef ref = ObjectRef.table(t.name());
        List<DdlOrder.Part> parts = new ArrayList<>();
        if (t.partitionOf() == null) {
            for (Column c : t.columns()) {
                ObjectRef part = ObjectRef.columnDefault(t.name(), c.name());
                Set<ObjectRef> needs = model.dependenciesOf(part);
                if (c.defaultValue() != null && c.generated() == null) {
                    parts.add(new DdlOrder.Part(part, needs));
                }
            }
        }
        Set<ObjectRef> needs = new HashSet<>(model.dependenciesOf(ref));
        t.inherits().forEach(parent -> needs.add(ObjectRef.table(parent))); // CREATE TABLE ... INHERITS (parent)
        for (Column c : t.columns()) { // a generated column's expression cannot be added afterwards
            if (c.generated() != null) {
                needs.addAll(model.dependenciesOf(ObjectRef.columnDefault(t.name(), c.name())));
            }
        }
        for (Constraint c : t.constraints()) {
            if (c.type() == Constraint.Type.CHECK && c.validated()) {
                ObjectRef part = ObjectRef.tableConstraint(t.name(), c.name());
                parts.add(new DdlOrder.Part(part, model.dependenciesOf(part)));
            }
        }
        if (t.partitionOf() != null) {
            needs.add(ObjectRef.table(t.partitionOf().parent()));
            t.columns().forEach(c -> needs.addAll(model.dependenciesOf(ObjectRef.columnDefault(t.name(), c.name()))));
            parts.forEach(p -> needs.addAll(p.needs()));
            return new DdlOrder.Unit(ref, needs, List.of(), detached -> capture(() -> partition(model, t)),
                    part -> List.of());
        }
        List<String> inheritance = inheritedColumns(model, t);
        boolean attach = attachedToParents(model, t);
        return new DdlOrder.Unit(ref, needs, parts,
                detached -> capture(() -> table(t, detached, inheritance, attach)),
                part -> capture(() -> tablePart(t, part)));
    }

    /**
     * Whether the inheritance child {@code t} is created on its own and then attached to its parents with
     * {@code ALTER TABLE ... INHERIT}, rather than by {@code CREATE TABLE ... INHERITS}: when {@code INHERITS} would
     * move the columns it declares (a declared column that is also inherited takes the inherited column's place)
     * into another order than the source's, as it does for a table attached to its parents after it was made, and
     * every column is its own (attached, a column would become its own where the source has it only inherited).
     * Also when it declares a generated column a parent has: PostgreSQL 15 refuses a generation expression on an
     * inherited column in {@code CREATE TABLE ... INHERITS}, not in {@code ALTER TABLE ... INHERIT}.
     */
    static boolean attachedToParents(DatabaseModel model, Table t) {
        if (t.inherits().isEmpty() || t.columns().stream().anyMatch(c -> !c.local())) {
            return false;
        }
        List<Table> parents = t.inherits().stream().map(model::table).flatMap(Optional::stream).toList();
        if (t.columns().stream().anyMatch(c -> c.generated() != null
                && parents.stream().anyMatch(p -> p.column(c.name()).isPresent()))) {
            return true;
        }
        List<String> local = t.columns().stream().filter(Column::local).map(Column::name).toList();
        return !inheritsOrder(model, t, new HashMap<>()).stream().filter(local::contains).toList().equals(local);
    }

    /** The columns of {@code t}, in the order the target has them once created the way {@link #table} does. */
    private static List<String> targetOrder(DatabaseModel model, Table t, Map<QualifiedName, List<String>> memo) {
        List<String> known = memo.get(t.name());
        if (known != null) {
            return known;
        }
        memo.put(t.name(), t.columns().stream().map(Column::name).toList()); // an inheritance cycle cannot exist
        List<String> order = t.inherits().isEmpty() || attachedToParents(model, t)
                ? t.columns().stream().map(Column::name).toList()
                : inheritsOrder(model, t, memo);
        memo.put(t.name(), order);
        return order;
    }

    /**
     * The columns of {@code t} in the order {@code CREATE TABLE ... INHERITS} gives them: the parents' columns in
     * their order (one column for a name several have), then the columns it declares that no parent has.
     */
    private static List<String> inheritsOrder(DatabaseModel model, Table t, Map<QualifiedName, List<String>> memo) {
        java.util.LinkedHashSet<String> order = new java.util.LinkedHashSet<>();
        for (QualifiedName parent : t.inherits()) {
            model.table(parent).ifPresent(p -> order.addAll(targetOrder(model, p, memo)));
        }
        t.columns().stream().filter(Column::local).map(Column::name).forEach(order::add);
        return List.copyOf(order);
    }

    /**
     * For an inheritance child, the {@code ALTER TABLE ONLY} statements that give its columns the NOT NULL and
     * defaults they have in the source where {@code CREATE TABLE ... INHERITS} gives them otherwise: a column it
     * only inherits is NOT NULL in the child alone, or not NOT NULL although a parent's is; a column whose parent
     * has a default has none in the child. (A column it only inherits gets its default in {@link #table}, as a
     * part that a dependency cycle may detach.)
     */
    private static List<String> inheritedColumns(DatabaseModel model, Table t) {
        if (t.inherits().isEmpty()) {
            return List.of();
        }
        List<Table> parents = t.inherits().stream().map(model::table).flatMap(Optional::stream).toList();
        String name = t.name().quoted();
        List<String> statements = new ArrayList<>();
        for (Column c : t.columns()) {
            if (c.generated() != null || c.identity() != null) {
                continue;
            }
            List<Column> inherited = parents.stream().map(p -> p.column(c.name())).flatMap(Optional::stream)
                    .toList();
            if (inherited.isEmpty()) {
                continue;
            }
            String alter = "ALTER TABLE ONLY " + name + " ALTER COLUMN " + Sql.id(c.name());
            boolean parentNotNull = inherited.stream().anyMatch(Column::notNull);
            if (c.notNull() && !parentNotNull && !c.local()) {
                statements.add(alter + " SET NOT NULL");
            } else if (!c.notNull() && parentNotNull) {
                statements.add(alter + " DROP NOT NULL");
            }
            if (c.defaultValue() == null && inherited.stream().anyMatch(p -> p.defaultValue() != null)) {
                statements.add(alter + " DROP DEFAULT");
            }
        }
        return statements;
    }

    /**
     * A partition, the way pg_dump creates one: a table of its own, every column in the partition's own order with
     * its own defaults and NOT NULL, the CHECK constraints of its ancestors as well as its own (attaching requires
     * them), then {@code ALTER TABLE ONLY parent ATTACH PARTITION}, which marks the columns and constraints
     * inherited as {@code PARTITION OF} would. {@code PARTITION OF} itself would give a partition created on its
     * own and attached later its parent's column order and defaults instead.
     */
    private void partition(DatabaseModel model, Table t) {
        at(DdlStatement.Kind.TABLE, t.name());
        String name = t.name().quoted();
        String object = "table " + name;
        List<String> elements = new ArrayList<>();
        t.columns().forEach(c -> elements.add(column(c, false, t.unlogged())));
        java.util.LinkedHashMap<String, Constraint> checks = new java.util.LinkedHashMap<>();
        t.constraints().stream().filter(c -> c.type() == Constraint.Type.CHECK && c.validated())
                .forEach(c -> checks.put(c.name(), c));
        for (Table.PartitionOf up = t.partitionOf(); up != null; ) {
            Optional<Table> parent = model.table(up.parent());
            if (parent.isEmpty()) {
                break;
            }
            parent.get().constraints().stream().filter(c -> c.type() == Constraint.Type.CHECK && c.validated())
                    .forEach(c -> checks.putIfAbsent(c.name(), c));
            up = parent.get().partitionOf();
        }
        checks.values().forEach(c -> elements.add("CONSTRAINT " + Sql.id(c.name()) + " " + c.definition()));
        StringBuilder sql = new StringBuilder("CREATE ").append(t.unlogged() ? "UNLOGGED " : "").append("TABLE ")
                .append(name).append(" (").append(String.join(", ", elements)).append(")");
        if (t.partitionKey() != null) {
            sql.append(" PARTITION BY ").append(t.partitionKey());
        }
        if (t.accessMethod() != null) {
            sql.append(" USING ").append(Sql.id(t.accessMethod()));
        }
        if (!t.options().isEmpty()) {
            sql.append(" WITH (").append(String.join(", ", t.options())).append(")");
        }
        add(Phase.PRE_DATA, object, sql.toString());
        add(Phase.PRE_DATA, object, "ALTER TABLE ONLY " + t.partitionOf().parent().quoted() + " ATTACH PARTITION "
                + name + " " + t.partitionOf().bound());
        comment(Phase.PRE_DATA, "TABLE", name, object, t.comment());
        for (Column c : t.columns()) {
            comment(Phase.PRE_DATA, "COLUMN", name + "." + Sql.id(c.name()), object, c.comment());
        }
        for (Constraint c : t.constraints()) {
            if (c.type() == Constraint.Type.CHECK && c.validated()) {
                comment(Phase.PRE_DATA, "CONSTRAINT", Sql.id(c.name()) + " ON " + name, object, c.comment());
            }
        }
    }

    private void table(Table t, Set<ObjectRef> detached, List<String> inheritance, boolean attach) {
        at(DdlStatement.Kind.TABLE, t.name());
        String name = t.name().quoted();
        String object = "table " + name;
        StringBuilder sql = new StringBuilder("CREATE ");
        if (t.unlogged()) {
            sql.append("UNLOGGED ");
        }
        sql.append("TABLE ").append(name);
        List<String> elements = new ArrayList<>();
        if (t.partitionOf() == null) {
            for (Column c : t.columns()) {
                boolean defaultLater = detached.contains(ObjectRef.columnDefault(t.name(), c.name()));
                if (t.ofType() != null) { // the type gives the columns: only their options are stated
                    String options = typedColumnOptions(c, defaultLater);
                    if (!options.isEmpty()) {
                        elements.add(Sql.id(c.name()) + options);
                    }
                } else if (c.local()) { // PostgreSQL merges the inherited ones in from the parents
                    elements.add(column(c, defaultLater, t.unlogged()));
                }
            }
        }
        List<Constraint> checks = t.constraints().stream()
                .filter(c -> c.type() == Constraint.Type.CHECK && c.validated())
                .filter(c -> !detached.contains(ObjectRef.tableConstraint(t.name(), c.name()))).toList();
        for (Constraint c : checks) {
            elements.add("CONSTRAINT " + Sql.id(c.name()) + " " + c.definition());
        }
        if (t.partitionOf() != null) {
            sql.append(" PARTITION OF ").append(t.partitionOf().parent().quoted());
            if (!elements.isEmpty()) {
                sql.append(" (").append(String.join(", ", elements)).append(")");
            }
            sql.append(" ").append(t.partitionOf().bound());
        } else if (t.ofType() != null) {
            sql.append(" OF ").append(t.ofType().quoted());
            if (!elements.isEmpty()) {
                sql.append(" (").append(String.join(", ", elements)).append(")");
            }
        } else {
            sql.append(" (").append(String.join(", ", elements)).append(")");
        }
        if (!t.inherits().isEmpty() && !attach) {
            sql.append(" INHERITS (").append(t.inherits().stream().map(QualifiedName::quoted)
                    .collect(Collectors.joining(", "))).append(")");
        }
        if (t.partitionKey() != null) {
            sql.append(" PARTITION BY ").append(t.partitionKey());
        }
        if (t.accessMethod() != null) {
            sql.append(" USING ").append(Sql.id(t.accessMethod()));
        }
        if (!t.options().isEmpty()) {
            sql.append(" WITH (").append(String.join(", ", t.options())).append(")");
        }
        add(Phase.PRE_DATA, object, sql.toString());
        if (attach) { // in the order of the source's INHERITS list
            t.inherits().forEach(p -> add(Phase.PRE_DATA, object, "ALTER TABLE " + name + " INHERIT " + p.quoted()));
        }
        if (t.partitionOf() == null) {
            for (Column c : t.columns()) {
                if (!c.local() && c.defaultValue() != null && c.generated() == null
                        && !detached.contains(ObjectRef.columnDefault(t.name(), c.name()))) {
                    add(Phase.PRE_DATA, object, "ALTER TABLE ONLY " + name + " ALTER COLUMN " + Sql.id(c.name())
                            + " SET DEFAULT " + c.defaultValue());
                }
            }
        }
        inheritance.forEach(statement -> add(Phase.PRE_DATA, object, statement));
        comment(Phase.PRE_DATA, "TABLE", name, object, t.comment());
        for (Column c : t.columns()) {
            comment(Phase.PRE_DATA, "COLUMN", name + "." + Sql.id(c.name()), object, c.comment());
        }
        for (Constraint c : checks) {
            comment(Phase.PRE_DATA, "CONSTRAINT", Sql.id(c.name()) + " ON " + name, object, c.comment());
        }
    }

    /** A column default or CHECK constraint of {@code t}, added after the table. */
    private void tablePart(Table t, ObjectRef part) {
        at(DdlStatement.Kind.TABLE, t.name());
        String name = t.name().quoted();
        String object = "table " + name;
        for (Column c : t.columns()) {
            if (ObjectRef.columnDefault(t.name(), c.name()).equals(part)) {
                add(Phase.PRE_DATA, object, "ALTER TABLE ONLY " + name + " ALTER COLUMN " + Sql.id(c.name())
                        + " SET DEFAULT " + c.defaultValue());
            }
        }
        for (Constraint c : t.constraints()) {
            if (ObjectRef.tableConstraint(t.name(), c.name()).equals(part)) {
                add(Phase.PRE_DATA, object, "ALTER TABLE " + name + " ADD CONSTRAINT " + Sql.id(c.name()) + " "
                        + c.definition());
                comment(Phase.PRE_DATA, "CONSTRAINT", Sql.id(c.name()) + " ON " + name, object, c.comment());
            }
        }
    }

    /** A typed table's column options: {@code DEFAULT} and {@code NOT NULL} (the type gives name and type). */
    private static String typedColumnOptions(Column c, boolean defaultAddedLater) {
        StringBuilder sql = new StringBuilder();
        if (c.defaultValue() != null && c.generated() == null && !defaultAddedLater) {
            sql.append(" DEFAULT ").append(c.defaultValue());
        }
        if (c.notNull()) {
            sql.append(" NOT NULL");
        }
        return sql.toString();
    }

    private static String column(Column c, boolean defaultAddedLater, boolean tableUnlogged) {
        StringBuilder sql = new StringBuilder(Sql.id(c.name())).append(' ').append(c.type());
        if (c.collation() != null) {
            sql.append(" COLLATE ").append(c.collation());
        }
        if (c.generated() != null) {
            sql.append(" GENERATED ALWAYS AS (").append(c.generated()).append(") STORED");
        } else if (c.identity() != null) {
            Column.Identity id = c.identity();
            SequenceOptions o = id.options();
            sql.append(" GENERATED ").append(id.always() ? "ALWAYS" : "BY DEFAULT").append(" AS IDENTITY (SEQUENCE NAME ")
                    .append(id.sequenceName().quoted())
                    // the sequence's persistence, where it is not its table's (PostgreSQL 15 gives it the table's)
                    .append(o.unlogged() == tableUnlogged ? "" : o.unlogged() ? " UNLOGGED" : " LOGGED")
                    .append(" INCREMENT BY ").append(o.increment())
                    .append(" MINVALUE ").append(o.minValue()).append(" MAXVALUE ").append(o.maxValue())
                    .append(" START WITH ").append(o.start()).append(" CACHE ").append(o.cache())
                    .append(o.cycle() ? " CYCLE" : " NO CYCLE").append(")");
        } else if (c.defaultValue() != null && !defaultAddedLater) {
            sql.append(" DEFAULT ").append(c.defaultValue());
        }
        if (c.notNull()) {
            sql.append(" NOT NULL");
        }
        return sql.toString();
    }

    private void hypertable(Hypertable h) {
        at(DdlStatement.Kind.HYPERTABLE, h.table());
        String object = "hypertable " + h.table();
        Dimension primary = h.primaryDimension();
        add(Phase.PRE_DATA, object, "SELECT public.create_hypertable(" + Sql.regclass(h.table()) + ", "
                + Sql.literal(primary.column()) + ", chunk_time_interval => " + interval(primary)
                + ", create_default_indexes => false)");
        for (Dimension d : h.dimensions().subList(1, h.dimensions().size())) {
            if (d.kind() == Dimension.Kind.SPACE) {
                add(Phase.PRE_DATA, object, "SELECT public.add_dimension(" + Sql.regclass(h.table()) + ", "
                        + Sql.literal(d.column()) + ", number_partitions => " + d.numPartitions() + ")");
            } else {
                add(Phase.PRE_DATA, object, "SELECT public.add_dimension(" + Sql.regclass(h.table()) + ", "
                        + Sql.literal(d.column()) + ", chunk_time_interval => " + interval(d) + ")");
            }
        }
        if (primary.integerNowFunction() != null) {
            add(Phase.PRE_DATA, object, "SELECT public.set_integer_now_func(" + Sql.regclass(h.table()) + ", "
                    + Sql.literal(primary.integerNowFunction().quoted()) + "::pg_catalog.regproc)");
        }
        if (h.compression() != null) {
            at(DdlStatement.Kind.COMPRESSION, h.table());
            add(Phase.PRE_DATA, object, "ALTER TABLE " + h.table().quoted() + " SET ("
                    + compressionOptions(h.compression(), columnstore) + ")");
        }
    }

    private static String interval(Dimension d) {
        return d.integerInterval() != null
                ? d.integerInterval() + "::bigint"
                : Sql.literal(d.timeInterval()) + "::interval";
    }

    /**
     * The compression settings as table options: {@code timescaledb.compress, timescaledb.compress_segmentby,
     * timescaledb.compress_orderby} before 2.18, {@code timescaledb.enable_columnstore, timescaledb.segmentby,
     * timescaledb.orderby} from 2.18.
     */
    static String compressionOptions(CompressionSettings settings, boolean columnstore) {
        StringJoiner options = new StringJoiner(", ");
        options.add(columnstore ? "timescaledb.enable_columnstore" : "timescaledb.compress");
        // stated even when empty: without it the target picks a default of its own (2.28 segments an aggregate
        // by its GROUP BY columns, for one), which the source did not have
        options.add((columnstore ? "timescaledb.segmentby = " : "timescaledb.compress_segmentby = ")
                + Sql.literal(Sql.ids(settings.segmentBy())));
        if (!settings.orderBy().isEmpty()) {
            options.add((columnstore ? "timescaledb.orderby = " : "timescaledb.compress_orderby = ")
                    + Sql.literal(settings.orderBy().stream()
                    .map(o -> Sql.id(o.column()) + (o.descending() ? " DESC" : " ASC")
                            + (o.nullsFirst() ? " NULLS FIRST" : " NULLS LAST"))
                    .collect(Collectors.joining(", "))));
        }
        return options.toString();
    }

    /**
     * The views that need a primary key, unique or exclusion constraint (a view grouping by a table's key may select
     * its other columns), directly or through other views: created after the keys, which come after the data.
     */
    static Set<QualifiedName> viewsOnKeys(DatabaseModel model) {
        Set<ObjectRef> keys = new HashSet<>();
        for (Table t : model.tables()) {
            t.constraints().stream().filter(c -> c.type() == Constraint.Type.PRIMARY_KEY
                            || c.type() == Constraint.Type.UNIQUE || c.type() == Constraint.Type.EXCLUSION)
                    .forEach(c -> keys.add(ObjectRef.tableConstraint(t.name(), c.name())));
        }
        Set<QualifiedName> result = new HashSet<>();
        Set<ObjectRef> deferred = new HashSet<>(keys);
        for (View v : model.views()) { // in dependency order
            ObjectRef ref = ObjectRef.view(v.name());
            if (model.dependenciesOf(ref).stream().anyMatch(deferred::contains)) {
                result.add(v.name());
                deferred.add(ref);
            }
        }
        return result;
    }

    /** The views that read a continuous aggregate, directly or through other views: created after them. */
    static Set<QualifiedName> viewsOnAggregates(DatabaseModel model) {
        Set<QualifiedName> result = new HashSet<>();
        model.timescale().continuousAggregates().forEach(c -> result.add(c.view()));
        for (View v : model.views()) { // in dependency order
            if (v.dependsOn().stream().anyMatch(result::contains)) {
                result.add(v.name());
            }
        }
        model.timescale().continuousAggregates().forEach(c -> result.remove(c.view()));
        return result;
    }

    /**
     * A continuous aggregate, created empty ({@code WITH NO DATA}) from its original query (not the view users
     * query, whose text holds the real-time union); its materialized rows are copied by the strategy afterwards.
     */
    private void continuousAggregate(ContinuousAggregate c) {
        at(DdlStatement.Kind.CONTINUOUS_AGGREGATE, c.view());
        String name = c.view().quoted();
        String object = "continuous aggregate " + name;
        add(Phase.POST_DATA, object, "CREATE MATERIALIZED VIEW " + name + " WITH (timescaledb.continuous, "
                + "timescaledb.materialized_only = " + c.materializedOnly() + ") AS " + c.definition()
                + " WITH NO DATA");
        if (c.comment() != null) {
            add(Phase.POST_DATA, object, "COMMENT ON MATERIALIZED VIEW " + name + " IS " + Sql.literal(c.comment()));
        }
        if (c.compression() != null) {
            add(Phase.POST_DATA, object, "ALTER MATERIALIZED VIEW " + name + " SET ("
                    + compressionOptions(c.compression(), columnstore) + ")");
        }
        for (Index i : c.indexes()) { // created on the view: TimescaleDB puts them on its materialization hypertable
            add(Phase.POST_DATA, object, i.definition());
            if (i.comment() != null) {
                add(Phase.POST_DATA, object, "COMMENT ON INDEX " + Sql.id(c.materializationHypertable().schema(),
                        i.name()) + " IS " + Sql.literal(i.comment()));
            }
        }
    }

    private void view(View v, Phase phase) {
        at(DdlStatement.Kind.VIEW, v.name());
        String name = v.name().quoted();
        String object = (v.materialized() ? "materialized view " : "view ") + name;
        StringBuilder sql = new StringBuilder(v.materialized() ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ").append(name);
        if (v.accessMethod() != null) {
            sql.append(" USING ").append(Sql.id(v.accessMethod()));
        }
        if (!v.options().isEmpty()) {
            sql.append(" WITH (").append(String.join(", ", v.options())).append(")");
        }
        sql.append(" AS ").append(v.definition());
        if (v.materialized()) {
            sql.append(" WITH NO DATA");
        }
        add(phase, object, sql.toString());
        comment(phase, v.materialized() ? "MATERIALIZED VIEW" : "VIEW", name, object, v.comment());
    }

    // ---------------------------------------------------------------- post-data

    private enum EnumSetOf {
        UNIQUE_KEYS, FOREIGN_KEYS, UNVALIDATED_CHECKS;

        boolean matches(Constraint c) {
            return switch (this) {
                case UNIQUE_KEYS -> c.type() == Constraint.Type.PRIMARY_KEY || c.type() == Constraint.Type.UNIQUE
                        || c.type() == Constraint.Type.EXCLUSION;
                case FOREIGN_KEYS -> c.type() == Constraint.Type.FOREIGN_KEY;
                case UNVALIDATED_CHECKS -> c.type() == Constraint.Type.CHECK && !c.validated();
            };
        }
    }

    private void keys(Table t, EnumSetOf which) {
        String name = t.name().quoted();
        for (Constraint c : t.constraints()) {
            if (which.matches(c)) {
                at(switch (which) {
                    case UNIQUE_KEYS -> DdlStatement.Kind.KEY;
                    case FOREIGN_KEYS -> DdlStatement.Kind.FOREIGN_KEY;
                    case UNVALIDATED_CHECKS -> DdlStatement.Kind.CHECK;
                }, t.name());
                String object = "constraint " + Sql.id(c.name()) + " on " + name;
                add(Phase.POST_DATA, object, "ALTER TABLE " + name + " ADD CONSTRAINT " + Sql.id(c.name()) + " "
                        + c.definition());
                comment(Phase.POST_DATA, "CONSTRAINT", Sql.id(c.name()) + " ON " + name, object, c.comment());
            }
        }
    }

    private void indexes(Table t) {
        for (Index i : t.indexes()) {
            if (t.kind() == Table.Kind.PARTITIONED) {
                // PostgreSQL prints a partitioned table's index as ON ONLY, which would leave it invalid and
                // its partitions without the index; without ONLY it is built on every partition and attached.
                i = i.toBuilder().definition(i.definition().replaceFirst(" ON ONLY ", " ON ")).build();
            }
            index(t.name(), i);
        }
    }

    private void index(QualifiedName table, Index i) {
        at(DdlStatement.Kind.INDEX, table);
        String object = "index " + Sql.id(table.schema(), i.name());
        add(Phase.POST_DATA, object, i.definition());
        comment(Phase.POST_DATA, "INDEX", Sql.id(table.schema(), i.name()), object, i.comment());
    }

    private void triggers(Table t) {
        at(DdlStatement.Kind.TRIGGER, t.name());
        String name = t.name().quoted();
        for (Trigger tr : t.triggers()) {
            String object = "trigger " + Sql.id(tr.name()) + " on " + name;
            add(Phase.POST_DATA, object, tr.definition());
            switch (tr.enabled()) {
                case DISABLED -> add(Phase.POST_DATA, object, "ALTER TABLE " + name + " DISABLE TRIGGER " + Sql.id(tr.name()));
                case REPLICA -> add(Phase.POST_DATA, object, "ALTER TABLE " + name + " ENABLE REPLICA TRIGGER " + Sql.id(tr.name()));
                case ALWAYS -> add(Phase.POST_DATA, object, "ALTER TABLE " + name + " ENABLE ALWAYS TRIGGER " + Sql.id(tr.name()));
                case ORIGIN -> {
                    // the default state after CREATE TRIGGER
                }
            }
            comment(Phase.POST_DATA, "TRIGGER", Sql.id(tr.name()) + " ON " + name, object, tr.comment());
        }
    }

    private void position(QualifiedName sequence, SequencePosition position) {
        at(DdlStatement.Kind.SEQUENCE_POSITION, null);
        add(Phase.POST_DATA, "sequence " + sequence, "SELECT pg_catalog.setval(" + Sql.regclass(sequence) + ", "
                + position.lastValue() + ", " + position.isCalled() + ")");
    }

    private void refresh(View v) {
        at(DdlStatement.Kind.REFRESH, v.name());
        String name = v.name().quoted();
        add(Phase.POST_DATA, "materialized view " + name, "REFRESH MATERIALIZED VIEW " + name);
        v.indexes().forEach(i -> index(v.name(), i));
    }
}
