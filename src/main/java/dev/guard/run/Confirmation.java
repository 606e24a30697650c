package dev.guard.run;

import dev.guard.action.Operation;
import dev.guard.plan.PlannedStep;
import dev.guard.runbook.Confirm;
import dev.guard.term.PromptCancelled;
import dev.guard.term.Terminal;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The question before a step changes anything (DESIGN.md §4): {@code typed} wants the account alias
 * or the resource's name, {@code yes} a y/N; a protected account is always typed and never
 * confirmed by {@code --yes}; without a terminal only {@code --yes} (already checked against
 * {@code unattended: true}) may confirm.
 */
final class Confirmation {
    /** How a cancel names this prompt. */
    static final String PROMPT = "the confirmation prompt";

    private final Terminal terminal;
    private final Consumer<String> out;
    private final boolean yes;
    private List<String> approvers = List.of();

    Confirmation(Terminal terminal, Consumer<String> out, boolean yes) {
        this.terminal = terminal;
        this.out = out;
        this.yes = yes;
    }

    /**
     * A saved plan approved by these people: each typed the confirmation at approval time, on a
     * terminal, with MFA, so no step asks again — even in a protected account, even without a
     * terminal. Empty: ask as usual.
     */
    Confirmation approvedBy(List<String> approvers) {
        this.approvers = List.copyOf(approvers);
        return this;
    }

    /**
     * Empty when the step may go ahead; otherwise why not.
     *
     * @throws PromptCancelled Ctrl-C at the prompt: neither accepted nor declined
     */
    Optional<String> ask(PlannedStep step, Operation operation, int targets) {
        try {
            return askOnce(step, operation, targets);
        } catch (PromptCancelled e) {
            throw e.at(PROMPT);
        }
    }

    /**
     * Once for a whole set step (DESIGN.md §4), over the members that will run: the totals, and a typed confirmation wants the number
     * of accounts the set reaches ("3 accounts") — proof the operator read how far it goes, so a glob
     * that matched 40 accounts instead of 4 is caught here.
     *
     * @throws PromptCancelled Ctrl-C at the prompt: neither accepted nor declined
     */
    Optional<String> askSet(List<Executor.Discovered> members) {
        try {
            return askSetOnce(members);
        } catch (PromptCancelled e) {
            throw e.at(PROMPT);
        }
    }

    private Optional<String> askSetOnce(List<Executor.Discovered> members) {
        dev.guard.plan.AccountSet set = members.get(0).step().set().orElseThrow();
        Operation op = members.get(0).operation();
        Confirm confirm = strongest(members);
        if (confirm == Confirm.NONE) {
            return Optional.empty();
        }
        int targets = members.stream().mapToInt(d -> d.targets().size()).sum();
        long acting = members.stream().filter(d -> !d.targets().isEmpty()).count();
        // The word is the number of accounts that will change, not the set's size: what the operator
        // must have read is how far this change reaches (a glob that matched 40 accounts, not 4).
        long changing = members.stream()
                .filter(d -> !d.targets().isEmpty())
                .map(d -> d.step().account().id())
                .distinct()
                .count();
        String word = SetWord.of(changing);
        // members are the ones that will run (Execution leaves out those where an earlier step failed)
        int notRun = set.members().size() - members.size();
        String what = op.verb() + " " + targets + " " + op.noun(targets) + " in "
                + (acting < set.members().size()
                        ? word + " (" + acting + " of the set's "
                                + set.members().size() + " members will change"
                                + (notRun == 0 ? "" : "; " + notRun + " not run: an earlier step failed there")
                                + ")"
                        : SetSteps.reach(set));
        boolean anyProtected = members.stream().anyMatch(d -> d.step().account().protectedAccount());
        if (!approvers.isEmpty()) {
            out.accept("Confirmed at approval time by " + String.join(", ", approvers) + ": " + what);
            return Optional.empty();
        }
        if (!terminal.interactive()) {
            if (yes && !anyProtected) {
                out.accept("Confirmed by --yes (unattended runbook): " + what);
                return Optional.empty();
            }
            return Optional.of("refused: no terminal to confirm on (" + what
                    + "); pass --yes only if the runbook says unattended: true");
        }
        out.accept("");
        if (confirm == Confirm.TYPED) {
            return dev.guard.term.Ask.typed(terminal, word, what)
                    ? Optional.empty()
                    : Optional.of("declined: '" + word + "' was not typed; step " + set.stepId() + " not run");
        }
        return dev.guard.term.Ask.yes(terminal, what)
                ? Optional.empty()
                : Optional.of("declined; step " + set.stepId() + " not run");
    }

    /** typed over yes over none: one member in a protected account makes the whole set typed. */
    private static Confirm strongest(List<Executor.Discovered> members) {
        Confirm strongest = Confirm.NONE;
        for (Executor.Discovered d : members) {
            Confirm c = d.step().confirm();
            if (c == Confirm.TYPED || (c == Confirm.YES && strongest == Confirm.NONE)) {
                strongest = c;
            }
        }
        return strongest;
    }

    private Optional<String> askOnce(PlannedStep step, Operation operation, int targets) {
        Confirm confirm = step.confirm();
        if (confirm == Confirm.NONE) {
            return Optional.empty();
        }
        String what = operation.verb() + " " + targets + " " + operation.noun(targets) + " in "
                + step.account().label();
        if (!approvers.isEmpty()) {
            out.accept("Confirmed at approval time by " + String.join(", ", approvers) + ": " + what);
            return Optional.empty();
        }
        if (!terminal.interactive()) {
            if (yes && !step.account().protectedAccount()) {
                out.accept("Confirmed by --yes (unattended runbook): " + what);
                return Optional.empty();
            }
            return Optional.of(
                    step.account().protectedAccount()
                            ? "refused: " + step.account().label()
                                    + " is a protected account, which always needs a typed confirmation on a terminal"
                            : "refused: no terminal to confirm on (" + what
                                    + "); pass --yes only if the runbook says unattended: true");
        }
        out.accept("");
        if (confirm == Confirm.TYPED) {
            String word = step.confirmWord();
            return dev.guard.term.Ask.typed(terminal, word, what)
                    ? Optional.empty()
                    : Optional.of("declined: '" + word + "' was not typed; step "
                            + step.step().id() + " not run");
        }
        return dev.guard.term.Ask.yes(terminal, what)
                ? Optional.empty()
                : Optional.of("declined; step " + step.step().id() + " not run");
    }
}
