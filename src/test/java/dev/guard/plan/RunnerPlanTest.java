package dev.guard.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.action.ActionRegistry;
import dev.guard.auth.BaseIdentity;
import dev.guard.auth.StepCredentials;
import dev.guard.auth.Strategy;
import dev.guard.config.ConfigLoader;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.error.ProblemsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan decided again for the unattended runner's own identity: the runner role from config
 * (defaults.runnerRole, or the account's), located refusals when it is missing.
 */
class RunnerPlanTest {
    private static final BaseIdentity SCHEDULER =
            BaseIdentity.iamUser("111111111111", "arn:aws:iam::111111111111:user/scheduler");

    @TempDir
    Path dir;

    private GuardConfig config(java.util.function.UnaryOperator<String> edit) throws Exception {
        Path file = dir.resolve("guard.yaml");
        Files.writeString(file, edit.apply(Files.readString(Runbooks.REPOSITORY.resolve("config/guard.yaml"))));
        var read = new ConfigLoader(env()).read(file);
        assertThat(read.problems().isEmpty()).as(read.problems().toString()).isTrue();
        return read.config().orElseThrow();
    }

    private Environment env() {
        return new Environment(dir, Map.of(), dir.resolve("home"));
    }

    private Plan cleanup(GuardConfig config) {
        Path file = Runbooks.EXAMPLES.resolve("cleanup-dev-instances.yaml");
        var loaded = new RunbookLoader(ActionRegistry.standard(), config).load(file, file);
        return new PlanBuilder(ActionRegistry.standard(), config, env())
                .build(loaded.runbook().orElseThrow(), file, Map.of());
    }

    @Test
    void theOperatorsMfaRoleGivesWayToTheRunnerRoleAndNoCodeIsAsked() throws Exception {
        GuardConfig config = config(t -> t);
        Plan operators = cleanup(config);
        assertThat(operators.credentials().mfaPrompts()).isEqualTo(1);

        Plan runners = new PlanBuilder(ActionRegistry.standard(), config, env()).forRunner(operators, SCHEDULER);

        StepCredentials step = runners.credentials().step("terminate-stopped-dev");
        assertThat(step.strategy()).isEqualTo(Strategy.ASSUME_ROLE);
        assertThat(step.roleArn()).contains("arn:aws:iam::222222222222:role/GuardRunnerRole");
        assertThat(step.reason()).startsWith("the runner's own identity; approvals took the place of MFA: ");
        assertThat(runners.credentials().mfaPrompts()).isZero();
        // Everything else is the operator's plan, unchanged.
        assertThat(runners.steps()).isEqualTo(operators.steps());
        assertThat(runners.warnings()).isEqualTo(operators.warnings());
    }

    @Test
    void anAccountsOwnRunnerRoleWinsOverTheDefault() throws Exception {
        GuardConfig config = config(t -> t.replace(
                "development: { id: \"222222222222\" }",
                "development: { id: \"222222222222\", runnerRole: DevRunner }"));

        Plan runners = new PlanBuilder(ActionRegistry.standard(), config, env()).forRunner(cleanup(config), SCHEDULER);

        assertThat(runners.credentials().step("terminate-stopped-dev").roleArn())
                .contains("arn:aws:iam::222222222222:role/DevRunner");
    }

    @Test
    void withoutARunnerRoleTheRefusalIsAtTheStepAndNamesTheKeyWithExit2() throws Exception {
        GuardConfig config = config(t -> t.replaceAll("(?m)^  runnerRole: .*$", ""));
        Plan operators = cleanup(config);
        PlanBuilder builder = new PlanBuilder(ActionRegistry.standard(), config, env());

        assertThatThrownBy(() -> builder.forRunner(operators, SCHEDULER))
                .isInstanceOf(ProblemsException.class)
                .hasMessageContaining("cleanup-dev-instances.yaml:")
                .hasMessageContaining("steps[0] (terminate-stopped-dev): development (222222222222) is not the"
                        + " runner's own account (111111111111) and no runner role is set for it: set"
                        + " accounts.development.runnerRole (or defaults.runnerRole)")
                .satisfies(e -> assertThat(((ProblemsException) e).exitCode()).isEqualTo(2));
    }
}
