package dev.guard.sandbox.dynamodb;

import dev.guard.sandbox.server.AwsError;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DynamoDB attribute values as they travel in JSON ({@code {"S": "x"}}, {@code {"N": "1"}}, {@code
 * {"M": {...}}}...): validated as DynamoDB validates them, compared as its expressions compare them,
 * and sized as it sizes items. Values are kept exactly as sent, so they come back faithfully.
 */
final class AttributeValues {
    static final Set<String> TYPES = Set.of("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL");
    /** DynamoDB's item size limit: 400 KB, names included. */
    static final int MAX_ITEM_BYTES = 400 * 1024;

    private AttributeValues() {}

    static AwsError validation(String message) {
        return new AwsError(400, "ValidationException", message);
    }

    /** The single type key of a value ({@code S}, {@code N}, ...). */
    static String type(Object value) {
        return ((Map<?, ?>) value).keySet().iterator().next().toString();
    }

    static Object payload(Object value) {
        return ((Map<?, ?>) value).values().iterator().next();
    }

    /** An item (name to value), each value checked; the names in insertion order. */
    static Map<String, Object> item(Object raw, String what) {
        if (!(raw instanceof Map<?, ?> m)) {
            throw validation("1 validation error detected: Value null at '" + what
                    + "' failed to satisfy constraint: Member must not be null");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((name, value) -> {
            check(value);
            out.put(name.toString(), value);
        });
        return out;
    }

    /** Checks one value (recursively), with DynamoDB's messages. */
    static void check(Object value) {
        if (!(value instanceof Map<?, ?> m) || m.size() != 1 || !TYPES.contains(type(value))) {
            throw validation("Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        Object p = payload(value);
        switch (type(value)) {
            case "S", "B" -> requireType(p instanceof String, value);
            case "N" -> number(p);
            case "BOOL" -> requireType(p instanceof Boolean, value);
            case "NULL" -> requireType(Boolean.TRUE.equals(p), value);
            case "M" -> {
                requireType(p instanceof Map, value);
                ((Map<?, ?>) p).values().forEach(AttributeValues::check);
            }
            case "L" -> {
                requireType(p instanceof List, value);
                ((List<?>) p).forEach(AttributeValues::check);
            }
            default -> set(type(value), p);
        }
    }

    private static void requireType(boolean ok, Object value) {
        if (!ok) {
            throw validation("Supplied AttributeValue has the wrong shape for type " + type(value));
        }
    }

    static BigDecimal number(Object p) {
        if (!(p instanceof String s)) {
            throw validation("The parameter cannot be converted to a numeric value");
        }
        try {
            return new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            throw validation("The parameter cannot be converted to a numeric value: " + s);
        }
    }

    private static void set(String type, Object p) {
        if (!(p instanceof List<?> l) || l.isEmpty()) {
            throw validation("One or more parameter values were invalid: An " + setName(type) + " may not be empty");
        }
        Set<Object> seen = new HashSet<>();
        for (Object element : l) {
            if (!(element instanceof String s)) {
                throw validation("Supplied AttributeValue has the wrong shape for type " + type);
            }
            Object canonical = type.equals("NS") ? number(s).stripTrailingZeros() : s;
            if (!seen.add(canonical)) {
                throw validation(
                        "One or more parameter values were invalid: Input collection " + l + " contains duplicates.");
            }
        }
    }

    private static String setName(String type) {
        return switch (type) {
            case "SS" -> "string set ";
            case "NS" -> "number set ";
            default -> "binary set ";
        };
    }

    /** Equality as expressions see it: same type, numbers by value, sets regardless of order. */
    static boolean equal(Object a, Object b) {
        if (a == null || b == null || !type(a).equals(type(b))) {
            return false;
        }
        Object pa = payload(a);
        Object pb = payload(b);
        return switch (type(a)) {
            case "N" -> number(pa).compareTo(number(pb)) == 0;
            case "NS" -> numberSet(pa).equals(numberSet(pb));
            case "SS", "BS" -> new HashSet<>((List<?>) pa).equals(new HashSet<>((List<?>) pb));
            case "M" -> equalMaps((Map<?, ?>) pa, (Map<?, ?>) pb);
            case "L" -> equalLists((List<?>) pa, (List<?>) pb);
            default -> pa.equals(pb);
        };
    }

    private static Set<BigDecimal> numberSet(Object p) {
        Set<BigDecimal> out = new HashSet<>();
        ((List<?>) p).forEach(n -> out.add(number(n).stripTrailingZeros()));
        return out;
    }

    private static boolean equalMaps(Map<?, ?> a, Map<?, ?> b) {
        return a.keySet().equals(b.keySet())
                && a.entrySet().stream().allMatch(e -> equal(e.getValue(), b.get(e.getKey())));
    }

    private static boolean equalLists(List<?> a, List<?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!equal(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Order for {@code < <= > >=} and BETWEEN: numbers by value, strings and binaries by their bytes
     * (unsigned). Other types, or two different types, have no order: the comparison is false.
     */
    static Optional<Integer> compare(Object a, Object b) {
        if (a == null || b == null || !type(a).equals(type(b))) {
            return Optional.empty();
        }
        return switch (type(a)) {
            case "N" -> Optional.of(number(payload(a)).compareTo(number(payload(b))));
            case "S" -> Optional.of(compareBytes(utf8(payload(a)), utf8(payload(b))));
            case "B" -> Optional.of(compareBytes(binary(payload(a)), binary(payload(b))));
            default -> Optional.empty();
        };
    }

    private static byte[] utf8(Object s) {
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] binary(Object s) {
        try {
            return Base64.getDecoder().decode(s.toString());
        } catch (IllegalArgumentException e) {
            return utf8(s);
        }
    }

    private static int compareBytes(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }

    /** An item's size as DynamoDB counts it (close enough to enforce the 400 KB limit). */
    static long itemSize(Map<String, Object> item) {
        long size = 0;
        for (Map.Entry<String, Object> e : item.entrySet()) {
            size += utf8(e.getKey()).length + valueSize(e.getValue());
        }
        return size;
    }

    private static long valueSize(Object value) {
        Object p = payload(value);
        return switch (type(value)) {
            case "S" -> utf8(p).length;
            case "N" -> numberSize(p);
            case "B" -> binary(p).length;
            case "BOOL", "NULL" -> 1;
            case "SS" -> ((List<?>) p).stream().mapToLong(s -> utf8(s).length).sum();
            case "NS" ->
                ((List<?>) p).stream().mapToLong(AttributeValues::numberSize).sum();
            case "BS" -> ((List<?>) p).stream().mapToLong(s -> binary(s).length).sum();
            case "M" ->
                3
                        + ((Map<?, ?>) p)
                                .entrySet().stream()
                                        .mapToLong(e -> 1 + utf8(e.getKey()).length + valueSize(e.getValue()))
                                        .sum();
            default ->
                3 + ((List<?>) p).stream().mapToLong(v -> 1 + valueSize(v)).sum();
        };
    }

    // "Numbers are variable length, with up to 38 significant digits... approximately 1 byte per two".
    private static long numberSize(Object p) {
        return 1 + (number(p).precision() + 1) / 2;
    }

    /** A deep copy, so an update works on its own item until it is stored. */
    @SuppressWarnings("unchecked")
    static Object copy(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k.toString(), copy(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(copy(v)));
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copyItem(Map<String, Object> item) {
        return (Map<String, Object>) copy(item);
    }
}
