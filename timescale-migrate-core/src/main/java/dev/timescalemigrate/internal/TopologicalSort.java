package dev.timescalemigrate.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Orders items so that each comes after the items it depends on. Ties are broken by a comparator so the
 * result is deterministic; dependency cycles do not fail: the items of a cycle come in comparator order.
 */
public final class TopologicalSort {

    private TopologicalSort() {
    }

    /**
     * @param items      the items
     * @param key        an item's key
     * @param dependsOn  keys an item depends on (keys not among the items are ignored, as are self references)
     * @param order      tie breaker
     */
    public static <T, K> List<T> sort(Collection<T> items, Function<T, K> key, Function<T, Collection<K>> dependsOn,
                                      Comparator<T> order) {
        Map<K, T> byKey = new HashMap<>();
        for (T item : items) {
            byKey.put(key.apply(item), item);
        }
        Map<T, Set<T>> pending = new HashMap<>();
        Map<T, List<T>> dependents = new HashMap<>();
        for (T item : items) {
            Set<T> deps = new LinkedHashSet<>();
            for (K k : dependsOn.apply(item)) {
                T dep = byKey.get(k);
                if (dep != null && dep != item) {
                    deps.add(dep);
                    dependents.computeIfAbsent(dep, x -> new ArrayList<>()).add(item);
                }
            }
            pending.put(item, deps);
        }
        Map<T, Integer> position = new HashMap<>();
        for (T item : items) {
            position.putIfAbsent(item, position.size());
        }
        Comparator<T> total = order.thenComparing(position::get);
        TreeSet<T> ready = new TreeSet<>(total);
        TreeSet<T> waiting = new TreeSet<>(total);
        for (T item : items) {
            (pending.get(item).isEmpty() ? ready : waiting).add(item);
        }
        List<T> result = new ArrayList<>(items.size());
        while (result.size() < items.size()) {
            T next = ready.isEmpty() ? waiting.first() : ready.first(); // a cycle: take the first waiting item
            ready.remove(next);
            waiting.remove(next);
            result.add(next);
            for (T dependent : dependents.getOrDefault(next, List.of())) {
                Set<T> deps = pending.get(dependent);
                if (deps.remove(next) && deps.isEmpty() && waiting.remove(dependent)) {
                    ready.add(dependent);
                }
            }
        }
        return result;
    }
}
