package dev.guard.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.audit.AuditLog;
import dev.guard.config.Account;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessAuditTest {
    @Test
    void oneChainedLineNamesWhoWhereLimitsAndTheCommandNameOnly(@TempDir Path dir) throws Exception {
        var target = new AccessTarget(
                Optional.of(new Account("development", "222222222222", Optional.empty(), false)),
                Optional.of("arn:aws:iam::222222222222:role/PrivilegedActionsRole"));
        var credentials = new AccessCredentials(
                "ASIAEXAMPLE",
                "the-secret-key",
                "the-session-token",
                Instant.parse("2026-12-01T05:00:00Z"),
                "us-east-1",
                Optional.of(URI.create("http://127.0.0.1:4599")),
                "development");
        var granted = new AdHocAccess.Granted(credentials, "arn:aws:iam::111111111111:user/alice", target);
        Path log = dir.resolve("audit.jsonl");
        AccessAudit.record(
                log,
                AccessAudit.Kind.EXEC,
                granted,
                Optional.of(SessionPolicy.readOnly()),
                Optional.of("/usr/bin/aws"),
                "http://127.0.0.1:4599");
        String line = Files.readString(log);
        assertThat(line.lines()).hasSize(1);
        assertThat(line)
                .contains(
                        "\"event\":\"access\"",
                        "\"kind\":\"exec\"",
                        "\"caller\":\"arn:aws:iam::111111111111:user/alice\"")
                .contains("\"account\":\"222222222222\"", "\"accountAlias\":\"development\"")
                .contains("\"role\":\"arn:aws:iam::222222222222:role/PrivilegedActionsRole\"")
                .contains("\"sessionPolicy\":\"read-only\"", "\"command\":\"aws\"")
                .doesNotContain("the-secret-key", "the-session-token", "/usr/bin");
        assertThat(AuditLog.verify(log).intact()).isTrue();
    }

    @Test
    void theCommandIsItsBaseName() {
        assertThat(AccessAudit.commandName("/usr/bin/aws")).isEqualTo("aws");
        assertThat(AccessAudit.commandName("terraform")).isEqualTo("terraform");
        assertThat(AccessAudit.commandName("./bin/")).isEqualTo("(not a plain command name)");
        // A secret typed where the command goes is never written to the audit log.
        assertThat(AccessAudit.commandName("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
                .isEqualTo("(not a plain command name)");
    }
}
