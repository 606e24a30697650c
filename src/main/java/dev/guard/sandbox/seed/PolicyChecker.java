package dev.guard.sandbox.seed;

import dev.guard.yaml.Fields;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.Node;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.SeqNode;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks that a policy written as YAML follows AWS's JSON policy grammar, so the evaluator never
 * meets a shape it cannot read: known keys only, Effect Allow or Deny, Action and Resource as a
 * string or a list of strings, a Principal exactly where the policy kind needs one, and condition
 * values as strings (AWS JSON's {@code "true"}, not a YAML boolean the evaluator would compare
 * differently).
 */
final class PolicyChecker {
    /** Where a policy is attached decides whether it names a principal and a resource. */
    enum Kind {
        /** Attached to a user, group or role: no Principal, a Resource. */
        IDENTITY,
        /** A role's trust policy: a Principal, no Resource. */
        TRUST,
        /** A bucket policy: a Principal and a Resource. */
        RESOURCE
    }

    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Pattern ACTION = Pattern.compile("\\*|[a-z0-9-]+:[A-Za-z0-9*?]+");
    private static final Set<String> PRINCIPAL_TYPES = Set.of("AWS", "Service", "Federated", "CanonicalUser");
    private static final Set<String> OPERATORS = Set.of(
            "StringEquals",
            "StringNotEquals",
            "StringEqualsIgnoreCase",
            "StringNotEqualsIgnoreCase",
            "StringLike",
            "StringNotLike",
            "NumericEquals",
            "NumericNotEquals",
            "NumericLessThan",
            "NumericLessThanEquals",
            "NumericGreaterThan",
            "NumericGreaterThanEquals",
            "DateEquals",
            "DateNotEquals",
            "DateLessThan",
            "DateLessThanEquals",
            "DateGreaterThan",
            "DateGreaterThanEquals",
            "Bool",
            "BinaryEquals",
            "IpAddress",
            "NotIpAddress",
            "ArnEquals",
            "ArnLike",
            "ArnNotEquals",
            "ArnNotLike");

    private final Problems problems;

    PolicyChecker(Problems problems) {
        this.problems = problems;
    }

    void check(Node document, String where, Kind kind) {
        Fields.of(document, where, problems).ifPresent(policy -> {
            policy.allowOnly("Version", "Id", "Statement");
            policy.string("Version", true).ifPresent(v -> {
                if (!VERSIONS.contains(v.text())) {
                    problems.add(
                            v.position(),
                            policy.child("Version") + ": expected \"2012-10-17\", got '" + v.text() + "'");
                }
            });
            policy.string("Id", false);
            policy.node("Statement", true).ifPresent(s -> statements(s, policy.child("Statement"), kind));
        });
    }

    private void statements(Node node, String where, Kind kind) {
        if (node instanceof SeqNode seq) {
            if (seq.items().isEmpty()) {
                problems.add(seq.position(), where + ": must not be empty");
            }
            for (int i = 0; i < seq.items().size(); i++) {
                statement(seq.items().get(i), where + "[" + i + "]", kind);
            }
        } else {
            statement(node, where, kind);
        }
    }

    private void statement(Node node, String where, Kind kind) {
        Fields.of(node, where, problems).ifPresent(s -> {
            s.allowOnly(
                    "Sid",
                    "Effect",
                    "Action",
                    "NotAction",
                    "Resource",
                    "NotResource",
                    "Principal",
                    "NotPrincipal",
                    "Condition");
            s.string("Sid", false);
            s.string("Effect", true).ifPresent(e -> {
                if (!e.text().equals("Allow") && !e.text().equals("Deny")) {
                    problems.add(e.position(), s.child("Effect") + ": expected Allow or Deny, got '" + e.text() + "'");
                }
            });
            oneOf(s, "Action", "NotAction", true);
            strings(s, "Action", true);
            strings(s, "NotAction", true);
            oneOf(s, "Resource", "NotResource", kind != Kind.TRUST);
            strings(s, "Resource", false);
            strings(s, "NotResource", false);
            boolean principal = s.has("Principal") || s.has("NotPrincipal");
            if (kind == Kind.IDENTITY && principal) {
                problems.add(
                        s.node().position(),
                        where + ": an identity policy names no Principal (the policy"
                                + " applies to whoever it is attached to)");
            } else if (kind != Kind.IDENTITY) {
                oneOf(s, "Principal", "NotPrincipal", true);
            }
            s.node("Principal", false).ifPresent(p -> principal(p, s.child("Principal")));
            s.node("NotPrincipal", false).ifPresent(p -> principal(p, s.child("NotPrincipal")));
            s.mapping("Condition", false).ifPresent(this::condition);
        });
    }

    private void oneOf(Fields s, String a, String b, boolean required) {
        if (s.has(a) && s.has(b)) {
            problems.add(
                    s.node().entry(b).orElseThrow().keyPosition(),
                    s.path() + ": " + a + " and " + b + " exclude each other");
        } else if (required && !s.has(a) && !s.has(b)) {
            problems.add(s.node().position(), s.path() + ": missing " + a + " (or " + b + ")");
        }
    }

    /** A string or a non-empty list of strings; actions must look like {@code service:Name}. */
    private void strings(Fields s, String key, boolean actions) {
        s.node(key, false).ifPresent(n -> {
            List<Node> items = n instanceof SeqNode seq ? seq.items() : List.of(n);
            if (n instanceof SeqNode seq && seq.items().isEmpty()) {
                problems.add(n.position(), s.child(key) + ": must not be empty");
            }
            for (int i = 0; i < items.size(); i++) {
                String where = n instanceof SeqNode ? s.child(key) + "[" + i + "]" : s.child(key);
                s.asString(items.get(i), where, false).ifPresent(v -> {
                    if (actions && !ACTION.matcher(v.text()).matches()) {
                        problems.add(v.position(), where + ": '" + v.text() + "' is not an action (service:Action)");
                    } else if (!actions && !v.text().equals("*") && !v.text().startsWith("arn:")) {
                        problems.add(v.position(), where + ": '" + v.text() + "' is not an ARN or *");
                    }
                });
            }
        });
    }

    private void principal(Node node, String where) {
        if (node instanceof Scalar s
                && s.kind() == Scalar.Kind.STRING
                && s.text().equals("*")) {
            return;
        }
        Fields.of(node, where, problems).ifPresent(p -> {
            p.allowOnly(PRINCIPAL_TYPES.toArray(String[]::new));
            for (MapNode.Entry e : p.node().entries()) {
                stringOrList(e.value(), p.child(e.key()), p);
            }
        });
    }

    private void condition(Fields condition) {
        for (MapNode.Entry op : condition.node().entries()) {
            String where = condition.child(op.key());
            if (!isOperator(op.key())) {
                String hint = Fields.closest(op.key(), OPERATORS)
                        .map(c -> "; did you mean '" + c + "'?")
                        .orElse("");
                problems.add(op.keyPosition(), where + ": '" + op.key() + "' is not a condition operator" + hint);
            }
            Fields.of(op.value(), where, problems).ifPresent(keys -> {
                for (MapNode.Entry key : keys.node().entries()) {
                    stringOrList(key.value(), keys.child(key.key()), keys);
                }
            });
        }
    }

    private static boolean isOperator(String name) {
        String op = name.replaceFirst("^(ForAnyValue|ForAllValues):", "");
        return op.equals("Null") || OPERATORS.contains(op) || OPERATORS.contains(op.replaceFirst("IfExists$", ""));
    }

    private void stringOrList(Node node, String where, Fields fields) {
        List<Node> items = node instanceof SeqNode seq ? seq.items() : List.of(node);
        if (node instanceof SeqNode seq && seq.items().isEmpty()) {
            problems.add(node.position(), where + ": must not be empty");
        }
        for (int i = 0; i < items.size(); i++) {
            fields.asString(items.get(i), node instanceof SeqNode ? where + "[" + i + "]" : where, false);
        }
    }
}
