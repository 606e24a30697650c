package dev.guard.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.action.ActionRegistry;
import dev.guard.auth.Acquisition;
import dev.guard.config.ConfigLoader;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.error.ProblemsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An account set resolved and fanned out by the plan: globs, groups and ids against the config,
 * AWS Organizations through its interface, de-duplicated in selector order, one planned step per
 * account × region sharing one {@link AccountSet}; and the credentials of a large set still take
 * one MFA code.
 */
class AccountSetPlanTest {
    @TempDir
    Path dir;

    /** An organization in memory: the logic around it is what is tested here, not AWS. */
    static final class FakeOrganization implements Organization {
        final Map<String, List<MemberAccount>> byParent = new HashMap<>();
        final Map<String, Map<String, String>> tags = new HashMap<>();
        final List<String> calls = new ArrayList<>();

        @Override
        public List<MemberAccount> accounts(Optional<String> parent) {
            calls.add("accounts " + parent.orElse("*"));
            if (parent.isEmpty()) {
                return byParent.values().stream().flatMap(List::stream).toList();
            }
            return byParent.getOrDefault(parent.get(), List.of());
        }

        @Override
        public Map<String, String> tags(String accountId) {
            calls.add("tags " + accountId);
            return tags.getOrDefault(accountId, Map.of());
        }
    }

    private GuardConfig config() throws Exception {
        Path file = dir.resolve("guard.yaml");
        String text = Files.readString(Runbooks.REPOSITORY.resolve("config/guard.yaml"))
                .replace(
                        "  production:  { id: \"444444444444\", protected: true }\n",
                        "  production:  { id: \"444444444444\", protected: true }\n"
                                + "  dev-us: { id: \"555555555555\" }\n"
                                + "  dev-eu: { id: \"666666666666\" }\n")
                .replace(
                        "  workloads: [development, staging]\n",
                        "  workloads: [development, staging, \"dev-*\"]\n  everything: [\"*\"]\n");
        Files.writeString(file, text);
        var read = new ConfigLoader(new Environment(dir, Map.of(), dir.resolve("home"))).read(file);
        assertThat(read.problems().isEmpty()).as(read.problems().toString()).isTrue();
        return read.config().orElseThrow();
    }

    private Plan plan(String target, String guards, Organization organization) throws Exception {
        return plan(target, guards, organization, config());
    }

    private Plan plan(String target, String guards, Organization organization, GuardConfig config) throws Exception {
        String yaml = """
                apiVersion: guard/v1
                kind: Runbook
                name: fleet
                target: %s
                steps:
                  - id: stop
                    action: ec2:StopInstances
                    with: {instanceIds: [i-0a22222222222222a]}
                    guards: %s
                    confirm: yes
                """.formatted(target, guards);
        Path file = Files.writeString(dir.resolve("rb.yaml"), yaml);
        var loaded = new RunbookLoader(ActionRegistry.standard(), config).load(file, file);
        assertThat(loaded.ok()).as(loaded.problems().sorted().toString()).isTrue();
        return new PlanBuilder(ActionRegistry.standard(), config, new Environment(dir, Map.of(), dir.resolve("home")))
                .reading(organization)
                .build(loaded.runbook().orElseThrow(), file, Map.of());
    }

    private static List<String> ids(Plan plan) {
        return plan.steps().stream().map(s -> s.step().id()).toList();
    }

    @Test
    void globsGroupsAndIdsResolveInSelectorOrderEachAccountOnceFromItsFirstSource() throws Exception {
        Plan plan = plan(
                "{accounts: [\"dev-*\", {group: workloads}, \"777777777777\"], region: us-east-1}",
                "{maxTargets: 1}",
                Organization.UNAVAILABLE);

        // dev-* in alias order; the group adds only what dev-* did not bring; an unknown id is its own alias.
        assertThat(ids(plan))
                .containsExactly("stop@dev-eu", "stop@dev-us", "stop@development", "stop@staging", "stop@777777777777");
        AccountSet set = plan.steps().get(0).set().orElseThrow();
        assertThat(plan.steps()).allSatisfy(s -> assertThat(s.set()).containsSame(set));
        assertThat(set.members())
                .extracting(AccountSet.Member::source)
                .containsExactly("dev-*", "dev-*", "group workloads", "group workloads", "777777777777");
        assertThat(set.sources()).containsExactly("dev-* (2)", "group workloads (2; 2 already in)", "777777777777 (1)");
        assertThat(set.maxConcurrency()).isEqualTo(RolloutDefaults.MAX_CONCURRENCY);
        assertThat(set.maxErrors()).isEqualTo(ErrorBudget.NONE_ALLOWED);
        assertThat(set.maxTargetsTotal()).isEqualTo(OptionalInt.of(5)); // maxTargets 1 × 5 members
        assertThat(plan.steps().get(2).roleArn()).hasValue("arn:aws:iam::222222222222:role/PrivilegedActionsRole");
        assertThat(plan.steps()).extracting(PlannedStep::number).containsOnly(1);
    }

    @Test
    void plainNamesAndIdsOfAListAreOneSourceAndEachSourceCountsWhatItAdded() throws Exception {
        Plan plan = plan(
                "{accounts: [development, \"dev-*\", staging, \"222222222222\", {group: workloads},"
                        + " \"777777777777\", \"888888888888\"], region: us-east-1}",
                "{maxTargets: 1}",
                Organization.UNAVAILABLE);

        AccountSet set = plan.steps().get(0).set().orElseThrow();
        assertThat(set.accounts()).hasSize(6);
        assertThat(set.sources())
                .containsExactly("listed (4; 1 already in)", "dev-* (2)", "group workloads (0; 4 already in)");
        assertThat(set.members())
                .extracting(AccountSet.Member::source)
                .containsExactly("listed", "dev-*", "dev-*", "listed", "listed", "listed");
        AccountSet many = new AccountSet(
                "stop",
                set.members(),
                List.of("a (1)", "b (1)", "c (1)", "d (1)", "e (1)", "f (1)"),
                1,
                ErrorBudget.NONE_ALLOWED,
                OptionalInt.empty());
        assertThat(many.sourcesLine()).isEqualTo("a (1), b (1), c (1), d (1), +2 more");
    }

    @Test
    void regionsMultiplyTheAccountsAndNameEachInstanceWithItsRegion() throws Exception {
        Plan plan = plan(
                "{accounts: [development, staging], regions: [us-east-1, eu-west-1], maxConcurrency: 3,"
                        + " maxErrors: \"50%\"}",
                "{maxTargets: 1, maxTargetsTotal: 4}", Organization.UNAVAILABLE);

        assertThat(ids(plan))
                .containsExactly(
                        "stop@development/us-east-1",
                        "stop@development/eu-west-1",
                        "stop@staging/us-east-1",
                        "stop@staging/eu-west-1");
        assertThat(plan.steps())
                .extracting(PlannedStep::region)
                .containsExactly("us-east-1", "eu-west-1", "us-east-1", "eu-west-1");
        AccountSet set = plan.steps().get(0).set().orElseThrow();
        assertThat(set.maxConcurrency()).isEqualTo(3);
        assertThat(set.maxErrors()).isEqualTo(new ErrorBudget(50, true));
        assertThat(set.maxTargetsTotal()).isEqualTo(OptionalInt.of(4));
    }

    @Test
    void namedTargetsOverTheWholeSetMustFitMaxTargetsTotal() {
        assertThatThrownBy(() -> plan(
                        "{accounts: [development, staging], region: us-east-1}",
                        "{maxTargets: 1, maxTargetsTotal: 1}",
                        Organization.UNAVAILABLE))
                .isInstanceOf(ProblemsException.class)
                .hasMessageContaining(
                        "names 1 targets in each of 2 accounts × regions (2) but guards.maxTargetsTotal" + " is 1");
    }

    @Test
    void organizationsGivesActiveAccountsByIdFilteredByTagsAndTheConfigsOwnAccountWhenItKnowsOne() throws Exception {
        FakeOrganization org = new FakeOrganization();
        org.byParent.put(
                "ou-ab12-cdef3456",
                List.of(
                        new Organization.MemberAccount("900000000002", "dev-two", "ACTIVE"),
                        new Organization.MemberAccount("333333333333", "Staging", "ACTIVE"),
                        new Organization.MemberAccount("900000000001", "dev-one", "ACTIVE"),
                        new Organization.MemberAccount("900000000003", "old", "SUSPENDED"),
                        new Organization.MemberAccount("900000000004", "untagged", "ACTIVE")));
        for (String id : List.of("900000000001", "900000000002", "333333333333", "900000000003")) {
            org.tags.put(id, Map.of("env", "dev", "team", "x"));
        }

        Plan plan = plan(
                "{accounts: [{organizationalUnit: ou-ab12-cdef3456, tags: {env: dev}}], region: us-east-1}",
                "{maxTargets: 1}",
                org);

        assertThat(ids(plan)).containsExactly("stop@staging", "stop@900000000001", "stop@900000000002");
        AccountSet set = plan.steps().get(0).set().orElseThrow();
        assertThat(set.members())
                .extracting(AccountSet.Member::name)
                .containsExactly(Optional.of("Staging"), Optional.of("dev-one"), Optional.of("dev-two"));
        assertThat(set.sources())
                .containsExactly("organizationalUnit ou-ab12-cdef3456 with tags env=dev (3; 1 suspended left out)");
        assertThat(org.calls).doesNotContain("tags 900000000003"); // not ACTIVE: its tags are never read
    }

    @Test
    void aSetNothingMatchedDoesNothingAndThePlanSaysSo() throws Exception {
        Plan plan = plan("{accounts: [{tags: {team: nobody}}], region: us-east-1}", "{}", new FakeOrganization());

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.warnings())
                .contains("stop: no account matched organization with tags team=nobody (0): the step does nothing");
    }

    @Test
    void aProtectedAccountInASetIsSaidOnceForThePlan() throws Exception {
        Plan plan = plan("{accounts: [staging, production], region: us-east-1}", "{}", Organization.UNAVAILABLE);

        assertThat(plan.warnings())
                .contains("stop: protected account production (444444444444) in a set: only an approved saved plan"
                        + " may act in it");
        // What every member shares is said once for the step, not once per account.
        assertThat(plan.warnings().stream().filter(w -> w.contains("stopping loses instance-store data")))
                .containsExactly(
                        "stop: stopping loses instance-store data and interrupts whatever the instances are serving");
    }

    @Test
    void aSetOf200AccountsTakesOneMfaCodeOneSessionTokenAndOneAssumeRolePerRole() throws Exception {
        FakeOrganization org = new FakeOrganization();
        List<Organization.MemberAccount> accounts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            accounts.add(new Organization.MemberAccount(String.format("9%011d", i), "acct" + i, "ACTIVE"));
        }
        org.byParent.put("ou-ab12-cdef3456", accounts);

        Plan plan = plan("{accounts: [{organizationalUnit: ou-ab12-cdef3456}], region: us-east-1}", "{}", org);

        assertThat(plan.steps()).hasSize(200);
        assertThat(plan.credentials().mfaPrompts()).isEqualTo(1);
        List<Acquisition> calls = plan.credentials().acquisitions();
        assertThat(calls.stream().filter(Acquisition.GetSessionToken.class::isInstance))
                .hasSize(1);
        List<Acquisition.AssumeRole> roles = calls.stream()
                .filter(Acquisition.AssumeRole.class::isInstance)
                .map(Acquisition.AssumeRole.class::cast)
                .toList();
        assertThat(roles)
                .hasSize(200)
                .allSatisfy(r -> assertThat(r.chainedFromSessionToken()).isTrue());
        assertThat(roles.stream().map(Acquisition.AssumeRole::roleArn).distinct())
                .hasSize(200);
    }

    @Test
    void oneAccountInSeveralRegionsAssumesItsRoleOnce() throws Exception {
        Plan plan = plan(
                "{account: development, regions: [us-east-1, eu-west-1, ap-south-1]}", "{}", Organization.UNAVAILABLE);

        assertThat(ids(plan))
                .containsExactly(
                        "stop@development/us-east-1", "stop@development/eu-west-1", "stop@development/ap-south-1");
        assertThat(plan.credentials().acquisitions().stream().filter(Acquisition.AssumeRole.class::isInstance))
                .hasSize(1);
        assertThat(plan.credentials().mfaPrompts()).isEqualTo(1);
    }

    @Test
    void anOrganizationSelectorNeedsAReaderWhenPlannedAndOnlyItsSyntaxWhenValidated() throws Exception {
        GuardConfig config = config();
        Path file = Files.writeString(dir.resolve("org.yaml"), """
                apiVersion: guard/v1
                kind: Runbook
                name: org
                target: {accounts: [{organizationalUnit: ou-ab12-cdef3456}], region: us-east-1}
                steps:
                  - {id: stop, action: ec2:StopInstances, with: {instanceIds: [i-0a22222222222222a]}, confirm: yes}
                """);
        var loaded = new RunbookLoader(ActionRegistry.standard(), config).load(file, file);
        assertThat(loaded.ok()).as(loaded.problems().sorted().toString()).isTrue();
        PlanBuilder builder =
                new PlanBuilder(ActionRegistry.standard(), config, new Environment(dir, Map.of(), dir.resolve("home")));

        assertThat(builder.credentialProblems(loaded.runbook().orElseThrow(), file)
                        .isEmpty())
                .isTrue();
        assertThatThrownBy(() -> builder.build(loaded.runbook().orElseThrow(), file, Map.of()))
                .hasMessageContaining("this target reads AWS Organizations, which needs credentials");
    }

    @Test
    void parametersWorkInNamesGroupsAndRegionsAndAreCheckedOnceKnown() throws Exception {
        GuardConfig config = config();
        Path file = Files.writeString(dir.resolve("p.yaml"), """
                apiVersion: guard/v1
                kind: Runbook
                name: p
                parameters:
                  who: {description: an account}
                  team: {description: a group}
                target: {accounts: ["${who}", {group: "${team}"}], regions: ["${where}"]}
                steps:
                  - {id: stop, action: ec2:StopInstances, with: {instanceIds: [i-0a22222222222222a]}, confirm: yes}
                """.replace(
                        "  team: {description: a group}\n", "  team: {description: a group}\n  where: {}\n"));
        var loaded = new RunbookLoader(ActionRegistry.standard(), config).load(file, file);
        assertThat(loaded.ok()).as(loaded.problems().sorted().toString()).isTrue();
        PlanBuilder builder =
                new PlanBuilder(ActionRegistry.standard(), config, new Environment(dir, Map.of(), dir.resolve("home")));

        Plan plan = builder.build(
                loaded.runbook().orElseThrow(),
                file,
                Map.of("who", "production", "team", "workloads", "where", "eu-west-1"));
        assertThat(ids(plan))
                .containsExactly("stop@production", "stop@development", "stop@staging", "stop@dev-eu", "stop@dev-us");
        assertThat(plan.steps()).extracting(PlannedStep::region).containsOnly("eu-west-1");

        assertThatThrownBy(() -> builder.build(
                        loaded.runbook().orElseThrow(),
                        file,
                        Map.of("who", "qa", "team", "nope", "where", "eu-west-1")))
                .isInstanceOf(ProblemsException.class)
                .hasMessageContaining("target.accounts: unknown account alias 'qa' (from parameter who)")
                .hasMessageContaining("target.accounts: unknown group 'nope' (defined: everything, workloads)");
    }

    @Test
    void aParameterCannotWidenASetOnlyAGlobWrittenInTheRunbookExpands() throws Exception {
        GuardConfig config = config();
        Path file = Files.writeString(dir.resolve("w.yaml"), """
                apiVersion: guard/v1
                kind: Runbook
                name: w
                parameters:
                  who: {description: an account}
                  team: {description: a group}
                target: {accounts: ["${who}", "dev-${team}"], region: eu-west-1}
                steps:
                  - {id: stop, action: ec2:StopInstances, with: {instanceIds: [i-0a22222222222222a]}, confirm: yes}
                """);
        var loaded = new RunbookLoader(ActionRegistry.standard(), config).load(file, file);
        assertThat(loaded.ok()).as(loaded.problems().sorted().toString()).isTrue();
        PlanBuilder builder =
                new PlanBuilder(ActionRegistry.standard(), config, new Environment(dir, Map.of(), dir.resolve("home")));

        assertThatThrownBy(() -> builder.build(loaded.runbook().orElseThrow(), file, Map.of("who", "*", "team", "?s")))
                .isInstanceOf(ProblemsException.class)
                .hasMessageContaining("w.yaml:7:")
                .hasMessageContaining("target.accounts: '*' (from parameter who): a parameter cannot widen an account"
                        + " set: write the glob in the runbook")
                .hasMessageContaining("target.accounts: 'dev-?s' (from parameter team): a parameter cannot widen");
        Plan plan = builder.build(loaded.runbook().orElseThrow(), file, Map.of("who", "production", "team", "us"));
        assertThat(ids(plan)).containsExactly("stop@production", "stop@dev-us");
    }
}
