package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.guard.error.ExitCode;
import dev.guard.sandbox.SandboxFixture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** {@code guard sandbox journal --output text|json} of a running sandbox, and {@code --follow}'s bookkeeping. */
class SandboxJournalTextTest {
    private static final String DEV_ROLE = "arn:aws:iam::222222222222:role/PrivilegedActionsRole";

    private final CliRunner cli = new CliRunner();
    private final SandboxFixture f;

    SandboxJournalTextTest() throws Exception {
        f = new SandboxFixture();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** A trust refusal, an allow, a bucket policy's explicit deny. */
    private void threeDecisions() {
        catchThrowable(
                () -> f.sts(f.keys("alice")).assumeRole(r -> r.roleArn(DEV_ROLE).roleSessionName("no-mfa")));
        f.ec2(f.keys("sofia")).describeInstances();
        catchThrowable(() -> f.s3(f.keys("alice"))
                .putObject(r -> r.bucket("guard-approvals").key("approvals/alice/x"), RequestBody.fromString("x")));
    }

    private String port() {
        return Integer.toString(f.sandbox.port());
    }

    @Test
    void textIsOneAlignedLineARequestSayingWhy() {
        threeDecisions();
        var r = cli.run("sandbox", "journal", "--port", port(), "--output", "text");
        assertThat(r.exitCode()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("TIME").contains("STATUS", "DECISION", "PRINCIPAL", "ACTION", "RESOURCE");
        assertThat(lines.get(1))
                .contains(" 403 ", " AccessDenied ", " alice ", " sts:AssumeRole ", DEV_ROLE)
                .endsWith("no statement allows (trust); closest PrivilegedActionsRole-trust#IdentityAccountWithMfa:"
                        + " Bool aws:MultiFactorAuthPresent expects true, request has none");
        assertThat(lines.get(2))
                .contains(" 200 ", " allowed ", " sofia ", " ec2:DescribeInstances ")
                .endsWith("allowed by EC2AdminsStopAndTerminateWithMfa#DescribeAlways (identity)");
        assertThat(lines.get(3))
                .contains(" AccessDenied ", " s3:PutObject ", "arn:aws:s3:::guard-approvals/approvals/alice/x")
                .endsWith("denied by guard-approvals-policy#DenyApprovalWritesWithoutMfa (resource)");
        // Aligned: every column starts where the header's does.
        for (String column : List.of("STATUS", "DECISION", "PRINCIPAL", "ACTION", "RESOURCE", "WHY")) {
            int at = lines.get(0).indexOf(column);
            lines.subList(1, 4)
                    .forEach(l ->
                            assertThat(l.charAt(at - 1)).as(column + " in " + l).isEqualTo(' '));
            lines.subList(1, 4)
                    .forEach(l ->
                            assertThat(l.charAt(at)).as(column + " in " + l).isNotEqualTo(' '));
        }
        assertThat(r.out()).doesNotContain(f.user("alice").secretAccessKey());
    }

    @Test
    void anUnmodelledOperationSaysSoInText() {
        catchThrowable(() -> f.ec2(f.keys("alice")).createVpc(r -> r.cidrBlock("10.0.0.0/16")));
        var r = cli.run("sandbox", "journal", "--port", port(), "--output", "text");
        assertThat(r.out().lines().toList().get(1))
                .contains(" 400 ", " InvalidAction ", " alice ", " ec2:CreateVpc ")
                .endsWith("not modelled by the sandbox: refused, nothing changed");
    }

    @Test
    void jsonLinesStayTheDefaultAndAreWhatOutputJsonPrints() {
        threeDecisions();
        var plain = cli.run("sandbox", "journal", "--port", port());
        var json = cli.run("--output", "json", "sandbox", "journal", "--port", port());
        assertThat(plain.exitCode()).isZero();
        assertThat(plain.out().lines()).hasSize(3).allMatch(l -> l.startsWith("{\"time\":"));
        assertThat(plain.out().lines().toList().get(0))
                .contains("\"policyKind\":\"trust\"")
                .contains("\"failedCondition\":{\"operator\":\"Bool\",\"key\":\"aws:MultiFactorAuthPresent\","
                        + "\"expected\":[\"true\"],\"actual\":[]}");
        assertThat(json.out()).isEqualTo(plain.out());
    }

    @Test
    void anUnknownOutputFormatIsAUsageError() {
        var r = cli.run("sandbox", "journal", "--port", port(), "--output", "xml");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().findFirst().orElseThrow())
                .contains("--output")
                .contains("xml")
                .contains("text, json");
    }

    @Test
    void followPrintsOnlyWhatCameAfterTheLastLinePrinted() {
        assertThat(SandboxJournalCommand.after(List.of("a", "b", "c"), List.of("a", "b")))
                .containsExactly("c");
        assertThat(SandboxJournalCommand.after(List.of("a", "b"), List.of("a", "b")))
                .isEmpty();
        assertThat(SandboxJournalCommand.after(List.of("x"), List.of("a", "b")))
                .as("a new sandbox on the port: its journal from the start")
                .containsExactly("x");
        assertThat(SandboxJournalCommand.after(List.of("a"), List.of())).containsExactly("a");
    }

    @Test
    void principalsAreShortInText() {
        assertThat(JournalText.principal("arn:aws:iam::111111111111:user/alice"))
                .isEqualTo("alice");
        assertThat(JournalText.principal("arn:aws:sts::222222222222:assumed-role/PrivilegedActionsRole/me"))
                .isEqualTo("PrivilegedActionsRole/me");
        assertThat(JournalText.principal("arn:aws:iam::111111111111:root")).isEqualTo("root@111111111111");
        assertThat(JournalText.principal("anonymous")).isEqualTo("anonymous");
    }
}
