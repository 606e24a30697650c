package dev.guard.sandbox.seed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.yaml.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mistake in a seed is a file:line:col problem, all of them in one pass, and no world. */
class BrokenSeedTest {
    private static final String HEADER = "apiVersion: guard/v1\nkind: SandboxSeed\naccounts:\n";

    @TempDir
    Path dir;

    @Test
    void aMinimalSeedLoads() {
        SeedLoader.Result result =
                SeedLoader.parse(bytes(HEADER + "  - {name: identity, id: \"111111111111\"}\n"), Path.of("seed.yaml"));
        assertThat(result.problems().sorted()).isEmpty();
        assertThat(result.world().orElseThrow().accounts()).hasSize(1);
    }

    @Test
    void problemsNameTheFileLineAndColumn() throws IOException {
        Path file = dir.resolve("seed.yaml");
        Files.writeString(file, HEADER + "  - name: identity\n    id: \"11111111111\"\n");
        SeedLoader.Result result = SeedLoader.load(file);
        assertThat(result.world()).isEmpty();
        assertThat(result.problems().sorted())
                .extracting(Problem::toString)
                .containsExactly(file + ":5:9: accounts[0].id: '11111111111' is not a 12-digit account id");
    }

    @Test
    void aMissingFileIsAFileLevelProblem() {
        assertThat(SeedLoader.load(dir.resolve("absent.yaml")).problems().sorted())
                .extracting(Problem::toString)
                .containsExactly(dir.resolve("absent.yaml") + ": no such file");
    }

    @Test
    void theHeaderMustSayWhatTheFileIs() {
        assertThat(problems("apiVersion: guard/v2\nkind: Config\naccounts: []\nregion: us-east-1\n"))
                .containsExactly(
                        "seed.yaml:1:13: apiVersion: expected 'guard/v1', got 'guard/v2'",
                        "seed.yaml:2:7: kind: expected 'SandboxSeed', got 'Config'",
                        "seed.yaml:3:11: accounts: the seed needs at least one account",
                        "seed.yaml:4:1: unknown key 'region' (allowed: accounts, apiVersion, faults, kind, organization)");
    }

    @Test
    void accountIdsAndNamesAreUnique() {
        assertThat(problems(HEADER
                        + "  - {name: identity, id: \"111111111111\"}\n"
                        + "  - {name: identity, id: \"111111111111\"}\n"
                        + "  - {name: Staging, id: 333333333333}\n"))
                .containsExactly(
                        "seed.yaml:5:12: accounts[1].name: duplicate account name 'identity' (first defined at 4:12)",
                        "seed.yaml:5:26: accounts[1].id: duplicate account id '111111111111' (first defined at 4:26)",
                        "seed.yaml:6:12: accounts[2].name: 'Staging' is not an account name (lowercase letters,"
                                + " digits and -, starting with a letter)");
    }

    @Test
    void usersNeedWellFormedKeysDevicesAndDefinedGroups() {
        assertThat(problems(HEADER
                        + "  - name: identity\n"
                        + "    id: \"111111111111\"\n"
                        + "    users:\n"
                        + "      - name: alice\n"
                        + "        accessKeyId: ASIASANDBOXALICE0001\n"
                        + "        secretAccessKey: too-short\n"
                        + "        mfaDevice: {serial: \"arn:aws:iam::222222222222:mfa/alice\", secret: JBSWY3DPEHPK3PXP}\n"
                        + "        groups: [Operators]\n"
                        + "        acessKeyId: AKIASANDBOXALICE0001\n"))
                .containsExactly(
                        "seed.yaml:8:22: accounts[0].users[0].accessKeyId: 'ASIASANDBOXALICE0001' is not a long-term"
                                + " access key id (AKIA and 16 upper-case letters or digits)",
                        "seed.yaml:9:26: accounts[0].users[0].secretAccessKey: not a secret access key (40 characters"
                                + " of A-Z a-z 0-9 / +; 9 given)",
                        "seed.yaml:10:29: accounts[0].users[0].mfaDevice.serial: 'arn:aws:iam::222222222222:mfa/alice'"
                                + " is in account 222222222222, not in its user's account 111111111111",
                        "seed.yaml:10:76: accounts[0].users[0].mfaDevice.secret: the TOTP secret has 80 bits; RFC 4226"
                                + " requires at least 128 (26 base32 characters)",
                        "seed.yaml:11:18: accounts[0].users[0].groups: group 'Operators' is not defined in this account (it"
                                + " has no groups)",
                        "seed.yaml:12:9: unknown key 'acessKeyId' in accounts[0].users[0] (allowed: accessKeyId, groups,"
                                + " mfaDevice, name, policies, secretAccessKey); did you mean 'accessKeyId'?");
    }

    private List<String> problems(String yaml) {
        SeedLoader.Result result = SeedLoader.parse(bytes(yaml), Path.of("seed.yaml"));
        assertThat(result.world()).isEmpty();
        return result.problems().sorted().stream().map(Problem::toString).toList();
    }

    private static byte[] bytes(String yaml) {
        return yaml.getBytes(StandardCharsets.UTF_8);
    }
}
