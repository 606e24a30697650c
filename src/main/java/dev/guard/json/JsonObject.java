package dev.guard.json;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads from an object {@link JsonReader} read (the sandbox's state file, a cached session),
 * each failure a {@link JsonException} naming the field's JSON path: {@code $.instances[0].id has
 * the wrong type}.
 */
public final class JsonObject {
    private final Map<?, ?> map;
    private final String path;

    /** {@code path} names the object in messages: {@code $} for the document itself. */
    public JsonObject(Map<?, ?> map, String path) {
        this.map = map;
        this.path = path;
    }

    public String string(String key) {
        return as(key, String.class);
    }

    public Optional<String> optionalString(String key) {
        return map.get(key) == null ? Optional.empty() : Optional.of(string(key));
    }

    public boolean bool(String key) {
        return as(key, Boolean.class);
    }

    public long number(String key) {
        return as(key, Long.class);
    }

    public Instant instant(String key) {
        try {
            return Instant.parse(string(key));
        } catch (DateTimeParseException e) {
            throw new JsonException(path + "." + key + " is not a timestamp");
        }
    }

    public Optional<Instant> optionalInstant(String key) {
        return map.get(key) == null ? Optional.empty() : Optional.of(instant(key));
    }

    public JsonObject object(String key) {
        return new JsonObject(as(key, Map.class), path + "." + key);
    }

    public Optional<JsonObject> optionalObject(String key) {
        return map.get(key) == null ? Optional.empty() : Optional.of(object(key));
    }

    public Map<String, String> strings(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonObject t = object(key);
        t.map.keySet().forEach(k -> out.put(String.valueOf(k), t.string(String.valueOf(k))));
        return out;
    }

    public Map<String, Long> numbers(String key) {
        Map<String, Long> out = new LinkedHashMap<>();
        JsonObject t = object(key);
        t.map.keySet().forEach(k -> out.put(String.valueOf(k), t.number(String.valueOf(k))));
        return out;
    }

    public List<JsonObject> list(String key) {
        List<?> items = as(key, List.class);
        List<JsonObject> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> m)) {
                throw new JsonException(path + "." + key + "[" + i + "] is not an object");
            }
            out.add(new JsonObject(m, path + "." + key + "[" + i + "]"));
        }
        return out;
    }

    private <T> T as(String key, Class<T> type) {
        Object v = map.get(key);
        if (!type.isInstance(v)) {
            throw new JsonException(path + "." + key + (v == null ? " is missing" : " has the wrong type"));
        }
        return type.cast(v);
    }
}
