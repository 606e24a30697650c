package dev.guard.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.action.ActionRegistry;
import dev.guard.action.BatchOutcomes;
import dev.guard.action.PressedStop;
import dev.guard.action.StepContext;
import dev.guard.audit.AuditTrail;
import dev.guard.config.Account;
import dev.guard.config.ConfigLoader;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.error.ExitCode;
import dev.guard.plan.ErrorBudget;
import dev.guard.plan.Plan;
import dev.guard.plan.PlanBuilder;
import dev.guard.plan.PlannedStep;
import dev.guard.plan.RunbookLoader;
import dev.guard.term.Progress;
import dev.guard.term.ScriptedTerminal;
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
 * Which members of an account set failed, ran or were left out, told the same way by the error
 * budget, the summary table, {@code --output json} and the confirmation: steps across four scripted
 * accounts, each with its own resources.
 */
class SetOutcomeTest {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath();
    private static final List<Account> ACCOUNTS = List.of(
            new Account("alpha", "100000000001", Optional.empty(), false),
            new Account("bravo", "100000000002", Optional.empty(), false),
            new Account("charlie", "100000000003", Optional.empty(), false),
            new Account("delta", "100000000004", Optional.empty(), false));

    @TempDir
    Path dir;

    private final ScriptedWorld world = new ScriptedWorld();
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> audited = new CopyOnWriteArrayList<>();
    private final PressedStop stop = new PressedStop();

    @Test
    void aMemberWhoseWaitFailedAfterItsChangeIsFailedInTheTableAsTheBudgetCountsIt() throws Exception {
        world.add("w-a", "web", "running").in("alpha");
        world.add("w-b", "web", "running").in("bravo");
        world.awaitBreaksAt.add("w-a");
        Plan plan = plan(step("web", "yes"), ACCOUNTS.subList(0, 2), new ErrorBudget(100, true));

        Executor.Report report =
                executor(plan, ScriptedTerminal.strict(true, "y")).run();

        // alpha's change went through, its wait did not: it broke off, so it failed.
        assertThat(report.exitCode()).as(report.summary()).isEqualTo(ExitCode.PARTIAL);
        assertThat(report.summary()).contains("1 account-set member failed");
        List<SetTable.Row> rows =
                SetTable.rows(report.steps()).values().iterator().next();
        assertThat(rows)
                .extracting(r -> r.account() + " " + r.status() + " " + r.memberFailed())
                .containsExactly("alpha FAILED true", "bravo ok false");
        assertThat(rows.get(0).note()).hasValueSatisfying(n -> assertThat(n).startsWith("waiting failed"));
    }

    @Test
    void theBudgetsBaseIsTheMembersThatRunNotThoseSkippedForAnEarlierFailure() throws Exception {
        scriptTwoSteps();
        Plan plan = plan(step("db", "yes") + step("web", "yes"), ACCOUNTS, new ErrorBudget(50, true));

        Executor.Report report =
                executor(plan, ScriptedTerminal.strict(true, "y", "y")).run();

        // web runs in bravo, charlie, delta (alpha's db failed): 50% of 3 allows 1 failure; bravo and
        // charlie fail, so delta never starts. Counted over all 4, 2 failures would have let it start.
        assertThat(world.state("w-d")).isEqualTo("running");
        assertThat(report.steps())
                .filteredOn(s -> s.step().step().id().equals("web@delta"))
                .singleElement()
                .satisfies(s -> assertThat(s.note())
                        .hasValue("not started: error budget maxErrors=50% exceeded: 2 of 3 members failed"));
        assertThat(report.steps())
                .filteredOn(s -> s.step().step().id().equals("web@alpha"))
                .singleElement()
                .satisfies(s -> assertThat(s.note()).hasValue("not run: step db failed in this account"));
    }

    @Test
    void theSetConfirmationCountsOnlyTheMembersThatWillRun() throws Exception {
        scriptTwoSteps();
        world.awaitBreaksAt.clear();
        world.awaitBreaksAt.add("d-a");
        ScriptedTerminal terminal = ScriptedTerminal.strict(true, "4 accounts", "3 accounts");
        Plan plan = plan(step("db", "typed") + step("web", "typed"), ACCOUNTS, new ErrorBudget(100, true));

        Executor.Report report = executor(plan, terminal).run();

        assertThat(report.summary()).contains("1 account-set member failed");
        assertThat(terminal.prompts)
                .last()
                .isEqualTo("Type '3 accounts' to terminate 3 resources in 3 accounts (3 of the set's 4 members will"
                        + " change; 1 not run: an earlier step failed there): ");
        assertThat(world.state("w-a")).isEqualTo("running");
        assertThat(world.state("w-d")).isEqualTo("terminated");
        // web's confirmation: once for the set, once for each of the 3 members it covers.
        assertThat(audited.stream().filter(a -> a.startsWith("confirmation web")))
                .containsExactly(
                        "confirmation web",
                        "confirmation web@bravo",
                        "confirmation web@charlie",
                        "confirmation web@delta");
    }

    /** A db and a web resource in each account; db breaks in alpha, web in bravo and charlie. */
    private void scriptTwoSteps() {
        for (Account a : ACCOUNTS) {
            String letter = a.alias().substring(0, 1);
            world.add("d-" + letter, "db", "running").in(a.alias());
            world.add("w-" + letter, "web", "running").in(a.alias());
        }
        world.awaitBreaksAt.addAll(List.of("d-a", "w-b", "w-c"));
    }

    private Executor executor(Plan plan, ScriptedTerminal terminal) {
        AuditTrail audit = e -> audited.add(e.name() + " " + e.fields().get("step"));
        return new Executor(plan, this::context, terminal, out::add, Executor.Mode.EXECUTE, false, audit, stop);
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

    private static String step(String group, String confirm) {
        return """
                - id: %s
                  action: test:Terminate
                  with: {group: %s}
                  confirm: %s
                  wait: true
                """.formatted(group, group, confirm);
    }

    /** The runbook loaded and planned by the real loader and builder, then each step fanned out. */
    private Plan plan(String steps, List<Account> accounts, ErrorBudget budget) throws Exception {
        Path file = dir.resolve("scripted.yaml");
        Files.writeString(file, """
                apiVersion: guard/v1
                kind: Runbook
                name: scripted
                target: {account: development, region: us-east-1}
                steps:
                """ + steps.indent(2));
        Environment env = new Environment(REPOSITORY, Map.of(), dir.resolve("home"));
        GuardConfig config = new ConfigLoader(env)
                .read(REPOSITORY.resolve("config/guard.yaml"))
                .config()
                .orElseThrow();
        ActionRegistry actions = new ActionRegistry(List.of(world.action()));
        var loaded = new RunbookLoader(actions, config).load(file, file);
        assertThat(loaded.ok()).as(loaded.problems().toString()).isTrue();
        Plan single =
                new PlanBuilder(actions, config, env).build(loaded.runbook().orElseThrow(), file, Map.of());
        return SetPlans.fanOutEach(single, accounts, 1, budget);
    }
}
