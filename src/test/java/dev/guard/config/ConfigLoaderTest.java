package dev.guard.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.yaml.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where guard.yaml is found, what it must contain, and how its mistakes are reported. */
class ConfigLoaderTest {
    private static final String MINIMAL = "apiVersion: guard/v1\nkind: Config\n";

    @TempDir
    Path dir;

    private final Map<String, String> variables = new HashMap<>();

    @Test
    void theRepositoryConfigLoadsWithItsAccountsAndBucket() {
        Path repo = Path.of("").toAbsolutePath();
        ConfigLoader.Result result = new ConfigLoader(new Environment(repo, Map.of(), dir.resolve("home")))
                .read(repo.resolve("config/guard.yaml"));

        assertThat(result.problems().sorted()).isEmpty();
        GuardConfig config = result.config().orElseThrow();
        assertThat(config.accounts()).containsOnlyKeys("identity", "development", "staging", "production");
        assertThat(config.account("production")).map(Account::protectedAccount).contains(true);
        assertThat(config.account("222222222222")).map(Account::alias).contains("development");
        assertThat(config.identity().accountId()).contains("111111111111");
        assertThat(config.identity().mfaSerial()).contains("arn:aws:iam::111111111111:mfa/alice");
        assertThat(config.defaultRegion()).contains("us-east-1");
        assertThat(config.bucket("guard-protected-artifacts"))
                .contains(new BucketAccess(
                        "guard-protected-artifacts", "444444444444", BucketAccess.Kind.RESOURCE_POLICY));
        assertThat(config.runbookDirectory()).isEqualTo(repo.resolve("runbooks"));
        assertThat(config.auditLog()).isEqualTo(dir.resolve("home/.local/state/guard/audit.jsonl"));
    }

    @Test
    void theFlagWinsOverEverythingElse() throws IOException {
        Path flag = write("flag.yaml");
        variables.put("GUARD_CONFIG", write("variable.yaml").toString());
        write("work/config/guard.yaml");
        write("xdg/guard/config.yaml");
        variables.put("XDG_CONFIG_HOME", dir.resolve("xdg").toString());

        assertThat(loader().locate(Optional.of(flag.toString()))).contains(flag);
    }

    @Test
    void theVariableWinsOverTheWorkingDirectoryAndXdg() throws IOException {
        Path variable = write("variable.yaml");
        variables.put("GUARD_CONFIG", variable.toString());
        write("work/config/guard.yaml");
        write("xdg/guard/config.yaml");
        variables.put("XDG_CONFIG_HOME", dir.resolve("xdg").toString());

        assertThat(loader().locate(Optional.empty())).contains(variable);
    }

    @Test
    void theWorkingDirectoryWinsOverXdg() throws IOException {
        Path local = write("work/config/guard.yaml");
        write("xdg/guard/config.yaml");
        variables.put("XDG_CONFIG_HOME", dir.resolve("xdg").toString());

        assertThat(loader().locate(Optional.empty())).contains(local);
    }

    @Test
    void xdgIsTheLastResortAndDefaultsToDotConfig() throws IOException {
        Path xdg = write("home/.config/guard/config.yaml");

        assertThat(loader().locate(Optional.empty())).contains(xdg);
    }

    @Test
    void anEmptyVariableCountsAsUnset() throws IOException {
        variables.put("GUARD_CONFIG", "");
        Path local = write("work/config/guard.yaml");

        assertThat(loader().locate(Optional.empty())).contains(local);
    }

    @Test
    void withNoConfigAnywhereTheDefaultsApply() throws IOException {
        Files.createDirectories(dir.resolve("work"));

        ConfigLoader.Result result = loader().load(Optional.empty());

        assertThat(result.problems().isEmpty()).isTrue();
        assertThat(result.config()).hasValueSatisfying(c -> {
            assertThat(c.source()).isEmpty();
            assertThat(c.accounts()).isEmpty();
        });
    }

    @Test
    void aConfigNamedExplicitlyMustExist() {
        ConfigLoader.Result result = loader().load(Optional.of("missing.yaml"));

        assertThat(result.config()).isEmpty();
        assertThat(messages(result)).containsExactly("missing.yaml: no such file");
    }

    @Test
    void aBrokenConfigGivesPositionedProblemsNamedRelativeToTheWorkingDirectory() throws IOException {
        write("work/guard.yaml", MINIMAL + "acounts:\n  dev: {id: \"222222222222\"}\nsessions:\n  roleSeconds: 60\n");

        ConfigLoader.Result result = loader().load(Optional.of("guard.yaml"));

        assertThat(result.config()).isEmpty();
        assertThat(messages(result))
                .containsExactly(
                        "guard.yaml:3:1: unknown key 'acounts' (allowed: accounts, apiVersion, approvals, audit, buckets,"
                                + " defaults, groups, identity, kind, limits, locks, runbooks, sessions); did you mean 'accounts'?",
                        "guard.yaml:6:16: sessions.roleSeconds: 60 is out of range (900..43200)");
    }

    @Test
    void aBucketNamingAnUnknownAccountAliasIsRefused() throws IOException {
        write("work/guard.yaml", MINIMAL + "buckets:\n  my-bucket: {account: qa, access: resource-policy}\n");

        assertThat(messages(loader().load(Optional.of("guard.yaml"))))
                .containsExactly("guard.yaml:4:24: buckets.my-bucket.account: unknown account 'qa'");
    }

    @Test
    void twoAliasesForOneAccountIdAreRefused() throws IOException {
        write(
                "work/guard.yaml",
                MINIMAL + "accounts:\n  dev: {id: \"222222222222\"}\n  development: {id: \"222222222222\"}\n");

        assertThat(messages(loader().load(Optional.of("guard.yaml"))))
                .containsExactly("guard.yaml:5:21: accounts.development.id: account 222222222222 is already 'dev'");
    }

    @Test
    void theMfaDeviceAndTheHomeAccountMustAgree() throws IOException {
        write(
                "work/guard.yaml",
                MINIMAL + "identity: {account: dev, mfaSerial: \"arn:aws:iam::111111111111:mfa/alice\"}\n"
                        + "accounts:\n  dev: {id: \"222222222222\"}\n");

        assertThat(messages(loader().load(Optional.of("guard.yaml"))))
                .singleElement()
                .asString()
                .startsWith(
                        "guard.yaml:3:21: identity.account: dev (222222222222) is not the account of the MFA device");
    }

    @Test
    void relativePathsInsideTheFileAreRelativeToTheFile() throws IOException {
        Path file =
                write("etc/guard/guard.yaml", MINIMAL + "runbooks:\n  dir: ../books\naudit:\n  path: audit.jsonl\n");

        GuardConfig config = loader().read(file).config().orElseThrow();

        assertThat(config.runbookDirectory()).isEqualTo(dir.resolve("etc/books"));
        assertThat(config.auditLog()).isEqualTo(dir.resolve("etc/guard/audit.jsonl"));
    }

    @Test
    void aTildePathInsideTheFileIsUnderHome() throws IOException {
        Path file = write("etc/guard.yaml", MINIMAL + "runbooks:\n  dir: ~/runbooks\n");

        assertThat(loader().read(file).config().orElseThrow().runbookDirectory())
                .isEqualTo(dir.resolve("home/runbooks"));
    }

    @Test
    void theRunnerRoleIsTheAccountsOwnElseTheDefault() throws IOException {
        Path file = write("runner.yaml", MINIMAL + """
                        defaults:
                          runnerRole: GuardRunnerRole
                        accounts:
                          development: { id: "222222222222" }
                          production:  { id: "444444444444", runnerRole: "arn:aws:iam::444444444444:role/ProdRunner" }
                        """);

        GuardConfig config = loader().read(file).config().orElseThrow();

        assertThat(config.runnerRole(config.account("development").orElseThrow()))
                .contains("GuardRunnerRole");
        assertThat(config.runnerRole(config.account("production").orElseThrow()))
                .contains("arn:aws:iam::444444444444:role/ProdRunner");
        // An account config does not know takes the default too.
        assertThat(config.runnerRole(config.account("555555555555").orElseThrow()))
                .contains("GuardRunnerRole");
        assertThat(config.defaultRole()).isEmpty();
    }

    @Test
    void withoutARunnerRoleThereIsNone() throws IOException {
        GuardConfig config = loader().read(write("none.yaml")).config().orElseThrow();

        assertThat(config.runnerRole(config.account("222222222222").orElseThrow()))
                .isEmpty();
    }

    @Test
    void aRunnerRoleThatIsNoRoleIsReportedWhereItIs() throws IOException {
        Path file = write("bad.yaml", MINIMAL + """
                        defaults:
                          runnerRole: "arn:aws:iam::111111111111:user/scheduler"
                        accounts:
                          development: { id: "222222222222", runnerRole: "no role!" }
                        """);

        ConfigLoader.Result result = loader().read(file);

        assertThat(result.config()).isEmpty();
        assertThat(messages(result))
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("bad.yaml:4:15: defaults.runnerRole: "))
                .anySatisfy(m -> assertThat(m).contains("bad.yaml:6:50: accounts.development.runnerRole: "));
    }

    @Test
    void theApprovalsStoreIsReadWithItsAccountResolvedAndItsPrefixTrimmed() throws IOException {
        write(
                "work/guard.yaml",
                MINIMAL + "accounts:\n  identity: {id: \"111111111111\"}\ndefaults: {region: eu-west-1}\n"
                        + "approvals: {bucket: guard-approvals, prefix: /team/approvals/, account: identity}\n");

        ApprovalsStore store = loader().load(Optional.of("guard.yaml"))
                .config()
                .orElseThrow()
                .approvals()
                .orElseThrow();

        assertThat(store)
                .isEqualTo(new ApprovalsStore("guard-approvals", "team/approvals", "111111111111", "eu-west-1"));
        assertThat(store.userPrefix("carol")).isEqualTo("team/approvals/carol/");
    }

    @Test
    void aBrokenApprovalsStoreIsRefusedWithPositions() throws IOException {
        write(
                "work/guard.yaml",
                MINIMAL + "approvals: {bucket: Guard_Approvals, prefix: \"a//b\", account: nowhere, region: moon-1}\n");

        ConfigLoader.Result result = loader().load(Optional.of("guard.yaml"));

        assertThat(result.config()).isEmpty();
        assertThat(messages(result))
                .anySatisfy(m -> assertThat(m).startsWith("guard.yaml:3:21: approvals.bucket:"))
                .anySatisfy(m -> assertThat(m).contains("approvals.prefix: 'a//b' is not a key prefix"))
                .anySatisfy(m -> assertThat(m).contains("approvals.account: unknown account 'nowhere'"))
                .anySatisfy(m -> assertThat(m).contains("approvals.region:"));
    }

    @Test
    void theLockTableNamesItsAccountByAliasAndTakesTheDefaultRegion() throws IOException {
        write(
                "work/guard.yaml",
                MINIMAL + "defaults: {region: eu-west-1}\naccounts:\n  identity: {id: \"111111111111\"}\n"
                        + "locks: {table: guard-locks, account: identity}\n");

        ConfigLoader.Result result = loader().load(Optional.of("guard.yaml"));

        assertThat(messages(result)).isEmpty();
        assertThat(result.config().orElseThrow().locks())
                .contains(new GuardConfig.Locks("guard-locks", "111111111111", "eu-west-1"));
    }

    @Test
    void aLockTableWithoutAKnownAccountOrAValidNameIsAProblem() throws IOException {
        write("work/guard.yaml", MINIMAL + "locks: {table: \"a b\", account: nowhere, region: us-east-1}\n");

        ConfigLoader.Result result = loader().load(Optional.of("guard.yaml"));

        assertThat(result.config()).isEmpty();
        assertThat(messages(result))
                .containsExactly(
                        "guard.yaml:3:16: locks.table: 'a b' is not a DynamoDB table name (3-255 of A-Z a-z 0-9 _ . -)",
                        "guard.yaml:3:32: locks.account: unknown account 'nowhere'");
    }

    @Test
    void thePlanDigestFollowsWhatDecidesAPlanNotWhoOrWhereOrTheLockTable() throws IOException {
        String accounts = "accounts:\n  identity: {id: \"111111111111\"}\n  prod: {id: \"444444444444\"}\n";
        GuardConfig base =
                loader().read(write("a.yaml", MINIMAL + accounts)).config().orElseThrow();
        GuardConfig elsewhere = loader().read(write(
                        "b.yaml",
                        MINIMAL + accounts + "identity: {mfaSerial: \"arn:aws:iam::111111111111:mfa/carol\"}\n"
                                + "audit: {path: /var/lib/guard/audit.jsonl}\n"
                                + "locks: {table: guard-locks, account: identity, region: us-east-1}\n"))
                .config()
                .orElseThrow();
        GuardConfig protectedProd = loader().read(write(
                        "c.yaml",
                        MINIMAL + accounts.replace("\"444444444444\"}", "\"444444444444\", protected: true}")))
                .config()
                .orElseThrow();

        assertThat(elsewhere.planDigest()).isEqualTo(base.planDigest()).hasSize(64);
        assertThat(protectedProd.planDigest()).isNotEqualTo(base.planDigest());
    }

    private ConfigLoader loader() {
        return new ConfigLoader(new Environment(dir.resolve("work"), variables, dir.resolve("home")));
    }

    private Path write(String relative) throws IOException {
        return write(relative, MINIMAL);
    }

    private Path write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private static List<String> messages(ConfigLoader.Result result) {
        return result.problems().sorted().stream().map(Problem::toString).toList();
    }
}
