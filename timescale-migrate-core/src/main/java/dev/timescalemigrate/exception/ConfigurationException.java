package dev.timescalemigrate.exception;

import java.util.List;

/**
 * The migration cannot run as configured. Lists every problem found, not just the first; thrown by
 * {@code build()} for problems in the settings and by the preflight for problems found in the databases,
 * always before anything is written.
 */
public class ConfigurationException extends MigrationException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param code     {@link ErrorCode#INVALID_CONFIGURATION}, {@link ErrorCode#PREFLIGHT_FAILED} or
     *                 {@link ErrorCode#FEATURE_NOT_AVAILABLE}
     * @param problems every problem, each saying what to do
     */
    public ConfigurationException(ErrorCode code, List<String> problems) {
        super(code, message(code, problems));
        this.problems = List.copyOf(problems);
    }

    private static String message(ErrorCode code, List<String> problems) {
        StringBuilder sb = new StringBuilder(code == ErrorCode.INVALID_CONFIGURATION
                ? "The migration is not configured correctly"
                : "The migration cannot start; nothing was written to the target");
        sb.append(" (").append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }

    /** Every problem found. */
    public List<String> problems() {
        return problems;
    }
}
