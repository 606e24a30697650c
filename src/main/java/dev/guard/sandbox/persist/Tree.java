package dev.guard.sandbox.persist;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed reads from a parsed state file, each failure naming where in the file it is. */
final class Tree {
    /** A field had the wrong type or was missing; the message is the JSON path. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final Map<?, ?> map;
    private final String path;

    Tree(Map<?, ?> map, String path) {
        this.map = map;
        this.path = path;
    }

    String string(String key) {
        return as(key, String.class);
    }

    Optional<String> optionalString(String key) {
        return map.get(key) == null ? Optional.empty() : Optional.of(string(key));
    }

    boolean bool(String key) {
        return as(key, Boolean.class);
    }

    long number(String key) {
        return as(key, Long.class);
    }

    Instant instant(String key) {
        try {
            return Instant.parse(string(key));
        } catch (DateTimeParseException e) {
            throw new Malformed(path + "." + key + " is not a timestamp");
        }
    }

    Optional<Instant> optionalInstant(String key) {
        return map.get(key) == null ? Optional.empty() : Optional.of(instant(key));
    }

    Tree object(String key) {
        return new Tree(as(key, Map.class), path + "." + key);
    }

    Optional<Tree> optionalObject(String key) {
        return map.get(key) == null ? Optional.empty() : Optional.of(object(key));
    }

    Map<String, String> strings(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        Tree t = object(key);
        t.map.keySet().forEach(k -> out.put(String.valueOf(k), t.string(String.valueOf(k))));
        return out;
    }

    Map<String, Long> numbers(String key) {
        Map<String, Long> out = new LinkedHashMap<>();
        Tree t = object(key);
        t.map.keySet().forEach(k -> out.put(String.valueOf(k), t.number(String.valueOf(k))));
        return out;
    }

    List<Tree> list(String key) {
        List<?> items = as(key, List.class);
        List<Tree> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> m)) {
                throw new Malformed(path + "." + key + "[" + i + "] is not an object");
            }
            out.add(new Tree(m, path + "." + key + "[" + i + "]"));
        }
        return out;
    }

    private <T> T as(String key, Class<T> type) {
        Object v = map.get(key);
        if (!type.isInstance(v)) {
            throw new Malformed(path + "." + key + (v == null ? " is missing" : " has the wrong type"));
        }
        return type.cast(v);
    }
}
