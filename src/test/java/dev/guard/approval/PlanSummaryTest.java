package dev.guard.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.saved.SavedPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code guard approve} asks: once per step, and once for all the members of an account set. */
class PlanSummaryTest {
    private static Map<String, Object> step(String id, int number, String account, String alias, int targets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("number", number);
        m.put("action", "ec2:StopInstances");
        m.put("account", account);
        m.put("accountAlias", alias);
        m.put("region", "us-east-1");
        m.put("protected", false);
        m.put("confirm", "typed");
        m.put("confirmWord", alias);
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
            list.add(Map.of("id", "i-0" + account + i, "state", "running"));
        }
        m.put("targets", list);
        return m;
    }

    @Test
    void anAccountSetIsConfirmedOnceWithTheNumberOfAccountsItChangesAsTheWord() {
        List<Object> steps = new ArrayList<>();
        steps.add(step("first", 1, "222222222222", "development", 1));
        for (int i = 1; i <= 10; i++) {
            String n = String.format("%02d", i);
            steps.add(step("stop@dev-" + n, 2, "7000000000" + n, "dev-" + n, i == 3 ? 0 : 2));
        }
        steps.add(step("last", 3, "333333333333", "staging", 1));
        SavedPlan plan = SavedPlan.seal(Map.of("id", "x", "steps", steps));

        assertThat(PlanSummary.confirmations(plan))
                .containsExactly(
                        new PlanSummary.StepConfirmation(
                                "first",
                                "typed",
                                "development",
                                "approve ec2:StopInstances of 1 target in development (222222222222)"),
                        new PlanSummary.StepConfirmation(
                                "stop",
                                "typed",
                                "9 accounts",
                                "approve ec2:StopInstances of 18 targets in 9 accounts (9 of the set's 10 members"
                                        + " have targets)"),
                        new PlanSummary.StepConfirmation(
                                "last",
                                "typed",
                                "staging",
                                "approve ec2:StopInstances of 1 target in staging (333333333333)"));
    }
}
