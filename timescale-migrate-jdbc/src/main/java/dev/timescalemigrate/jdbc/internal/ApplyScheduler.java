package dev.timescalemigrate.jdbc.internal;

import dev.timescalemigrate.model.QualifiedName;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which apply worker a source transaction goes to, so that transactions run in parallel only where they do not
 * conflict: a transaction holds the rows it changes (by table and replica identity) and the tables whose changes
 * must stay in order as a whole (no row key, or other unique constraints), from the moment it is given to a
 * worker until that worker committed it. A transaction that conflicts with what one worker holds goes to that
 * worker, behind the transactions it conflicts with (each worker applies in the source's order); one that
 * conflicts with none goes to the least loaded worker; one that conflicts with two or more must wait until all
 * but one of them have committed. So every row's changes reach the target in the source's order. Not
 * thread-safe: the caller synchronises.
 */
final class ApplyScheduler {

    /** What a transaction touches. */
    static final class Keys {
        private final Map<QualifiedName, Set<String>> rows = new LinkedHashMap<>();
        private final Set<QualifiedName> tables = new LinkedHashSet<>();

        /** A row of {@code table}, told apart by {@code key} (its replica identity's values). */
        void row(QualifiedName table, String key) {
            rows.computeIfAbsent(table, t -> new HashSet<>()).add(key);
        }

        /** All of {@code table}: its changes stay in order with every other change of it. */
        void table(QualifiedName table) {
            tables.add(table);
        }

        boolean isEmpty() {
            return rows.isEmpty() && tables.isEmpty();
        }
    }

    private final int[] load;
    /** Row key (table and key) to the worker holding it and how many of its transactions do. */
    private final Map<QualifiedName, Map<String, int[]>> rowHolders = new HashMap<>();
    /** Table to worker to how many of its transactions hold rows of the table. */
    private final Map<QualifiedName, Map<Integer, Integer>> rowTables = new HashMap<>();
    /** Table held as a whole to its worker and how many of its transactions hold it. */
    private final Map<QualifiedName, int[]> tableHolders = new HashMap<>();

    ApplyScheduler(int workers) {
        this.load = new int[workers];
    }

    /** The transactions given to {@code worker} and not yet committed. */
    int load(int worker) {
        return load[worker];
    }

    /**
     * The worker for a transaction with {@code keys}, or -1 when it conflicts with more than one worker and must
     * wait for a {@link #release}.
     */
    int choose(Keys keys) {
        Set<Integer> conflicts = new HashSet<>();
        keys.rows.forEach((table, rows) -> {
            int[] whole = tableHolders.get(table);
            if (whole != null) {
                conflicts.add(whole[0]);
            }
            Map<String, int[]> held = rowHolders.get(table);
            if (held != null) {
                for (String row : rows) {
                    int[] h = held.get(row);
                    if (h != null) {
                        conflicts.add(h[0]);
                    }
                }
            }
        });
        for (QualifiedName table : keys.tables) {
            int[] whole = tableHolders.get(table);
            if (whole != null) {
                conflicts.add(whole[0]);
            }
            conflicts.addAll(rowTables.getOrDefault(table, Map.of()).keySet());
        }
        if (conflicts.size() > 1) {
            return -1;
        }
        if (conflicts.size() == 1) {
            return conflicts.iterator().next();
        }
        int best = 0;
        for (int w = 1; w < load.length; w++) {
            if (load[w] < load[best]) {
                best = w;
            }
        }
        return best;
    }

    /** {@code worker} was given the transaction with {@code keys}. */
    void hold(int worker, Keys keys) {
        load[worker]++;
        keys.rows.forEach((table, rows) -> {
            Map<String, int[]> held = rowHolders.computeIfAbsent(table, t -> new HashMap<>());
            for (String row : rows) {
                held.computeIfAbsent(row, r -> new int[]{worker, 0})[1]++;
            }
            rowTables.computeIfAbsent(table, t -> new HashMap<>()).merge(worker, 1, Integer::sum);
        });
        for (QualifiedName table : keys.tables) {
            tableHolders.computeIfAbsent(table, t -> new int[]{worker, 0})[1]++;
        }
    }

    /** {@code worker} committed the transaction with {@code keys}. */
    void release(int worker, Keys keys) {
        load[worker]--;
        keys.rows.forEach((table, rows) -> {
            Map<String, int[]> held = rowHolders.get(table);
            for (String row : rows) {
                int[] h = held.get(row);
                if (--h[1] == 0) {
                    held.remove(row);
                }
            }
            if (held.isEmpty()) {
                rowHolders.remove(table);
            }
            Map<Integer, Integer> workers = rowTables.get(table);
            if (workers.merge(worker, -1, Integer::sum) == 0) {
                workers.remove(worker);
            }
            if (workers.isEmpty()) {
                rowTables.remove(table);
            }
        });
        for (QualifiedName table : keys.tables) {
            int[] h = tableHolders.get(table);
            if (--h[1] == 0) {
                tableHolders.remove(table);
            }
        }
    }

    /** Whether nothing is held: every transaction given out is committed. */
    boolean idle() {
        for (int l : load) {
            if (l > 0) {
                return false;
            }
        }
        return true;
    }
}
