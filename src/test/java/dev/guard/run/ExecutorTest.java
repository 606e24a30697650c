package dev.guard.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.action.ActionRegistry;
import dev.guard.action.BatchOutcomes;
import dev.guard.action.Outcome;
import dev.guard.action.PressedStop;
import dev.guard.action.StepContext;
import dev.guard.audit.AuditTrail;
import dev.guard.config.ConfigLoader;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.error.ExitCode;
import dev.guard.plan.Plan;
import dev.guard.plan.PlanBuilder;
import dev.guard.plan.PlannedStep;
import dev.guard.plan.RunbookLoader;
import dev.guard.term.Progress;
import dev.guard.term.ScriptedTerminal;
import dev.guard.term.Terminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The on-line half of a run, with no AWS: a scripted action on a scripted world ({@link
 * ScriptedWorld}), a scripted terminal, a recording audit sink and a stop signal the test flips.
 * Each case checks what the operator is told, what the audit log records, and — from the world
 * itself — what was really changed.
 */
class ExecutorTest {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath();

    @TempDir
    Path dir;

    private final ScriptedWorld world = new ScriptedWorld();
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<Event> audited = new CopyOnWriteArrayList<>();
    private final PressedStop stop = new PressedStop();

    /** One audit record as the executor wrote it. */
    record Event(String name, Map<String, Object> fields) {}

    // --- confirmation -------------------------------------------------------------------------

    @Test
    void aDeclinedConfirmationChangesNothingAndIsAuditedAsDeclined() throws Exception {
        world.add("r-1", "web", "running");
        Plan plan = plan(step("web", "yes", ""));

        Executor.Report report =
                executor(plan, Executor.Mode.EXECUTE, terminal("n"), false).run();

        assertThat(report.exitCode()).isEqualTo(ExitCode.ABORTED);
        assertThat(report.summary()).isEqualTo("declined; step web not run; nothing was changed");
        assertThat(world.changes()).isEmpty();
        assertThat(world.state("r-1")).isEqualTo("running");
        assertThat(confirmations()).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("result", "declined").containsEntry("by", "terminal");
            assertThat(c).containsEntry("asked", "yes").containsEntry("step", "web");
        });
        assertThat(events("outcomes")).isEmpty();
    }

    @Test
    void aMistypedNameIsADeclineAndTheLaterStepsAreNotAskedAbout() throws Exception {
        world.add("r-1", "web", "running");
        world.add("r-2", "db", "running");
        // Three tries, all mistyped; the fourth answer is there for a step that must never ask.
        ScriptedTerminal typist = terminal("developmnet", "Development", "dev", "development");
        Plan plan = plan(step("web", "typed", "") + step("db", "typed", ""));

        Executor.Report report =
                executor(plan, Executor.Mode.EXECUTE, typist, false).run();

        assertThat(report.exitCode()).isEqualTo(ExitCode.ABORTED);
        assertThat(report.summary()).contains("'development' was not typed; step web not run");
        assertThat(typist.prompts).hasSize(3).allSatisfy(p -> assertThat(p).contains("Type 'development' to"));
        assertThat(typist.answers).containsExactly("development");
        assertThat(world.changes()).isEmpty();
        assertThat(confirmations()).extracting(c -> c.get("result")).containsExactly("declined");
    }

    @Test
    void withoutATerminalOnlyYesConfirmsAndItIsAuditedAsSuch() throws Exception {
        world.add("r-1", "web", "running");
        Plan plan = plan(step("web", "yes", ""));

        Executor.Report refused =
                executor(plan, Executor.Mode.EXECUTE, noTerminal(), false).run();
        assertThat(refused.exitCode()).isEqualTo(ExitCode.ABORTED);
        assertThat(refused.summary()).startsWith("refused: no terminal to confirm on");
        assertThat(world.changes()).isEmpty();

        Executor.Report confirmed =
                executor(plan, Executor.Mode.EXECUTE, noTerminal(), true).run();
        assertThat(confirmed.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(world.state("r-1")).isEqualTo("terminated");
        assertThat(confirmations())
                .extracting(c -> c.get("by") + " " + c.get("result"))
                .containsExactly("nobody (no terminal) declined", "--yes accepted");
    }

    // --- the targets as they are at the change ------------------------------------------------

    @Test
    void aTargetThatDriftedBetweenDiscoveryAndTheChangeIsLeftAloneReportedAndAudited() throws Exception {
        world.add("r-1", "web", "running");
        world.add("r-2", "web", "running", Map.of("env", "dev"));
        world.add("r-3", "web", "running");
        world.add("r-4", "web", "running");
        // Between the run's read and its re-read just before the change (the operator was reading
        // the plan): one resource stopped, one re-tagged, one being terminated by someone else.
        world.afterDiscovery(1, () -> {
            world.get("r-1").state = "stopped";
            world.get("r-2").tags = Map.of("env", "prod");
            world.get("r-3").state = "shutting-down";
        });
        Plan plan = plan(step("web", "yes", ""));

        Executor.Report report =
                executor(plan, Executor.Mode.EXECUTE, terminal("y"), false).run();

        assertThat(world.changes()).containsExactly("execute [r-4]");
        assertThat(world.state("r-1")).isEqualTo("stopped");
        assertThat(world.get("r-2").state).isEqualTo("running");
        assertThat(report.steps().get(0).outcomes())
                .extracting(o -> o.targetId() + " " + o.status() + " " + o.detail())
                .containsExactlyInAnyOrder(
                        "r-1 SKIPPED changed since it was shown: running → stopped",
                        "r-2 SKIPPED its tags or protection changed since it was shown",
                        "r-3 SKIPPED changed since it was shown: running → shutting-down",
                        "r-4 DONE running → terminated");
        assertThat(report.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(report.summary()).isEqualTo("1 changed");
        assertThat(stepOutcomes("web"))
                .extracting(o -> o.get("id") + " " + o.get("status"))
                .containsExactlyInAnyOrder("r-1 skipped", "r-2 skipped", "r-3 skipped", "r-4 done");
        assertThat(out).anyMatch(l -> l.contains("r-1") && l.contains("changed since it was shown"));
    }

    @Test
    void aTargetDeletedBeforeTheChangeIsSkippedAsGone() throws Exception {
        world.add("r-1", "web", "running");
        world.afterDiscovery(1, () -> world.remove("r-1"));
        Plan plan = plan(step("web", "yes", ""));

        Executor.Report report =
                executor(plan, Executor.Mode.EXECUTE, terminal("y"), false).run();

        assertThat(world.changes()).isEmpty();
        assertThat(report.steps().get(0).outcomes())
                .singleElement()
                .isEqualTo(Outcome.skipped("r-1", "gone since it was shown"));
        assertThat(stepOutcomes("web")).extracting(o -> o.get("status")).containsExactly("skipped");
    }

    // --- a step that breaks -------------------------------------------------------------------

    @Test
    void aStepThatBreaksMidRunKeepsWhatItDidAndTheLaterStepsDoNotRun() throws Exception {
        world.add("r-1", "web", "running");
        world.add("r-2", "web", "running");
        world.add("d-1", "db", "running");
        world.batchSize = 1;
        world.breaksAt = Optional.of("r-2");
        Plan plan = plan(step("web", "yes", "") + step("db", "yes", ""));

        Executor.Report report =
                executor(plan, Executor.Mode.EXECUTE, terminal("y", "y"), false).run();

        // The truth: r-1 changed, r-2 refused, the later step never ran (nor was it asked about).
        assertThat(world.changes()).containsExactly("execute [r-1]", "execute [r-2]");
        assertThat(world.state("r-2")).isEqualTo("running");
        assertThat(world.state("d-1")).isEqualTo("running");
        assertThat(report.exitCode()).isEqualTo(ExitCode.PARTIAL);
        assertThat(report.summary()).isEqualTo("1 changed, 1 failed; step web broke off and later steps did not run");
        // Read again after the break: r-1 is reported done, not guessed "failed".
        assertThat(report.steps().get(0).outcomes())
                .extracting(o -> o.targetId() + " " + o.status())
                .containsExactlyInAnyOrder("r-1 DONE", "r-2 FAILED");
        assertThat(report.steps().get(1).outcomes())
                .singleElement()
                .satisfies(o -> assertThat(o.detail()).startsWith("not run: step web before it broke off"));
        // The audit: the first batch as it completed, then each step's outcomes; one confirmation.
        assertThat(events("outcomes"))
                .extracting(e -> e.fields().get("step") + " batch=" + e.fields().get("batch"))
                .containsExactly("web batch=1", "web batch=null", "db batch=null");
        assertThat(stepOutcomes("db")).extracting(o -> o.get("status")).containsExactly("skipped");
        assertThat(confirmations()).hasSize(1);
    }

    @Test
    void aStepThatBreaksBeforeChangingAnythingFailsWithNothingChanged() throws Exception {
        world.add("r-1", "web", "running");
        world.breaksAt = Optional.of("r-1");
        Plan plan = plan(step("web", "yes", ""));

        Executor.Report report =
                executor(plan, Executor.Mode.EXECUTE, terminal("y"), false).run();

        assertThat(report.exitCode()).isEqualTo(ExitCode.ACTION_FAILED);
        assertThat(report.steps().get(0).outcomes()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
            assertThat(o.detail()).contains("AWS refused r-1 (scripted)").contains("it is as it was");
        });
        assertThat(world.state("r-1")).isEqualTo("running");
    }

    // --- Ctrl-C ---------------------------------------------------------------------------------

    @Test
    void ctrlCAfterTheFirstBatchSkipsTheRestWithExit130AndAuditsIt() throws Exception {
        world.add("r-1", "web", "running");
        world.add("r-2", "web", "running");
        world.add("d-1", "db", "running");
        world.batchSize = 1;
        world.afterBatch = batch -> stop.press();
        Plan plan = plan(step("web", "yes", "") + step("db", "yes", ""));

        Executor.Report report =
                executor(plan, Executor.Mode.EXECUTE, terminal("y", "y"), false).run();

        assertThat(world.changes()).containsExactly("execute [r-1]");
        assertThat(world.state("r-2")).isEqualTo("running");
        assertThat(world.state("d-1")).isEqualTo("running");
        assertThat(report.exitCode()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(report.summary()).isEqualTo("interrupted by Ctrl-C: 1 changed, 2 skipped");
        assertThat(stepOutcomes("db"))
                .singleElement()
                .satisfies(o -> assertThat(o)
                        .containsEntry("status", "skipped")
                        .containsEntry("detail", "stopped by Ctrl-C before this step"));
        assertThat(events("outcomes")).extracting(e -> e.fields().get("step")).containsExactly("web", "web", "db");
        assertThat(out).contains("  step db not run: stopped by Ctrl-C (1 resource skipped)");
        // The operator was never asked about the step that did not run.
        assertThat(confirmations()).hasSize(1);
    }

    @Test
    void ctrlCInTheLastStepIsStillAnInterruptedRunNotASuccess() throws Exception {
        world.add("r-1", "web", "running");
        world.add("r-2", "web", "running");
        world.batchSize = 1;
        world.afterBatch = batch -> stop.press();
        Plan plan = plan(step("web", "yes", ""));

        Executor.Report report =
                executor(plan, Executor.Mode.EXECUTE, terminal("y"), false).run();

        assertThat(world.state("r-2")).isEqualTo("running");
        assertThat(report.exitCode()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(report.summary()).isEqualTo("interrupted by Ctrl-C: 1 changed, 1 skipped");
        assertThat(stepOutcomes("web"))
                .extracting(o -> o.get("id") + " " + o.get("status"))
                .containsExactly("r-1 done", "r-2 skipped");
    }

    @Test
    void ctrlCWhileTheTargetsAreReadStopsBeforeAnyQuestion() throws Exception {
        world.add("r-1", "web", "running");
        world.add("d-1", "db", "running");
        world.afterDiscovery(1, stop::press);
        Plan plan = plan(step("web", "yes", "") + step("db", "yes", ""));

        Executor.Report report =
                executor(plan, Executor.Mode.EXECUTE, terminal("y", "y"), false).run();

        assertThat(report.exitCode()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(report.summary()).endsWith("while reading the targets; nothing was changed");
        assertThat(world.calls).containsExactly("discover web");
        assertThat(confirmations()).isEmpty();
    }

    @Test
    void ctrlCAtTheConfirmationWhenAnsweredYesStillChangesNothing() throws Exception {
        world.add("r-1", "web", "running");
        Plan plan = plan(step("web", "yes", ""));
        ScriptedTerminal terminal = terminal("y");
        terminal.onRead = stop::press;

        Executor.Report report =
                executor(plan, Executor.Mode.EXECUTE, terminal, false).run();

        assertThat(report.exitCode()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(world.changes()).isEmpty();
        assertThat(stepOutcomes("web")).extracting(o -> o.get("status")).containsExactly("skipped");
    }

    // --- guards ---------------------------------------------------------------------------------

    @Test
    void moreTargetsThanMaxTargetsRefusesTheWholeRunBeforeAnyQuestion() throws Exception {
        world.add("r-1", "web", "running");
        world.add("r-2", "web", "running");
        world.add("d-1", "db", "running");
        Plan plan = plan(step("db", "yes", "") + step("web", "yes", "maxTargets: 1"));

        Executor.Report report =
                executor(plan, Executor.Mode.EXECUTE, terminal("y", "y"), false).run();

        assertThat(report.exitCode()).isEqualTo(ExitCode.ABORTED);
        assertThat(report.refusals())
                .containsExactly("web: 2 resources match, more than guards.maxTargets 1: refusing the whole run");
        // Not even the step that passed its guards ran.
        assertThat(world.changes()).isEmpty();
        assertThat(confirmations()).isEmpty();
        assertThat(events("targets"))
                .extracting(e -> e.fields().get("step") + " " + e.fields().get("refusals"))
                .containsExactly(
                        "db []", "web [2 resources match, more than guards.maxTargets 1: refusing the whole run]");
    }

    @Test
    void aProtectedTargetARefusedTagOrAnUnexpectedStateRefusesTheRun() throws Exception {
        world.add("r-1", "web", "running").protection = Optional.of("termination protection is on");
        world.add("r-2", "web", "stopped", Map.of("keep", "true"));
        Plan plan = plan(step("web", "yes", "expectStates: [running]\n  refuseTags: {keep: \"true\"}"));

        Executor.Report report =
                executor(plan, Executor.Mode.EXECUTE, terminal("y"), false).run();

        assertThat(report.exitCode()).isEqualTo(ExitCode.ABORTED);
        assertThat(report.refusals())
                .containsExactlyInAnyOrder(
                        "web: r-1: termination protection is on; guard never switches it off",
                        "web: r-2 is tagged keep=true (guards.refuseTags)",
                        "web: r-2 is stopped, not running (guards.expectStates)");
        assertThat(world.changes()).isEmpty();
        assertThat(out).contains("Refused by guards — nothing was changed:");
    }

    @Test
    void alreadyDoneTargetsAreSkippedAndNotCountedAgainstMaxTargets() throws Exception {
        world.add("r-1", "web", "terminated");
        world.add("r-2", "web", "terminated");
        world.add("r-3", "web", "running");
        Plan plan = plan(step("web", "yes", "maxTargets: 1"));
        ScriptedTerminal terminal = terminal("y");

        Executor.Report report =
                executor(plan, Executor.Mode.EXECUTE, terminal, false).run();

        assertThat(report.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(world.changes()).containsExactly("execute [r-3]");
        assertThat(report.summary()).isEqualTo("1 changed (2 already done)");
        assertThat(events("targets"))
                .singleElement()
                .satisfies(e -> assertThat(e.fields()).containsEntry("alreadyDone", List.of("r-1", "r-2")));
        assertThat(terminal.prompts).singleElement().asString().startsWith("Terminate 1 resource in development");
    }

    // --- other modes ----------------------------------------------------------------------------

    @Test
    void aDryRunAsksAndChangesNothingAndADenialIsExit4() throws Exception {
        world.add("r-1", "web", "running");
        Plan plan = plan(step("web", "yes", ""));

        Executor.Report allowed =
                executor(plan, Executor.Mode.DRY_RUN, terminal(), false).run();
        assertThat(allowed.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(allowed.summary()).isEqualTo("dry run: 1 step allowed by AWS; nothing was changed");

        world.dryRunAnswer = new dev.guard.action.Operation.DryRunAnswer(false, true, "UnauthorizedOperation");
        Executor.Report denied =
                executor(plan, Executor.Mode.DRY_RUN, terminal(), false).run();
        assertThat(denied.exitCode()).isEqualTo(ExitCode.AUTH_FAILED);

        assertThat(world.calls).containsExactly("discover web", "dry-run web", "discover web", "dry-run web");
        assertThat(world.state("r-1")).isEqualTo("running");
        assertThat(events("dry-run")).extracting(e -> e.fields().get("verdict")).containsExactly("allowed", "DENIED");
        assertThat(confirmations()).isEmpty();
    }

    @Test
    void discoverModeStopsAtTheTargets() throws Exception {
        world.add("r-1", "web", "running");
        Plan plan = plan(step("web", "yes", ""));

        Executor.Report report =
                executor(plan, Executor.Mode.DISCOVER, terminal(), false).run();

        assertThat(report.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(world.calls).containsExactly("discover web");
        assertThat(report.summary()).startsWith("live plan: 1 target read just now");
    }

    @Test
    void aStepWithWaitIsAwaitedAfterItsChange() throws Exception {
        world.add("r-1", "web", "running");
        Plan plan = plan(step("web", "yes", "") + "  wait: true\n");

        executor(plan, Executor.Mode.EXECUTE, terminal("y"), false).run();

        assertThat(world.calls).containsExactly("discover web", "discover web", "execute [r-1]", "await [r-1]");
    }

    // --- progress -------------------------------------------------------------------------------

    @Test
    void theWorkUnderWayIsShownStepByStepWithTheCountOfTargetsAwsHasAnswered() throws Exception {
        world.add("r-1", "web", "running");
        world.add("r-2", "web", "running");
        world.add("r-3", "web", "running");
        world.batchSize = 2;
        List<String> shown = new CopyOnWriteArrayList<>();
        Progress recording = label -> new Progress.Task() {
            @Override
            public Progress.Task total(long total) {
                shown.add(label + " of " + total);
                return this;
            }

            @Override
            public void count(long done) {
                shown.add(label + " " + done);
            }

            @Override
            public void awaiting(String what) {}

            @Override
            public void close() {
                shown.add("end " + label);
            }
        };

        Executor.Report report = executor(plan(step("web", "yes", "")), Executor.Mode.EXECUTE, terminal("y"), false)
                .showing(recording)
                .run();

        assertThat(report.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(world.state("r-3")).isEqualTo("terminated");
        assertThat(shown)
                .containsExactly(
                        "end reading targets of step 1/1",
                        "end reading targets of step 1 again before the change",
                        "terminating resources of 3",
                        "terminating resources 2",
                        "terminating resources 3",
                        "end terminating resources");
        // What the operator reads is unchanged: the board shows work under way, it adds no line.
        assertThat(out).noneMatch(l -> l.contains("reading targets"));
    }

    @Test
    void theVerbsOfGuardsActionsReadAsWorkUnderWay() {
        assertThat(List.of("terminate", "stop", "start", "delete", "write"))
                .extracting(StepChange::gerund)
                .containsExactly("terminating", "stopping", "starting", "deleting", "writing");
    }

    // --- saved plans ----------------------------------------------------------------------------

    @Test
    void anApprovedPlanRunsInAProtectedAccountWithoutATerminalAndTheAuditNamesTheApprovers() throws Exception {
        world.add("r-1", "web", "running");
        Plan plan = plan(step("web", "typed", ""), "production");

        Executor.Report report = executor(plan, Executor.Mode.EXECUTE, noTerminal(), false)
                .saved(new SavedRun(arn -> {}, TargetSelection.ALL, List.of("alice", "carol")))
                .run();

        assertThat(report.exitCode()).as(String.join("\n", out)).isEqualTo(ExitCode.OK);
        assertThat(world.state("r-1")).isEqualTo("terminated");
        assertThat(out).anySatisfy(l -> assertThat(l).startsWith("Confirmed at approval time by alice, carol: "));
        assertThat(confirmations())
                .singleElement()
                .satisfies(c -> assertThat(c)
                        .containsEntry("by", "approval by alice, carol")
                        .containsEntry("result", "accepted"));
    }

    @Test
    void withoutApprovalsAProtectedAccountStillNeedsATerminal() throws Exception {
        world.add("r-1", "web", "running");
        Plan plan = plan(step("web", "typed", ""), "production");

        Executor.Report report = executor(plan, Executor.Mode.EXECUTE, noTerminal(), true)
                .saved(new SavedRun(arn -> {}, TargetSelection.ALL, List.of()))
                .run();

        assertThat(report.exitCode()).isEqualTo(ExitCode.ABORTED);
        assertThat(world.changes()).isEmpty();
    }

    @Test
    void driftInAnyStepRefusesTheWholeRunBeforeAnyChange() throws Exception {
        world.add("r-1", "web", "running");
        world.add("r-2", "db", "running");
        Plan plan = plan(step("web", "yes", "") + step("db", "yes", ""));
        TargetSelection driftInDb = (step, op) -> {
            TargetSelection.Selection all = TargetSelection.ALL.select(step, op);
            return step.step().id().equals("db")
                    ? new TargetSelection.Selection(List.of(), all.already(), List.of("r-2: state stopped → running"))
                    : all;
        };

        Executor.Report report = executor(plan, Executor.Mode.EXECUTE, terminal(), false)
                .saved(new SavedRun(arn -> {}, driftInDb, List.of()))
                .run();

        assertThat(report.exitCode()).isEqualTo(ExitCode.ABORTED);
        assertThat(report.refusals()).containsExactly("db: r-2: state stopped → running");
        assertThat(report.summary())
                .isEqualTo("refused: 1 difference from the saved plan (drift); nothing was changed");
        assertThat(out).contains("Refused: the world changed since the plan was saved — nothing was changed:");
        assertThat(world.changes()).isEmpty();
        assertThat(confirmations()).isEmpty();
    }

    // --- helpers --------------------------------------------------------------------------------

    /** The one place an Executor is built (its constructor may change). */
    private Executor executor(Plan plan, Executor.Mode mode, Terminal terminal, boolean yes) {
        return new Executor(plan, this::context, terminal, out::add, mode, yes, audit(), stop);
    }

    /** The one place the audit sink is adapted: every record into {@link #audited}. */
    private AuditTrail audit() {
        return e -> audited.add(new Event(e.name(), new java.util.LinkedHashMap<>(e.fields())));
    }

    private StepContext context(PlannedStep step) {
        return new StepContext(
                null,
                null,
                step.region(),
                step.account().label() + ", " + step.region(),
                null,
                out::add,
                Duration.ofSeconds(1),
                Duration.ofMillis(1),
                step.step().guards(),
                BatchOutcomes.NONE,
                stop,
                Progress.NONE);
    }

    private List<Event> events(String name) {
        return audited.stream().filter(e -> e.name().equals(name)).toList();
    }

    private List<Map<String, Object>> confirmations() {
        return events("confirmation").stream().map(Event::fields).toList();
    }

    /** The outcomes of the step's own record (not a batch's). */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> stepOutcomes(String step) {
        return events("outcomes").stream()
                .filter(e -> e.fields().get("step").equals(step) && !e.fields().containsKey("batch"))
                .map(e -> (List<Map<String, Object>>) e.fields().get("outcomes"))
                .reduce((a, b) -> b)
                .orElse(List.of());
    }

    private static String step(String group, String confirm, String guards) {
        return """
                - id: %s
                  action: test:Terminate
                  with: {group: %s}
                  confirm: %s
                """.formatted(group, group, confirm)
                + (guards.isEmpty() ? "" : "  guards:\n    " + guards.replace("\n  ", "\n    ") + "\n");
    }

    /** The runbook as a file, loaded and planned by the real loader and builder, in development. */
    private Plan plan(String steps) throws Exception {
        return plan(steps, "development");
    }

    private Plan plan(String steps, String account) throws Exception {
        Path file = dir.resolve("scripted.yaml");
        Files.writeString(file, """
                apiVersion: guard/v1
                kind: Runbook
                name: scripted
                target: {account: %s, region: us-east-1}
                steps:
                """.formatted(account) + steps.indent(2));
        Environment env = new Environment(REPOSITORY, Map.of(), dir.resolve("home"));
        GuardConfig config = new ConfigLoader(env)
                .read(REPOSITORY.resolve("config/guard.yaml"))
                .config()
                .orElseThrow();
        ActionRegistry actions = new ActionRegistry(List.of(world.action()));
        var loaded = new RunbookLoader(actions, config).load(file, file);
        assertThat(loaded.ok()).as(loaded.problems().toString()).isTrue();
        return new PlanBuilder(actions, config, env).build(loaded.runbook().orElseThrow(), file, Map.of());
    }

    private static ScriptedTerminal terminal(String... answers) {
        return ScriptedTerminal.strict(true, answers);
    }

    private static ScriptedTerminal noTerminal() {
        return ScriptedTerminal.strict(false);
    }

    /** A terminal that answers from a script and remembers each prompt. */
}
