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
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Turns a runbook's YAML tree into a {@link Runbook}, checking its structure strictly: unknown or
 * missing keys, wrong types, bad enum values, identifiers of the wrong shape, parameter patterns
 * that do not compile, references to undeclared parameters. What each action accepts under {@code
 * with} is checked by the action itself (see the engine's loader); here {@code with} only has to
 * be a mapping.
 *
 * <p>Plain control flow rather than lambdas and method references: a validate runs this once, and on
 * JDK 17 each lambda call site costs about 60 µs to link the first time it runs.
 */
public final class RunbookParser {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern STEP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    public static final int MAX_STEPS = 100;
    public static final int MAX_PARAMETERS = 100;

    private final Problems problems;
    private final Map<String, Position> declared = new HashMap<>();
    private final ParameterReferences references;

    public RunbookParser(Problems problems) {
        this.problems = problems;
        this.references = new ParameterReferences(declared, problems);
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
        Optional<Scalar> name = root.string("name", true);
        if (name.isPresent() && !NAME.matcher(name.get().text()).matches()) {
            problems.add(
                    name.get().position(),
                    "name: '" + name.get().text() + "' is not a runbook name (letters, digits, . _ -; at most 64)");
        }
        Optional<String> description = text(root.string("description", false));
        List<Parameter> parameters = parameters(root);
        TargetSpec target = target(root.mapping("target", false));
        AuthMode auth = auth(root).orElse(AuthMode.AUTO);
        Optional<Fields> mfaFields = root.mapping("mfa", false);
        MfaPolicy mfa = mfaFields.isPresent() ? mfa(mfaFields.get()) : MfaPolicy.DEFAULT;
        boolean unattended = root.bool("unattended").orElse(false);
        List<Step> steps = steps(root);
        TargetParser.checkSetOnly(target, steps, problems);
        Optional<Fields> approvalFields = root.mapping("approval", false);
        Optional<ApprovalPolicy> approval =
                approvalFields.isPresent() ? approval(approvalFields.get()) : Optional.empty();
        // Returned even when problems were found, so the loader can also check what the actions
        // make of each step: the user sees every problem in one pass.
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Runbook(
                source,
                text,
                name.get().text(),
                description,
                target,
                auth,
                mfa,
                unattended,
                parameters,
                steps,
                approval));
    }

    private static Optional<String> text(Optional<Scalar> s) {
        return s.isPresent() ? Optional.of(s.get().text()) : Optional.empty();
    }

    private void expect(Fields f, String key, String value) {
        Optional<Scalar> s = f.string(key, true);
        if (s.isPresent() && !s.get().text().equals(value)) {
            problems.add(
                    s.get().position(),
                    key + ": expected '" + value + "', got '" + s.get().text() + "'");
        }
    }

    private List<Parameter> parameters(Fields root) {
        List<Parameter> out = new ArrayList<>();
        Optional<Fields> maybeParams = root.mapping("parameters", false);
        if (maybeParams.isEmpty()) {
            return out;
        }
        Fields params = maybeParams.get();
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
            Optional<Fields> p = Fields.of(e.value(), where, problems);
            if (p.isPresent()) {
                out.add(parameter(e, p.get()));
            }
        }
        return out;
    }

    private Parameter parameter(MapNode.Entry entry, Fields p) {
        p.allowOnly("description", "pattern", "default");
        Optional<String> description = text(p.string("description", false));
        Optional<Scalar> patternText = p.string("pattern", false);
        Optional<com.google.re2j.Pattern> pattern =
                patternText.isPresent() ? pattern(p, patternText.get()) : Optional.empty();
        Optional<String> defaultValue = text(p.string("default", false, true));
        Parameter parameter = new Parameter(entry.key(), description, pattern, defaultValue, entry.keyPosition());
        if (defaultValue.isPresent()) {
            Optional<String> why = parameter.problemWith(defaultValue.get());
            if (why.isPresent()) {
                problems.add(p.node().get("default").orElseThrow().position(), p.child("default") + ": " + why.get());
            }
        }
        return parameter;
    }

    private Optional<com.google.re2j.Pattern> pattern(Fields p, Scalar s) {
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
    }

    /** The {@code target:} mapping read, or {@link TargetSpec#EMPTY} when there is none. */
    private TargetSpec target(Optional<Fields> t) {
        return t.isPresent() ? new TargetParser(problems, references).parse(t.get()) : TargetSpec.EMPTY;
    }

    private Optional<AuthMode> auth(Fields f) {
        Optional<Scalar> s = f.string("auth", false);
        if (s.isEmpty()) {
            return Optional.empty();
        }
        Optional<AuthMode> mode = AuthMode.parse(s.get().text());
        if (mode.isEmpty()) {
            problems.add(
                    s.get().position(),
                    f.child("auth") + ": expected auto, assume-role or session-token, got '"
                            + s.get().text() + "'");
        }
        return mode;
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
        Optional<List<Scalar>> list = a.stringList("approvers", false);
        for (Scalar s : list.isPresent() ? list.get() : List.<Scalar>of()) {
            Optional<String> why = ApprovalPolicy.problemWith(s.text());
            if (why.isPresent()) {
                problems.add(s.position(), a.child("approvers") + ": " + why.get());
                continue;
            }
            Position first = seen.putIfAbsent(s.text(), s.position());
            if (first != null) {
                problems.add(s.position(), a.child("approvers") + ": '" + s.text() + "' is already listed at " + first);
                continue;
            }
            approvers.add(s.text());
        }
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
            Optional<Fields> fields = Fields.of(seq.items().get(i), "steps[" + i + "]", problems);
            if (fields.isEmpty()) {
                continue;
            }
            Optional<Step> step = step(fields.get(), i, ids);
            if (step.isPresent()) {
                out.add(step.get());
            }
        }
        return out;
    }

    private Optional<Step> step(Fields s, int index, Map<String, Position> ids) {
        s.allowOnly("id", "description", "action", "target", "auth", "with", "guards", "confirm", "wait");
        Optional<Scalar> id = s.string("id", true);
        if (id.isPresent()) {
            checkStepId(s, id.get(), ids);
        }
        Optional<String> description = text(s.string("description", false));
        Optional<Scalar> action = s.string("action", true);
        TargetSpec target = target(s.mapping("target", false));
        Optional<AuthMode> auth = auth(s);
        Optional<Fields> with = s.mapping("with", true);
        if (with.isPresent()) {
            Templates.forEachScalar(with.get().node(), references);
        }
        Optional<Fields> guardFields = s.mapping("guards", false);
        Guards guards = guardFields.isPresent() ? guards(guardFields.get()) : Guards.NONE;
        Optional<Confirm> confirm = confirm(s);
        boolean wait = s.bool("wait").orElse(true);
        if (id.isEmpty() || action.isEmpty() || with.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Step(
                id.get().text(),
                description,
                action.get().text(),
                s.node().position(),
                target,
                auth,
                with.get().node(),
                guards,
                confirm.orElse(Confirm.TYPED),
                wait,
                s.node()));
    }

    private void checkStepId(Fields s, Scalar v, Map<String, Position> ids) {
        if (!STEP_ID.matcher(v.text()).matches()) {
            problems.add(v.position(), s.child("id") + ": '" + v.text() + "' is not a step id (letters, digits, _ -)");
        }
        Position first = ids.putIfAbsent(v.text(), v.position());
        if (first != null) {
            problems.add(v.position(), s.child("id") + ": step id '" + v.text() + "' is already used at " + first);
        }
    }

    /**
     * {@code yes} may arrive as a YAML 1.1 boolean when unquoted; it still means the y/N prompt.
     * Other boolean spellings ({@code true}, {@code on}, {@code y}) name no confirmation and are refused.
     */
    private Optional<Confirm> confirm(Fields s) {
        Optional<Node> maybe = s.node("confirm", false);
        if (maybe.isEmpty()) {
            return Optional.empty();
        }
        Node n = maybe.get();
        if (n instanceof Scalar v && v.kind() == Scalar.Kind.BOOLEAN && v.text().equalsIgnoreCase("yes")) {
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
    }

    private Guards guards(Fields g) {
        g.allowOnly("maxTargets", "maxTargetsTotal", "refuseTags", "expectStates");
        OptionalLong max = g.integer("maxTargets", false, 1, 100_000);
        OptionalLong total = g.integer("maxTargetsTotal", false, 1, 10_000_000);
        Map<String, String> refuse = new LinkedHashMap<>();
        Optional<Map<String, Scalar>> refuseTags = g.stringMap("refuseTags", false);
        if (refuseTags.isPresent()) {
            for (Map.Entry<String, Scalar> tag : refuseTags.get().entrySet()) {
                Optional<String> why = AwsIdentifiers.tagKey(tag.getKey());
                if (why.isPresent()) {
                    problems.add(tag.getValue().position(), g.child("refuseTags") + ": " + why.get());
                }
                refuse.put(tag.getKey(), tag.getValue().text());
            }
        }
        List<String> states = new ArrayList<>();
        Optional<List<Scalar>> expectStates = g.stringList("expectStates", false);
        if (expectStates.isPresent()) {
            for (Scalar v : expectStates.get()) {
                states.add(v.text());
            }
        }
        return new Guards(
                max.isPresent() ? OptionalInt.of((int) max.getAsLong()) : OptionalInt.empty(),
                refuse,
                states,
                total.isPresent() ? OptionalInt.of((int) total.getAsLong()) : OptionalInt.empty());
    }

    /**
     * Checks a scalar's {@code ${...}} references against the declared parameters. A named class
     * because {@link Templates#forEachScalar} takes a {@code Consumer}.
     */
    private static final class ParameterReferences implements Consumer<Scalar> {
        private final Map<String, Position> declared;
        private final Problems problems;

        ParameterReferences(Map<String, Position> declared, Problems problems) {
            this.declared = declared;
            this.problems = problems;
        }

        @Override
        public void accept(Scalar s) {
            for (String ref : Templates.references(s, problems)) {
                if (!declared.containsKey(ref)) {
                    String known = declared.isEmpty()
                            ? "the runbook declares no parameters"
                            : "declared: " + String.join(", ", new TreeSet<>(declared.keySet()));
                    problems.add(s.position(), "undefined parameter '${" + ref + "}' (" + known + ")");
                }
            }
        }
    }
}
