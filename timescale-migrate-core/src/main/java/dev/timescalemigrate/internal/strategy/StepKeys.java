package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.internal.Sha256;
import dev.timescalemigrate.spi.DdlStatement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint keys for DDL statements: the phase and a digest of the statement's text, numbered when the same
 * text occurs twice. Keys depend on the statements, not their positions, so a rerun that produces the same
 * statements (in any order) finds the same keys.
 */
public final class StepKeys {

    private StepKeys() {
    }

    /** One key per statement, in the same order. */
    public static List<String> of(List<DdlStatement> statements) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> keys = new ArrayList<>(statements.size());
        for (DdlStatement s : statements) {
            String base = (s.phase() == DdlStatement.Phase.PRE_DATA ? "pre:" : "post:") + digest(s.sql());
            int n = seen.merge(base, 1, Integer::sum);
            keys.add(n == 1 ? base : base + "#" + n);
        }
        return keys;
    }

    /** The first 16 bytes of the statement's SHA-256, in hex. */
    private static String digest(String sql) {
        return Sha256.hex(sql).substring(0, 32);
    }
}
