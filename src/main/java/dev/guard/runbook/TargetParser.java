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
        account.ifPresent(s -> t.check(s, t.child("account"), AwsIdentifiers::accountIdOrAlias));
        List<AccountSelector> accounts = accounts(t);
        oneOf(t, "account", "accounts");
        Optional<Scalar> region = t.string("region", false);
        region.ifPresent(s -> checkRegion(t, s, t.child("region")));
        List<Scalar> regions = regions(t);
        oneOf(t, "region", "regions");
        Optional<Scalar> role = t.string("role", false);
        role.ifPresent(s -> t.check(s, t.child("role"), AwsIdentifiers::role));
        Optional<Scalar> maxConcurrency = maxConcurrency(t);
        Optional<Scalar> maxErrors = t.node("maxErrors", false).flatMap(n -> maxErrors(t, n));
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
            step.target().maxConcurrency().ifPresent(s -> problems.add(s.position(), where + ": maxConcurrency" + why));
            step.target().maxErrors().ifPresent(s -> problems.add(s.position(), where + ": maxErrors" + why));
            if (step.guards().maxTargetsTotal().isPresent()) {
                problems.add(
                        step.positionOf("guards", "maxTargetsTotal"),
                        where + ": guards.maxTargetsTotal" + why + "; use maxTargets");
            }
        }
        if (!anySet && !steps.isEmpty()) {
            String none = " applies only to a target with accounts: or regions: (no step acts across a set)";
            runbook.maxConcurrency().ifPresent(s -> problems.add(s.position(), "target: maxConcurrency" + none));
            runbook.maxErrors().ifPresent(s -> problems.add(s.position(), "target: maxErrors" + none));
        }
    }

    private void oneOf(Fields t, String one, String many) {
        if (t.has(one) && t.has(many)) {
            problems.add(
                    t.node().entry(many).orElseThrow().keyPosition(),
                    t.child(many) + ": give " + one + " or " + many + ", not both");
        }
    }

    private void checkRegion(Fields t, Scalar s, String where) {
        t.check(s, where, AwsIdentifiers::region);
        if (!Templates.isTemplated(s)) {
            AwsRegions.warning(s.text()).ifPresent(w -> problems.warn(s.position(), where + ": " + w));
        }
    }

    private List<Scalar> regions(Fields t) {
        List<Scalar> out = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        t.stringList("regions", false).ifPresent(list -> {
            for (int i = 0; i < list.size(); i++) {
                Scalar s = list.get(i);
                String where = t.child("regions") + "[" + i + "]";
                checkRegion(t, s, where);
                if (unique(seen, s.text(), s.position(), where)) {
                    out.add(s);
                }
            }
        });
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
            selector(t, seq.items().get(i), at)
                    .filter(s -> unique(seen, AccountSelectors.label(s), s.position(), at))
                    .ifPresent(out::add);
        }
        return out;
    }

    private Optional<AccountSelector> selector(Fields t, Node item, String where) {
        if (item instanceof MapNode map) {
            Fields f = new Fields(map, where, problems);
            return f.has("group") ? group(f) : organization(f);
        }
        return t.asString(item, where, true).flatMap(s -> {
            Optional<String> why = AccountSelectors.nameProblem(s.text());
            if (why.isPresent() && !Templates.isTemplated(s)) {
                problems.add(s.position(), where + ": " + why.get());
                return Optional.empty();
            }
            return Optional.of(new AccountSelector.Named(s));
        });
    }

    private Optional<AccountSelector> group(Fields f) {
        f.allowOnly("group");
        return f.string("group", true).map(s -> {
            f.check(s, f.child("group"), AccountSelectors::groupNameProblem);
            return new AccountSelector.Group(s);
        });
    }

    private Optional<AccountSelector> organization(Fields f) {
        f.allowOnly("group", "organizationalUnit", "tags");
        Optional<Scalar> ou = f.string("organizationalUnit", false);
        ou.ifPresent(s -> f.check(s, f.child("organizationalUnit"), AccountSelectors::parentProblem));
        Map<String, String> tags = new LinkedHashMap<>();
        f.stringMap("tags", false)
                .ifPresent(m -> m.forEach((k, v) -> {
                    AwsIdentifiers.tagKey(k).ifPresent(why -> problems.add(v.position(), f.child("tags") + ": " + why));
                    AwsIdentifiers.tagValue(v.text())
                            .ifPresent(why -> problems.add(v.position(), f.child("tags") + "." + k + ": " + why));
                    tags.put(k, v.text());
                }));
        if (ou.isEmpty() && !f.has("tags")) {
            problems.add(
                    f.node().position(),
                    f.path() + ": expected an alias, an id, a glob, {group: NAME}, or {organizationalUnit: ou-…}"
                            + " and/or {tags: {KEY: VALUE}}");
            return Optional.empty();
        }
        return Optional.of(new AccountSelector.Organization(ou, tags, f.node().position()));
    }

    private Optional<Scalar> maxConcurrency(Fields t) {
        var n = t.integer("maxConcurrency", false, 1, AccountSelectors.MAX_CONCURRENCY);
        return n.isPresent() ? t.node("maxConcurrency", false).map(Scalar.class::cast) : Optional.empty();
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
