package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --quiet} and {@code --log-format json} on commands that need no AWS, and their sink. */
class SchedulerOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T03:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private CliRunner cli() {
        return new CliRunner().env("XDG_CACHE_HOME", dir.resolve("cache").toString());
    }

    @Test
    void quietSaysNothingOnSuccess() {
        var r = cli().run("--quiet", "validate", "runbooks/terminate-dev-instance.yaml");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();

        var plan = cli().run("plan", "runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0abc1234", "--quiet");
        assertThat(plan.exitCode()).isZero();
        assertThat(plan.out() + plan.err()).isEmpty();
    }

    @Test
    void quietStillPrintsTheJsonDocumentAndHelpAskedFor() throws Exception {
        var r = cli().run("--quiet", "--output", "json", "validate", "runbooks/terminate-dev-instance.yaml");
        assertThat(r.exitCode()).isZero();
        assertThat(JSON.readTree(r.out()).get("valid").asInt()).isEqualTo(1);
        assertThat(r.err()).isEmpty();

        assertThat(cli().run("--quiet", "--help").out()).contains("--quiet", "--log-format");
        assertThat(cli().run("--quiet", "help", "run").out()).startsWith("Usage: guard run");
        assertThat(cli().run("--quiet", "--version").out()).startsWith("guard ");
    }

    @Test
    void quietOnAFailureSaysTheErrorOnStderrAlone() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: guard/v1\nkind: Runbook\nname: Bad Name\nsteps: []\n");
        var r = cli().run("--quiet", "validate", bad.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("bad.yaml");

        var usage = cli().run("--quiet", "run", "nightly", "--no-such-flag");
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err().lines().toList()).singleElement().asString().contains("--no-such-flag");
    }

    @Test
    void aJsonLogCarriesTheFinalErrorAsOneObject() throws Exception {
        // No terminal and no --yes: refused before any AWS call.
        var r = cli().run(
                        "--log-format",
                        "json",
                        "run",
                        "runbooks/terminate-dev-instance.yaml",
                        "-p",
                        "instanceId=i-0abc1234");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err().lines().toList()).hasSize(1);
        JsonNode error = JSON.readTree(r.err());
        assertThat(error.get("event").asText()).isEqualTo("error");
        assertThat(error.get("level").asText()).isEqualTo("error");
        assertThat(error.get("exitCode").asInt()).isEqualTo(3);
        assertThat(error.get("message").asText()).isNotBlank().doesNotStartWith("guard:");
        assertThat(error.get("time").asText()).endsWith("Z");
        // The plan a person would read goes to stdout, as without --log-format.
        assertThat(r.out()).contains("Step 1/1");
    }

    @Test
    void aJsonLogCarriesAUsageErrorAndAnInvalidRunbookToo() throws Exception {
        var usage = cli().run("--log-format=json", "plan", "nightly", "--no-such-flag");
        assertThat(usage.exitCode()).isEqualTo(2);
        JsonNode error = JSON.readTree(usage.err());
        assertThat(usage.err()).contains("\"event\":\"error\",\"exitCode\":2,\"message\":");
        assertThat(error.get("exitCode").asInt()).isEqualTo(2);
        assertThat(error.get("message").asText()).contains("--no-such-flag");

        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "apiVersion: guard/v1\nkind: Runbook\nname: Bad Name\nsteps: []\n");
        var invalid = cli().run("validate", bad.toString(), "--log-format", "json");
        assertThat(invalid.exitCode()).isEqualTo(2);
        assertThat(invalid.err().lines()).isNotEmpty().allSatisfy(l -> {
            try {
                assertThat(JSON.readTree(l).get("event").asText()).isEqualTo("error");
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        });
    }

    @Test
    void anUnknownLogFormatIsInvalidInput() {
        var r = cli().run("--log-format", "xml", "validate");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--log-format").contains("text, json");
    }

    private static Diagnostics diagnostics(StringWriter err, String... options) {
        GuardCommand root = new GuardCommand(null);
        new picocli.CommandLine(CommandSpecs.root(root)).parseArgs(options);
        return new Diagnostics(new PrintWriter(err, true), root.global, CLOCK);
    }

    @Test
    void quietHoldsWarningsBackAndShowsThemOnlyBeforeAFailure() {
        StringWriter ok = new StringWriter();
        Diagnostics success = diagnostics(ok, "--quiet");
        success.warning("warning: the audit log was 0644; made 0600");
        success.stopped(0, "2 changed");
        assertThat(ok.toString()).isEmpty();

        StringWriter err = new StringWriter();
        Diagnostics failure = diagnostics(err, "--quiet");
        failure.warning("warning: the audit log was 0644; made 0600");
        failure.stopped(5, "1 changed, 1 failed");
        assertThat(err.toString().lines().toList())
                .containsExactly(
                        "guard: warning: the audit log was 0644; made 0600",
                        "Stopped: 1 changed, 1 failed (exit code 5)");
    }

    @Test
    void withoutQuietAWarningIsShownAtOnceAndAStoppedRunHasAlreadySaidSo() {
        StringWriter err = new StringWriter();
        Diagnostics d = diagnostics(err);
        d.warning("retrying");
        assertThat(err.toString()).isEqualTo("guard: retrying" + System.lineSeparator());
        d.stopped(5, "1 changed, 1 failed");
        assertThat(err.toString().lines()).hasSize(1);
    }

    @Test
    void aJsonWarningHasItsLevelAndTheMessageWithoutThePrefix() throws Exception {
        StringWriter err = new StringWriter();
        diagnostics(err, "--log-format", "json").warning("warning: run r1 never ended");
        assertThat(JSON.readTree(err.toString()).toString())
                .isEqualTo("{\"time\":\"2026-12-01T03:00:00Z\",\"level\":\"warning\",\"event\":\"warning\","
                        + "\"message\":\"run r1 never ended\"}");
    }

    @Test
    void aJsonErrorJoinsItsLinesAndCarriesTheTraceOnlyWhenAskedFor() throws Exception {
        StringWriter err = new StringWriter();
        diagnostics(err, "--log-format", "json")
                .error(2, List.of("guard: a", "guard: b"), List.of("a", "b"), List.of("java.lang.X", "  at Y"));
        JsonNode e = JSON.readTree(err.toString());
        assertThat(e.get("message").asText()).isEqualTo("a\nb");
        assertThat(e.get("trace").asText()).isEqualTo("java.lang.X\n  at Y");
        assertThat(err.toString().lines()).hasSize(1);
    }
}
