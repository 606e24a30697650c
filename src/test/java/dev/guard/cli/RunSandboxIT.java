package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guard.cli.CliRunner.ScriptedTerminal;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.seed.Totp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard run --sandbox}, end to end and in-process: the real SDK against a sandbox started
 * for each run, a scripted terminal answering the MFA prompt and the confirmation. Each scenario of
 * DESIGN.md §1 the example runbooks exercise, and the refusals that must change nothing.
 */
class RunSandboxIT {
    private static final SeedWorld SEED = SeedLoader.bundled();

    private static String code(String user) {
        return Totp.code(seedUser(user).mfaDevice().orElseThrow().base32Secret(), Instant.now());
    }

    private static SeedUser seedUser(String name) {
        return SEED.userByName(name).orElseThrow();
    }

    private static String[] args(String... args) {
        return Stream.concat(Stream.of("run", "--sandbox"), Arrays.stream(args)).toArray(String[]::new);
    }

    /** What no output may ever hold: seeded secret keys, and the MFA code that was typed. */
    private static void assertNoSecrets(CliRunner.Result r, String typedCode) {
        for (String user : new String[] {"alice", "bob", "sofia"}) {
            assertThat(r.out() + r.err()).doesNotContain(seedUser(user).secretAccessKey());
        }
        assertThat(r.out() + r.err()).doesNotContain(typedCode);
    }

    @Test
    void terminatesTheDevInstanceWithOneMfaPromptAndATypedConfirmation() {
        String code = code("alice");
        var terminal = new ScriptedTerminal(true, code, "development");
        var r = new CliRunner()
                .terminal(terminal)
                .run(args("runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0a22222222222222a"));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(terminal.secretPrompts).containsExactly("Enter MFA code for arn:aws:iam::111111111111:mfa/alice: ");
        // The sandbox's current code is offered on the terminal, never on stdout.
        assertThat(terminal.printed).anyMatch(l -> l.contains("sandbox: arn:aws:iam::111111111111:mfa/alice shows"));
        assertThat(terminal.prompts)
                .contains("Type 'development' to terminate 1 instance in development (222222222222): ");
        assertThat(r.out())
                .contains("Acting as arn:aws:iam::111111111111:user/alice")
                .contains("Credentials: AssumeRole arn:aws:iam::222222222222:role/PrivilegedActionsRole with MFA")
                .contains("i-0a22222222222222a  running  Name=dev-web-1")
                .contains("i-0a22222222222222a  done  running → terminated")
                .contains("Done: 1 changed");
        assertNoSecrets(r, code);
    }

    @Test
    void aWrongCodeIsRefusedByTheTrustPolicyWithExit4BeforeAnyTargetIsRead() {
        String wrong = String.format("%06d", (Integer.parseInt(code("alice")) + 500_000) % 1_000_000);
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true, wrong))
                .run(args("runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0a22222222222222a"));

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err())
                .contains("AssumeRole arn:aws:iam::222222222222:role/PrivilegedActionsRole with MFA denied")
                .contains("already used");
        assertThat(r.out()).doesNotContain("Step 1/1 terminate — ec2:TerminateInstances in");
        assertNoSecrets(r, wrong);
    }

    @Test
    void aMalformedCodeNeverReachesAws() {
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true, "12ab56"))
                .run(args("runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0a22222222222222a"));

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("the MFA code from the prompt is not 6 digits; nothing was sent to AWS");
        assertNoSecrets(r, "12ab56");
    }

    @Test
    void aProtectedTagRefusesTheWholeRunBeforeTheConfirmation() {
        var terminal = new ScriptedTerminal(true, code("alice"), "development");
        var r = new CliRunner()
                .terminal(terminal)
                .run(args("runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0a22222222222222e"));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out())
                .contains("Refused by guards — nothing was changed:")
                .contains("i-0a22222222222222e is tagged guard:protected=true (guards.refuseTags)");
        assertThat(terminal.prompts).noneMatch(p -> p.startsWith("Type "));
    }

    @Test
    void terminationProtectionIsRefusedNotSwitchedOff() {
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true, code("alice"), "development"))
                .run(args("runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0a22222222222222f"));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out())
                .contains("i-0a22222222222222f: termination protection is on (disableApiTermination); guard never"
                        + " switches it off");
    }

    @Test
    void anInstanceThatDoesNotExistIsAnErrorNotNothingToDo() {
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true, code("alice")))
                .run(args("runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0a2222222222222ff"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err())
                .contains("instance i-0a2222222222222ff does not exist in development (222222222222), us-east-1");
    }

    @Test
    void aMistypedConfirmationDeclinesAndChangesNothing() {
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true, code("alice"), "develop"))
                .run(args("runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0a22222222222222a"));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).contains("declined: 'development' was not typed").doesNotContain("done  running");
    }

    @Test
    void aDryRunAsksEc2WithDryRunAndNeverConfirms() {
        var terminal = new ScriptedTerminal(true, code("alice"));
        var r = new CliRunner()
                .terminal(terminal)
                .run(args("runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0a22222222222222b", "--dry-run"));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("terminate: allowed — EC2 DryRun answered DryRunOperation");
        assertThat(terminal.prompts).hasSize(1); // the MFA code only
    }

    @Test
    void withoutATerminalARunNeedingConfirmationIsRefusedBeforeAnyAwsCall() {
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(false))
                .run(args("runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0a22222222222222a"));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("there is no terminal to ask on");
        assertThat(r.out()).doesNotContain("Sandbox: started");
    }

    @Test
    void withoutATerminalAnMfaCommandServesADryRun() {
        String code = code("alice");
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(false))
                .run(args(
                        "runbooks/terminate-dev-instance.yaml",
                        "-p",
                        "instanceId=i-0a22222222222222b",
                        "--dry-run",
                        "--mfa-command",
                        "printf 'alice-sandbox  " + code + "\\n'"));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertNoSecrets(r, code);
    }

    @Test
    void withoutATerminalOrCodeSourceItFailsFastWithExit4() {
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(false))
                .run(args("runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0a22222222222222b", "--dry-run"));

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("there is no terminal to ask on; pass --mfa-command");
    }

    @Test
    void aUserWithoutAnMfaDeviceIsToldSo() {
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true))
                .run(args(
                        "runbooks/terminate-dev-instance.yaml",
                        "-p",
                        "instanceId=i-0a22222222222222a",
                        "--sandbox-user",
                        "bob"));

        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("your IAM user has no MFA device");
    }

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
    void jsonOutputIsOneDocumentWithThePlanAndTheResult() throws Exception {
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true, code("alice")))
                .run(args(
                        "runbooks/terminate-dev-instance.yaml",
                        "-p",
                        "instanceId=i-0a22222222222222b",
                        "--dry-run",
                        "--output",
                        "json"));

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("plan").path("runbook").isMissingNode()).isFalse();
        assertThat(doc.path("result").path("exitCode").asInt()).isZero();
        assertThat(doc.path("result")
                        .path("steps")
                        .get(0)
                        .path("targets")
                        .get(0)
                        .path("state")
                        .asText())
                .isEqualTo("running");
        assertThat(doc.path("result")
                        .path("steps")
                        .get(0)
                        .path("dryRun")
                        .path("allowed")
                        .asBoolean())
                .isTrue();
        assertThat(r.err()).contains("Acting as"); // the operator's lines go to stderr
    }

    @Test
    void anUnattendedRunbookRunsWithYesAndAnMfaCommandWithoutATerminal() {
        String code = code("alice");
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(false))
                .run(args("cleanup-dev-instances", "--yes", "--mfa-command", "echo " + code));

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("Confirmed by --yes (unattended runbook): terminate 2 instances in development")
                .contains("i-0a22222222222222c  done  stopped → terminated")
                .contains("i-0a22222222222222d  done  stopped → terminated")
                .doesNotContain("i-0a22222222222222a  done");
        assertNoSecrets(r, code);
    }

    @Test
    void aSelectorMatchingMoreThanMaxTargetsRefusesTheWholeRun(@TempDir Path dir) throws Exception {
        Path runbook = dir.resolve("cleanup.yaml");
        Files.writeString(
                runbook,
                Files.readString(Path.of("runbooks/cleanup-dev-instances.yaml"))
                        .replace("maxTargets: 20", "maxTargets: 1"));
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true, code("alice"), "development"))
                .run(args(runbook.toString()));

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out())
                .contains("2 instances match, more than guards.maxTargets 1: refusing the whole run")
                .doesNotContain("done  stopped");
    }

    @Test
    void aTableIsDeletedAfterItsBackupIsAvailableAndAProtectedOneIsRefused() {
        var refused = new CliRunner()
                .terminal(new ScriptedTerminal(true, code("alice"), "orders-staging"))
                .run(args("runbooks/delete-staging-table.yaml", "-p", "tableName=orders-staging"));
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.out())
                .contains("orders-staging is tagged guard:protected=true (guards.refuseTags)")
                .contains("orders-staging: deletion protection is on; guard never switches it off");

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

        var refused = new CliRunner()
                .terminal(new ScriptedTerminal(true, code("alice")))
                .run("plan", "--sandbox", "terminate-dev-instance", "-p", "instanceId=i-0a22222222222222e");
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.out()).contains("is tagged guard:protected=true");
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
