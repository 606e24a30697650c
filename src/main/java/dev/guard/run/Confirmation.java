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
