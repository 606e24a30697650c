package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.sandbox.seed.GeneratedAccounts;
import dev.guard.sandbox.seed.SeedAccount;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedOrganization;
import dev.guard.sandbox.seed.SeedWorld;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * {@code --accounts N}: N member accounts, deterministic, each with development's roles (the same
 * objects) and three instances, placed in the Generated OU, and served like any seeded account.
 */
class GeneratedAccountsTest {
    private static final SeedWorld BUNDLED = SeedLoader.bundled();

    @Test
    void generatesNAccountsWithDocumentedIdsNamesPlacesAndTags() {
        SeedWorld world = GeneratedAccounts.apply(BUNDLED, 200);
        assertThat(world.accounts()).hasSize(BUNDLED.accounts().size() + 200);
        SeedAccount first = world.account("member-001").orElseThrow();
        SeedAccount last = world.account("member-200").orElseThrow();
        assertThat(first.id()).isEqualTo("700000000001");
        assertThat(last.id()).isEqualTo("700000000200");
        SeedOrganization org = world.organization().orElseThrow();
        assertThat(org.generated()).isEqualTo(200);
        assertThat(org.unit("ou-gs01-generated")).hasValueSatisfying(u -> {
            assertThat(u.name()).isEqualTo("Generated");
            assertThat(u.parentId()).isEqualTo("r-gs01");
        });
        assertThat(org.membership("700000000002").tags())
                .containsEntry("env", "dev")
                .containsEntry("team", "search");
        assertThat(org.membership("700000000002").parentId()).isEqualTo("ou-gs01-generated");
        // The seeded structure stays as it was.
        assertThat(org.membership("222222222222").parentId()).isEqualTo("ou-gs01-workloads");
        assertThat(first.instances())
                .extracting(i -> i.id())
                .containsExactly("i-0700000000001000a", "i-0700000000001000b", "i-0700000000001000c");
        assertThat(first.instances())
                .filteredOn(i -> "true".equals(i.tags().get("cleanup")))
                .hasSize(2);
        assertThat(first.instances()).allSatisfy(i -> assertThat(i.tags()).containsEntry("env", "dev"));
        // development's roles, the very objects: their policies are not copied 200 times.
        SeedAccount development = BUNDLED.account("development").orElseThrow();
        assertThat(last.role("PrivilegedActionsRole"))
                .containsSame(development.role("PrivilegedActionsRole").get());
    }

    @Test
    void generationIsDeterministicAndReplacesAnEarlierOne() {
        assertThat(GeneratedAccounts.apply(BUNDLED, 7)).isEqualTo(GeneratedAccounts.apply(BUNDLED, 7));
        SeedWorld three = GeneratedAccounts.apply(GeneratedAccounts.apply(BUNDLED, 7), 3);
        assertThat(three.accounts()).hasSize(BUNDLED.accounts().size() + 3);
        assertThat(three.organization().orElseThrow().members()).doesNotContainKey("700000000004");
        assertThat(GeneratedAccounts.apply(three, 0)).isEqualTo(GeneratedAccounts.apply(BUNDLED, 0));
    }

    @Test
    void theCountIsBounded() {
        assertThat(GeneratedAccounts.refuse(1000)).isEmpty();
        assertThat(GeneratedAccounts.refuse(1001))
                .hasValue("--accounts 1001 is out of range: the sandbox generates 0 to 1000 accounts");
        assertThat(GeneratedAccounts.refuse(-1)).isPresent();
        assertThatThrownBy(() -> GeneratedAccounts.apply(BUNDLED, 1001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWorldWithoutAnOrganizationGetsOneManagedByItsFirstAccount() {
        SeedWorld bare = new SeedWorld(BUNDLED.accounts(), BUNDLED.faults());
        SeedOrganization org = GeneratedAccounts.apply(bare, 2).organization().orElseThrow();
        assertThat(org.id()).isEqualTo("o-guardsandbox1");
        assertThat(org.managementAccountId()).isEqualTo("111111111111");
    }

    @Test
    void aliceAssumesAGeneratedAccountsRoleWithMfaAndFindsTwoCleanupInstances() throws Exception {
        try (SandboxFixture f = new SandboxFixture(GeneratedAccounts.apply(BUNDLED, 5))) {
            var role = f.privilegedRole("700000000003");
            var reservations = f.ec2(role)
                    .describeInstances(r -> r.filters(
                            Filter.builder().name("tag:cleanup").values("true").build()))
                    .reservations();
            assertThat(reservations.stream()
                            .flatMap(r -> r.instances().stream())
                            .map(i -> i.instanceId()))
                    .containsExactlyInAnyOrder("i-0700000000003000a", "i-0700000000003000b");
            var all = OrganizationsTest.call(
                    f, f.keys("alice"), "ListAccountsForParent", "{\"ParentId\": \"ou-gs01-generated\"}");
            assertThat(all.list("Accounts")).hasSize(5);
            var tags = OrganizationsTest.call(
                    f, f.keys("alice"), "ListTagsForResource", "{\"ResourceId\": \"700000000005\"}");
            assertThat(tags.list("Tags"))
                    .containsExactly(Map.of("Key", "env", "Value", "dev"), Map.of("Key", "team", "Value", "payments"));
            // Without MFA the trust policy refuses, as for development.
            assertThatThrownBy(() -> f.sts(f.keys("bob"))
                            .assumeRole(r -> r.roleArn("arn:aws:iam::700000000003:role/PrivilegedActionsRole")
                                    .roleSessionName("bob")))
                    .hasMessageContaining("is not authorized to perform: sts:AssumeRole on resource:"
                            + " arn:aws:iam::700000000003:role/PrivilegedActionsRole");
        }
    }

    @Test
    void aSeedMayAskForGeneratedAccounts() throws Exception {
        String yaml = new String(SeedLoader.bundledBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("  # generate:\n  #   accounts: 200", "  generate:\n    accounts: 4");
        SeedWorld world = SeedLoader.parse(
                        yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.file.Path.of("seed.yaml"))
                .orElseThrow();
        assertThat(world.organization().orElseThrow().generated()).isEqualTo(4);
        assertThat(world.account("member-004")).isPresent();
        var tooMany = SeedLoader.parse(
                yaml.replace("accounts: 4", "accounts: 1001").getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.file.Path.of("seed.yaml"));
        assertThat(tooMany.world()).isEmpty();
        assertThat(tooMany.problems().sorted().toString())
                .contains("organization.generate.accounts: 1001 is out of range");
    }

    @Test
    void generationIsFast() {
        long start = System.nanoTime();
        SeedWorld world = GeneratedAccounts.apply(BUNDLED, 1000);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(world.accounts()).hasSize(BUNDLED.accounts().size() + 1000);
        // Generous (a shared CI core); measured: a few milliseconds.
        assertThat(millis).isLessThan(2000);
    }

    @Test
    void aStateDirectoryKeepsItsGeneratedWorldAndRefusesAnother(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        SeedWorld three = GeneratedAccounts.apply(BUNDLED, 3);
        try (Sandbox s = start(three, dir)) {
            assertThat(s.snapshot()).extractingByKey("generatedAccounts").isEqualTo(3);
        }
        try (Sandbox again = start(three, dir)) {
            assertThat(again.snapshot().get("instances").toString()).contains("i-0700000000003000c");
        }
        assertThatThrownBy(() -> start(GeneratedAccounts.apply(BUNDLED, 5), dir).close())
                .isInstanceOf(dev.guard.sandbox.persist.StateException.class)
                .hasMessageContaining(
                        "it holds a world of 3 generated member accounts, not 5: start with --accounts 3");
        assertThatThrownBy(() -> start(BUNDLED, dir).close()).hasMessageContaining("not 0: start with --accounts 3");
    }

    private static Sandbox start(SeedWorld world, java.nio.file.Path dir) throws Exception {
        return Sandbox.start(
                world,
                0,
                java.time.Clock.systemUTC(),
                line -> {},
                java.util.Optional.of(dir),
                line -> {},
                dev.guard.sandbox.timing.Speed.INSTANT);
    }

    static List<String> ids(SeedWorld w) {
        return w.accounts().stream().map(SeedAccount::id).toList();
    }
}
