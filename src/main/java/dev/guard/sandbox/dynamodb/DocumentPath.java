package dev.guard.sandbox.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A document path in an item: a top-level attribute name, then map keys and list indexes
 * ({@code a.b[2].c}). Reads give null for anything absent; writes follow DynamoDB's rules.
 */
record DocumentPath(List<Object> steps) {
    DocumentPath {
        steps = List.copyOf(steps);
    }

    String topName() {
        return (String) steps.get(0);
    }

    /** The value at this path, or null when any step is absent or of the wrong type. */
    Object get(Map<String, Object> item) {
        Object current = item.get(topName());
        for (Object step : steps.subList(1, steps.size())) {
            current = child(current, step);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static Object child(Object value, Object step) {
        if (value == null) {
            return null;
        }
        Object payload = AttributeValues.payload(value);
        if (step instanceof String key && AttributeValues.type(value).equals("M")) {
            return ((Map<?, ?>) payload).get(key);
        }
        if (step instanceof Integer i && AttributeValues.type(value).equals("L")) {
            List<?> list = (List<?>) payload;
            return i < list.size() ? list.get(i) : null;
        }
        return null;
    }

    /** Sets the value; the parent must exist ("The document path provided in the update expression is invalid for update"). */
    @SuppressWarnings("unchecked")
    void set(Map<String, Object> item, Object value) {
        if (steps.size() == 1) {
            item.put(topName(), value);
            return;
        }
        Object parent = new DocumentPath(steps.subList(0, steps.size() - 1)).get(item);
        Object last = steps.get(steps.size() - 1);
        if (parent != null
                && last instanceof String key
                && AttributeValues.type(parent).equals("M")) {
            ((Map<String, Object>) AttributeValues.payload(parent)).put(key, value);
        } else if (parent != null
                && last instanceof Integer i
                && AttributeValues.type(parent).equals("L")) {
            List<Object> list = (List<Object>) AttributeValues.payload(parent);
            // An index past the end appends, as DynamoDB does.
            if (i < list.size()) {
                list.set(i, value);
            } else {
                list.add(value);
            }
        } else {
            throw AttributeValues.validation(
                    "The document path provided in the update expression is invalid for update");
        }
    }

    /** Removes the value if present. */
    @SuppressWarnings("unchecked")
    void remove(Map<String, Object> item) {
        if (steps.size() == 1) {
            item.remove(topName());
            return;
        }
        Object parent = new DocumentPath(steps.subList(0, steps.size() - 1)).get(item);
        Object last = steps.get(steps.size() - 1);
        if (parent != null
                && last instanceof String key
                && AttributeValues.type(parent).equals("M")) {
            ((Map<String, Object>) AttributeValues.payload(parent)).remove(key);
        } else if (parent != null
                && last instanceof Integer i
                && AttributeValues.type(parent).equals("L")) {
            List<Object> list = (List<Object>) AttributeValues.payload(parent);
            if (i < list.size()) {
                list.remove((int) i);
            }
        }
    }

    /** Whether one path is a prefix of the other (DynamoDB refuses two such in one update). */
    boolean overlaps(DocumentPath other) {
        int n = Math.min(steps.size(), other.steps.size());
        return steps.subList(0, n).equals(other.steps.subList(0, n));
    }

    @Override
    public String toString() {
        List<String> out = new ArrayList<>();
        steps.forEach(s -> out.add(s instanceof Integer i ? "[" + i + "]" : s.toString()));
        return "[" + String.join(", ", out) + "]";
    }
}
