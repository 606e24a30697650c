package dev.guard.runbook;

import dev.guard.yaml.Fields;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.Node;
import dev.guard.yaml.Position;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.SeqNode;
import dev.guard.yaml.Templates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Turns a runbook's YAML tree into a {@link Runbook}, checking its structure strictly: unknown or
 * missing keys, wrong types, bad enum values, identifiers of the wrong shape, parameter patterns
 * that do not compile, references to undeclared parameters. What each action accepts under {@code
 * with} is checked by the action itself (see the engine's loader); here {@code with} only has to
 * be a mapping.
 */
public final class RunbookParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern STEP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    public static final int MAX_STEPS = 100;
    public static final int MAX_PARAMETERS = 100;

    private final Problems problems;
    private final Map<String, Position> declared = new HashMap<>();

    public RunbookParser(Problems problems) {
        this.problems = problems;
    }

    public Optional<Runbook> parse(Node rootNode, Path source, SourceText text) {
        Optional<Fields> maybeRoot = Fields.of(rootNode, "", problems);
        if (maybeRoot.isEmpty()) {
            return Optional.empty();
        }
        Fields root = maybeRoot.get();
        root.allowOnly(
                "apiVersion",
                "kind",
                "name",
                "description",
                "target",
                "auth",
                "mfa",
                "unattended",
                "parameters",
                "steps",
                "approval");
        expect(root, "apiVersion", Runbook.API_VERSION);
        expect(root, "kind", Runbook.KIND);
        Optional<String> name = root.string("name", true).map(s -> {
            if (!NAME.matcher(s.text()).matches()) {
                problems.add(
                        s.position(),
                        "name: '" + s.text() + "' is not a runbook name (letters, digits, . _ -; at most 64)");
            }
            return s.text();
        });
        Optional<String> description = root.string("description", false).map(Scalar::text);
        List<Parameter> parameters = parameters(root);
        TargetSpec target = root.mapping("target", false).map(this::target).orElse(TargetSpec.EMPTY);
        AuthMode auth = auth(root).orElse(AuthMode.AUTO);
        MfaPolicy mfa = root.mapping("mfa", false).map(this::mfa).orElse(MfaPolicy.DEFAULT);
        boolean unattended = root.bool("unattended").orElse(false);
        List<Step> steps = steps(root);
        TargetParser.checkSetOnly(target, steps, problems);
        Optional<ApprovalPolicy> approval = root.mapping("approval", false).flatMap(this::approval);
        // Returned even when problems were found, so the loader can also check what the actions
        // make of each step: the user sees every problem in one pass.
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Runbook(
                source, text, name.get(), description, target, auth, mfa, unattended, parameters, steps, approval));
    }

    private void expect(Fields f, String key, String value) {
        f.string(key, true).ifPresent(s -> {
            if (!s.text().equals(value)) {
                problems.add(s.position(), key + ": expected '" + value + "', got '" + s.text() + "'");
            }
        });
    }

    private List<Parameter> parameters(Fields root) {
        List<Parameter> out = new ArrayList<>();
        root.mapping("parameters", false).ifPresent(params -> {
            if (params.node().entries().size() > MAX_PARAMETERS) {
                problems.add(params.node().position(), "parameters: at most " + MAX_PARAMETERS + " in one runbook");
            }
            for (MapNode.Entry e : params.node().entries()) {
                String where = params.child(e.key());
                if (!Templates.NAME.matcher(e.key()).matches()) {
                    problems.add(
                            e.keyPosition(),
                            where + ": '" + e.key()
                                    + "' is not a parameter name (letters, digits and _, not starting with a digit)");
                }
                declared.put(e.key(), e.keyPosition());
                Fields.of(e.value(), where, problems).ifPresent(p -> out.add(parameter(e, p)));
            }
        });
        return out;
    }

    private Parameter parameter(MapNode.Entry entry, Fields p) {
        p.allowOnly("description", "pattern", "default");
        Optional<String> description = p.string("description", false).map(Scalar::text);
        Optional<com.google.re2j.Pattern> pattern = p.string("pattern", false).flatMap(s -> {
            try {
                return Optional.of(com.google.re2j.Pattern.compile(s.text()));
            } catch (com.google.re2j.PatternSyntaxException e) {
                // RE2 has no backreferences or lookaround: what it cannot compile is refused here.
                problems.add(
                        s.position(),
                        p.child("pattern") + ": not a regular expression guard can use (RE2 syntax): "
                                + (e.getDescription()));
                return Optional.empty();
            }
        });
        Optional<String> defaultValue = p.string("default", false, true).map(Scalar::text);
        Parameter parameter = new Parameter(entry.key(), description, pattern, defaultValue, entry.keyPosition());
        defaultValue
                .flatMap(parameter::problemWith)
                .ifPresent(why -> problems.add(
                        p.node().get("default").orElseThrow().position(), p.child("default") + ": " + why));
        return parameter;
    }

    private TargetSpec target(Fields t) {
        return new TargetParser(problems, this::checkReferences).parse(t);
    }

    private Optional<AuthMode> auth(Fields f) {
        return f.string("auth", false).flatMap(s -> {
            Optional<AuthMode> mode = AuthMode.parse(s.text());
            if (mode.isEmpty()) {
                problems.add(
                        s.position(),
                        f.child("auth") + ": expected auto, assume-role or session-token, got '" + s.text() + "'");
            }
            return mode;
        });
    }

    private MfaPolicy mfa(Fields m) {
        m.allowOnly("required", "maxAgeSeconds");
        boolean required = m.bool("required").orElse(true);
        OptionalLong maxAge = m.integer("maxAgeSeconds", false, 1, MfaPolicy.MAX_AGE_LIMIT);
        return new MfaPolicy(required, maxAge);
    }

    /** {@code approval:}: literal values only, since who may approve must not depend on who runs it. */
    private Optional<ApprovalPolicy> approval(Fields a) {
        a.allowOnly("required", "approvers", "selfApproval");
        OptionalLong required = a.integer("required", true, 1, ApprovalPolicy.MAX_REQUIRED);
        List<String> approvers = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        a.stringList("approvers", false).ifPresent(list -> {
            for (Scalar s : list) {
                Optional<String> why = ApprovalPolicy.problemWith(s.text());
                if (why.isPresent()) {
                    problems.add(s.position(), a.child("approvers") + ": " + why.get());
                    continue;
                }
                Position first = seen.putIfAbsent(s.text(), s.position());
                if (first != null) {
                    problems.add(
                            s.position(), a.child("approvers") + ": '" + s.text() + "' is already listed at " + first);
                    continue;
                }
                approvers.add(s.text());
            }
        });
        boolean self = a.bool("selfApproval").orElse(false);
        if (required.isPresent() && !approvers.isEmpty() && required.getAsLong() > seen.size()) {
            problems.add(
                    a.node().get("required").orElseThrow().position(),
                    a.child("required") + ": needs " + required.getAsLong() + " distinct approvers but approvers"
                            + " names only " + seen.size());
        }
        return required.isPresent()
                ? Optional.of(new ApprovalPolicy((int) required.getAsLong(), approvers, self))
                : Optional.empty();
    }

    private List<Step> steps(Fields root) {
        List<Step> out = new ArrayList<>();
        Optional<Node> node = root.node("steps", true);
        if (node.isEmpty()) {
            return out;
        }
        if (!(node.get() instanceof SeqNode seq)) {
            problems.add(
                    node.get().position(),
                    "steps: expected a list, got " + node.get().kindName());
            return out;
        }
        if (seq.items().isEmpty()) {
            problems.add(seq.position(), "steps: a runbook needs at least one step");
        }
        if (seq.items().size() > MAX_STEPS) {
            problems.add(seq.position(), "steps: at most " + MAX_STEPS + " steps in one runbook");
        }
        Map<String, Position> ids = new LinkedHashMap<>();
        for (int i = 0; i < seq.items().size(); i++) {
            int index = i;
            Fields.of(seq.items().get(i), "steps[" + i + "]", problems)
                    .flatMap(s -> step(s, index, ids))
                    .ifPresent(out::add);
        }
        return out;
    }

    private Optional<Step> step(Fields s, int index, Map<String, Position> ids) {
        s.allowOnly("id", "description", "action", "target", "auth", "with", "guards", "confirm", "wait");
        Optional<String> id = s.string("id", true).map(v -> {
            if (!STEP_ID.matcher(v.text()).matches()) {
                problems.add(
                        v.position(), s.child("id") + ": '" + v.text() + "' is not a step id (letters, digits, _ -)");
            }
            Position first = ids.putIfAbsent(v.text(), v.position());
            if (first != null) {
                problems.add(v.position(), s.child("id") + ": step id '" + v.text() + "' is already used at " + first);
            }
            return v.text();
        });
        Optional<String> description = s.string("description", false).map(Scalar::text);
        Optional<Scalar> action = s.string("action", true);
        TargetSpec target = s.mapping("target", false).map(this::target).orElse(TargetSpec.EMPTY);
        Optional<AuthMode> auth = auth(s);
        Optional<MapNode> with = s.mapping("with", true).map(Fields::node);
        with.ifPresent(w -> Templates.forEachScalar(w, this::checkReferences));
        Guards guards = s.mapping("guards", false).map(this::guards).orElse(Guards.NONE);
        Optional<Confirm> confirm = confirm(s);
        boolean wait = s.bool("wait").orElse(true);
        if (id.isEmpty() || action.isEmpty() || with.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Step(
                id.get(),
                description,
                action.get().text(),
                s.node().position(),
                target,
                auth,
                with.get(),
                guards,
                confirm.orElse(Confirm.TYPED),
                wait,
                s.node()));
    }

    /**
     * {@code yes} may arrive as a YAML 1.1 boolean when unquoted; it still means the y/N prompt.
     * Other boolean spellings ({@code true}, {@code on}, {@code y}) name no confirmation and are refused.
     */
    private Optional<Confirm> confirm(Fields s) {
        return s.node("confirm", false).flatMap(n -> {
            if (n instanceof Scalar v
                    && v.kind() == Scalar.Kind.BOOLEAN
                    && v.text().equalsIgnoreCase("yes")) {
                return Optional.of(Confirm.YES);
            }
            if (n instanceof Scalar v && v.kind() == Scalar.Kind.STRING) {
                for (Confirm c : Confirm.values()) {
                    if (c.yaml().equals(v.text())) {
                        return Optional.of(c);
                    }
                }
            }
            String got = n instanceof Scalar v ? "'" + v.text() + "'" : n.kindName();
            problems.add(n.position(), s.child("confirm") + ": expected typed, yes or none, got " + got);
            return Optional.empty();
        });
    }

    private Guards guards(Fields g) {
        g.allowOnly("maxTargets", "maxTargetsTotal", "refuseTags", "expectStates");
        OptionalLong max = g.integer("maxTargets", false, 1, 100_000);
        OptionalLong total = g.integer("maxTargetsTotal", false, 1, 10_000_000);
        Map<String, String> refuse = new LinkedHashMap<>();
        g.stringMap("refuseTags", false)
                .ifPresent(m -> m.forEach((k, v) -> {
                    AwsIdentifiers.tagKey(k)
                            .ifPresent(why -> problems.add(v.position(), g.child("refuseTags") + ": " + why));
                    refuse.put(k, v.text());
                }));
        List<String> states = new ArrayList<>();
        g.stringList("expectStates", false).ifPresent(l -> l.forEach(v -> states.add(v.text())));
        return new Guards(
                max.isPresent() ? OptionalInt.of((int) max.getAsLong()) : OptionalInt.empty(),
                refuse,
                states,
                total.isPresent() ? OptionalInt.of((int) total.getAsLong()) : OptionalInt.empty());
    }

    private void checkReferences(Scalar s) {
        for (String ref : Templates.references(s, problems)) {
            if (!declared.containsKey(ref)) {
                String known = declared.isEmpty()
                        ? "the runbook declares no parameters"
                        : "declared: "
                                + String.join(
                                        ", ",
                                        declared.keySet().stream().sorted().toList());
                problems.add(s.position(), "undefined parameter '${" + ref + "}' (" + known + ")");
            }
        }
    }
}
