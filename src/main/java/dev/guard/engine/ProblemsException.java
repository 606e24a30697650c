package dev.guard.engine;

import dev.guard.yaml.Problems;
import java.util.List;

/** Invalid input reported as ready-made {@code file:line:col: message} lines; exit code 2. */
public final class ProblemsException extends GuardException {
    private static final long serialVersionUID = 1L;

    public ProblemsException(List<String> lines) {
        super(ExitCode.INVALID_INPUT, lines);
    }

    public static ProblemsException of(Problems problems) {
        return new ProblemsException(
                problems.sorted().stream().map(Object::toString).toList());
    }
}
