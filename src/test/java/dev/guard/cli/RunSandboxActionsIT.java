package dev.guard.cli;

import static dev.guard.cli.SandboxRuns.args;
import static dev.guard.cli.SandboxRuns.assertNoSecrets;
import static dev.guard.cli.SandboxRuns.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard run --sandbox} (and {@code plan --sandbox}) through each kind of step and credential
 * route: the MFA bucket through GetSessionToken, a same-account MFA-conditioned stop, the mixed
 * window with one code, a table after its backup, a prefix of thousands of objects.
 */
class RunSandboxActionsIT {
    /** For runs proven from the sandbox itself (see {@link HeldSandbox}). */
    @TempDir
    Path dir;

    @Test
    void theMfaBucketIsReachedThroughGetSessionTokenNotTheRole() {
        String code = code("alice");
        var terminal = new ScriptedTerminal(true, code, "production", "production");
        var r = new CliRunner().terminal(terminal).run(args("runbooks/replace-protected-artifact.yaml"));

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("Credentials: GetSessionToken with MFA")
                .doesNotContain("Credentials: AssumeRole")
                .contains("releases/current/manifest.json  done  written")
                .contains("releases/previous/manifest.json  done  deleted");
        assertThat(terminal.secretPrompts).hasSize(1);
        assertNoSecrets(r, code);
    }

    @Test
    void sameAccountMfaConditionedStopWorksThroughGetSessionToken() {
        String code = code("sofia");
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true, code, "y"))
                .run(args(
                        "runbooks/stop-own-instances.yaml",
                        "-p",
                        "instanceIds=i-0a11111111111111a",
                        "--sandbox-user",
                        "sofia"));

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("Credentials: GetSessionToken with MFA")
                .contains("i-0a11111111111111a  done  running → stopped");
    }

    @Test
    void theMixedRunbookAsksForOneCodeAcrossTwoAccountsAndTheBucket() {
        String code = code("alice");
        var terminal = new ScriptedTerminal(true, code, "y", "sessions-staging", "production");
        var r = new CliRunner()
                .terminal(terminal)
                .run(args(
                        "runbooks/mixed-maintenance.yaml",
                        "-p",
                        "devInstanceId=i-0a22222222222222b",
                        "-p",
                        "stagingTable=sessions-staging"));

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(terminal.secretPrompts).hasSize(1);
        assertThat(r.out())
                .contains("i-0a22222222222222b  done  running → stopped")
                .containsPattern("sessions-staging  done  ACTIVE → \\S+; backup arn:aws:dynamodb:")
                .contains("maintenance/last-window.txt  done  written");
        assertNoSecrets(r, code);
    }

    @Test
    void aProtectedTableIsRefusedAndNeitherBackedUpNorDeleted() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var refused = sandbox.run(
                    new ScriptedTerminal(true, code("alice"), "orders-staging"),
                    "runbooks/delete-staging-table.yaml",
                    "-p",
                    "tableName=orders-staging");

            assertThat(refused.exitCode()).isEqualTo(3);
            assertThat(refused.out())
                    .contains("orders-staging is tagged guard:protected=true (guards.refuseTags)")
                    .contains("orders-staging: deletion protection is on; guard never switches it off");
            assertThat(sandbox.changes()).isEmpty();
            assertThat(sandbox.calls("dynamodb")).doesNotContain("dynamodb:CreateBackup", "dynamodb:DeleteTable");
            assertThat(sandbox.tableExists("333333333333", "orders-staging")).isTrue();
        }
    }

    @Test
    void aTableIsDeletedAfterItsBackupIsAvailable() {
        var terminal = new ScriptedTerminal(true, code("alice"), "sessions-staging");
        var deleted = new CliRunner()
                .terminal(terminal)
                .run(args("runbooks/delete-staging-table.yaml", "-p", "tableName=sessions-staging"));
        assertThat(deleted.exitCode()).as(deleted.out() + deleted.err()).isZero();
        assertThat(terminal.prompts).contains("Type 'sessions-staging' to delete 1 table in staging (333333333333): ");
        assertThat(deleted.out())
                .contains("backing up sessions-staging as sessions-staging-guard-")
                .containsPattern(
                        "sessions-staging  done  ACTIVE → deleted; backup arn:aws:dynamodb:us-east-1:333333333333:"
                                + "table/sessions-staging/backup/");
    }

    @Test
    void planWithSandboxReadsTheTargetsAndChecksTheGuardsButNeverConfirmsOrChanges() {
        var terminal = new ScriptedTerminal(true, code("alice"));
        var r = new CliRunner().terminal(terminal).run("plan", "--sandbox", "cleanup-dev-instances");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("i-0a22222222222222c  stopped  Name=dev-experiment-old")
                .contains("i-0a22222222222222d  stopped  Name=dev-scratch")
                .contains("live plan: 2 targets read just now, every guard passes; nothing was changed")
                .doesNotContain("  done  ");
        assertThat(terminal.prompts).hasSize(1); // the MFA code, no confirmation
    }

    @Test
    void aLivePlanChangesNothingEvenWhereAGuardRefuses() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var passes = sandbox.guard(
                    "alice", new ScriptedTerminal(true, code("alice")), "plan", "--live", "cleanup-dev-instances");
            assertThat(passes.exitCode()).as(passes.out() + passes.err()).isZero();
            assertThat(passes.out())
                    .contains("live plan: 2 targets read just now, every guard passes; nothing was changed");

            var refused = sandbox.guard(
                    "alice",
                    new ScriptedTerminal(true, code("alice")),
                    "plan",
                    "--live",
                    "terminate-dev-instance",
                    "-p",
                    "instanceId=i-0a22222222222222e");
            assertThat(refused.exitCode()).isEqualTo(3);
            assertThat(refused.out()).contains("is tagged guard:protected=true");

            // Targets were read; nothing was changed, not even with EC2's DryRun.
            assertThat(sandbox.calls("ec2")).contains("ec2:DescribeInstances").doesNotContain("ec2:TerminateInstances");
            assertThat(sandbox.changes()).isEmpty();
            assertThat(sandbox.instanceState("222222222222", "i-0a22222222222222c"))
                    .isEqualTo("stopped");
        }
    }

    @Test
    void aPrefixOfThousandsIsDeletedInBatchesAndListedAsASample(@TempDir Path dir) throws Exception {
        // A seed whose protected bucket holds 2,500 objects under bulk/: three DeleteObjects calls.
        StringBuilder objects = new StringBuilder();
        for (int i = 0; i < 2500; i++) {
            objects.append(String.format("          bulk/o%05d: \"x\"%n", i));
        }
        String seed = Files.readString(Path.of("config/sandbox.yaml"))
                .replace("        objects:\n", "        objects:\n" + objects);
        Path seedFile = dir.resolve("bulk-seed.yaml");
        Files.writeString(seedFile, seed);
        Path runbook = dir.resolve("empty-bulk.yaml");
        Files.writeString(runbook, """
                apiVersion: guard/v1
                kind: Runbook
                name: empty-bulk
                target: {account: production, region: us-east-1}
                steps:
                  - id: delete
                    action: s3:DeleteObject
                    with: {bucket: guard-protected-artifacts, prefix: "bulk/"}
                    guards: {maxTargets: 3000}
                    confirm: typed
                """);
        String code = code("alice");
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true, code, "production"))
                .run(args(runbook.toString(), "--sandbox-seed", seedFile.toString()));

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("… and 2450 more (all are in the audit log and --output json)")
                .contains("→ delete 2500 objects")
                .contains("… and 2450 more done")
                .contains("Done: 2500 changed");
        assertNoSecrets(r, code);
    }
}
