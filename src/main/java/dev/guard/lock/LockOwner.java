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

/** What a lock file says about the run that took it; what is missing or unreadable is said so. */
record LockOwner(String runbook, Optional<Owner> owner, String since) {
    private static final JsonFactory JSON = new JsonFactory();

    static LockOwner parse(String text) {
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
        return new LockOwner(
                String.valueOf(f.getOrDefault("runbook", "?")), owner, String.valueOf(f.getOrDefault("since", "?")));
    }

    /** "runbook purge, pid 42 on build-7, since 2026-11-30T20:01:00Z". */
    String describe() {
        if (owner.isEmpty()) {
            return "an owner that did not finish writing its name";
        }
        return "runbook " + runbook + ", " + owner.get().describe() + ", since " + since;
    }
}
