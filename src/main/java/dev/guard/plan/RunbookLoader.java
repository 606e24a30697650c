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
import dev.guard.runbook.Parameter;
import dev.guard.runbook.Runbook;
import dev.guard.runbook.RunbookParser;
import dev.guard.runbook.SourceText;
import dev.guard.runbook.Step;
import dev.guard.runbook.TargetSpec;
import dev.guard.yaml.Fields;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.Node;
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
 *
 * <p>Plain control flow rather than {@code Optional} chains and streams: every validate runs this,
 * and on JDK 17 each lambda call site costs ~60 µs to link the first time.
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
        Optional<Runbook> runbook = parse(file, problems);
        if (runbook.isPresent()) {
            check(runbook.get(), problems);
        }
        return problems.isEmpty() ? new Result(runbook, problems) : new Result(Optional.empty(), problems);
    }

    private static Optional<Runbook> parse(Path file, Problems problems) {
        Optional<byte[]> bytes = YamlReader.readBytes(file, problems);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        Optional<Node> root = OwnDocument.parse(bytes.get(), problems, "runbook");
        if (root.isEmpty()) {
            return Optional.empty();
        }
        return new RunbookParser(problems).parse(root.get(), file, new SourceText(bytes.get()));
    }

    private void check(Runbook runbook, Problems problems) {
        InputContext context =
                new InputContext(runbook.source().toAbsolutePath().getParent(), files);
        Map<String, String> defaults = new HashMap<>();
        for (Parameter p : runbook.parameters()) {
            if (p.defaultValue().isPresent()) {
                defaults.put(p.name(), p.defaultValue().get());
            }
        }
        for (int i = 0; i < runbook.steps().size(); i++) {
            Step step = runbook.steps().get(i);
            String where = "steps[" + i + "]";
            checkTarget(step.target().over(runbook.target()), step, where, problems);
            Optional<Action> action = actions.find(step.action());
            if (action.isEmpty()) {
                unknownAction(step, where, problems);
                continue;
            }
            // Values that come from parameter defaults are checked as the plan will use them (a
            // default file: naming ~/.aws/credentials is refused here, not only at plan time).
            MapNode with = (MapNode) Templates.substitute(step.with(), defaults);
            Optional<StepInputs> inputs = action.get().read(new Fields(with, where + ".with", problems), context);
            if (inputs.isPresent()) {
                checkGuards(action.get(), step, inputs.get(), where, problems);
            }
            if (step.confirm() == Confirm.NONE && action.get().metadata().destructive()) {
                problems.add(
                        step.positionOf("confirm"),
                        where + ": confirm: none is not allowed for "
                                + action.get().name() + ", which changes or destroys resources (use typed or yes)");
            }
        }
    }

    private void unknownAction(Step step, String where, Problems problems) {
        Optional<String> suggestion = Fields.closest(step.action(), new TreeSet<>(actions.names()));
        problems.add(
                step.positionOf("action"),
                where + ".action: unknown action '" + step.action() + "' (known: "
                        + String.join(", ", actions.names()) + ")"
                        + (suggestion.isPresent() ? "; did you mean '" + suggestion.get() + "'?" : ""));
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
                                        ", ", new TreeSet<>(action.metadata().states())) + ")");
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
            String source =
                    config.source().isPresent() ? "in " + config.source().get() : "(no config file found)";
            problems.add(
                    account.position(),
                    "target.account: unknown account alias '" + account.text() + "' " + source
                            + "; use a 12-digit id or define it under accounts");
            return;
        }
        if (target.role().isEmpty() || Templates.isTemplated(target.role().get())) {
            return;
        }
        Scalar role = target.role().get();
        Optional<String> id = AwsIdentifiers.roleArnAccount(role.text());
        if (id.isPresent() && !id.get().equals(known.get().id())) {
            problems.add(
                    role.position(),
                    "target.role: the role is in account " + id.get() + ", not in "
                            + known.get().label());
        }
    }
}
