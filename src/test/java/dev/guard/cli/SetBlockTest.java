package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.action.ActionRegistry;
import dev.guard.config.ConfigLoader;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.plan.Organization;
import dev.guard.plan.Plan;
import dev.guard.plan.PlanBuilder;
import dev.guard.plan.RolloutDefaults;
import dev.guard.plan.RunbookLoader;
import dev.guard.term.Style;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan of a 200-account set reads on one screen: one block for the step, every account in
 * columns under its source, the role's 200 AssumeRoles said in one credentials line; and its JSON
 * lists every member once under {@code sets}.
 */
class SetBlockTest {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    /** 200 ACTIVE accounts under one OU, and 3 suspended ones. */
    private static final Organization ORG = new Organization() {
        @Override
        public List<MemberAccount> accounts(Optional<String> parent) {
            List<MemberAccount> out = new ArrayList<>();
            for (int i = 1; i <= 203; i++) {
                out.add(new MemberAccount(
                        String.format("7%011d", i), String.format("member-%03d", i), i > 200 ? "SUSPENDED" : "ACTIVE"));
            }
            return out;
        }

        @Override
        public Map<String, String> tags(String accountId) {
            return Map.of("env", "dev");
        }
    };

    private Plan plan() throws Exception {
        Environment env = new Environment(dir, Map.of(), dir.resolve("home"));
        GuardConfig config = new ConfigLoader(env)
                .read(REPOSITORY.resolve("config/guard.yaml"))
                .config()
                .orElseThrow();
        Path file = Files.writeString(dir.resolve("fleet.yaml"), """
                apiVersion: guard/v1
                kind: Runbook
                name: fleet
                target:
                  accounts: [{group: workloads}, {organizationalUnit: ou-gs01-generated, tags: {env: dev}}]
                  region: us-east-1
                  maxErrors: 5%
                steps:
                  - id: stop
                    action: ec2:StopInstances
                    with: {selector: {tags: {env: dev}}}
                    guards: {maxTargets: 3}
                    confirm: typed
                """);
        var loaded = new RunbookLoader(ActionRegistry.standard(), config).load(file, file);
        assertThat(loaded.ok()).as(loaded.problems().sorted().toString()).isTrue();
        return new PlanBuilder(ActionRegistry.standard(), config, env)
                .reading(ORG)
                .build(loaded.runbook().orElseThrow(), file, Map.of());
    }

    @Test
    void aSetOf202AccountsIsOneBlockWithItsAccountsInColumns() throws Exception {
        StringWriter text = new StringWriter();
        new PlanRenderer(new Style(false), new PrintWriter(text)).render(plan());
        String out = text.toString();

        assertThat(out)
                .contains("Step 1/1 stop — ec2:StopInstances (destructive)")
                .contains("across:  202 accounts × 1 region (maxConcurrency " + RolloutDefaults.MAX_CONCURRENCY
                        + ", maxErrors 5%, maxTargetsTotal 606" + " = maxTargets × members)")
                .contains("from:    group workloads (2), organizationalUnit ou-gs01-generated with tags env=dev (200;"
                        + " 3 suspended left out)")
                .contains(
                        "  accounts: 202, by source:\n    group workloads:\n      development (222222222222)  staging (333333333333)\n")
                .contains("      member-001 (700000000001)  member-002 (700000000002)  member-003 (700000000003)")
                // The credential reason is said once for the set, not as if it were its first account.
                .contains(
                        "why:     no account of the set is your own; PrivilegedActionsRole's trust policy requires MFA")
                .doesNotContain("why:     development (222222222222) is another account")
                .contains(
                        "confirm: typed, once for the set: type the number of accounts with targets ('202 accounts' if every one has some) to proceed")
                .contains("2. AssumeRole PrivilegedActionsRole in 202 accounts (222222222222, 333333333333, …) using"
                        + " the GetSessionToken session (no new code), 1 h");
        assertThat(out).containsOnlyOnce("Step 1/1").doesNotContain("stop@");
        // 200 accounts, three to a row, and the rest of the plan: well under 200 lines.
        assertThat(out.lines().count()).isLessThan(110);
        assertThat(out.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(300));
    }

    @Test
    void aSetConfirmedAtApprovalTimeSaysSoForTheSetNotItsFirstAccount() throws Exception {
        List<dev.guard.plan.PlannedStep> members = plan().steps();
        String asked = "done at approval time by alice (" + members.get(0).confirmation() + ")";

        assertThat(SetBlock.confirmation(members, asked))
                .isEqualTo("done at approval time by alice (typed, once for the set of 202 accounts)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theJsonListsEveryMemberOnceUnderSets() throws Exception {
        Map<String, Object> json = PlanJson.of(plan());

        List<Map<String, Object>> sets = (List<Map<String, Object>>) json.get("sets");
        assertThat(sets).singleElement().satisfies(set -> {
            assertThat(set)
                    .containsEntry("step", "stop")
                    .containsEntry("accounts", 202)
                    .containsEntry("maxErrors", "5%")
                    .containsEntry("maxTargetsTotal", 606);
            assertThat((List<Object>) set.get("members")).hasSize(202);
        });
        List<Map<String, Object>> steps = (List<Map<String, Object>>) json.get("steps");
        assertThat(steps).hasSize(202).allSatisfy(s -> assertThat(s).containsEntry("set", "stop"));
        assertThat(steps.get(2)).containsEntry("id", "stop@700000000001");
    }
}
