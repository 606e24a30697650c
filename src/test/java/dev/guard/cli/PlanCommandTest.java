package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guard.error.ExitCode;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code guard plan} and {@code guard run} up to the plan: offline, parameters, output formats. */
class PlanCommandTest {
    private static final String DEV = "runbooks/terminate-dev-instance.yaml";
    private final CliRunner cli = new CliRunner();

    @Test
    void planShowsTargetsGuardsConfirmationAndTheCredentialReason() {
        var r = cli.run("plan", DEV, "-p", "instanceId=i-0abc1234");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("Plan: terminate-dev-instance")
                .contains("development (222222222222), us-east-1, as role PrivilegedActionsRole")
                .contains("instances i-0abc1234")
                .contains("at most 1 target; refuse tags guard:protected=true; expect state running or stopped")
                .contains("typed: type 'development' to proceed")
                .contains("1 MFA prompt")
                .contains("AssumeRole arn:aws:iam::222222222222:role/PrivilegedActionsRole with MFA")
                .contains("trust policy requires MFA")
                .contains("termination is permanent")
                .contains("no AWS call was made");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aRunbooksApprovalIsShownInThePlanAndItsJson(@TempDir Path dir) throws Exception {
        Path runbook = dir.resolve("needs-two.yaml");
        Files.writeString(
                runbook,
                Files.readString(Path.of(DEV))
                        + "approval:\n  required: 2\n  approvers: [carol, \"arn:aws:iam::111111111111:user/dave\"]\n");

        var r = cli.run("plan", runbook.toString(), "-p", "instanceId=i-0abc1234");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("approval: needs 2 approvals from carol, arn:aws:iam::111111111111:user/dave; the planner"
                        + " may not approve");

        var json = cli.run("plan", runbook.toString(), "-p", "instanceId=i-0abc1234", "--output", "json");
        JsonNode approval =
                new ObjectMapper().readTree(json.out()).path("runbook").path("approval");
        assertThat(approval.path("required").asInt()).isEqualTo(2);
        assertThat(approval.path("approvers").get(0).asText()).isEqualTo("carol");
        assertThat(approval.path("selfApproval").asBoolean(true)).isFalse();
        var none = cli.run("plan", DEV, "-p", "instanceId=i-0abc1234", "--output", "json");
        assertThat(new ObjectMapper()
                        .readTree(none.out())
                        .path("runbook")
                        .path("approval")
                        .isNull())
                .isTrue();
    }

    @Test
    void aWaitLineIsShownForActionsThatWaitForCompletionAndOnlyForThem() {
        var r = cli.run("plan", "mixed-maintenance", "-p", "devInstanceId=i-0abc1234", "-p", "stagingTable=orders");
        assertThat(r.exitCode()).as(r.err()).isZero();
        // Steps 1 and 2 (ec2:StopInstances, dynamodb:DeleteTable) wait; step 3 (s3:PutObject) is done when S3 answers.
        String[] steps = r.out().split("\nStep ");
        assertThat(steps).hasSize(4);
        assertThat(steps[1]).startsWith("1/3").contains("  wait:    ");
        assertThat(steps[2]).startsWith("2/3").contains("  wait:    ");
        assertThat(steps[3]).startsWith("3/3").doesNotContain("  wait:");

        var start = cli.run("plan", "start-dev-instances");
        assertThat(start.out()).contains("ec2:StartInstances (destructive)").contains("  wait:    until done");
    }

    @Test
    void theBucketTrapIsAvoidedAndExplained() {
        var r = cli.run("plan", "replace-protected-artifact");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("GetSessionToken with MFA").doesNotContain("AssumeRole arn:");
        assertThat(r.out()).contains("role credentials carry no MFA context");
    }

    @Test
    void theMixedRunbookNeedsOnePromptAndChainsRoleSessionsOfAtMostAnHour() throws Exception {
        var r = cli.run(
                "plan",
                "mixed-maintenance",
                "-p",
                "devInstanceId=i-0abc1234",
                "-p",
                "stagingTable=orders",
                "--output",
                "json");
        assertThat(r.exitCode()).isZero();
        JsonNode plan = new ObjectMapper().readTree(r.out());
        assertThat(plan.get("formatVersion").asInt()).isEqualTo(1);
        JsonNode creds = plan.get("credentials");
        assertThat(creds.get("mfaPrompts").asInt()).isEqualTo(1);
        assertThat(creds.get("calls").get(0).get("call").asText()).isEqualTo("sts:GetSessionToken");
        for (int i = 1; i < creds.get("calls").size(); i++) {
            JsonNode call = creds.get("calls").get(i);
            assertThat(call.get("call").asText()).isEqualTo("sts:AssumeRole");
            assertThat(call.get("chainedFromSessionToken").asBoolean()).isTrue();
            assertThat(call.get("durationSeconds").asInt()).isLessThanOrEqualTo(3600);
        }
        JsonNode steps = plan.get("steps");
        assertThat(steps).hasSize(3);
        assertThat(steps.get(0).get("target").get("accountId").asText()).isEqualTo("222222222222");
        assertThat(steps.get(2).get("credentials").get("strategy").asText()).isEqualTo("session-token-with-mfa");
        assertThat(steps.get(2).get("target").get("protected").asBoolean()).isTrue();
    }

    @Test
    void aPlanWithoutAParameterIsAPreviewThatSaysSo() throws Exception {
        var r = cli.run("plan", DEV);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out())
                .contains("instanceId=<not given>")
                .contains("instances ${instanceId}")
                .contains("incomplete plan: parameter instanceId was not given");
        JsonNode json = new ObjectMapper()
                .readTree(cli.run("plan", DEV, "--output", "json").out());
        assertThat(json.get("missingParameters").get(0).asText()).isEqualTo("instanceId");
    }

    @Test
    void aRunWithAMissingParameterAndNoTerminalFailsAtOnce() {
        var r = cli.run("run", DEV);
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err())
                .isEqualTo(DEV + ":16:3: missing parameter 'instanceId' (Instance to terminate): pass -p"
                        + " instanceId=VALUE or --params-file FILE\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingParameterIsPromptedForOnATerminalAndCheckedAgainstItsPattern() {
        var terminal = new ScriptedTerminal(true, "i-nothex!", "i-0abc1234");
        var r = cli.terminal(terminal).run("run", "--sandbox", DEV);
        assertThat(terminal.prompts.subList(0, 2)).allMatch(p -> p.startsWith("instanceId — Instance to terminate"));
        assertThat(terminal.printed).anyMatch(l -> l.contains("does not match the pattern"));
        assertThat(r.out()).contains("instances i-0abc1234");
        // The script has no MFA code to give: the run stops there, at the prompt after the parameters.
        assertThat(terminal.secretPrompts).hasSize(1);
        assertThat(r.exitCode()).isEqualTo(ExitCode.AUTH_FAILED);
    }

    @Test
    void aParameterMustMatchItsPatternAsAWhole() {
        var r = cli.run("plan", DEV, "-p", "instanceId=i-0abc1234 i-0def5678");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("parameter 'instanceId': value 'i-0abc1234 i-0def5678' does not match");
    }

    @Test
    void aParameterGivenTwiceIsRefused() {
        var r = cli.run("plan", DEV, "-p", "instanceId=i-0abc1234", "-p", "instanceId=i-0abc1235");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).isEqualTo("guard: -p instanceId is given twice; give each parameter once\n");
    }

    @Test
    void controlCharactersInAValueAreRefusedAndNeverEchoedRaw() {
        var r = cli.run("plan", DEV, "-p", "instanceId=i-0abc1234\u001b[2J");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("\\x1b[2J").contains("control characters").doesNotContain("\u001b");
    }

    @Test
    void aRefusedCredentialChoiceIsReportedAtTheStep(@TempDir Path dir) throws Exception {
        Path runbook = dir.resolve("trap.yaml");
        Files.writeString(runbook, """
                apiVersion: guard/v1
                kind: Runbook
                name: trap
                target: {account: production, region: us-east-1, role: PrivilegedActionsRole}
                steps:
                  - id: put
                    action: s3:PutObject
                    auth: assume-role
                    with: {bucket: guard-protected-artifacts, key: a.txt, body: hi}
                    confirm: yes
                """);
        var r = cli.run("plan", runbook.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).startsWith(runbook + ":8:11: steps[0] (put): ").contains("guard-protected-artifacts");
    }

    @Test
    void inYourOwnAccountTheDefaultRoleIsNotUsed(@TempDir Path dir) throws Exception {
        Path runbook = dir.resolve("own.yaml");
        Files.writeString(
                runbook,
                Files.readString(Path.of("runbooks/stop-own-instances.yaml"))
                        .replace("auth: session-token", "auth: auto"));
        var r = cli.run("plan", runbook.toString(), "--output", "json");
        JsonNode step = new ObjectMapper().readTree(r.out()).get("steps").get(0);
        assertThat(step.get("credentials").get("strategy").asText()).isEqualTo("session-token-with-mfa");
        assertThat(step.get("target").get("roleArn").isNull()).isTrue();
    }

    @Test
    void aRefusedRunWithJsonOutputPrintsOneDocument() throws Exception {
        var r = cli.run("run", DEV, "-p", "instanceId=i-0abc1234", "--output", "json");
        assertThat(r.exitCode()).isEqualTo(ExitCode.ABORTED);
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("error").get("exitCode").asInt()).isEqualTo(3);
    }

    @Test
    void anUnknownParameterIsRefused() {
        var r = cli.run("plan", DEV, "-p", "instanceId=i-0abc1234", "-p", "force=true");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("unknown parameter 'force': the runbook declares instanceId");
    }

    @Test
    void parametersComeFromAParamsFileAndFlagsWin(@TempDir Path dir) throws Exception {
        Path params = dir.resolve("params.yaml");
        Files.writeString(params, "devInstanceId: i-0abc1234\nstagingTable: from-file\n");
        var r = cli.run(
                "plan", "mixed-maintenance", "--params-file", params.toString(), "-p", "stagingTable=from-flag");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("table from-flag").contains("instances i-0abc1234");
    }

    @Test
    void aBrokenParamsFileIsReportedWithItsPosition(@TempDir Path dir) throws Exception {
        Path params = dir.resolve("params.yaml");
        Files.writeString(params, "devInstanceId: [i-0abc1234]\n");
        var r = cli.run("plan", "mixed-maintenance", "--params-file", params.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("params.yaml:1:16: devInstanceId: a parameter value must be a single value");
    }

    @Test
    void aValueFromAParameterIsCheckedWhereItIsUsed(@TempDir Path dir) throws Exception {
        Path runbook = dir.resolve("loose.yaml");
        Files.writeString(runbook, """
                apiVersion: guard/v1
                kind: Runbook
                name: loose
                target: {account: development, region: us-east-1}
                parameters:
                  table: {description: any text}
                steps:
                  - id: drop
                    action: dynamodb:DeleteTable
                    with: {tableName: "${table}"}
                """);
        var r = cli.run("plan", runbook.toString(), "-p", "table=no");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err())
                .contains("loose.yaml:10:23: steps[0].with.tableName: 'no' is not a DynamoDB table name")
                .contains("(from parameter table)");
    }

    @Test
    void runbooksAreFoundByPathByNameAndByNameWithExtension() {
        for (String ref : new String[] {DEV, "terminate-dev-instance", "terminate-dev-instance.yaml"}) {
            var r = cli.run("plan", ref, "-p", "instanceId=i-0abc1234");
            assertThat(r.exitCode()).as(ref).isZero();
            assertThat(r.out()).contains("Plan: terminate-dev-instance");
        }
    }

    @Test
    void anUnknownRunbookSaysWhereItLooked() {
        var r = cli.run("plan", "terminate-everything");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err())
                .startsWith("guard: runbook 'terminate-everything' not found in ")
                .contains("guard list");
    }

    @Test
    void theWorkingDirectoryComesBeforeTheRunbookDirectory(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("config"));
        Files.copy(Path.of("config/guard.yaml"), dir.resolve("config/guard.yaml"));
        Files.writeString(
                dir.resolve("config/guard.yaml"),
                Files.readString(dir.resolve("config/guard.yaml"))
                        .replace(
                                "dir: ../runbooks",
                                "dir: " + Path.of("runbooks").toAbsolutePath()));
        String local = Files.readString(Path.of(DEV)).replace("name: terminate-dev-instance", "name: local-copy");
        Files.writeString(dir.resolve("terminate-dev-instance.yaml"), local);
        var r = cli.in(dir).run("plan", "terminate-dev-instance", "-p", "instanceId=i-0abc1234");
        assertThat(r.out()).contains("Plan: local-copy");
        var fromDirectory = cli.in(dir).run("plan", "cleanup-dev-instances");
        assertThat(fromDirectory.exitCode()).isZero();
    }

    @Test
    void withoutATerminalRunShowsThePlanThenRefusesBeforeAnyAwsCall() {
        // No --sandbox and no credentials here: getting as far as AWS would fail differently (exit 4).
        var r = cli.run("run", DEV, "-p", "instanceId=i-0abc1234");
        assertThat(r.exitCode()).isEqualTo(ExitCode.ABORTED);
        assertThat(r.out()).contains("Plan: terminate-dev-instance").doesNotContain("Acting as");
        assertThat(r.err()).contains("there is no terminal to ask on").contains("Nothing was done");
    }

    @Test
    void yesIsRefusedUnlessTheRunbookIsUnattended() {
        var refused = cli.run("run", DEV, "-p", "instanceId=i-0abc1234", "--yes");
        assertThat(refused.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(refused.err()).contains("--yes is refused").contains("unattended: true");
        // Past the --yes check, the unattended run needs an MFA code source, and has none.
        var allowed = cli.run("run", "--sandbox", "cleanup-dev-instances", "--yes");
        assertThat(allowed.exitCode()).isEqualTo(ExitCode.AUTH_FAILED);
        assertThat(allowed.err()).contains("no terminal to ask on; pass --mfa-command");
    }

    @Test
    void errorsInJsonModeAreAlsoAJsonObject() throws Exception {
        var r = cli.run("run", DEV, "--output", "json");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        JsonNode error = new ObjectMapper().readTree(r.out()).get("error");
        assertThat(error.get("exitCode").asInt()).isEqualTo(2);
        assertThat(error.get("messages").get(0).asText()).contains("missing parameter 'instanceId'");
    }

    @Test
    void colourOnlyOnATerminalAndNeverWithNoColor() {
        String ansi = "\u001b[";
        assertThat(cli.run("plan", DEV, "-p", "instanceId=i-0abc1234").out()).doesNotContain(ansi);
        assertThat(new CliRunner()
                        .tty(true)
                        .run("plan", DEV, "-p", "instanceId=i-0abc1234")
                        .out())
                .contains(ansi);
        assertThat(new CliRunner()
                        .tty(true)
                        .run("plan", DEV, "-p", "instanceId=i-0abc1234", "--no-color")
                        .out())
                .doesNotContain(ansi);
        assertThat(new CliRunner()
                        .tty(true)
                        .env("NO_COLOR", "1")
                        .run("plan", DEV, "-p", "instanceId=i-0abc1234")
                        .out())
                .doesNotContain(ansi);
    }
}
