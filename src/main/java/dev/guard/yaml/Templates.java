package dev.guard.yaml;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${name}} references to runbook parameters inside string values. {@code $${} writes a
 * literal {@code ${}. Substitution is purely textual and happens once: a parameter value that
 * itself contains {@code ${...}} is not expanded again.
 *
 * <p>Loops rather than lambdas: this runs at every start-up, and on JDK 17 each lambda call site
 * costs ~60 µs to link the first time.
 */
public final class Templates {
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}|\\$\\{");

    private Templates() {}

    /** Whether {@code s} still holds references to fill in (checks of its shape wait until then). */
    public static boolean isTemplated(Scalar s) {
        return !s.resolved() && s.kind() == Scalar.Kind.STRING && s.text().contains("${");
    }

    /** Parameter names referenced by {@code text}; malformed references are reported. */
    public static Set<String> references(Scalar s, Problems problems) {
        Set<String> names = new LinkedHashSet<>();
        if (s.kind() != Scalar.Kind.STRING) {
            return names;
        }
        Matcher m = REFERENCE.matcher(s.text());
        while (m.find()) {
            String token = m.group();
            if (token.equals("$${")) {
                continue;
            }
            if (m.group(1) == null) {
                problems.add(s.position(), "unterminated parameter reference '${' in '" + s.text() + "'");
            } else if (!NAME.matcher(m.group(1)).matches()) {
                problems.add(
                        s.position(),
                        "'${" + m.group(1) + "}' is not a parameter reference (names are letters, digits, _)");
            } else {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** Replaces every reference in {@code s} with its value; the result remembers which ones. */
    public static Scalar substitute(Scalar s, Map<String, String> values) {
        if (s.kind() != Scalar.Kind.STRING || !s.text().contains("$")) {
            return s;
        }
        Set<String> used = new LinkedHashSet<>(s.parameters());
        Matcher m = REFERENCE.matcher(s.text());
        StringBuilder out = new StringBuilder();
        boolean complete = true;
        while (m.find()) {
            String replacement;
            if (m.group().equals("$${")) {
                replacement = "${";
            } else if (m.group(1) != null && values.containsKey(m.group(1))) {
                replacement = values.get(m.group(1));
                used.add(m.group(1));
            } else {
                replacement = m.group();
                complete = false;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return new Scalar(out.toString(), s.kind(), s.position(), used, complete);
    }

    /** Substitutes throughout a subtree, keeping every position. */
    public static Node substitute(Node node, Map<String, String> values) {
        if (node instanceof Scalar s) {
            return substitute(s, values);
        }
        if (node instanceof SeqNode seq) {
            List<Node> items = new ArrayList<>();
            for (Node i : seq.items()) {
                items.add(substitute(i, values));
            }
            return new SeqNode(items, seq.position());
        }
        MapNode map = (MapNode) node;
        List<MapNode.Entry> entries = new ArrayList<>();
        for (MapNode.Entry e : map.entries()) {
            entries.add(new MapNode.Entry(e.key(), e.keyPosition(), substitute(e.value(), values)));
        }
        return new MapNode(entries, map.position());
    }

    /** Every scalar below {@code node}, for collecting references. */
    public static void forEachScalar(Node node, java.util.function.Consumer<Scalar> action) {
        if (node instanceof Scalar s) {
            action.accept(s);
        } else if (node instanceof SeqNode seq) {
            for (Node i : seq.items()) {
                forEachScalar(i, action);
            }
        } else {
            for (MapNode.Entry e : ((MapNode) node).entries()) {
                forEachScalar(e.value(), action);
            }
        }
    }
}
