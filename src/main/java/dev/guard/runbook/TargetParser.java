package dev.guard.runbook;

import dev.guard.yaml.Fields;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.Node;
import dev.guard.yaml.Position;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.SeqNode;
import dev.guard.yaml.Templates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A runbook's or a step's {@code target:}: one {@code account} and {@code region}, or a set
 * ({@code accounts:}, {@code regions:}) with how it rolls out ({@code maxConcurrency}, {@code
 * maxErrors}). Only how it is written is checked here: which accounts a selector stands for is the
 * plan's to decide, against the config and AWS Organizations.
 *
 * <p>Plain control flow rather than lambdas and method references: a validate runs this once, and on
 * JDK 17 each lambda call site costs about 60 µs to link the first time it runs.
 */
final class TargetParser {
    private final Problems problems;
    private final Consumer<Scalar> references;

    /** @param references checks the {@code ${...}} references of every scalar in the target */
    TargetParser(Problems problems, Consumer<Scalar> references) {
        this.problems = problems;
        this.references = references;
    }

    TargetSpec parse(Fields t) {
        t.allowOnly("account", "accounts", "region", "regions", "role", "maxConcurrency", "maxErrors");
        Optional<Scalar> account = t.string("account", false, true);
        if (account.isPresent() && !Templates.isTemplated(account.get())) {
            report(
                    account.get(),
                    t.child("account"),
                    AwsIdentifiers.accountIdOrAlias(account.get().text()));
        }
        List<AccountSelector> accounts = accounts(t);
        oneOf(t, "account", "accounts");
        Optional<Scalar> region = t.string("region", false);
        if (region.isPresent()) {
            checkRegion(region.get(), t.child("region"));
        }
        List<Scalar> regions = regions(t);
        oneOf(t, "region", "regions");
        Optional<Scalar> role = t.string("role", false);
        if (role.isPresent() && !Templates.isTemplated(role.get())) {
            report(role.get(), t.child("role"), AwsIdentifiers.role(role.get().text()));
        }
        Optional<Scalar> maxConcurrency = maxConcurrency(t);
        Optional<Node> maxErrorsNode = t.node("maxErrors", false);
        Optional<Scalar> maxErrors = maxErrorsNode.isPresent() ? maxErrors(t, maxErrorsNode.get()) : Optional.empty();
        Templates.forEachScalar(t.node(), references);
        return new TargetSpec(account, region, role, accounts, regions, maxConcurrency, maxErrors);
    }

    /**
     * {@code maxConcurrency}, {@code maxErrors} and {@code guards.maxTargetsTotal} only mean
     * something across a set: where they are written on a target that acts in one account they are
     * refused, not ignored, since the author expected them to hold. The runbook's own are rollout
     * defaults: a step that narrows to one account inherits and ignores them, so they are refused
     * only when no step acts across a set.
     */
    static void checkSetOnly(TargetSpec runbook, List<Step> steps, Problems problems) {
        String why =
                " applies only to a target with accounts: or regions: (this step acts in one account and" + " region)";
        boolean anySet = false;
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step.target().over(runbook).isSet()) {
                anySet = true;
                continue;
            }
            String where = "steps[" + i + "] (" + step.id() + ")";
            if (step.target().maxConcurrency().isPresent()) {
                problems.add(step.target().maxConcurrency().get().position(), where + ": maxConcurrency" + why);
            }
            if (step.target().maxErrors().isPresent()) {
                problems.add(step.target().maxErrors().get().position(), where + ": maxErrors" + why);
            }
            if (step.guards().maxTargetsTotal().isPresent()) {
                problems.add(
                        step.positionOf("guards", "maxTargetsTotal"),
                        where + ": guards.maxTargetsTotal" + why + "; use maxTargets");
            }
        }
        if (!anySet && !steps.isEmpty()) {
            String none = " applies only to a target with accounts: or regions: (no step acts across a set)";
            if (runbook.maxConcurrency().isPresent()) {
                problems.add(runbook.maxConcurrency().get().position(), "target: maxConcurrency" + none);
            }
            if (runbook.maxErrors().isPresent()) {
                problems.add(runbook.maxErrors().get().position(), "target: maxErrors" + none);
            }
        }
    }

    private void oneOf(Fields t, String one, String many) {
        if (t.has(one) && t.has(many)) {
            problems.add(
                    t.node().entry(many).orElseThrow().keyPosition(),
                    t.child(many) + ": give " + one + " or " + many + ", not both");
        }
    }

    /**
     * Reports a literal value's shape problem as {@link Fields#check} does (values still holding
     * {@code ${...}} are the caller's to skip: they are checked after resolution).
     */
    private void report(Scalar s, String where, Optional<String> why) {
        if (why.isPresent()) {
            problems.add(s.position(), where + ": " + why.get() + Fields.origin(s));
        }
    }

    private void checkRegion(Scalar s, String where) {
        if (Templates.isTemplated(s)) {
            return;
        }
        report(s, where, AwsIdentifiers.region(s.text()));
        Optional<String> warning = AwsRegions.warning(s.text());
        if (warning.isPresent()) {
            problems.warn(s.position(), where + ": " + warning.get());
        }
    }

    private List<Scalar> regions(Fields t) {
        List<Scalar> out = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        Optional<List<Scalar>> list = t.stringList("regions", false);
        if (list.isEmpty()) {
            return out;
        }
        for (int i = 0; i < list.get().size(); i++) {
            Scalar s = list.get().get(i);
            String where = t.child("regions") + "[" + i + "]";
            checkRegion(s, where);
            if (unique(seen, s.text(), s.position(), where)) {
                out.add(s);
            }
        }
        return out;
    }

    private boolean unique(Map<String, Position> seen, String key, Position at, String where) {
        Position first = seen.putIfAbsent(key, at);
        if (first != null) {
            problems.add(at, where + ": '" + key + "' is already listed at " + first);
            return false;
        }
        return true;
    }

    private List<AccountSelector> accounts(Fields t) {
        List<AccountSelector> out = new ArrayList<>();
        Optional<Node> node = t.node("accounts", false);
        if (node.isEmpty()) {
            return out;
        }
        String where = t.child("accounts");
        if (!(node.get() instanceof SeqNode seq)) {
            problems.add(
                    node.get().position(),
                    where + ": expected a list, got " + node.get().kindName());
            return out;
        }
        if (seq.items().isEmpty()) {
            problems.add(seq.position(), where + ": must not be empty");
        }
        Map<String, Position> seen = new HashMap<>();
        for (int i = 0; i < seq.items().size(); i++) {
            String at = where + "[" + i + "]";
            Optional<AccountSelector> s = selector(t, seq.items().get(i), at);
            if (s.isPresent()
                    && unique(seen, AccountSelectors.label(s.get()), s.get().position(), at)) {
                out.add(s.get());
            }
        }
        return out;
    }

    private Optional<AccountSelector> selector(Fields t, Node item, String where) {
        if (item instanceof MapNode map) {
            Fields f = new Fields(map, where, problems);
            return f.has("group") ? group(f) : organization(f);
        }
        Optional<Scalar> name = t.asString(item, where, true);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Scalar s = name.get();
        Optional<String> why = AccountSelectors.nameProblem(s.text());
        if (why.isPresent() && !Templates.isTemplated(s)) {
            problems.add(s.position(), where + ": " + why.get());
            return Optional.empty();
        }
        return Optional.of(new AccountSelector.Named(s));
    }

    private Optional<AccountSelector> group(Fields f) {
        f.allowOnly("group");
        Optional<Scalar> name = f.string("group", true);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Scalar s = name.get();
        if (!Templates.isTemplated(s)) {
            report(s, f.child("group"), AccountSelectors.groupNameProblem(s.text()));
        }
        return Optional.of(new AccountSelector.Group(s));
    }

    private Optional<AccountSelector> organization(Fields f) {
        f.allowOnly("group", "organizationalUnit", "tags");
        Optional<Scalar> ou = f.string("organizationalUnit", false);
        if (ou.isPresent() && !Templates.isTemplated(ou.get())) {
            report(
                    ou.get(),
                    f.child("organizationalUnit"),
                    AccountSelectors.parentProblem(ou.get().text()));
        }
        Map<String, String> tags = tags(f);
        if (ou.isEmpty() && !f.has("tags")) {
            problems.add(
                    f.node().position(),
                    f.path() + ": expected an alias, an id, a glob, {group: NAME}, or {organizationalUnit: ou-…}"
                            + " and/or {tags: {KEY: VALUE}}");
            return Optional.empty();
        }
        return Optional.of(new AccountSelector.Organization(ou, tags, f.node().position()));
    }

    private Map<String, String> tags(Fields f) {
        Map<String, String> tags = new LinkedHashMap<>();
        Optional<Map<String, Scalar>> written = f.stringMap("tags", false);
        if (written.isEmpty()) {
            return tags;
        }
        for (Map.Entry<String, Scalar> tag : written.get().entrySet()) {
            String k = tag.getKey();
            Scalar v = tag.getValue();
            Optional<String> keyProblem = AwsIdentifiers.tagKey(k);
            if (keyProblem.isPresent()) {
                problems.add(v.position(), f.child("tags") + ": " + keyProblem.get());
            }
            Optional<String> valueProblem = AwsIdentifiers.tagValue(v.text());
            if (valueProblem.isPresent()) {
                problems.add(v.position(), f.child("tags") + "." + k + ": " + valueProblem.get());
            }
            tags.put(k, v.text());
        }
        return tags;
    }

    private Optional<Scalar> maxConcurrency(Fields t) {
        var n = t.integer("maxConcurrency", false, 1, AccountSelectors.MAX_CONCURRENCY);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        Optional<Node> node = t.node("maxConcurrency", false);
        return node.isPresent() ? Optional.of((Scalar) node.get()) : Optional.empty();
    }

    /** A count ({@code 3}) or a percentage ({@code "10%"}); templates are not accepted here. */
    private Optional<Scalar> maxErrors(Fields t, Node n) {
        if (n instanceof Scalar s
                && (s.kind() == Scalar.Kind.INTEGER || s.kind() == Scalar.Kind.STRING)
                && AccountSelectors.errorBudgetProblem(s.text()).isEmpty()) {
            return Optional.of(s);
        }
        String got = n instanceof Scalar s ? "'" + s.text() + "'" : n.kindName();
        problems.add(
                n.position(),
                t.child("maxErrors") + ": expected a count (0 or more) or a percentage \"0%\"..\"100%\", got " + got);
        return Optional.empty();
    }
}
