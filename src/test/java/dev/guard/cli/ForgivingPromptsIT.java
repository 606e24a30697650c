package dev.guard.cli;

import static dev.guard.cli.SandboxRuns.assertNoSecrets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.term.ScriptedTerminal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forgiving prompts against a sandbox the test holds: a code AWS refuses as invalid is asked again
 * once and the right one then works, a mistyped confirmation is asked again — and the sandbox's
 * journal shows what each try did: the refused call changed nothing, the world changed once.
 */
class ForgivingPromptsIT {
    private static final String STOP = "runbooks/stop-own-instances.yaml";
    private static final String TERMINATE = "runbooks/terminate-dev-instance.yaml";

    @TempDir
    Path dir;

    private static String wrong(String code) {
        return String.format("%06d", (Integer.parseInt(code) + 500_000) % 1_000_000);
    }

    /**
     * The STS calls after guard learnt who you are (GetCallerIdentity), as "action status decision".
     * A refused call is journalled under its action too (sts:GetSessionToken 403 AccessDenied).
     */
    private static List<String> coded(HeldSandbox sandbox) {
        return sandbox.journal().stream()
                .filter(e -> e.service().equals("sts") && !e.action().equals("sts:GetCallerIdentity"))
                .map(e -> e.action() + " " + e.status() + " " + e.decision())
                .toList();
    }

    @Test
    void aWrongCodeIsAskedAgainOnceAndTheRightCodeThenWorks() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            String right = sandbox.fixture().nextCode("sofia");
            var terminal = new ScriptedTerminal(true, wrong(right), right, "y");

            var r = sandbox.guard("sofia", terminal, "run", STOP, "-p", "instanceIds=i-0a11111111111111a");

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(terminal.secretPrompts).hasSize(2);
            assertThat(terminal.printed)
                    .anyMatch(l -> l.startsWith(
                            "AWS refused that MFA code as invalid (GetSessionToken; nothing was" + " changed)"));
            // One refused GetSessionToken, one allowed; then exactly one change, the stop.
            assertThat(coded(sandbox))
                    .containsExactly("sts:GetSessionToken 403 AccessDenied", "sts:GetSessionToken 200 allowed");
            assertThat(sandbox.changes())
                    .containsExactly(
                            "ec2:StopInstances arn:aws:ec2:us-east-1:111111111111:instance/i-0a11111111111111a");
            assertThat(r.out()).contains("i-0a11111111111111a  done  running → stopped");
            assertNoSecrets(r, right);
            assertNoSecrets(r, wrong(right));
        }
    }

    @Test
    void aSecondWrongCodeEndsTheRunWithNothingChangedAndNoThirdPrompt() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            String right = sandbox.fixture().nextCode("sofia");
            var terminal = new ScriptedTerminal(true, wrong(right), wrong(right), right, "y");

            var r = sandbox.guard("sofia", terminal, "run", STOP, "-p", "instanceIds=i-0a11111111111111a");

            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.err()).contains("GetSessionToken with MFA device").contains("denied");
            assertThat(terminal.secretPrompts).hasSize(2);
            assertThat(terminal.answers).containsExactly(right, "y");
            assertThat(coded(sandbox))
                    .containsExactly("sts:GetSessionToken 403 AccessDenied", "sts:GetSessionToken 403 AccessDenied");
            assertThat(sandbox.changes()).isEmpty();
        }
    }

    @Test
    void loginAsksOnceMoreAfterAWrongCodeAndTheRunThenNeedsNone() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            String right = sandbox.fixture().nextCode("sofia");
            var login = sandbox.guard("sofia", new ScriptedTerminal(true, wrong(right), right), "login");
            assertThat(login.exitCode()).as(login.err()).isZero();
            assertThat(coded(sandbox))
                    .containsExactly("sts:GetSessionToken 403 AccessDenied", "sts:GetSessionToken 200 allowed");

            // The session login kept serves the run: no prompt, no second GetSessionToken.
            var terminal = new ScriptedTerminal(true, "y");
            var run = sandbox.guard("sofia", terminal, "run", STOP, "-p", "instanceIds=i-0a11111111111111a");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(terminal.secretPrompts).isEmpty();
            assertThat(coded(sandbox))
                    .containsExactly("sts:GetSessionToken 403 AccessDenied", "sts:GetSessionToken 200 allowed");
            assertThat(sandbox.changes())
                    .containsExactly(
                            "ec2:StopInstances arn:aws:ec2:us-east-1:111111111111:instance/i-0a11111111111111a");
        }
    }

    @Test
    void aCodeGivenWithMfaCodeIsNeverAskedAgain() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            String right = sandbox.fixture().nextCode("sofia");
            var terminal = new ScriptedTerminal(true, right, "y");

            var r = sandbox.guard(
                    "sofia",
                    terminal,
                    "run",
                    STOP,
                    "-p",
                    "instanceIds=i-0a11111111111111a",
                    "--mfa-code",
                    wrong(right));

            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(terminal.secretPrompts).isEmpty();
            assertThat(coded(sandbox)).containsExactly("sts:GetSessionToken 403 AccessDenied");
            assertThat(sandbox.changes()).isEmpty();
        }
    }

    @Test
    void aWrongCodeForAnAssumeRoleAndAMistypedConfirmationAreBothForgiven() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            String right = sandbox.fixture().nextCode("alice");
            var terminal = new ScriptedTerminal(true, "12345", wrong(right), right, "Development", "development");

            // Without a session cache, guard assumes the role with the code itself (no GetSessionToken).
            var r = sandbox.run(terminal, TERMINATE, "-p", "instanceId=i-0a22222222222222a", "--no-session-cache");

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(terminal.printed)
                    .contains("that was 5 digits; an MFA code has 6; 2 tries left")
                    .contains("'Development' differs from 'development' in upper/lower case; type it exactly; 2 tries"
                            + " left");
            assertThat(coded(sandbox)).startsWith("sts:AssumeRole 403 AccessDenied", "sts:AssumeRole 200 allowed");
            assertThat(sandbox.changes())
                    .containsExactly(
                            "ec2:TerminateInstances arn:aws:ec2:us-east-1:222222222222:instance/i-0a22222222222222a");
            assertThat(sandbox.instanceState("222222222222", "i-0a22222222222222a"))
                    .isIn("shutting-down", "terminated");
        }
    }
}
