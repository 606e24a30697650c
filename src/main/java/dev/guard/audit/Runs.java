package dev.guard.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.guard.lock.Owner;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows the runs through the audit log, line by line, to find the ones that started and never
 * ended: a run killed ({@code kill -9}, a power cut) writes no {@code run.end}, and its last record
 * is what is known of how far it got.
 */
final class Runs {
    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, Started> open = new LinkedHashMap<>();
    private final Map<String, Integer> lastLine = new HashMap<>();
    private final Map<String, String> lastEvent = new HashMap<>();
    private final Set<String> noted = new HashSet<>();

    private record Started(int line, String time, String runbook, Optional<Owner> owner) {}

    /** Takes one line of the log (1-based number); lines that are not records are passed over. */
    void add(int number, String line) {
        Map<String, Object> fields = topLevel(line);
        if (!(fields.get("run") instanceof String run) || !(fields.get("event") instanceof String event)) {
            return;
        }
        lastLine.put(run, number);
        lastEvent.put(run, event);
        switch (event) {
            case "run.start" ->
                open.put(
                        run,
                        new Started(
                                number,
                                String.valueOf(fields.getOrDefault("time", "?")),
                                String.valueOf(fields.getOrDefault("runbook", "?")),
                                owner(fields)));
            case "run.end" -> open.remove(run);
            case AuditLog.INTERRUPTED -> {
                if (fields.get("interruptedRun") instanceof String earlier) {
                    noted.add(earlier);
                }
            }
            default -> {}
        }
    }

    /** The runs with a {@code run.start} and no {@code run.end}, oldest first. */
    List<AuditLog.Unfinished> unfinished() {
        List<AuditLog.Unfinished> out = new ArrayList<>();
        open.forEach((run, s) -> out.add(new AuditLog.Unfinished(
                run,
                s.runbook(),
                s.time(),
                s.line(),
                lastLine.get(run),
                lastEvent.get(run),
                s.owner(),
                s.owner().map(Owner::liveness).orElse(Owner.Liveness.DEAD),
                noted.contains(run))));
        return out;
    }

    private static Optional<Owner> owner(Map<String, Object> fields) {
        if (!(fields.get("pid") instanceof Long pid) || !(fields.get("host") instanceof String host)) {
            return Optional.empty();
        }
        Optional<Instant> started = Optional.empty();
        if (fields.get("processStart") instanceof String s) {
            try {
                started = Optional.of(Instant.parse(s));
            } catch (DateTimeParseException e) {
                // an owner without a start time is still named
            }
        }
        return Optional.of(new Owner(pid, host, started));
    }

    /** The record's top-level strings and whole numbers; nested values are skipped. */
    private static Map<String, Object> topLevel(String line) {
        Map<String, Object> out = new HashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    out.put(name, p.getText());
                } else if (value == JsonToken.VALUE_NUMBER_INT) {
                    out.put(name, p.getLongValue());
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // half a line or not JSON: verify names it; it tells nothing about runs
        }
        return out;
    }
}
