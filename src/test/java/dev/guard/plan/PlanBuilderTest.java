package dev.guard.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.action.ActionRegistry;
import dev.guard.auth.Acquisition;
import dev.guard.auth.BaseIdentity;
import dev.guard.auth.MfaDevice;
import dev.guard.auth.Strategy;
import dev.guard.config.ConfigLoader;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.error.ExitCode;
import dev.guard.error.ProblemsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link PlanBuilder} decides offline for each step beyond what the loader checked: where it
 * acts (region and its source, the role), which values still need a parameter, the confirmation
 * and warnings, and the credential plan — again for the caller AWS names at run time.
 */
class PlanBuilderTest {
    private static final String ALICE_MFA = "arn:aws:iam::111111111111:mfa/alice";

    @TempDir
    Path dir;

    private Plan plan(String runbookYaml, Map<String, String> parameters) throws Exception {
        return plan(runbookYaml, parameters, Runbooks.config(), Map.of());
    }

    private Plan plan(String runbookYaml, Map<String, String> parameters, GuardConfig config, Map<String, String> env)
            throws Exception {
        Path file = Files.writeString(dir.resolve("rb.yaml"), runbookYaml);
        var loaded = new RunbookLoader(ActionRegistry.standard(), config).load(file, file);
        assertThat(loaded.ok()).as(loaded.problems().sorted().toString()).isTrue();
        return new PlanBuilder(ActionRegistry.standard(), config, new Environment(dir, env, dir.resolve("home")))
                .build(loaded.runbook().orElseThrow(), file, parameters);
    }

    /** The repository's config with {@code edit} applied to its text. */
    private GuardConfig config(java.util.function.UnaryOperator<String> edit) throws Exception {
        Path file = dir.resolve("guard.yaml");
        Files.writeString(file, edit.apply(Files.readString(Runbooks.REPOSITORY.resolve("config/guard.yaml"))));
        var read = new ConfigLoader(new Environment(dir, Map.of(), dir.resolve("home"))).read(file);
        assertThat(read.problems().isEmpty()).as(read.problems().toString()).isTrue();
        return read.config().orElseThrow();
    }

    private static String runbook(String target, String extra, String steps) {
        return """
                apiVersion: guard/v1
                kind: Runbook
                name: rb
                target: %s
                %s
                steps:
                %s""".formatted(target, extra, steps.indent(2));
    }

    private static final String TERMINATE = """
            - id: terminate
              action: ec2:TerminateInstances
              with: {instanceIds: [i-0a22222222222222a]}
              confirm: yes
            """;

    @Test
    void theRegionComesFromTheRunbookElseTheConfigElseTheEnvironmentAndSaysWhichSoPlans() throws Exception {
        PlannedStep fromRunbook = plan(runbook("{account: development, region: eu-west-1}", "", TERMINATE), Map.of())
                .steps()
                .get(0);
        assertThat(fromRunbook.region()).isEqualTo("eu-west-1");
        assertThat(fromRunbook.regionSource()).isEqualTo("runbook");

        PlannedStep fromConfig = plan(runbook("{account: development}", "", TERMINATE), Map.of())
                .steps()
                .get(0);
        assertThat(fromConfig.region()).isEqualTo("us-east-1");
        assertThat(fromConfig.regionSource()).isEqualTo("config defaults.region");

        GuardConfig noDefault = config(text -> text.replace("  region: us-east-1\n", ""));
        PlannedStep fromEnvironment = plan(
                        runbook("{account: development}", "", TERMINATE),
                        Map.of(),
                        noDefault,
                        Map.of("AWS_REGION", "ap-south-1"))
                .steps()
                .get(0);
        assertThat(fromEnvironment.region()).isEqualTo("ap-south-1");
        assertThat(fromEnvironment.regionSource()).isEqualTo("AWS_REGION");

        assertThatThrownBy(() -> plan(runbook("{account: development}", "", TERMINATE), Map.of(), noDefault, Map.of()))
                .isInstanceOf(ProblemsException.class)
                .hasMessageContaining("no region: set target.region, defaults.region in the config, or AWS_REGION");
    }

    @Test
    void aRoleNamedByTheRunbookIsInTheTargetAccountAndTheDefaultRoleIsNotUsedAtHome() throws Exception {
        PlannedStep named = plan(runbook("{account: development, role: Maintenance}", "", TERMINATE), Map.of())
                .steps()
                .get(0);
        assertThat(named.roleArn()).hasValue("arn:aws:iam::222222222222:role/Maintenance");

        PlannedStep byDefault = plan(runbook("{account: staging}", "", TERMINATE), Map.of())
                .steps()
                .get(0);
        assertThat(byDefault.roleArn()).hasValue("arn:aws:iam::333333333333:role/PrivilegedActionsRole");
    }

    @Test
    void aRoleFromAParameterInAnotherAccountIsRefusedWhereItIsUsed() throws Exception {
        String rb = runbook(
                "{account: development, role: \"${role}\"}", "parameters:\n  role: {description: the role}", TERMINATE);
        assertThatThrownBy(() -> plan(rb, Map.of("role", "arn:aws:iam::333333333333:role/PrivilegedActionsRole")))
                .isInstanceOfSatisfying(
                        ProblemsException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageContaining(
                        "target.role: the role is in account 333333333333, not in development" + " (222222222222)");
    }

    @Test
    void aMissingParameterLeavesAPreviewButWhereAStepActsCannotBePreviewed() throws Exception {
        String byInstance = runbook("{account: development}", "parameters:\n  instanceId: {description: which}", """
                - id: terminate
                  action: ec2:TerminateInstances
                  with: {instanceIds: ["${instanceId}"]}
                  confirm: yes
                """);
        Plan preview = plan(byInstance, Map.of());
        assertThat(preview.missingParameters()).containsExactly("instanceId");
        assertThat(preview.warnings())
                .anySatisfy(w -> assertThat(w).startsWith("incomplete plan: parameter instanceId was not given"));
        assertThat(preview.steps().get(0).inputs().describe()).anyMatch(l -> l.contains("${instanceId}"));

        Plan full = plan(byInstance, Map.of("instanceId", "i-0a22222222222222b"));
        assertThat(full.missingParameters()).isEmpty();
        assertThat(full.steps().get(0).inputs().describe()).anyMatch(l -> l.contains("i-0a22222222222222b"));

        String byAccount =
                runbook("{account: \"${account}\"}", "parameters:\n  account: {description: where}", TERMINATE);
        assertThatThrownBy(() -> plan(byAccount, Map.of()))
                .isInstanceOf(ProblemsException.class)
                .hasMessageContaining("target.account: '${account}' needs a parameter that was not given");
    }

    @Test
    void aProtectedAccountIsAlwaysTypedAndSaysWhy() throws Exception {
        PlannedStep step = plan(runbook("{account: production}", "", TERMINATE), Map.of())
                .steps()
                .get(0);
        assertThat(step.confirmation())
                .isEqualTo("typed: type 'production' to proceed (protected account: always typed, on a terminal)");
        assertThat(step.warnings())
                .contains("production (444444444444) is a protected account: typed confirmation on a terminal is"
                        + " always required");
    }

    @Test
    void anUnprotectedProductionAccountIsWarnedAboutByWordNotBySubstring() throws Exception {
        GuardConfig config = config(text -> text.replace(
                "  production:  { id: \"444444444444\", protected: true }",
                "  production:  { id: \"444444444444\", protected: true }\n"
                        + "  eu-prod:     { id: \"555555555555\" }\n"
                        + "  nonprod:     { id: \"666666666666\" }"));
        assertThat(plan(runbook("{account: eu-prod}", "", TERMINATE), Map.of(), config, Map.of())
                        .steps()
                        .get(0)
                        .warnings())
                .contains("acts in a production account: eu-prod (555555555555)");
        assertThat(plan(runbook("{account: nonprod}", "", TERMINATE), Map.of(), config, Map.of())
                        .steps()
                        .get(0)
                        .warnings())
                .noneMatch(w -> w.contains("production account"));
    }

    @Test
    void theMfaBucketIsKnownToTheStepAndRoutedThroughTheCallersOwnMfaSession() throws Exception {
        Plan plan = plan(runbook("{account: production}", "", """
                        - id: put
                          action: s3:PutObject
                          with: {bucket: guard-protected-artifacts, key: notes/a.txt, body: hello}
                          confirm: typed
                        """), Map.of());
        assertThat(plan.steps().get(0).resourcePolicyBucket()).hasValue("guard-protected-artifacts");
        assertThat(plan.credentials().step("put").strategy()).isEqualTo(Strategy.SESSION_TOKEN_WITH_MFA);
        assertThat(plan.credentials().acquisitions())
                .containsExactly(new Acquisition.GetSessionToken(java.util.Optional.of(ALICE_MFA), 43200, true));
    }

    @Test
    void forTheCallerAwsNamesTheCredentialsAreDecidedAgain() throws Exception {
        Plan offline = plan(runbook("{account: development}", "", TERMINATE), Map.of());
        assertThat(offline.credentials().step("terminate").strategy()).isEqualTo(Strategy.ASSUME_ROLE_WITH_MFA);
        PlanBuilder builder = new PlanBuilder(
                ActionRegistry.standard(), Runbooks.config(), new Environment(dir, Map.of(), dir.resolve("home")));
        MfaDevice device = MfaDevice.of(ALICE_MFA, MfaDevice.Source.CONFIG);

        Plan chained = builder.forCaller(
                offline, BaseIdentity.iamUser("111111111111", "arn:aws:iam::111111111111:user/alice"), device, true);
        assertThat(chained.credentials().step("terminate").strategy())
                .isEqualTo(Strategy.SESSION_TOKEN_THEN_ASSUME_ROLE);
        assertThat(chained.credentials().mfaPrompts()).isEqualTo(1);
        assertThat(chained.steps()).isEqualTo(offline.steps());

        assertThatThrownBy(() -> builder.forCaller(
                        offline,
                        BaseIdentity.fromCallerArn("111111111111", "arn:aws:iam::111111111111:root"),
                        device,
                        false))
                .isInstanceOfSatisfying(
                        ProblemsException.class, e -> assertThat(e.exitCode()).isNotEqualTo(ExitCode.OK))
                .hasMessageContaining(
                        "steps[0] (terminate): root user credentials cannot use MFA-protected API access");
    }

    @Test
    void mfaNotRequiredIsAWarningOfThePlan() throws Exception {
        Plan plan = plan(runbook("{account: development}", "mfa: {required: false}", TERMINATE), Map.of());
        assertThat(plan.warnings()).contains("mfa.required is false: steps run with credentials that carry no MFA");
    }

    @Test
    void stepsKeepTheirOrderAndNumbers() throws Exception {
        Plan plan = plan(runbook("{account: development}", "", TERMINATE + """
                                - id: stop
                                  action: ec2:StopInstances
                                  with: {instanceIds: [i-0a22222222222222b]}
                                  target: {account: staging}
                                  confirm: yes
                                """), Map.of());
        assertThat(plan.steps())
                .extracting(s ->
                        s.number() + " " + s.step().id() + " " + s.account().alias())
                .containsExactly("1 terminate development", "2 stop staging");
    }
}
