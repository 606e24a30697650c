package dev.guard.cli;

import static dev.guard.cli.SandboxRuns.assertNoSecrets;
import static dev.guard.cli.SandboxRuns.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.plan.RolloutDefaults;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard plan --sandbox} of a runbook whose account set reads AWS Organizations, in-process
 * against the sandbox's seeded organization: the OU's accounts listed with where they came from,
 * read with the base credentials before any MFA prompt; a caller without {@code
 * organizations:List*} refused in one line with exit 4.
 */
class AccountSetPlanIT {
    @TempDir
    Path dir;

    private Path runbook(String accounts) throws Exception {
        return Files.writeString(
                dir.resolve("ou.yaml"), """
                apiVersion: guard/v1
                kind: Runbook
                name: ou-stop
                target:
                  accounts:
                %s
                  region: us-east-1
                  role: PrivilegedActionsRole
                steps:
                  - id: stop
                    action: ec2:StopInstances
                    with:
                      selector: {tags: {env: dev}, states: [running]}
                    guards: {maxTargets: 5}
                    confirm: typed
                """.formatted(accounts.indent(4).stripTrailing()));
    }

    @Test
    void theOusAccountsAreListedWithTheirSourceInOneBlock() throws Exception {
        Path file = runbook("- organizationalUnit: ou-gs01-workloads\n  tags: {env: dev}\n- staging");
        String code = code("alice");
        var terminal = new ScriptedTerminal(true, code);

        var r = new CliRunner().terminal(terminal).run("plan", "--sandbox", file.toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Step 1/1 stop — ec2:StopInstances (destructive)")
                .contains("across:  2 accounts × 1 region (maxConcurrency " + RolloutDefaults.MAX_CONCURRENCY
                        + ", maxErrors 0, maxTargetsTotal 10" + " = maxTargets × members)")
                .contains("from:    organizationalUnit ou-gs01-workloads with tags env=dev (1), staging (1)")
                .contains("  accounts: 2, by source:\n    organizationalUnit ou-gs01-workloads with tags env=dev:\n"
                        + "      development (222222222222)\n")
                .contains("    staging:\n      staging (333333333333)\n")
                .contains("confirm: typed, once for the set: type '2 accounts' to proceed")
                .contains("creds:   one MFA code: GetSessionToken, then AssumeRole PrivilegedActionsRole in each"
                        + " account, renewed each hour without a code");
        // production (env=prod) is in the OU but not tagged env=dev.
        assertThat(r.out()).doesNotContain("444444444444");
        assertThat(terminal.secretPrompts).hasSize(1);
        assertNoSecrets(r, code);
    }

    @Test
    void aCallerWhoMayNotReadTheOrganizationIsRefusedInOneLineBeforeAnyMfaPrompt() throws Exception {
        Path file = runbook("- organizationalUnit: ou-gs01-workloads");
        var terminal = new ScriptedTerminal(true, code("sofia"));

        var r = new CliRunner().terminal(terminal).run("plan", "--sandbox", "--sandbox-user", "sofia", file.toString());

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err().strip().lines())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("guard: the caller may not read the organization (AccessDeniedException: ")
                        .contains("organizations:ListAccountsForParent")
                        .endsWith("): list the accounts or use a config group instead"));
        assertThat(r.out()).doesNotContain("Step 1/1");
        assertThat(terminal.secretPrompts).isEmpty();
    }

    @Test
    void anOrganizationalUnitTheOrganizationDoesNotHaveIsInvalidInput() throws Exception {
        Path file = runbook("- organizationalUnit: ou-gs01-nosuchunit");

        var r = new CliRunner().terminal(new ScriptedTerminal(true)).run("plan", "--sandbox", file.toString());

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("guard: organizationalUnit ou-gs01-nosuchunit is not in the organization (");
    }
}
