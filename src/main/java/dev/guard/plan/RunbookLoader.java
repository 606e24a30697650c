package dev.guard.plan;

import dev.guard.action.Action;
import dev.guard.action.ActionRegistry;
import dev.guard.action.InputContext;
import dev.guard.action.LocalFiles;
import dev.guard.action.StepInputs;
import dev.guard.config.Account;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.runbook.AwsIdentifiers;
import dev.guard.runbook.Confirm;
import dev.guard.runbook.Runbook;
import dev.guard.runbook.RunbookParser;
import dev.guard.runbook.SourceText;
import dev.guard.runbook.Step;
import dev.guard.runbook.TargetSpec;
import dev.guard.yaml.Fields;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.OwnDocument;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.Templates;
import dev.guard.yaml.YamlReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Loads and fully validates a runbook file: YAML safety, structure ({@link RunbookParser}), each
 * step's inputs as its action reads them, guards that fit the action, and accounts that config
 * knows. Everything is checked before any AWS call; all problems are reported together.
 */
public final class RunbookLoader {
    /** A runbook, or the problems that stop it (never both). */
    public record Result(Optional<Runbook> runbook, Problems problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final ActionRegistry actions;
    private final GuardConfig config;
    private final LocalFiles files;

    /** Uploads only from the runbook's own directory, in the process's environment. */
    public RunbookLoader(ActionRegistry actions, GuardConfig config) {
        this(actions, config, LocalFiles.runbookDirectoryOnly(Environment.system()));
    }

    /** @param files the local files a runbook may upload */
    public RunbookLoader(ActionRegistry actions, GuardConfig config, LocalFiles files) {
        this.actions = actions;
        this.config = config;
        this.files = files;
    }

    /** @param shownAs how the file is named in messages (as the user typed it, or relative) */
    public Result load(Path file, Path shownAs) {
        Problems problems = new Problems(shownAs);
        Optional<Runbook> runbook = YamlReader.readBytes(file, problems)
                .flatMap(bytes -> OwnDocument.parse(bytes, problems, "runbook")
                        .flatMap(root -> new RunbookParser(problems).parse(root, file, new SourceText(bytes))));
        runbook.ifPresent(r -> check(r, problems));
        return problems.isEmpty() ? new Result(runbook, problems) : new Result(Optional.empty(), problems);
    }

    private void check(Runbook runbook, Problems problems) {
        InputContext context =
                new InputContext(runbook.source().toAbsolutePath().getParent(), files);
        Map<String, String> defaults = new HashMap<>();
        runbook.parameters().forEach(p -> p.defaultValue().ifPresent(v -> defaults.put(p.name(), v)));
        for (int i = 0; i < runbook.steps().size(); i++) {
            Step step = runbook.steps().get(i);
            String where = "steps[" + i + "]";
            checkTarget(step.target().over(runbook.target()), step, where, problems);
            Optional<Action> action = actions.find(step.action());
            if (action.isEmpty()) {
                problems.add(
                        step.positionOf("action"),
                        where + ".action: unknown action '" + step.action() + "' (known: "
                                + String.join(", ", actions.names()) + ")"
                                + Fields.closest(step.action(), new TreeSet<>(actions.names()))
                                        .map(c -> "; did you mean '" + c + "'?")
                                        .orElse(""));
                continue;
            }
            // Values that come from parameter defaults are checked as the plan will use them (a
            // default file: naming ~/.aws/credentials is refused here, not only at plan time).
            MapNode with = (MapNode) Templates.substitute(step.with(), defaults);
            Optional<StepInputs> inputs = action.get().read(new Fields(with, where + ".with", problems), context);
            inputs.ifPresent(in -> checkGuards(action.get(), step, in, where, problems));
            if (step.confirm() == Confirm.NONE && action.get().metadata().destructive()) {
                problems.add(
                        step.positionOf("confirm"),
                        where + ": confirm: none is not allowed for "
                                + action.get().name() + ", which changes or destroys resources (use typed or yes)");
            }
        }
    }

    private void checkGuards(Action action, Step step, StepInputs inputs, String where, Problems problems) {
        var guards = step.guards();
        if (inputs.selector() && guards.maxTargets().isEmpty()) {
            problems.add(
                    step.positionOf("with"),
                    where + ": a selector needs guards.maxTargets, the most targets this step"
                            + " may touch (a selector that matches more refuses the whole run)");
        }
        if (guards.maxTargets().isPresent()
                && inputs.namedTargets() > guards.maxTargets().getAsInt()) {
            problems.add(
                    step.positionOf("guards", "maxTargets"),
                    where + ": names " + inputs.namedTargets() + " targets but guards.maxTargets is "
                            + guards.maxTargets().getAsInt());
        }
        if (!guards.refuseTags().isEmpty() && !action.metadata().tagged()) {
            // A guard that can never match would read as a safety rail that is not there.
            problems.add(
                    step.positionOf("guards", "refuseTags"),
                    where + ".guards.refuseTags: guard does not read the tags of " + action.name()
                            + " targets, so this guard could never refuse anything");
        }
        if (!guards.expectStates().isEmpty() && action.metadata().states().isEmpty()) {
            problems.add(
                    step.positionOf("guards", "expectStates"),
                    where + ".guards.expectStates: " + action.name() + " targets have no state to expect");
        }
        for (String state : guards.expectStates()) {
            if (!action.metadata().states().isEmpty()
                    && !action.metadata().states().contains(state)) {
                problems.add(
                        step.positionOf("guards", "expectStates"),
                        where + ".guards.expectStates: '" + state + "' is not a state of " + action.name()
                                + " targets ("
                                + String.join(
                                        ", ",
                                        action.metadata().states().stream()
                                                .sorted()
                                                .toList()) + ")");
            }
        }
    }

    private void checkTarget(TargetSpec target, Step step, String where, Problems problems) {
        if (!target.accounts().isEmpty()) {
            new AccountSets(config, Organization.UNAVAILABLE, Map.of(), problems).checkWritten(target.accounts());
            return;
        }
        if (target.account().isEmpty()) {
            problems.add(
                    step.position(), where + ": no target account (set target.account on the runbook or the step)");
            return;
        }
        Scalar account = target.account().get();
        if (Templates.isTemplated(account)
                || AwsIdentifiers.accountIdOrAlias(account.text()).isPresent()) {
            return; // checked after parameters resolve, or already reported as malformed
        }
        Optional<Account> known = config.account(account.text());
        if (known.isEmpty()) {
            String source = config.source().map(p -> "in " + p).orElse("(no config file found)");
            problems.add(
                    account.position(),
                    "target.account: unknown account alias '" + account.text() + "' " + source
                            + "; use a 12-digit id or define it under accounts");
            return;
        }
        target.role()
                .filter(r -> !Templates.isTemplated(r))
                .ifPresent(role -> AwsIdentifiers.roleArnAccount(role.text())
                        .filter(id -> !id.equals(known.get().id()))
                        .ifPresent(id -> problems.add(
                                role.position(),
                                "target.role: the role is in account " + id + ", not in "
                                        + known.get().label())));
    }
}
