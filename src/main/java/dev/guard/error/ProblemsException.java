package dev.guard.error;

import dev.guard.yaml.Problems;
import java.util.List;

/**
 * Problems reported as ready-made {@code file:line:col: message} lines: invalid input (exit code
 * 2), or a refusal tied to a place in a runbook with another exit code.
 */
public final class ProblemsException extends GuardException {
    private static final long serialVersionUID = 1L;

    public ProblemsException(List<String> lines) {
        this(ExitCode.INVALID_INPUT, lines);
    }

    public ProblemsException(int exitCode, List<String> lines) {
        super(exitCode, lines);
    }

    public static ProblemsException of(Problems problems) {
        return new ProblemsException(
                problems.sorted().stream().map(Object::toString).toList());
    }
}
