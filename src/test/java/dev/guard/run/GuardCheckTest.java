package dev.guard.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.action.Target;
import dev.guard.runbook.Guards;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The safety rails on the targets as read: each broken rule is one line naming the target and the rule. */
class GuardCheckTest {
    private static Target target(String id, String state, Map<String, String> tags) {
        return new Target(id, Optional.ofNullable(state), tags, List.of(), Optional.empty());
    }

    private static List<String> check(Guards guards, Target... targets) {
        return GuardCheck.check(guards, List.of(targets), "instances");
    }

    @Test
    void noGuardsRefuseNothing() {
        assertThat(check(Guards.NONE, target("i-1", "running", Map.of("env", "prod"))))
                .isEmpty();
    }

    @Test
    void maxTargetsIsTheMostNotFewer() {
        Guards two = new Guards(OptionalInt.of(2), Map.of(), List.of());
        assertThat(check(two, target("i-1", "running", Map.of()), target("i-2", "running", Map.of())))
                .isEmpty();
        assertThat(check(
                        two,
                        target("i-1", "running", Map.of()),
                        target("i-2", "running", Map.of()),
                        target("i-3", "running", Map.of())))
                .containsExactly("3 instances match, more than guards.maxTargets 2: refusing the whole run");
    }

    @Test
    void noTargetsPassEveryGuard() {
        Guards strict = new Guards(OptionalInt.of(0), Map.of("env", "prod"), List.of("stopped"));
        assertThat(check(strict)).isEmpty();
    }

    @Test
    void aRefusedTagMatchesOnKeyAndValueExactly() {
        Guards guards = new Guards(OptionalInt.empty(), Map.of("env", "prod"), List.of());
        assertThat(check(
                        guards,
                        target("i-1", "running", Map.of("env", "prod")),
                        target("i-2", "running", Map.of("env", "production")),
                        target("i-3", "running", Map.of("Env", "prod")),
                        target("i-4", "running", Map.of("owner", "prod"))))
                .containsExactly("i-1 is tagged env=prod (guards.refuseTags)");
    }

    @Test
    void aTargetOutsideTheExpectedStatesIsNamedWithItsState() {
        Guards guards = new Guards(OptionalInt.empty(), Map.of(), List.of("stopped", "stopping"));
        assertThat(check(
                        guards,
                        target("i-1", "stopped", Map.of()),
                        target("i-2", "running", Map.of()),
                        target("o-1", null, Map.of())))
                .containsExactly(
                        "i-2 is running, not stopped or stopping (guards.expectStates)",
                        "o-1 is (no state), not stopped or stopping (guards.expectStates)");
    }

    @Test
    void protectionRefusesEvenWithoutGuards() {
        Target protectedOne = new Target(
                "i-1", Optional.of("running"), Map.of(), List.of(), Optional.of("termination protection is on"));
        assertThat(check(Guards.NONE, protectedOne))
                .containsExactly("i-1: termination protection is on; guard never switches it off");
    }

    @Test
    void everyBrokenRuleIsReportedNotJustTheFirst() {
        Guards guards = new Guards(OptionalInt.of(1), Map.of("keep", "yes"), List.of("stopped"));
        Target a = new Target(
                "i-1", Optional.of("running"), Map.of("keep", "yes"), List.of(), Optional.of("deletion protection"));
        assertThat(check(guards, a, target("i-2", "stopped", Map.of())))
                .containsExactly(
                        "2 instances match, more than guards.maxTargets 1: refusing the whole run",
                        "i-1 is tagged keep=yes (guards.refuseTags)",
                        "i-1 is running, not stopped (guards.expectStates)",
                        "i-1: deletion protection; guard never switches it off");
    }
}
