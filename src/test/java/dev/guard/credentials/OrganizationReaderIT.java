package dev.guard.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.aws.AwsClients;
import dev.guard.aws.Calls;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.plan.Organization;
import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.seed.FaultSpec;
import dev.guard.sandbox.seed.Faults;
import dev.guard.sandbox.seed.GeneratedAccounts;
import dev.guard.sandbox.seed.SeedLoader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@link OrganizationReader} speaking Organizations' JSON 1.1 to the sandbox's organization, signed
 * with the SDK's SigV4 signer: every page of 200 generated accounts, their tags, throttling retried,
 * and a caller without {@code organizations:List*} refused with exit 4.
 */
class OrganizationReaderIT {
    private final List<String> notices = new CopyOnWriteArrayList<>();

    private Organization reader(SandboxFixture f, String user) {
        AwsClients clients = new AwsClients(Optional.of(f.endpoint()));
        return new OrganizationReader(
                clients,
                StaticCredentialsProvider.create(f.keys(user)),
                new Calls(6, Duration.ofMillis(1), notices::add));
    }

    @Test
    void readsEveryPageOfAnOuAndEachAccountsTagsThroughThrottling() throws Exception {
        var world = GeneratedAccounts.apply(SeedLoader.bundled(), 200)
                .withFaults(new Faults(List.of(FaultSpec.parse("organizations:*:throttle=4"))));
        try (SandboxFixture f = new SandboxFixture(world)) {
            Organization org = reader(f, "alice");

            List<Organization.MemberAccount> accounts = org.accounts(Optional.of("ou-gs01-generated"));

            // 200 accounts come 20 to a page: ten pages, each one call (some retried).
            assertThat(accounts)
                    .hasSize(200)
                    .allSatisfy(a -> assertThat(a.status()).isEqualTo("ACTIVE"));
            assertThat(accounts.stream().map(Organization.MemberAccount::id).distinct())
                    .hasSize(200);
            assertThat(accounts.get(0).id()).isEqualTo("700000000001");
            assertThat(org.tags("700000000001")).containsEntry("env", "dev");
            assertThat(notices).isNotEmpty().allSatisfy(n -> assertThat(n).contains("TooManyRequestsException"));
            assertThat(org.accounts(Optional.empty()))
                    .extracting(Organization.MemberAccount::id)
                    .contains("111111111111", "222222222222", "700000000200");
        }
    }

    @Test
    void aCallerWithoutReadPermissionIsRefusedWithExit4() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            Organization org = reader(f, "sofia");

            assertThatThrownBy(() -> org.accounts(Optional.empty()))
                    .isInstanceOfSatisfying(
                            GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH_FAILED))
                    .hasMessageStartingWith("the caller may not read the organization (AccessDeniedException: ")
                    .hasMessageEndingWith("): list the accounts or use a config group instead");
        }
    }
}
