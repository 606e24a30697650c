package dev.guard.run;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.guard.term.Terminal;
import dev.guard.yaml.MapNode;
import dev.guard.yaml.Position;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The typed confirmation of a resource whose name would read differently on a terminal. */
class ConfirmationTest {
    /** A table name with a bidi override: it shows as "orders-gnitats" reversed on a terminal. */
    private static final String NAME = "orders-\u202estaging";

    @Test
    void theWordIsShownEscapedAndThePromptHoldsNoCharacterATerminalActsOn() {
        var terminal = new Scripted("nope");
        new Confirmation(terminal, line -> {}, false).ask(step(), operation(), 1);
        assertThat(terminal.prompts)
                .singleElement()
                .satisfies(p -> assertThat(p)
                        .contains("Type 'orders-\\u202estaging' to delete 1 table")
                        .doesNotContain("\u202e"));
    }

    @Test
    void theRealNameConfirms() {
        assertThat(new Confirmation(new Scripted(NAME), line -> {}, false).ask(step(), operation(), 1))
                .isEmpty();
    }

    @Test
    void theEscapedSpellingShownConfirmsTooForItStandsForThatNameAlone() {
        assertThat(new Confirmation(new Scripted("orders-\\u202estaging"), line -> {}, false)
                        .ask(step(), operation(), 1))
                .isEmpty();
    }

    @Test
    void whatTheNameLooksLikeOnATerminalDoesNotConfirm() {
        for (String typed : List.of("orders-staging", "orders-gnigats", "orders-\\\\u202estaging")) {
            assertThat(new Confirmation(new Scripted(typed), line -> {}, false).ask(step(), operation(), 1))
                    .as(typed)
                    .isPresent();
        }
    }

    private static PlannedStep step() {
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
                Confirm.TYPED,
                false,
                with);
        StepInputs inputs = new StepInputs() {
            @Override
            public List<String> describe() {
                return List.of();
            }

            @Override
            public Optional<String> confirmationName() {
                return Optional.of(NAME);
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
                new Account("staging", "333333333333", Optional.empty(), false),
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

    private static final class Scripted implements Terminal {
        final Deque<String> answers = new ArrayDeque<>();
        final List<String> prompts = new ArrayList<>();

        Scripted(String... answers) {
            this.answers.addAll(List.of(answers));
        }

        @Override
        public boolean interactive() {
            return true;
        }

        @Override
        public Optional<String> readLine(String prompt) {
            prompts.add(prompt);
            return Optional.ofNullable(answers.poll());
        }

        @Override
        public Optional<String> readSecret(String prompt) {
            throw new AssertionError("no secret is asked for");
        }

        @Override
        public void println(String line) {}
    }
}
