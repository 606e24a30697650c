package dev.guard.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.action.ActionRegistry;
import dev.guard.action.InputContext;
import dev.guard.action.StepInputs;
import dev.guard.action.dynamodb.DeleteTable;
import dev.guard.action.ec2.InstanceInputs;
import dev.guard.action.s3.DeleteObject;
import dev.guard.action.s3.PutObject;
import dev.guard.runbook.AuthMode;
import dev.guard.runbook.Confirm;
import dev.guard.runbook.Parameter;
import dev.guard.runbook.Runbook;
import dev.guard.runbook.Step;
import dev.guard.yaml.Fields;
import dev.guard.yaml.Problems;
import dev.guard.yaml.Scalar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The example runbooks are documentation users copy: each loads cleanly and does what it says. */
class ExampleRunbooksTest {
    private final RunbookLoader loader = Runbooks.loader();

    static Stream<Path> examples() {
        return Runbooks.examples();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleLoadsWithoutProblems(Path file) {
        RunbookLoader.Result result = loader.load(file, file.getFileName());

        assertThat(result.problems().sorted()).isEmpty();
        assertThat(result.runbook()).isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyExampleIsNamedAfterItsFileAndPointsEditorsAtTheSchema(Path file) throws IOException {
        Runbook runbook = load(file.getFileName().toString());

        assertThat(runbook.name() + ".yaml").isEqualTo(file.getFileName().toString());
        assertThat(Files.readAllLines(file).get(0))
                .isEqualTo("# yaml-language-server: $schema=../docs/runbook.schema.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void everyParameterDefaultMatchesItsOwnPattern(Path file) {
        for (Parameter p : load(file.getFileName().toString()).parameters()) {
            p.defaultValue()
                    .ifPresent(d -> assertThat(p.problemWith(d)).as(p.name()).isEmpty());
        }
    }

    @Test
    void terminateDevInstanceTerminatesExactlyOneNamedInstanceInDevelopment() {
        Runbook r = load("terminate-dev-instance.yaml");

        assertThat(r.target().account()).map(Scalar::text).contains("development");
        assertThat(r.target().role()).map(Scalar::text).contains("PrivilegedActionsRole");
        assertThat(r.auth()).isEqualTo(AuthMode.AUTO);
        assertThat(r.mfa().required()).isTrue();
        assertThat(r.mfa().maxAgeSeconds()).hasValue(3600);
        assertThat(r.unattended()).isFalse();
        assertThat(r.parameters()).extracting(Parameter::name).containsExactly("instanceId");
        Step step = onlyStep(r, "ec2:TerminateInstances");
        assertThat(step.guards().maxTargets()).hasValue(1);
        assertThat(step.guards().refuseTags()).containsExactly(Map.entry("guard:protected", "true"));
        assertThat(step.guards().expectStates()).containsExactly("running", "stopped");
        assertThat(step.confirm()).isEqualTo(Confirm.TYPED);
        assertThat(step.waitForCompletion()).isTrue();
        InstanceInputs inputs = (InstanceInputs) inputs(step);
        assertThat(inputs.instanceIds()).containsExactly("${instanceId}");
        assertThat(inputs.selector()).isFalse();
    }

    @Test
    void cleanupDevInstancesSelectsByTagAndStateUnderAMaxTargetsCap() {
        Runbook r = load("cleanup-dev-instances.yaml");

        assertThat(r.unattended()).isTrue();
        Step step = onlyStep(r, "ec2:TerminateInstances");
        InstanceInputs inputs = (InstanceInputs) inputs(step);
        assertThat(inputs.selector()).isTrue();
        assertThat(inputs.tags()).containsExactly(Map.entry("env", "dev"));
        assertThat(inputs.states()).containsExactly("stopped");
        assertThat(step.guards().maxTargets()).hasValue(20);
    }

    @Test
    void deleteStagingTableBacksUpFirstAndAsksForTheTableName() {
        Runbook r = load("delete-staging-table.yaml");

        assertThat(r.target().account()).map(Scalar::text).contains("staging");
        Step step = onlyStep(r, "dynamodb:DeleteTable");
        assertThat(inputs(step)).isEqualTo(new DeleteTable.Inputs("${tableName}", true));
        assertThat(step.guards().expectStates()).containsExactly("ACTIVE");
        assertThat(step.confirm()).isEqualTo(Confirm.TYPED);
    }

    @Test
    void mixedMaintenanceTouchesThreeAccountsAndTheProtectedBucket() {
        Runbook r = load("mixed-maintenance.yaml");

        assertThat(r.target().account()).isEmpty();
        assertThat(r.steps())
                .extracting(Step::action)
                .containsExactly("ec2:StopInstances", "dynamodb:DeleteTable", "s3:PutObject");
        assertThat(r.steps())
                .extracting(s -> s.target().account().orElseThrow().text())
                .containsExactly("development", "staging", "production");
        // An unquoted `confirm: yes` arrives as a YAML 1.1 boolean and still means the y/N prompt.
        assertThat(r.steps()).extracting(Step::confirm).containsExactly(Confirm.YES, Confirm.TYPED, Confirm.YES);
        assertThat(inputs(r.steps().get(2)))
                .isInstanceOfSatisfying(
                        dev.guard.action.InBucket.class,
                        b -> assertThat(b.bucket()).isEqualTo("guard-protected-artifacts"));
        assertThat(r.mfa().maxAgeSeconds()).hasValue(43_200);
    }

    @Test
    void replaceProtectedArtifactWritesAndDeletesInTheMfaBucketWithoutARole() {
        Runbook r = load("replace-protected-artifact.yaml");

        assertThat(r.target().account()).map(Scalar::text).contains("production");
        assertThat(r.target().role()).isEmpty();
        assertThat(r.steps()).extracting(Step::action).containsExactly("s3:PutObject", "s3:DeleteObject");
        PutObject.Inputs put = (PutObject.Inputs) inputs(r.steps().get(0));
        assertThat(put.bucket()).isEqualTo("guard-protected-artifacts");
        assertThat(put.key()).isEqualTo("${key}");
        assertThat(put.body()).isPresent();
        assertThat(put.contentType()).contains("application/json");
        DeleteObject.Inputs delete = (DeleteObject.Inputs) inputs(r.steps().get(1));
        assertThat(delete.keys()).containsExactly("${staleKey}");
        assertThat(delete.selector()).isFalse();
    }

    @Test
    void stopOwnInstancesActsAsTheCallerThroughASessionToken() {
        Runbook r = load("stop-own-instances.yaml");

        assertThat(r.auth()).isEqualTo(AuthMode.SESSION_TOKEN);
        assertThat(r.target().account()).map(Scalar::text).contains("identity");
        assertThat(r.target().role()).isEmpty();
        Step step = onlyStep(r, "ec2:StopInstances");
        assertThat(step.guards().maxTargets()).hasValue(1);
        assertThat(step.confirm()).isEqualTo(Confirm.YES);
    }

    private Runbook load(String name) {
        Path file = Runbooks.EXAMPLES.resolve(name);
        RunbookLoader.Result result = loader.load(file, Path.of(name));
        assertThat(result.problems().sorted()).isEmpty();
        return result.runbook().orElseThrow();
    }

    private static Step onlyStep(Runbook r, String action) {
        List<Step> steps = r.steps();
        assertThat(steps).singleElement().extracting(Step::action).isEqualTo(action);
        return steps.get(0);
    }

    private static StepInputs inputs(Step step) {
        Problems problems = new Problems(Path.of("example"));
        StepInputs inputs = ActionRegistry.standard()
                .find(step.action())
                .orElseThrow()
                .read(new Fields(step.with(), "with", problems), new InputContext(Runbooks.EXAMPLES))
                .orElseThrow();
        assertThat(problems.sorted()).isEmpty();
        return inputs;
    }
}
