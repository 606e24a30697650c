package dev.guard.lock;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a lock file says about the run that took it; what is missing or unreadable is said so.
 *
 * @param free an empty file, or one a run that ended marked released: nobody's lock
 */
record LockOwner(
        Optional<String> key,
        String runbook,
        Optional<String> user,
        Optional<String> command,
        Optional<Owner> owner,
        String since,
        boolean free) {
    private static final JsonFactory JSON = new JsonFactory();

    static LockOwner parse(String text) {
        Map<String, Object> f = fields(text);
        Optional<Owner> owner = Optional.empty();
        if (f.get("pid") instanceof Long pid && f.get("host") instanceof String host) {
            Optional<Instant> started = Optional.empty();
            try {
                started = Optional.ofNullable((String) f.get("processStart")).map(Instant::parse);
            } catch (DateTimeParseException | ClassCastException e) {
                // named without a start time
            }
            owner = Optional.of(new Owner(pid, host, started));
        }
        boolean free = text.isBlank() || (owner.isEmpty() && f.containsKey("released"));
        return new LockOwner(
                string(f, "key"),
                String.valueOf(f.getOrDefault("runbook", "?")),
                string(f, "user"),
                string(f, "command"),
                owner,
                String.valueOf(f.getOrDefault("since", "?")),
                free);
    }

    private static Map<String, Object> fields(String text) {
        Map<String, Object> f = new HashMap<>();
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value == JsonToken.VALUE_STRING) {
                        f.put(name, p.getText());
                    } else if (value == JsonToken.VALUE_NUMBER_INT) {
                        f.put(name, p.getLongValue());
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            // a run that died while writing its name: what was read is all there is
        }
        return f;
    }

    private static Optional<String> string(Map<String, Object> f, String name) {
        return f.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /**
     * "runbook purge, user alice, command guard run runbooks/purge.yaml, pid 42 on build-7, since
     * 2026-11-30T20:01:00Z" (a lock written by an older guard names no user or command).
     */
    String describe() {
        if (owner.isEmpty()) {
            return "an owner that did not finish writing its name";
        }
        return "runbook " + runbook + user.map(u -> ", user " + u).orElse("")
                + command.map(c -> ", command " + c).orElse("") + ", "
                + owner.get().describe() + ", since " + since;
    }

    /** Whether the owner still runs, as far as its name tells (no name: a run that died writing it). */
    Owner.Liveness liveness() {
        return owner.map(Owner::liveness).orElse(Owner.Liveness.DEAD);
    }
}
