package dev.guard.cli;

import static dev.guard.cli.SandboxRuns.args;
import static dev.guard.cli.SandboxRuns.assertNoSecrets;
import static dev.guard.cli.SandboxRuns.code;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard run --sandbox}, end to end and in-process: the real SDK against a sandbox started
 * for each run, a scripted terminal answering the MFA prompt and the confirmation: the cross-account
 * terminate, and every refusal that must change nothing (codes, guards, confirmation, no terminal).
 * A refusal is proven from the sandbox, not from what guard printed: those runs go against a
 * sandbox the test holds ({@link HeldSandbox}; a {@code --sandbox} run's own sandbox ends with it),
 * whose journal must show no change and whose resources are read afterwards. The other routes and
 * actions are in {@link RunSandboxActionsIT}.
 */
class RunSandboxIT {
    private static final String TERMINATE = "runbooks/terminate-dev-instance.yaml";
    private static final String DEV = "222222222222";

    @TempDir
    Path dir;

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
    void aWrongCodeIsRefusedWithExit4BeforeAnyTargetIsRead() throws Exception {
        String wrong = String.format("%06d", (Integer.parseInt(code("alice")) + 500_000) % 1_000_000);
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var r = sandbox.run(new ScriptedTerminal(true, wrong), TERMINATE, "-p", "instanceId=i-0a22222222222222a");

            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.err())
                    .contains("with MFA device arn:aws:iam::111111111111:mfa/alice denied")
                    .contains("already used");
            assertThat(r.out()).doesNotContain("Step 1/1 terminate — ec2:TerminateInstances in");
            assertNoSecrets(r, wrong);
            // What the sandbox saw: not one EC2 call, nothing changed.
            assertThat(sandbox.calls("ec2")).isEmpty();
            assertThat(sandbox.changes()).isEmpty();
        }
    }

    @Test
    void aMalformedCodeNeverReachesAws() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var r = sandbox.run(
                    new ScriptedTerminal(true, "12ab56"), TERMINATE, "-p", "instanceId=i-0a22222222222222a");

            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.err()).contains("the MFA code from the prompt is not 6 digits; nothing was sent to AWS");
            assertNoSecrets(r, "12ab56");
            // Who the caller is was asked; no call with a code was made, and no EC2 call at all.
            assertThat(sandbox.calls("sts")).containsOnly("sts:GetCallerIdentity");
            assertThat(sandbox.calls("ec2")).isEmpty();
        }
    }

    @Test
    void aProtectedTagRefusesTheWholeRunBeforeTheConfirmation() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var terminal = new ScriptedTerminal(true, code("alice"), "development");
            var r = sandbox.run(terminal, TERMINATE, "-p", "instanceId=i-0a22222222222222e");

            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.out())
                    .contains("Refused by guards — nothing was changed:")
                    .contains("i-0a22222222222222e is tagged guard:protected=true (guards.refuseTags)");
            assertThat(terminal.prompts).noneMatch(p -> p.startsWith("Type "));
            assertThat(sandbox.changes()).isEmpty();
            assertThat(sandbox.instanceState(DEV, "i-0a22222222222222e")).isEqualTo("running");
        }
    }

    @Test
    void terminationProtectionIsRefusedNotSwitchedOff() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var r = sandbox.run(
                    new ScriptedTerminal(true, code("alice"), "development"),
                    TERMINATE,
                    "-p",
                    "instanceId=i-0a22222222222222f");

            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.out())
                    .contains("i-0a22222222222222f: termination protection is on (disableApiTermination); guard never"
                            + " switches it off");
            // Neither switched off (ModifyInstanceAttribute) nor terminated.
            assertThat(sandbox.changes()).isEmpty();
            assertThat(sandbox.calls("ec2")).doesNotContain("ec2:ModifyInstanceAttribute", "ec2:TerminateInstances");
            assertThat(sandbox.instanceState(DEV, "i-0a22222222222222f")).isEqualTo("running");
        }
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
    void aMistypedConfirmationDeclinesAndChangesNothing() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var r = sandbox.run(
                    new ScriptedTerminal(true, code("alice"), "develop"),
                    TERMINATE,
                    "-p",
                    "instanceId=i-0a22222222222222a");

            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.out())
                    .contains("declined: 'development' was not typed")
                    .doesNotContain("done  running");
            assertThat(sandbox.changes()).isEmpty();
            assertThat(sandbox.calls("ec2")).doesNotContain("ec2:TerminateInstances");
            assertThat(sandbox.instanceState(DEV, "i-0a22222222222222a")).isEqualTo("running");
        }
    }

    @Test
    void aDryRunAsksEc2WithDryRunAndNeverConfirms() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var terminal = new ScriptedTerminal(true, code("alice"));
            var r = sandbox.run(terminal, TERMINATE, "-p", "instanceId=i-0a22222222222222b", "--dry-run");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("terminate: allowed — EC2 DryRun answered DryRunOperation");
            assertThat(terminal.prompts).hasSize(1); // the MFA code only
            // EC2 was asked (DryRun), and nothing changed.
            assertThat(sandbox.journal()).anyMatch(e -> e.decision().contains("DryRunOperation"));
            assertThat(sandbox.changes()).isEmpty();
            assertThat(sandbox.instanceState(DEV, "i-0a22222222222222b")).isEqualTo("running");
        }
    }

    @Test
    void withoutATerminalARunNeedingConfirmationIsRefusedBeforeAnyAwsCall() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var r = sandbox.run(new ScriptedTerminal(false), TERMINATE, "-p", "instanceId=i-0a22222222222222a");

            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.err()).contains("there is no terminal to ask on");
            assertThat(sandbox.journal()).isEmpty();
        }
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
    void withoutATerminalOrCodeSourceItFailsFastWithExit4() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var r = sandbox.run(
                    new ScriptedTerminal(false), TERMINATE, "-p", "instanceId=i-0a22222222222222b", "--dry-run");

            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.err())
                    .contains("no MFA session: run guard login on a terminal")
                    .contains("pass --mfa-command")
                    .contains("there is no terminal to ask on");
            assertThat(sandbox.calls("ec2")).isEmpty();
            assertThat(sandbox.changes()).isEmpty();
        }
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
    void jsonOutputOfASetNamesEachMembersAccountByAliasAndId() throws Exception {
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true, code("alice")))
                .run(args("runbooks/stop-dev-fleet.yaml", "--dry-run", "--output", "json"));

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode members = new ObjectMapper()
                .readTree(r.out())
                .path("result")
                .path("sets")
                .get(0)
                .path("members");
        assertThat(members.get(0).path("account").asText()).isEqualTo("development");
        assertThat(members.get(0).path("accountId").asText()).isEqualTo("222222222222");
        assertThat(members.get(1).path("account").asText()).isEqualTo("staging");
        assertThat(members.get(1).path("accountId").asText()).isEqualTo("333333333333");
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
    void aSelectorMatchingMoreThanMaxTargetsRefusesTheWholeRun() throws Exception {
        Path runbook = dir.resolve("cleanup.yaml");
        Files.writeString(
                runbook,
                Files.readString(Path.of("runbooks/cleanup-dev-instances.yaml"))
                        .replace("maxTargets: 20", "maxTargets: 1"));
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var r = sandbox.run(new ScriptedTerminal(true, code("alice"), "development"), runbook.toString());

            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.out())
                    .contains("2 instances match, more than guards.maxTargets 1: refusing the whole run")
                    .doesNotContain("done  stopped");
            assertThat(sandbox.changes()).isEmpty();
            assertThat(sandbox.instanceState(DEV, "i-0a22222222222222c")).isEqualTo("stopped");
            assertThat(sandbox.instanceState(DEV, "i-0a22222222222222d")).isEqualTo("stopped");
        }
    }
}
