package dev.guard.audit;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.JsonReader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit log read back for a person ({@code guard audit show}): its records grouped by the run
 * that wrote them, runs in the order they began. A run that never wrote {@code run.end} carries what
 * {@link AuditLog#verify} found of it (interrupted, or still running). Lines that are not records
 * are passed over here: {@code guard audit verify} is the one that names them.
 */
public final class AuditHistory {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smhdw])");

    private AuditHistory() {}

    /** One record: its line in the log, and its own fields (without time, run, event and prev). */
    public record Entry(int line, Instant time, String event, Map<String, Object> fields) {}

    /**
     * One run's records in the order written.
     *
     * @param unfinished set when it started and has not ended: killed, crashed, or still running
     */
    public record Run(String id, List<Entry> entries, Optional<AuditLog.Unfinished> unfinished) {
        /** When its first record was written. */
        public Instant started() {
            return entries.get(0).time();
        }

        /** Its {@code run.start}; absent for records that are not runs (an approval, ad-hoc access). */
        public Optional<Entry> start() {
            return first("run.start");
        }

        /** Its {@code run.end}. */
        public Optional<Entry> end() {
            return first("run.end");
        }

        private Optional<Entry> first(String event) {
            return entries.stream().filter(e -> e.event().equals(event)).findFirst();
        }
    }

    /**
     * The runs of the log, oldest first, and what {@link AuditLog#verify} found wrong with its chain
     * (empty when intact): shown all the same, but never as if it were intact.
     */
    public record History(List<Run> runs, List<String> problems) {}

    /** Every run in the log at {@code log}, oldest first; one clear line when it cannot be read. */
    public static List<Run> read(Path log) {
        return history(log).runs();
    }

    /** {@link #read}, with the chain's problems. */
    public static History history(Path log) {
        AuditLog.Verification verification = AuditReader.verify(log);
        Map<String, AuditLog.Unfinished> unfinished = new LinkedHashMap<>();
        verification.unfinished().forEach(u -> unfinished.put(u.run(), u));
        Map<String, List<Entry>> byRun = new LinkedHashMap<>();
        List<String> lines = lines(log);
        for (int i = 0; i < lines.size(); i++) {
            parse(i + 1, lines.get(i))
                    .ifPresent(p -> byRun.computeIfAbsent(p.run(), r -> new ArrayList<>())
                            .add(p.entry()));
        }
        List<Run> runs = new ArrayList<>();
        byRun.forEach((id, entries) -> runs.add(new Run(id, entries, Optional.ofNullable(unfinished.get(id)))));
        return new History(runs, verification.problems());
    }

    /**
     * The runs a person asked for: begun within {@code since} of {@code now}, and the one whose id
     * starts with {@code run} (which must name exactly one).
     */
    public static List<Run> select(List<Run> runs, Optional<Duration> since, Optional<String> run, Instant now) {
        List<Run> out = runs.stream()
                .filter(r -> since.isEmpty() || !r.started().isBefore(now.minus(since.get())))
                .toList();
        if (run.isEmpty()) {
            return out;
        }
        String prefix = run.get().toLowerCase(Locale.ROOT);
        List<Run> matching = out.stream()
                .filter(r -> r.id().toLowerCase(Locale.ROOT).startsWith(prefix))
                .toList();
        if (matching.isEmpty()) {
            throw GuardException.invalid("--run " + run.get() + ": no run in the audit log has an id starting so"
                    + (since.isPresent() ? " (within --since)" : ""));
        }
        if (matching.size() > 1) {
            throw GuardException.invalid("--run " + run.get() + " matches " + matching.size() + " runs ("
                    + String.join(", ", matching.stream().limit(5).map(Run::id).toList())
                    + (matching.size() > 5 ? ", ..." : "") + "); give more of the id");
        }
        return matching;
    }

    /** "30m", "2h", "3d", "1w", "90s": how far back {@code --since} reaches. */
    public static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw GuardException.invalid("--since " + text + ": expected a duration such as 30m, 2h, 3d or 1w"
                    + " (a whole number of s, m, h, d or w, above 0)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    private record Parsed(String run, Entry entry) {}

    @SuppressWarnings("unchecked")
    private static Optional<Parsed> parse(int number, String line) {
        Object tree;
        try {
            tree = JsonReader.parse(line);
        } catch (RuntimeException e) {
            return Optional.empty(); // half a line, or not JSON: verify names it
        }
        if (!(tree instanceof Map<?, ?> map)
                || !(map.get("run") instanceof String run)
                || !(map.get("event") instanceof String event)
                || !(map.get("time") instanceof String time)) {
            return Optional.empty();
        }
        Instant at;
        try {
            at = Instant.parse(time);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) map);
        fields.keySet().removeAll(List.of("time", "run", "event", "prev"));
        return Optional.of(new Parsed(run, new Entry(number, at, event, fields)));
    }

    /** The log's lines, read under a shared lock so a run appending meanwhile is never half a line. */
    private static List<String> lines(Path log) {
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock = channel.lock(0, Long.MAX_VALUE, true);
            try {
                return List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n"));
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new GuardException(ExitCode.ACTION_FAILED, "could not read " + log + ": " + e.getMessage());
        }
    }
}
