package dev.guard.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.action.Operation;
import dev.guard.action.Outcome;
import dev.guard.action.StepInputs;
import dev.guard.action.Target;
import dev.guard.config.Account;
import dev.guard.plan.PlannedStep;
import dev.guard.runbook.Confirm;
import dev.guard.runbook.Guards;
import dev.guard.runbook.Step;
import dev.guard.runbook.TargetSpec;
import dev.guard.term.PromptCancelled;
import dev.guard.term.ScriptedTerminal;
import dev.guard.term.Terminal;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The question before a step changes anything: typed or y/N, what declines, who may confirm
 * without a terminal, and the typed confirmation of a resource whose name would read differently
 * on a terminal.
 */
class ConfirmationTest {
    /** A table name with a bidi override: it shows as "orders-gnitats" reversed on a terminal. */
    private static final String NAME = "orders-\u202estaging";

    @Test
    void theWordIsShownEscapedAndThePromptHoldsNoCharacterATerminalActsOn() {
        var terminal = ScriptedTerminal.strict(true, "nope");
        new Confirmation(terminal, line -> {}, false).ask(step(), operation(), 1);
        // Asked again after the wrong word (then the input ended): every prompt and the line saying
        // what was wrong show the name escaped.
        assertThat(terminal.prompts)
                .hasSize(2)
                .allSatisfy(p -> assertThat(p)
                        .contains("Type 'orders-\\u202estaging' to delete 1 table")
                        .doesNotContain("\u202e"));
        assertThat(terminal.printed).containsExactly("'nope' is not 'orders-\\u202estaging'; 2 tries left");
    }

    @Test
    void theRealNameConfirms() {
        assertThat(new Confirmation(ScriptedTerminal.strict(true, NAME), line -> {}, false).ask(step(), operation(), 1))
                .isEmpty();
    }

    @Test
    void theEscapedSpellingShownConfirmsTooForItStandsForThatNameAlone() {
        assertThat(new Confirmation(ScriptedTerminal.strict(true, "orders-\\u202estaging"), line -> {}, false)
                        .ask(step(), operation(), 1))
                .isEmpty();
    }

    @Test
    void whatTheNameLooksLikeOnATerminalDoesNotConfirm() {
        for (String typed : List.of("orders-staging", "orders-gnigats", "orders-\\\\u202estaging")) {
            assertThat(new Confirmation(ScriptedTerminal.strict(true, typed), line -> {}, false)
                            .ask(step(), operation(), 1))
                    .as(typed)
                    .isPresent();
        }
    }

    @Test
    void aTypedConfirmationLeftEmptyOrEndedWithEofIsDeclined() {
        for (ScriptedTerminal terminal : List.of(
                ScriptedTerminal.strict(true, ""),
                ScriptedTerminal.strict(true, "   "),
                ScriptedTerminal.strict(true))) {
            assertThat(new Confirmation(terminal, line -> {}, false).ask(step(), operation(), 1))
                    .hasValue("declined: 'orders-\u202estaging' was not typed; step drop not run");
        }
    }

    @Test
    void aTypedConfirmationWithoutANameWantsTheAccountAliasAndForgivesSurroundingBlanks() {
        PlannedStep step = step(Confirm.TYPED, STAGING, Optional.empty());
        var terminal = ScriptedTerminal.strict(true, "  staging ");
        assertThat(new Confirmation(terminal, line -> {}, false).ask(step, operation(), 2))
                .isEmpty();
        assertThat(terminal.prompts).containsExactly("Type 'staging' to delete 2 tables in staging (333333333333): ");
        assertThat(new Confirmation(ScriptedTerminal.strict(true, "Staging"), line -> {}, false)
                        .ask(step, operation(), 2))
                .hasValue("declined: 'staging' was not typed; step drop not run");
    }

    @Test
    void aYesNoQuestionTakesOnlyYOrYes() {
        PlannedStep step = step(Confirm.YES, STAGING, Optional.empty());
        for (String yes : List.of("y", "Y", "yes", " YES ")) {
            assertThat(new Confirmation(ScriptedTerminal.strict(true, yes), line -> {}, false)
                            .ask(step, operation(), 1))
                    .as(yes)
                    .isEmpty();
        }
        for (ScriptedTerminal no : List.of(
                ScriptedTerminal.strict(true, ""),
                ScriptedTerminal.strict(true, "n"),
                ScriptedTerminal.strict(true, "yep"),
                ScriptedTerminal.strict(true))) {
            assertThat(new Confirmation(no, line -> {}, false).ask(step, operation(), 1))
                    .hasValue("declined; step drop not run");
        }
    }

    @Test
    void aProtectedAccountIsTypedEvenForAYesNoStep() {
        PlannedStep step = step(Confirm.YES, PRODUCTION, Optional.empty());
        var terminal = ScriptedTerminal.strict(true, "y");
        assertThat(new Confirmation(terminal, line -> {}, false).ask(step, operation(), 1))
                .hasValue("declined: 'production' was not typed; step drop not run");
        assertThat(terminal.prompts).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith("Type 'production' to"));
    }

    @Test
    void withATerminalYesChangesNothingTheQuestionIsStillAsked() {
        PlannedStep step = step(Confirm.YES, STAGING, Optional.empty());
        var terminal = ScriptedTerminal.strict(true, "n");
        assertThat(new Confirmation(terminal, line -> {}, true).ask(step, operation(), 1))
                .isPresent();
        assertThat(terminal.prompts).hasSize(1);
    }

    @Test
    void withoutATerminalOnlyYesConfirmsAndSaysSo() {
        PlannedStep step = step(Confirm.TYPED, STAGING, Optional.empty());
        List<String> said = new ArrayList<>();
        assertThat(new Confirmation(ScriptedTerminal.strict(false), said::add, true).ask(step, operation(), 3))
                .isEmpty();
        assertThat(said)
                .containsExactly("Confirmed by --yes (unattended runbook): delete 3 tables in staging (333333333333)");

        assertThat(new Confirmation(ScriptedTerminal.strict(false), line -> {}, false).ask(step, operation(), 3))
                .hasValue("refused: no terminal to confirm on (delete 3 tables in staging (333333333333)); pass --yes"
                        + " only if the runbook says unattended: true");
    }

    @Test
    void yesNeverConfirmsInAProtectedAccount() {
        PlannedStep step = step(Confirm.YES, PRODUCTION, Optional.empty());
        List<String> said = new ArrayList<>();
        assertThat(new Confirmation(ScriptedTerminal.strict(false), said::add, true).ask(step, operation(), 1))
                .hasValue("refused: production (444444444444) is a protected account, which always needs a typed"
                        + " confirmation on a terminal");
        assertThat(said).isEmpty();
    }

    @Test
    void aStepThatAsksNothingGoesAheadWithoutAQuestion() {
        PlannedStep step = step(Confirm.NONE, STAGING, Optional.empty());
        assertThat(new Confirmation(ScriptedTerminal.strict(false), line -> {}, false).ask(step, operation(), 1))
                .isEmpty();
    }

    @Test
    void ctrlCAtThePromptIsNeitherYesNorNoAndNamesThePrompt() {
        Terminal cancelled = ScriptedTerminal.strict(true, ScriptedTerminal.CTRL_C);
        assertThatThrownBy(() -> new Confirmation(cancelled, line -> {}, false).ask(step(), operation(), 1))
                .isInstanceOfSatisfying(
                        PromptCancelled.class, e -> assertThat(e.where()).isEqualTo(Confirmation.PROMPT));
    }

    private static PlannedStep step() {
        return step(Confirm.TYPED, STAGING, Optional.of(NAME));
    }

    private static final Account STAGING = new Account("staging", "333333333333", Optional.empty(), false);
    private static final Account PRODUCTION = new Account("production", "444444444444", Optional.empty(), true);

    private static PlannedStep step(Confirm confirm, Account account, Optional<String> name) {
        MapNode with = new MapNode(List.of(), Position.START);
        Step step = new Step(
                "drop",
                Optional.empty(),
                "dynamodb:DeleteTable",
                Position.START,
                TargetSpec.EMPTY,
                Optional.empty(),
                with,
                Guards.NONE,
                confirm,
                false,
                with);
        StepInputs inputs = new StepInputs() {
            @Override
            public List<String> describe() {
                return List.of();
            }

            @Override
            public Optional<String> confirmationName() {
                return name;
            }

            @Override
            public Map<String, Object> toJson() {
                return Map.of();
            }
        };
        return new PlannedStep(
                1,
                step,
                null,
                inputs,
                account,
                "us-east-1",
                "runbook",
                Optional.empty(),
                Optional.empty(),
                "typed",
                List.of());
    }

    private static Operation operation() {
        return new Operation() {
            @Override
            public String noun(int count) {
                return count == 1 ? "table" : "tables";
            }

            @Override
            public String verb() {
                return "delete";
            }

            @Override
            public List<Target> discover() {
                return List.of();
            }

            @Override
            public DryRunAnswer dryRun(List<Target> targets) {
                throw new AssertionError();
            }

            @Override
            public List<Outcome> execute(List<Target> targets) {
                throw new AssertionError();
            }

            @Override
            public List<Outcome> await(List<Outcome> outcomes) {
                throw new AssertionError();
            }
        };
    }
}
