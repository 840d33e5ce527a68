package dev.timescalemigrate.internal.strategy;

import dev.timescalemigrate.spi.DdlStatement;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
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

    private static String digest(String sql) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
