package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.ObjectRef;
import dev.timescalemigrate.spi.DdlStatement;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Orders DDL by the source's dependency graph: every unit (the statements that create one object) comes after the
 * units of what it depends on; where the graph says nothing, units keep the order they were given in (by kind).
 *
 * <p>Cycles are broken as pg_dump breaks them: a unit's detachable parts (a column default, a CHECK constraint, a
 * domain constraint) through which a cycle runs are created separately, after both ends exist. A cycle without such
 * a part cannot be ordered, and says so.
 */
final class DdlOrder {

    /** A separately creatable part of an object, and what it depends on. */
    record Part(ObjectRef ref, Set<ObjectRef> needs) {
    }

    /** The statements creating one object. */
    static final class Unit {
        private final ObjectRef provides;
        private final Set<ObjectRef> needs;
        private final List<Part> parts;
        private final Function<Set<ObjectRef>, List<DdlStatement>> main;
        private final Function<ObjectRef, List<DdlStatement>> detachedPart;
        private final Set<ObjectRef> detached = new HashSet<>();

        /**
         * @param provides     the object the unit creates, or {@code null} (nothing refers to it)
         * @param needs        what the object itself depends on
         * @param parts        its detachable parts; their needs count as the object's while they are part of it
         * @param main         the unit's statements, given the parts created separately
         * @param detachedPart the statements that create one part separately
         */
        Unit(ObjectRef provides, Set<ObjectRef> needs, List<Part> parts,
             Function<Set<ObjectRef>, List<DdlStatement>> main, Function<ObjectRef, List<DdlStatement>> detachedPart) {
            this.provides = provides;
            this.needs = needs;
            this.parts = parts;
            this.main = main;
            this.detachedPart = detachedPart;
        }

        /** A unit without parts. */
        Unit(ObjectRef provides, Set<ObjectRef> needs, List<DdlStatement> statements) {
            this(provides, needs, List.of(), detached -> statements, part -> List.of());
        }

        /** Detaches a part from the start, whatever the graph says (e.g. a NOT VALID domain constraint). */
        Unit detach(ObjectRef part) {
            detached.add(part);
            return this;
        }
    }

    /** A node of the graph being sorted: a unit, or one of its detached parts. */
    private record Node(Unit unit, int index, Part part) {
        Set<ObjectRef> needs() {
            if (part != null) {
                Set<ObjectRef> all = new LinkedHashSet<>(part.needs());
                if (unit.provides != null) {
                    all.add(unit.provides);
                }
                return all;
            }
            Set<ObjectRef> all = new LinkedHashSet<>(unit.needs);
            unit.parts.stream().filter(p -> !unit.detached.contains(p.ref())).forEach(p -> all.addAll(p.needs()));
            return all;
        }

        List<DdlStatement> statements() {
            return part == null ? unit.main.apply(Set.copyOf(unit.detached)) : unit.detachedPart.apply(part.ref());
        }
    }

    private DdlOrder() {
    }

    /**
     * The units' statements in dependency order.
     *
     * @throws IllegalStateException naming the objects of a cycle that no detachable part breaks
     */
    static List<DdlStatement> sort(List<Unit> units) {
        List<DdlStatement> out = new ArrayList<>();
        Set<Node> done = new HashSet<>();
        while (true) {
            List<Node> nodes = nodes(units);
            Map<ObjectRef, Node> provider = new HashMap<>();
            for (Node n : nodes) {
                if (n.part() == null) {
                    if (n.unit().provides != null) {
                        provider.putIfAbsent(n.unit().provides, n);
                    }
                    n.unit().parts.forEach(p -> provider.putIfAbsent(p.ref(), n));
                }
            }
            for (Node n : nodes) {
                if (n.part() != null) {
                    provider.put(n.part().ref(), n);
                }
            }
            Map<Node, Set<Node>> requires = new HashMap<>();
            Map<Node, List<Node>> dependents = new HashMap<>();
            for (Node n : nodes) {
                if (done.contains(n)) {
                    continue;
                }
                Set<Node> open = new LinkedHashSet<>();
                for (ObjectRef ref : n.needs()) {
                    Node p = provider.get(ref);
                    if (p != null && !p.equals(n) && !done.contains(p)) {
                        open.add(p);
                    }
                }
                requires.put(n, open);
                open.forEach(p -> dependents.computeIfAbsent(p, k -> new ArrayList<>()).add(n));
            }
            Comparator<Node> byIndex = Comparator.comparingInt(Node::index)
                    .thenComparing(n -> n.part() == null ? "" : n.part().ref().identity());
            PriorityQueue<Node> ready = new PriorityQueue<>(byIndex);
            Map<Node, Integer> waiting = new HashMap<>();
            requires.forEach((n, open) -> {
                if (open.isEmpty()) {
                    ready.add(n);
                } else {
                    waiting.put(n, open.size());
                }
            });
            while (!ready.isEmpty()) {
                Node n = ready.poll();
                out.addAll(n.statements());
                done.add(n);
                for (Node d : dependents.getOrDefault(n, List.of())) {
                    int left = waiting.merge(d, -1, Integer::sum);
                    if (left == 0) {
                        waiting.remove(d);
                        ready.add(d);
                    }
                }
            }
            if (waiting.isEmpty()) {
                return out;
            }
            if (!breakCycles(waiting.keySet(), requires, provider)) {
                throw new IllegalStateException("The objects " + waiting.keySet().stream()
                        .map(n -> String.valueOf(n.unit().provides)).sorted().limit(20)
                        .collect(Collectors.joining(", ")) + (waiting.size() > 20 ? ", ..." : "")
                        + " depend on each other in a cycle that no separately created part breaks: they cannot "
                        + "be created in any order.");
            }
        }
    }

    private static List<Node> nodes(List<Unit> units) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            Unit u = units.get(i);
            nodes.add(new Node(u, i, null));
            for (Part p : u.parts) {
                if (u.detached.contains(p.ref())) {
                    nodes.add(new Node(u, i, p));
                }
            }
        }
        return nodes;
    }

    /**
     * Detaches every attached part whose unmet needs lead back to its own unit.
     *
     * @return whether a part was detached
     */
    private static boolean breakCycles(Set<Node> stuck, Map<Node, Set<Node>> requires, Map<ObjectRef, Node> provider) {
        boolean changed = false;
        for (Node n : stuck) {
            if (n.part() != null) {
                continue;
            }
            for (Part p : n.unit().parts) {
                if (n.unit().detached.contains(p.ref())) {
                    continue;
                }
                for (ObjectRef ref : p.needs()) {
                    Node target = provider.get(ref);
                    if (target != null && !target.equals(n) && stuck.contains(target)
                            && reaches(target, n, requires)) {
                        n.unit().detached.add(p.ref());
                        changed = true;
                        break;
                    }
                }
            }
        }
        return changed;
    }

    private static boolean reaches(Node from, Node to, Map<Node, Set<Node>> requires) {
        Deque<Node> todo = new ArrayDeque<>(List.of(from));
        Set<Node> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (n.equals(to)) {
                return true;
            }
            if (seen.add(n)) {
                todo.addAll(requires.getOrDefault(n, Set.of()));
            }
        }
        return false;
    }
}
