package dev.guard.sandbox.seed;

import dev.guard.yaml.Fields;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.Node;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.SeqNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts positioned YAML nodes into the plain Java trees an IAM evaluator reads, as a JSON
 * parser would produce them: mappings become unmodifiable insertion-ordered {@code Map<String,
 * Object>}, lists unmodifiable {@code List<Object>}, strings stay strings exactly (a quoted {@code
 * "true"} is the String {@code "true"}), unquoted booleans become {@code Boolean}, whole numbers
 * {@code Long}, other numbers {@code Double}, and null stays {@code null}.
 */
public final class PlainTree {
    private PlainTree() {}

    public static Object toPlain(Node node) {
        if (node instanceof MapNode map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (MapNode.Entry e : map.entries()) {
                out.put(e.key(), toPlain(e.value()));
            }
            return Collections.unmodifiableMap(out);
        }
        if (node instanceof SeqNode seq) {
            List<Object> out = new ArrayList<>(seq.items().size());
            seq.items().forEach(item -> out.add(toPlain(item)));
            return Collections.unmodifiableList(out);
        }
        return scalar((Scalar) node);
    }

    private static Object scalar(Scalar s) {
        return switch (s.kind()) {
            case STRING -> s.text();
            case BOOLEAN -> Fields.isTrue(s.text());
            case INTEGER -> wholeNumber(s.text());
            case FLOAT -> decimal(s.text());
            case NULL -> null;
        };
    }

    /** YAML spellings JSON lacks (0x1F, 1_000) or values past a long fall back to their text. */
    private static Object wholeNumber(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return decimal(text);
        }
    }

    private static Object decimal(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
