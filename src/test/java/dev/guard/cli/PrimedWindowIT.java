package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.server.Journal;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unattended mode (a), the primed window (DESIGN.md §7): an operator's {@code guard login} (one MFA
 * code) serves a scheduler's runs — no terminal, nothing to read on stdin — until the session
 * expires; without a session the run fails at once with exit 4 and a line telling whoever reads the
 * scheduler's mail to run {@code guard login}, never a prompt that waits.
 */
class PrimedWindowIT {
    private static final String NO_SESSION = "no MFA session: run guard login on a terminal";

    @TempDir
    Path dir;

    /** A scheduler's terminal: none, and nothing may be asked on it. */
    private static ScriptedTerminal cron() {
        return ScriptedTerminal.strict(false);
    }

    private static void login(HeldSandbox sandbox) throws Exception {
        var totp = sandbox.guard("alice", cron(), "sandbox", "totp", "alice");
        assertThat(totp.exitCode()).as(totp.err()).isZero();
        String code = totp.out().strip();
        var login = sandbox.guard("alice", cron(), "login", "--mfa-code", code);
        assertThat(login.exitCode()).as(login.err()).isZero();
        assertThat(login.out() + login.err()).doesNotContain(code);
    }

    private static long count(HeldSandbox sandbox, String action) {
        return sandbox.journal().stream().filter(e -> e.action().equals(action)).count();
    }

    @Test
    void oneLoginServesUnattendedRunsWithNoTerminalAndNoCode() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            login(sandbox);

            var run = sandbox.guard("alice", cron(), "run", "cleanup-dev-instances", "--yes");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("your cached MFA session").contains("Confirmed by --yes");
            // The login's GetSessionToken is the only one: the run used its session, with no code.
            assertThat(count(sandbox, "sts:GetSessionToken")).isEqualTo(1);
            List<Journal.Entry> terminated = sandbox.journal().stream()
                    .filter(e -> e.action().equals("ec2:TerminateInstances") && e.status() == 200)
                    .toList();
            assertThat(terminated)
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.principal())
                            .startsWith("arn:aws:sts::222222222222:assumed-role/PrivilegedActionsRole/guard-alice-"));
            assertThat(sandbox.instanceState("222222222222", "i-0a22222222222222c"))
                    .isIn("shutting-down", "terminated");
        }
    }

    @Test
    void anExpiredSessionFailsAtOnceWithExit4AndSaysToRunGuardLogin() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            login(sandbox);
            // As the file reads 13 h after a 12 h login.
            editCachedSession(json -> json.replaceAll(
                            "\"mfaAt\":\"[^\"]+\"",
                            "\"mfaAt\":\"" + Instant.now().minusSeconds(13 * 3600) + "\"")
                    .replaceAll(
                            "\"expires\":\"[^\"]+\"",
                            "\"expires\":\"" + Instant.now().minusSeconds(3600) + "\""));
            long before = sandbox.journal().size();

            var run = sandbox.guard("alice", cron(), "run", "cleanup-dev-instances", "--yes");

            assertThat(run.exitCode()).isEqualTo(4);
            assertThat(run.err()).contains(NO_SESSION).contains("Nothing was changed");
            // Who the caller is was asked, nothing more: no STS session, no EC2 call, no change.
            assertThat(sandbox.journal().subList((int) before, sandbox.journal().size()))
                    .extracting(Journal.Entry::action)
                    .containsExactly("sts:GetCallerIdentity");
            assertThat(sandbox.changes()).isEmpty();
        }
    }

    @Test
    void withoutAnySessionTheLineAlsoTellsARunnerWithoutMfaWhereItsWayIs() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            var run = sandbox.guard("alice", cron(), "run", "cleanup-dev-instances", "--yes");

            assertThat(run.exitCode()).isEqualTo(4);
            assertThat(run.err()).contains(NO_SESSION).contains("guard apply --runner of an approved plan");
            assertThat(run.err().strip().lines()).hasSize(1);
            assertThat(sandbox.calls("ec2")).isEmpty();
        }
    }

    @Test
    void aSessionOlderThanTheRunbookAllowsSaysToLogInAgain() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir)) {
            login(sandbox);
            editCachedSession(json -> json.replaceAll(
                    "\"mfaAt\":\"[^\"]+\"", "\"mfaAt\":\"" + Instant.now().minusSeconds(7200) + "\""));
            Path runbook = dir.resolve("young-cleanup.yaml");
            Files.writeString(
                    runbook,
                    Files.readString(Path.of("runbooks/cleanup-dev-instances.yaml"))
                            .replace("unattended: true", "unattended: true\nmfa:\n  maxAgeSeconds: 900"));

            var run = sandbox.guard("alice", cron(), "run", runbook.toString(), "--yes");

            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(4);
            assertThat(run.err())
                    .contains("older than this runbook's mfa.maxAgeSeconds (900 s): run guard login --force on a"
                            + " terminal");
            assertThat(sandbox.calls("ec2")).isEmpty();
        }
    }

    /** The one session the login cached, rewritten by {@code edit}: read as if later than written. */
    private void editCachedSession(java.util.function.UnaryOperator<String> edit) throws java.io.IOException {
        Path file;
        try (var files = Files.list(dir.resolve("cache/guard/sessions"))) {
            file = files.findFirst().orElseThrow();
        }
        Files.writeString(file, edit.apply(Files.readString(file)));
    }
}
