package dev.guard.yaml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Typed, strict access to one YAML mapping: every read checks the value's type and reports a
 * positioned problem instead of throwing, so one pass finds every mistake in a file. {@code path}
 * names the mapping in messages ({@code steps[1].with}).
 *
 * <p>Plain control flow rather than {@code Optional} chains: every validate runs this, and on JDK
 * 17 each lambda call site costs ~60 µs to link the first time.
 */
public final class Fields {
    private final MapNode map;
    private final String path;
    private final Problems problems;

    public Fields(MapNode map, String path, Problems problems) {
        this.map = map;
        this.path = path;
        this.problems = problems;
    }

    /** Reads {@code node} as a mapping, reporting a type problem (and returning empty) otherwise. */
    public static Optional<Fields> of(Node node, String path, Problems problems) {
        if (node instanceof MapNode m) {
            return Optional.of(new Fields(m, path, problems));
        }
        String where = path.isEmpty() ? "top level" : path;
        problems.add(node.position(), where + ": expected a mapping, got " + node.kindName());
        return Optional.empty();
    }

    public MapNode node() {
        return map;
    }

    public String path() {
        return path;
    }

    public Problems problems() {
        return problems;
    }

    public boolean has(String key) {
        return map.entry(key).isPresent();
    }

    public String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Reports every key not in {@code allowed}, suggesting the closest allowed one. */
    public void allowOnly(String... allowed) {
        Set<String> set = new TreeSet<>(Arrays.asList(allowed));
        for (MapNode.Entry e : map.entries()) {
            if (!set.contains(e.key())) {
                String where = path.isEmpty() ? "" : " in " + path;
                Optional<String> suggestion = closest(e.key(), set);
                String hint = suggestion.isPresent() ? "; did you mean '" + suggestion.get() + "'?" : "";
                problems.add(
                        e.keyPosition(),
                        "unknown key '" + e.key() + "'" + where + " (allowed: " + String.join(", ", set) + ")" + hint);
            }
        }
    }

    public Optional<Node> node(String key, boolean required) {
        Optional<Node> n = map.get(key);
        if (n.isEmpty() && required) {
            problems.add(map.position(), "missing required key '" + key + "'" + (path.isEmpty() ? "" : " in " + path));
        }
        return n;
    }

    /** A string; plain YAML numbers are refused (they lose leading zeros) unless {@code numbersOk}. */
    public Optional<Scalar> string(String key, boolean required) {
        return string(key, required, false);
    }

    public Optional<Scalar> string(String key, boolean required, boolean numbersOk) {
        Optional<Node> n = node(key, required);
        return n.isPresent() ? asString(n.get(), child(key), numbersOk) : Optional.empty();
    }

    public Optional<Scalar> asString(Node n, String where, boolean numbersOk) {
        if (n instanceof Scalar s && s.kind() == Scalar.Kind.STRING) {
            if (s.text().isEmpty()) {
                problems.add(s.position(), where + ": must not be empty");
                return Optional.empty();
            }
            return Optional.of(s);
        }
        if (numbersOk && n instanceof Scalar s && s.kind() == Scalar.Kind.INTEGER) {
            return Optional.of(new Scalar(s.text(), Scalar.Kind.STRING, s.position(), s.parameters(), s.resolved()));
        }
        problems.add(n.position(), where + ": expected a string, got " + n.kindName() + quoteHint(n));
        return Optional.empty();
    }

    /**
     * {@code true} or {@code false}, spelled so. YAML 1.1's other booleans ({@code yes}, {@code
     * off}, {@code n}, ...) are refused: {@code mfa.required: off} must not switch MFA off quietly.
     */
    public Optional<Boolean> bool(String key) {
        Optional<Node> found = node(key, false);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Node n = found.get();
        if (n instanceof Scalar s && s.kind() == Scalar.Kind.BOOLEAN) {
            if (s.text().equals("true") || s.text().equals("false")) {
                return Optional.of(s.text().equals("true"));
            }
            problems.add(
                    s.position(),
                    child(key) + ": write true or false, not '" + s.text() + "' (a YAML 1.1 spelling guard"
                            + " does not read as a boolean)");
            return Optional.empty();
        }
        problems.add(n.position(), child(key) + ": expected true or false, got " + n.kindName());
        return Optional.empty();
    }

    public static boolean isTrue(String yamlBoolean) {
        return Set.of("true", "yes", "on", "y").contains(yamlBoolean.toLowerCase(java.util.Locale.ROOT));
    }

    public OptionalLong integer(String key, boolean required, long min, long max) {
        Optional<Node> n = node(key, required);
        if (n.isEmpty()) {
            return OptionalLong.empty();
        }
        if (n.get() instanceof Scalar s
                && s.kind() == Scalar.Kind.INTEGER
                && s.text().matches("[0-9]{1,18}")) {
            long v = Long.parseLong(s.text());
            if (v >= min && v <= max) {
                return OptionalLong.of(v);
            }
            problems.add(s.position(), child(key) + ": " + v + " is out of range (" + min + ".." + max + ")");
            return OptionalLong.empty();
        }
        problems.add(
                n.get().position(),
                child(key) + ": expected a whole number " + min + ".." + max + ", got " + describe(n.get()));
        return OptionalLong.empty();
    }

    /** A list of strings; each item is checked, the list must not be empty. */
    public Optional<List<Scalar>> stringList(String key, boolean required) {
        Optional<Node> found = node(key, required);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Node n = found.get();
        if (!(n instanceof SeqNode seq)) {
            problems.add(n.position(), child(key) + ": expected a list, got " + n.kindName());
            return Optional.empty();
        }
        if (seq.items().isEmpty()) {
            problems.add(seq.position(), child(key) + ": must not be empty");
            return Optional.empty();
        }
        List<Scalar> out = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            Optional<Scalar> item = asString(seq.items().get(i), child(key) + "[" + i + "]", false);
            if (item.isPresent()) {
                out.add(item.get());
            }
        }
        return Optional.of(out);
    }

    /** A non-empty mapping of strings to strings (tags); values may be empty strings, as in AWS. */
    public Optional<Map<String, Scalar>> stringMap(String key, boolean required) {
        Optional<Fields> mapping = mapping(key, required);
        if (mapping.isEmpty()) {
            return Optional.empty();
        }
        Fields f = mapping.get();
        Map<String, Scalar> out = new LinkedHashMap<>();
        if (f.node().entries().isEmpty()) {
            problems.add(f.node().position(), f.path() + ": must not be empty");
        }
        for (MapNode.Entry e : f.node().entries()) {
            // AWS allows an empty tag value, so "" is a value here, not a mistake.
            if (e.value() instanceof Scalar s
                    && s.kind() == Scalar.Kind.STRING
                    && s.text().isEmpty()) {
                out.put(e.key(), s);
                continue;
            }
            Optional<Scalar> v = asString(e.value(), f.child(e.key()), true);
            if (v.isPresent()) {
                out.put(e.key(), v.get());
            }
        }
        return Optional.of(out);
    }

    public Optional<Fields> mapping(String key, boolean required) {
        Optional<Node> n = node(key, required);
        return n.isPresent() ? of(n.get(), child(key), problems) : Optional.empty();
    }

    /** Applies a shape rule to a literal value; values still holding {@code ${...}} are checked after resolution. */
    public void check(Scalar s, String where, Function<String, Optional<String>> rule) {
        if (Templates.isTemplated(s)) {
            return;
        }
        check(s, where, rule.apply(s.text()));
    }

    /**
     * Reports what a shape rule said of {@code s.text()} ({@code why}, empty when the value is
     * fine), unless {@code s} still holds {@code ${...}}: such a value is checked after resolution.
     * The same as {@link #check(Scalar, String, Function)} for a pure rule, without a functional
     * value to link at start-up.
     */
    public void check(Scalar s, String where, Optional<String> why) {
        if (why.isPresent() && !Templates.isTemplated(s)) {
            problems.add(s.position(), where + ": " + why.get() + origin(s));
        }
    }

    public static String origin(Scalar s) {
        if (s.parameters().isEmpty()) {
            return "";
        }
        return s.parameters().size() == 1
                ? " (from parameter " + s.parameters().iterator().next() + ")"
                : " (from parameters " + String.join(", ", s.parameters()) + ")";
    }

    private static String describe(Node n) {
        return n instanceof Scalar s && s.kind() != Scalar.Kind.NULL ? "'" + s.text() + "'" : n.kindName();
    }

    private static String quoteHint(Node n) {
        return n instanceof Scalar s
                        && (s.kind() == Scalar.Kind.INTEGER
                                || s.kind() == Scalar.Kind.FLOAT
                                || s.kind() == Scalar.Kind.BOOLEAN)
                ? " (quote it: \"" + s.text() + "\")"
                : "";
    }

    /** Suggests an allowed key within edit distance 2 (typos such as "instanceId" for "instanceIds"). */
    public static Optional<String> closest(String key, Set<String> allowed) {
        String best = null;
        // Short keys get no suggestion: "a" is two edits from "mfa" but nobody meant it.
        int bestDistance = Math.min(3, (key.length() + 1) / 2);
        for (String a : allowed) {
            int d = distance(key.toLowerCase(java.util.Locale.ROOT), a.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
