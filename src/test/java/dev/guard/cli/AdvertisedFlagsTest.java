package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guard.audit.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every flag guard's help or README offers does what it says, or says honestly that it cannot yet. */
class AdvertisedFlagsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private CliRunner cli() {
        return new CliRunner().env("XDG_CACHE_HOME", dir.resolve("cache").toString());
    }

    private static final String[] PLAN = {"plan", "runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0abc1234"
    };

    private static String[] plus(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }

    @Test
    void anOfflinePlanDashOIsRefusedWithTheReasonAndWritesNothing() {
        Path file = dir.resolve("plan.json");
        var r = cli().run(plus(PLAN, "-o", file.toString()));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err())
                .contains("no target to fingerprint")
                .contains("--live")
                .doesNotContain("Unknown option");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(file).doesNotExist();
    }

    @Test
    void expiresInNeedsDashOAndABoundedDuration() {
        Path file = dir.resolve("plan.json");
        var alone = cli().run(plus(PLAN, "--expires-in", "1h"));
        assertThat(alone.exitCode()).as(alone.err()).isEqualTo(2);
        assertThat(alone.err()).contains("give -o FILE too");
        for (String bad : new String[] {"8d", "169h", "0h", "1 day", "-1h", "1w"}) {
            var r = cli().run(plus(PLAN, "--live", "-o", file.toString(), "--expires-in", bad));
            assertThat(r.exitCode()).as(bad + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(bad).contains("--expires-in");
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void loginsHelpDoesNotOfferTheSandboxItWouldRefuse() {
        var help = cli().run("login", "--help");
        assertThat(help.out()).contains("--endpoint-url").doesNotContain("--sandbox");
        var r = cli().run("login", "--sandbox");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("guard sandbox");
    }

    @Test
    void whoamiAndDoctorOfferTheSandbox() {
        assertThat(cli().run("whoami", "--help").out()).contains("--sandbox");
        assertThat(cli().run("doctor", "--help").out()).contains("--sandbox");
    }

    @Test
    void logoutSpeaksJson() throws Exception {
        var r = cli().run("logout", "--output", "json");
        assertThat(r.exitCode()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("removed").asInt()).isZero();
        assertThat(doc.get("directory").asText()).endsWith("guard/sessions");
    }

    @Test
    void auditPathAndVerifySpeakJson() throws Exception {
        Path log = dir.resolve("audit.jsonl");
        new AuditLog(log, Clock.systemUTC(), "r1").append("run.start", Map.of("runbook", "x"));

        var path = cli().run("audit", "path", "--file", log.toString(), "--output", "json");
        assertThat(JSON.readTree(path.out()).get("path").asText()).isEqualTo(log.toString());

        var verify = cli().run("audit", "verify", "--file", log.toString(), "--output", "json");
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        JsonNode doc = JSON.readTree(verify.out());
        assertThat(doc.get("intact").asBoolean()).isTrue();
        assertThat(doc.get("records").asInt()).isEqualTo(1);
        assertThat(doc.get("head").asText()).hasSize(64);

        // The first line edited: the second one's prev hash no longer matches it.
        new AuditLog(log, Clock.systemUTC(), "r1").append("run.end", Map.of("exitCode", 0));
        Files.writeString(log, Files.readString(log).replace("\"x\"", "\"y\""));
        var broken = cli().run("audit", "verify", "--file", log.toString(), "--output", "json");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(broken.out()).get("intact").asBoolean()).isFalse();
    }

    @Test
    void anMfaCodeAndAnMfaCommandTogetherAreRefused() {
        var r = cli().run(
                        "run",
                        "runbooks/terminate-dev-instance.yaml",
                        "-p",
                        "instanceId=i-0abc1234",
                        "--dry-run",
                        "--mfa-code",
                        "123456",
                        "--mfa-command",
                        "echo 654321");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("give one of --mfa-code and --mfa-command");
        assertThat(r.err()).doesNotContain("123456").doesNotContain("654321");
    }

    @Test
    void anEndpointUrlWithAPasswordIsRefusedWithoutShowingIt() {
        var r = cli().run(
                        "run",
                        "runbooks/terminate-dev-instance.yaml",
                        "-p",
                        "instanceId=i-0abc1234",
                        "--dry-run",
                        "--endpoint-url",
                        "http://ops:hunter2-secret@127.0.0.1:9");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("has a user name or password in it").contains("http://…@127.0.0.1:9");
        assertThat(r.out() + r.err()).doesNotContain("hunter2-secret").doesNotContain("ops:");
    }

    @Test
    void aBrokenEndpointUrlIsShownWithoutWhatMayBeAPassword() {
        var r = cli().run(
                        "run",
                        "runbooks/terminate-dev-instance.yaml",
                        "-p",
                        "instanceId=i-0abc1234",
                        "--dry-run",
                        "--endpoint-url",
                        "ops:hunter2 secret@127.0.0.1:9");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("is not an http(s) URL").contains("…@127.0.0.1:9");
        assertThat(r.out() + r.err()).doesNotContain("hunter2");
    }

    @Test
    void anEndpointUrlWithAPortOutOfRangeIsInvalidInputNotAnInternalError() {
        var r = cli().run(
                        "run",
                        "runbooks/terminate-dev-instance.yaml",
                        "-p",
                        "instanceId=i-0abc1234",
                        "--dry-run",
                        "--endpoint-url",
                        "http://127.0.0.1:99999");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("has port 99999").doesNotContain("internal error");
    }

    @Test
    void auditVerifyOfADirectoryOrAPipeSaysWhatItIsNotThatNothingWasRun() throws Exception {
        var directory = cli().run("audit", "verify", "--file", dir.toString());
        assertThat(directory.exitCode()).as(directory.err()).isEqualTo(2);
        assertThat(directory.err()).contains("is a directory, not an audit log").doesNotContain("nothing has been run");

        Path fifo = dir.resolve("fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        var pipe = cli().run("audit", "verify", "--file", fifo.toString());
        assertThat(pipe.exitCode()).as(pipe.err()).isEqualTo(2);
        assertThat(pipe.err()).contains("is not a regular file").doesNotContain("nothing has been run");
    }

    @Test
    void anEmptyConfigOrRunbookNameIsNamedAsEmptyNotAsTheWorkingDirectory() {
        for (String[] args : new String[][] {
            {"--config", "", "plan", "runbooks/terminate-dev-instance.yaml"},
            {"--config", "", "validate"},
            {"plan", ""},
            {"run", "", "--yes"},
        }) {
            var r = cli().run(args);
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err())
                    .contains("an empty")
                    .doesNotContain("is a directory")
                    .doesNotContain("internal error");
        }
    }
}
