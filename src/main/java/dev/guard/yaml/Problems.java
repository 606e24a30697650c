package dev.guard.yaml;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every problem found in one file, so a user sees all of them at once instead of fixing
 * one error per run.
 */
public final class Problems {
    private final Path file;
    private final List<Problem> list = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();
    /** What {@link #list} and {@link #warnings} hold, for a constant-time "kept once" check (a file of 50,000 unknown keys). */
    private final Set<Problem> seen = new HashSet<>();

    public Problems(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Records a problem; the same message at the same place is kept once (a runbook-level value is checked per step). */
    public void add(Position position, String message) {
        Problem p = new Problem(file, position, message);
        if (seen.add(p)) {
            list.add(p);
        }
    }

    /** Takes over everything {@code other} recorded (found while reading the same file). */
    public void addAll(Problems other) {
        for (Problem p : other.list) {
            add(p.position(), p.message());
        }
        for (Problem p : other.warnings) {
            if (seen.add(p)) {
                warnings.add(p);
            }
        }
    }

    public void addFileLevel(String message) {
        list.add(Problem.fileLevel(file, message));
    }

    /** Something worth saying that does not make the file invalid (an unknown but plausible region). */
    public void warn(Position position, String message) {
        Problem p = new Problem(file, position, "warning: " + message);
        if (seen.add(p)) {
            warnings.add(p);
        }
    }

    public List<Problem> warnings() {
        return List.copyOf(warnings);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    public int size() {
        return list.size();
    }

    /** In file order, file-level problems first. */
    public List<Problem> sorted() {
        List<Problem> copy = new ArrayList<>(list);
        // A named comparator, not Comparator.comparing or a method reference: on JDK 17 each
        // lambda call site costs ~60 µs to link at start-up, for what is most often an empty list.
        copy.sort(InFileOrder.INSTANCE);
        return copy;
    }

    /** By line, then column; file-level problems (no position) first. */
    private static final class InFileOrder implements Comparator<Problem> {
        static final InFileOrder INSTANCE = new InFileOrder();

        @Override
        public int compare(Problem a, Problem b) {
            int byLine = Integer.compare(line(a), line(b));
            return byLine != 0 ? byLine : Integer.compare(column(a), column(b));
        }
    }

    private static int line(Problem p) {
        return p.position() == null ? 0 : p.position().line();
    }

    private static int column(Problem p) {
        return p.position() == null ? 0 : p.position().column();
    }
}
