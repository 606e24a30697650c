package dev.guard.sandbox.seed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled seed is the world DESIGN.md §5 promises: docs, examples and checks name it. */
class SeedContractTest {
    private static final SeedWorld WORLD = SeedLoader.bundled();
    private static final Map<String, Object> MFA_TRUE = Map.of("Bool", Map.of("aws:MultiFactorAuthPresent", "true"));

    @Test
    void theFourAccountsHaveTheirDeterministicIdsAndNames() {
        assertThat(WORLD.accounts())
                .extracting(SeedAccount::name, SeedAccount::id)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("identity", "111111111111"),
                        org.assertj.core.groups.Tuple.tuple("development", "222222222222"),
                        org.assertj.core.groups.Tuple.tuple("staging", "333333333333"),
                        org.assertj.core.groups.Tuple.tuple("production", "444444444444"));
        assertThat(WORLD.account("production")).isEqualTo(WORLD.accountById("444444444444"));
        assertThat(WORLD.faults().isEmpty()).isTrue();
    }

    @Test
    void aliceHasHerVirtualMfaDeviceAndTheOperatorsGroup() {
        SeedUser alice = WORLD.userByName("alice").orElseThrow();
        assertThat(alice.accessKeyId()).isEqualTo("AKIASANDBOXALICE0001");
        assertThat(alice.secretAccessKey()).hasSize(40);
        assertThat(alice.mfaDevice()).map(SeedMfaDevice::serial).contains("arn:aws:iam::111111111111:mfa/alice");
        assertThat(alice.groups()).containsExactly("Operators");
        assertThat(WORLD.accountOf(alice)).map(SeedAccount::id).contains("111111111111");
        assertThat(WORLD.userByAccessKeyId("AKIASANDBOXALICE0001")).contains(alice);
        assertThat(WORLD.mfaDevice("arn:aws:iam::111111111111:mfa/alice")).isEqualTo(alice.mfaDevice());
        assertThat(alice.toString())
                .doesNotContain(alice.secretAccessKey(), alice.mfaDevice().get().base32Secret());
    }

    @Test
    void operatorsMayAssumeEveryPrivilegedRoleAndUseTheProtectedBucket() {
        SeedAccount identity = WORLD.accountByName("identity").orElseThrow();
        List<Map<String, Object>> statements =
                statements(identity.group("Operators").orElseThrow().policies().get(0));
        assertThat(statements).anySatisfy(s -> {
            // SetSourceIdentity too: guard names the human in every role session.
            assertThat(s).containsEntry("Action", List.of("sts:AssumeRole", "sts:SetSourceIdentity"));
            assertThat(s).containsEntry("Resource", "arn:aws:iam::*:role/PrivilegedActionsRole");
        });
        assertThat(statements).anySatisfy(s -> {
            // The multipart actions too: `aws s3 cp` of a large file aborts what it cannot complete.
            assertThat(s)
                    .containsEntry(
                            "Action",
                            List.of(
                                    "s3:PutObject",
                                    "s3:DeleteObject",
                                    "s3:GetObject",
                                    "s3:AbortMultipartUpload",
                                    "s3:ListMultipartUploadParts"));
            assertThat(s).containsEntry("Resource", "arn:aws:s3:::guard-protected-artifacts/*");
        });
    }

    @Test
    void bobSharesTheGroupButHasNoMfaDevice() {
        SeedUser bob = WORLD.userByName("bob").orElseThrow();
        assertThat(bob.mfaDevice()).isEmpty();
        assertThat(bob.groups()).containsExactly("Operators");
        assertThat(bob.accessKeyId()).isEqualTo("AKIASANDBOXBOB000001");
    }

    @Test
    void sofiaMayStopAndTerminateHerInstancesOnlyWithMfa() {
        SeedUser sofia = WORLD.userByName("sofia").orElseThrow();
        assertThat(sofia.accessKeyId()).isEqualTo("AKIASANDBOXSOFIA0001");
        assertThat(sofia.mfaDevice()).map(SeedMfaDevice::serial).contains("arn:aws:iam::111111111111:mfa/sofia");
        SeedAccount identity = WORLD.accountOf(sofia).orElseThrow();
        List<Map<String, Object>> statements =
                statements(identity.group("EC2-Admins").orElseThrow().policies().get(0));
        assertThat(statements).anySatisfy(s -> {
            assertThat(s).containsEntry("Action", "ec2:Describe*");
            assertThat(s).doesNotContainKey("Condition");
        });
        assertThat(statements).anySatisfy(s -> {
            assertThat(s).containsEntry("Action", List.of("ec2:StopInstances", "ec2:TerminateInstances"));
            assertThat(s).containsEntry("Condition", MFA_TRUE);
        });
        assertThat(identity.instances())
                .isNotEmpty()
                .allSatisfy(i -> assertThat(i.tags()).containsEntry("owner", "sofia"));
        assertThat(identity.identityPolicies(sofia))
                .extracting(SeedPolicy::name)
                .containsExactly("SelfServiceMfa", "EC2AdminsStopAndTerminateWithMfa");
    }

    @Test
    void everyOtherAccountHasThePrivilegedRoleTrustingIdentityOnlyWithMfa() {
        for (String account : List.of("222222222222", "333333333333", "444444444444")) {
            SeedRole role = WORLD.accountById(account)
                    .orElseThrow()
                    .role("PrivilegedActionsRole")
                    .orElseThrow();
            assertThat(role.maxSessionDurationSeconds()).isGreaterThanOrEqualTo(3600);
            Map<String, Object> trust = statements(role.trustPolicy()).get(0);
            assertThat(trust)
                    .containsEntry("Effect", "Allow")
                    .containsEntry("Principal", Map.of("AWS", "arn:aws:iam::111111111111:root"))
                    .containsEntry("Action", List.of("sts:AssumeRole", "sts:SetSourceIdentity"))
                    .containsEntry("Condition", MFA_TRUE);
            // The permission policy carries no MFA condition: the trust policy does (DESIGN §1.2).
            assertThat(statements(role.policies().get(0)))
                    .allSatisfy(s -> assertThat(String.valueOf(s.get("Condition")))
                            .doesNotContainIgnoringCase("MultiFactorAuth"))
                    .flatExtracting(s -> actions(s.get("Action")))
                    .contains(
                            "ec2:TerminateInstances",
                            "ec2:StopInstances",
                            "dynamodb:*Table*",
                            // guard reads a table's tags for guards.refuseTags; *Table* does not match it.
                            "dynamodb:ListTagsOfResource",
                            "s3:PutObject",
                            "s3:DeleteObject");
        }
    }

    @Test
    void developmentHasDevInstancesOneProtectedByTagAndOneByTerminationProtection() {
        SeedAccount dev = WORLD.accountByName("development").orElseThrow();
        assertThat(dev.instances()).allSatisfy(i -> assertThat(i.tags()).containsEntry("env", "dev"));
        assertThat(dev.instances()).extracting(SeedInstance::state).contains("running", "stopped");
        assertThat(dev.instances())
                .filteredOn(i -> "true".equals(i.tags().get("guard:protected")))
                .extracting(SeedInstance::id)
                .containsExactly("i-0a22222222222222e");
        assertThat(dev.instances())
                .filteredOn(SeedInstance::disableApiTermination)
                .extracting(SeedInstance::id)
                .containsExactly("i-0a22222222222222f");
        assertThat(WORLD.accountOfInstance("i-0a22222222222222a")).contains(dev);
    }

    @Test
    void stagingHasTablesOneWithDeletionProtection() {
        SeedAccount staging = WORLD.accountByName("staging").orElseThrow();
        assertThat(staging.tables()).extracting(SeedTable::name).contains("orders-staging", "sessions-staging");
        assertThat(staging.table("orders-staging"))
                .map(SeedTable::deletionProtection)
                .contains(true);
        assertThat(staging.table("sessions-staging"))
                .map(SeedTable::deletionProtection)
                .contains(false);
    }

    @Test
    void stagingTablesAreTaggedAndOnlyOrdersIsProtectedByTag() {
        SeedAccount staging = WORLD.accountByName("staging").orElseThrow();
        assertThat(staging.tables())
                .extracting(SeedTable::name)
                .containsExactlyInAnyOrder("orders-staging", "sessions-staging", "carts-staging");
        assertThat(staging.tables()).allSatisfy(t -> assertThat(t.tags()).containsEntry("env", "staging"));
        assertThat(staging.tables())
                .filteredOn(t -> "true".equals(t.tags().get("guard:protected")))
                .extracting(SeedTable::name)
                .containsExactly("orders-staging");
    }

    @Test
    void theProtectedBucketAllowsTheOtherAccountsOnlyWithMfa() {
        SeedBucket bucket = WORLD.accountByName("production")
                .orElseThrow()
                .bucket("guard-protected-artifacts")
                .orElseThrow();
        assertThat(WORLD.accountOfBucket("guard-protected-artifacts"))
                .map(SeedAccount::id)
                .contains("444444444444");
        List<Map<String, Object>> statements = statements(bucket.policy().orElseThrow());
        List<String> trusted = List.of(
                "arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root");
        assertThat(statements)
                .filteredOn(s -> "Allow".equals(s.get("Effect")))
                .isNotEmpty()
                .allSatisfy(s -> {
                    assertThat(s).containsEntry("Principal", Map.of("AWS", trusted));
                    assertThat(s).containsEntry("Condition", MFA_TRUE);
                })
                .flatExtracting(s -> actions(s.get("Action")))
                .contains("s3:PutObject", "s3:DeleteObject", "s3:GetObject", "s3:ListBucket");
        assertThat(bucket.objects()).containsKeys("releases/current/manifest.json", "releases/previous/manifest.json");
    }

    @Test
    void carolIsASecondOperatorWithHerOwnMfaDevice() {
        SeedUser carol = WORLD.userByName("carol").orElseThrow();
        assertThat(carol.accessKeyId()).isEqualTo("AKIASANDBOXCAROL0001");
        assertThat(carol.mfaDevice()).map(SeedMfaDevice::serial).contains("arn:aws:iam::111111111111:mfa/carol");
        assertThat(carol.groups()).containsExactly("Operators");
        assertThat(carol.mfaDevice().get().base32Secret())
                .isNotEqualTo(WORLD.userByName("alice")
                        .orElseThrow()
                        .mfaDevice()
                        .get()
                        .base32Secret());
    }

    @Test
    void schedulerIsTheRunnerWithoutMfaAndMayAssumeOnlyTheRunnerRole() {
        SeedUser scheduler = WORLD.userByName("scheduler").orElseThrow();
        assertThat(scheduler.accessKeyId()).isEqualTo("AKIASANDBOXSCHED0001");
        assertThat(scheduler.mfaDevice()).isEmpty();
        assertThat(scheduler.groups()).isEmpty();
        assertThat(WORLD.accountOf(scheduler)).map(SeedAccount::id).contains("111111111111");
        assertThat(statements(scheduler.policies().get(0)))
                .filteredOn(s -> actions(s.get("Action")).contains("sts:AssumeRole"))
                .extracting(s -> s.get("Resource"))
                .containsExactly("arn:aws:iam::*:role/GuardRunnerRole");
    }

    @Test
    void everyOtherAccountHasTheRunnerRoleTrustingSchedulerWithoutMfa() {
        for (String account : List.of("222222222222", "333333333333", "444444444444")) {
            SeedAccount target = WORLD.accountById(account).orElseThrow();
            SeedRole runner = target.role("GuardRunnerRole").orElseThrow();
            Map<String, Object> trust = statements(runner.trustPolicy()).get(0);
            assertThat(trust)
                    .containsEntry("Principal", Map.of("AWS", "arn:aws:iam::111111111111:user/scheduler"))
                    .doesNotContainKey("Condition");
            // The same permissions as PrivilegedActionsRole except its Tags statement: retagging
            // after launch is for operators rehearsing drift, never for the unattended runner.
            List<Object> privileged =
                    statements(target.role("PrivilegedActionsRole")
                                    .orElseThrow()
                                    .policies()
                                    .get(0))
                            .stream()
                            .filter(s -> !"Tags".equals(s.get("Sid")))
                            .flatMap(s -> actions(s.get("Action")).stream())
                            .toList();
            assertThat(statements(runner.policies().get(0)))
                    .extracting(s -> s.get("Sid"))
                    .doesNotContain("Tags");
            assertThat(statements(runner.policies().get(0)))
                    .flatExtracting(s -> actions(s.get("Action")))
                    .containsExactlyElementsOf(privileged);
        }
    }

    @Test
    void identityHoldsTheApprovalsBucketAndTheLockTable() {
        SeedAccount identity = WORLD.accountByName("identity").orElseThrow();
        SeedTable locks = identity.table("guard-locks").orElseThrow();
        assertThat(locks.partitionKey()).isEqualTo("LockID");
        assertThat(locks.ttlAttribute()).contains("ttl");
        SeedBucket approvals = identity.bucket("guard-approvals").orElseThrow();
        assertThat(statements(approvals.policy().orElseThrow()))
                .extracting(s -> s.get("Sid"))
                .containsExactly(
                        "DenyApprovalWritesWithoutMfa",
                        "DenyApprovalWritesWithStaleMfa",
                        "DenyApprovalWritesOutsideOwnPrefix",
                        "AllowOwnApprovalWritesWithFreshMfa",
                        "AllowApprovalReads");
        assertThat(approvals.objects()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> statements(Object document) {
        Object statement = ((Map<String, Object>) document).get("Statement");
        return statement instanceof List<?> l
                ? (List<Map<String, Object>>) l
                : List.of((Map<String, Object>) statement);
    }

    private static List<Map<String, Object>> statements(SeedPolicy policy) {
        return statements(policy.document());
    }

    private static List<Object> actions(Object action) {
        return action instanceof List<?> l ? List.copyOf(l) : List.of(action);
    }
}
