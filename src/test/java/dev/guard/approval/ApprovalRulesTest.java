package dev.guard.approval;

import static dev.guard.approval.TestPlans.ALICE;
import static dev.guard.approval.TestPlans.STORE;
import static dev.guard.approval.TestPlans.approval;
import static dev.guard.approval.TestPlans.found;
import static dev.guard.approval.TestPlans.own;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.runbook.ApprovalPolicy;
import dev.guard.saved.SavedPlan;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which approval objects count for a plan (DESIGN.md §7.2), rule by rule. */
class ApprovalRulesTest {
    private static final Instant NOW = Instant.parse("2026-12-01T01:00:00Z");
    private static final Instant EXPIRES = NOW.plusSeconds(3_600);
    private static final ApprovalPolicy TWO = new ApprovalPolicy(2, List.of(), false);

    private final SavedPlan plan = TestPlans.plan(ALICE, EXPIRES, Optional.of(TWO));

    private Tally.Counted judge(ApprovalPolicy policy, ApprovalRules.Found f) {
        return ApprovalRules.judge(plan, policy, STORE, f, NOW);
    }

    @Test
    void anApprovalAtTheApproversOwnKeyCounts() {
        Tally.Counted c = judge(TWO, own(plan, "carol"));

        assertThat(c.invalid()).isEmpty();
        assertThat(c.user()).isEqualTo("carol");
        assertThat(c.key()).isEqualTo("approvals/carol/" + plan.digest().substring(7) + ".json");
    }

    @Test
    void aKeyNestedDeeperThanOneUserSegmentDoesNotCount() {
        String hex = plan.digest().substring(7);

        assertThat(judge(TWO, found("approvals/carol/x/" + hex + ".json", approval(plan, "carol")))
                        .invalid())
                .hasValueSatisfying(why -> assertThat(why).startsWith("not at approvals/<user>/"));
        assertThat(judge(TWO, found("approvals/" + hex + ".json", approval(plan, "carol")))
                        .invalid())
                .isPresent();
        assertThat(judge(TWO, found("other/carol/" + hex + ".json", approval(plan, "carol")))
                        .invalid())
                .isPresent();
    }

    @Test
    void aBodyNamingAnotherUserThanTheKeyDoesNotCount() {
        // mallory writes under her own prefix but claims to be carol: the key is what IAM proved.
        Tally.Counted c =
                judge(TWO, found(ApprovalRules.key(STORE, "mallory", plan.digest()), approval(plan, "carol")));

        assertThat(c.invalid()).hasValueSatisfying(why -> assertThat(why).contains("written under mallory/"));
    }

    @Test
    void aBodyForAnotherDigestOrPlanIdDoesNotCount() {
        SavedPlan other = TestPlans.plan(ALICE, EXPIRES.plusSeconds(1), Optional.of(TWO));
        String key = ApprovalRules.key(STORE, "carol", plan.digest());

        assertThat(judge(TWO, found(key, approval(other, "carol"))).invalid())
                .hasValueSatisfying(why -> assertThat(why).contains("another plan digest"));
        Approval wrongId = new Approval(
                "another-id", plan.digest(), "r", "arn:aws:iam::111111111111:user/carol", ALICE, NOW, EXPIRES);
        assertThat(judge(TWO, found(key, wrongId)).invalid())
                .hasValueSatisfying(why -> assertThat(why).contains("another plan id"));
    }

    @Test
    void aBodyThatIsNotAnApprovalDoesNotCount() {
        String key = ApprovalRules.key(STORE, "carol", plan.digest());

        assertThat(judge(TWO, found(key, "{\"format\":\"guard-approval/2\"}")).invalid())
                .hasValueSatisfying(why -> assertThat(why).contains("format guard-approval/2"));
        assertThat(judge(TWO, found(key, "not json")).invalid()).isPresent();
        assertThat(judge(
                                TWO,
                                new ApprovalRules.Found(
                                        key, Optional.empty(), Optional.empty(), Optional.of("AccessDenied")))
                        .invalid())
                .hasValueSatisfying(why -> assertThat(why).contains("could not be read: AccessDenied"));
    }

    @Test
    void anApproverOfAnotherAccountOrARoleDoesNotCount() {
        String key = ApprovalRules.key(STORE, "carol", plan.digest());
        Approval otherAccount = new Approval(
                plan.id(), plan.digest(), "r", "arn:aws:iam::999999999999:user/carol", ALICE, NOW, EXPIRES);
        Approval role = new Approval(
                plan.id(), plan.digest(), "r", "arn:aws:sts::111111111111:assumed-role/R/carol", ALICE, NOW, EXPIRES);

        assertThat(judge(TWO, found(key, otherAccount)).invalid())
                .hasValueSatisfying(why -> assertThat(why).contains("account 999999999999"));
        assertThat(judge(TWO, found(key, role)).invalid())
                .hasValueSatisfying(why -> assertThat(why).contains("not an IAM user ARN"));
    }

    @Test
    void onlyTheNamedApproversCountByNameOrByArn() {
        ApprovalPolicy named =
                new ApprovalPolicy(1, List.of("carol", "arn:aws:iam::111111111111:user/ops/dave"), false);

        assertThat(judge(named, own(plan, "carol")).valid()).isTrue();
        assertThat(judge(named, own(plan, "dave")).valid()).isTrue(); // the path does not matter
        assertThat(judge(named, own(plan, "mallory")).invalid())
                .hasValueSatisfying(why -> assertThat(why).contains("not one of the runbook's approvers"));
    }

    @Test
    void thePlannersOwnApprovalCountsOnlyWithSelfApproval() {
        assertThat(judge(TWO, own(plan, "alice")).invalid())
                .hasValueSatisfying(why -> assertThat(why).contains("made the plan"));
        assertThat(judge(new ApprovalPolicy(2, List.of(), true), own(plan, "alice"))
                        .valid())
                .isTrue();
    }

    @Test
    void nothingCountsForAnExpiredPlanOrWhenWrittenAfterItExpired() {
        assertThat(ApprovalRules.judge(plan, TWO, STORE, own(plan, "carol"), EXPIRES)
                        .invalid())
                .hasValueSatisfying(why -> assertThat(why).contains("expired"));
        ApprovalRules.Found late = new ApprovalRules.Found(
                ApprovalRules.key(STORE, "carol", plan.digest()),
                Optional.of(EXPIRES.plusSeconds(1)),
                Optional.of(approval(plan, "carol").bytes()),
                Optional.empty());
        assertThat(judge(TWO, late).invalid()).hasValue("written after the plan expired");
    }

    @Test
    void verifyCountsDistinctApproversAndRefusesWithWhatIsMissing() {
        Tally one = ApprovalRules.tally(plan, TWO, STORE, List.of(own(plan, "carol"), own(plan, "alice")), NOW);

        assertThatThrownBy(() -> Approvals.verify(plan, TWO, one)).isInstanceOfSatisfying(GuardException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.NOT_APPROVED);
            assertThat(String.join("\n", e.lines()))
                    .contains("1 of 2 required approvals (carol); 1 more needed")
                    .contains("not counted: approvals/alice/")
                    .contains("made the plan");
        });

        // The same user twice (a re-listing, a copy) is still one approver.
        Tally twice = ApprovalRules.tally(plan, TWO, STORE, List.of(own(plan, "carol"), own(plan, "carol")), NOW);
        assertThat(twice.validUsers()).containsExactly("carol");
        assertThatThrownBy(() -> Approvals.verify(plan, TWO, twice)).isInstanceOf(GuardException.class);

        Tally two = ApprovalRules.tally(plan, TWO, STORE, List.of(own(plan, "carol"), own(plan, "dave")), NOW);
        assertThat(Approvals.verify(plan, TWO, two).approvers()).containsExactly("carol", "dave");
    }

    @Test
    void anExpiredPlanOrOneWhosePolicyIsNotTheRunbooksIsRefusedAsAPlan() {
        assertThatThrownBy(() -> Approvals.expiredOrInconsistent(plan, TWO, EXPIRES))
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.PLAN_REFUSED));
        ApprovalPolicy one = new ApprovalPolicy(1, List.of(), false);
        assertThatThrownBy(() -> Approvals.expiredOrInconsistent(plan, one, NOW))
                .isInstanceOfSatisfying(GuardException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.PLAN_REFUSED);
                    assertThat(e.getMessage()).contains("says it needs 2 approvals");
                });
        Approvals.expiredOrInconsistent(plan, TWO, NOW); // consistent and in time: no refusal
    }

    @Test
    void theSavedPolicyReadsBackAsTheRunbookWroteIt() {
        ApprovalPolicy p = new ApprovalPolicy(3, List.of("carol", "arn:aws:iam::111111111111:user/dave"), true);

        assertThat(ApprovalPolicy.fromJson(p.toJson())).isEqualTo(p);
        assertThatThrownBy(() -> ApprovalPolicy.fromJson(java.util.Map.of("required", 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(p.describe())
                .isEqualTo(
                        "needs 3 approvals from carol, arn:aws:iam::111111111111:user/dave; the planner may approve too");
    }

    @Test
    void applysGateNeedsNothingWithoutAPolicyAndRefusesWithoutAStore() {
        SavedPlan plain = TestPlans.plan(ALICE, EXPIRES, Optional.empty());

        assertThat(Approvals.approversWith(plain, Optional.empty(), Optional.of(STORE), null, null, null, NOW))
                .isEmpty();
        // The plan says approvals are needed, the runbook (unchanged, apply checked) says none: resealed.
        assertThatThrownBy(() ->
                        Approvals.approversWith(plan, Optional.empty(), Optional.of(STORE), null, null, null, NOW))
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.PLAN_REFUSED));
        assertThatThrownBy(
                        () -> Approvals.approversWith(plan, Optional.of(TWO), Optional.empty(), null, null, null, NOW))
                .isInstanceOfSatisfying(GuardException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.NOT_APPROVED);
                    assertThat(e.getMessage()).contains("no approvals store is configured");
                });
    }
}
