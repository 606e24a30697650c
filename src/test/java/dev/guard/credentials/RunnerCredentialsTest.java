package dev.guard.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.error.GuardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the unattended runner's base credentials come from: the SDK's way (profile named for it,
 * keys in the environment, the default chain), never the operator's profile the config names, and
 * never an MFA device or an MFA session cache.
 */
class RunnerCredentialsTest {
    @TempDir
    Path home;

    private final Map<String, String> variables = new HashMap<>();

    /** A config naming an operator's profile, which exists and holds other keys. */
    private GuardConfig operatorsConfig() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(
                home.resolve(".aws/credentials"),
                "[alice]\naws_access_key_id = AKIAOPERATORALICE001\naws_secret_access_key = secret\n");
        GuardConfig empty = GuardConfig.empty(env());
        return new GuardConfig(
                Optional.empty(),
                new GuardConfig.Identity(
                        Optional.of("111111111111"),
                        Optional.of("arn:aws:iam::111111111111:mfa/alice"),
                        Optional.of("alice")),
                Optional.empty(),
                Optional.empty(),
                GuardConfig.Sessions.DEFAULTS,
                Map.of(),
                Map.of(),
                empty.auditLog(),
                empty.runbookDirectory(),
                Optional.of("GuardRunnerRole"),
                Optional.empty(),
                Optional.empty());
    }

    private Environment env() {
        return new Environment(home, variables, home);
    }

    @Test
    void keysInTheEnvironmentAreTheRunnersAndNothingMfaComesWithThem() throws Exception {
        variables.put("AWS_ACCESS_KEY_ID", "AKIASANDBOXSCHED0001");
        variables.put("AWS_SECRET_ACCESS_KEY", "runner-secret");

        Connection c = BaseCredentials.forRunner(env(), operatorsConfig(), Optional.empty(), Optional.empty());

        assertThat(c.base().resolveCredentials().accessKeyId()).isEqualTo("AKIASANDBOXSCHED0001");
        assertThat(c.baseDescription()).isEqualTo("the runner's own identity: AWS_ACCESS_KEY_ID in the environment");
        assertThat(c.device()).isEmpty();
        assertThat(c.cacheSessions()).isFalse();
        assertThat(c.memorySessions()).isEmpty();
        assertThat(c.roleProfile()).isEmpty();
    }

    @Test
    void theOperatorsProfileFromTheConfigIsNeverTheRunnersWithoutKeysItIsTheSdkChain() throws Exception {
        GuardConfig config = operatorsConfig();

        Connection runner = BaseCredentials.forRunner(env(), config, Optional.empty(), Optional.empty());
        Connection operator = BaseCredentials.forAws(env(), config, Optional.empty(), Optional.empty(), true);

        assertThat(operator.baseDescription()).contains("alice");
        assertThat(runner.baseDescription()).isEqualTo("the runner's own identity: the SDK's default credential chain");
    }

    @Test
    void aProfileNamedForTheRunnerIsUsed() throws Exception {
        GuardConfig config = operatorsConfig();
        Files.writeString(
                home.resolve(".aws/credentials"),
                "\n[runner]\naws_access_key_id = AKIARUNNERPROFILE001\naws_secret_access_key = s\n",
                java.nio.file.StandardOpenOption.APPEND);

        Connection c = BaseCredentials.forRunner(env(), config, Optional.empty(), Optional.of("runner"));

        assertThat(c.base().resolveCredentials().accessKeyId()).isEqualTo("AKIARUNNERPROFILE001");
        assertThat(c.device()).isEmpty();
    }

    @Test
    void halfAPairOfKeysIsRefusedClearly() throws Exception {
        variables.put("AWS_ACCESS_KEY_ID", "AKIASANDBOXSCHED0001");

        assertThatThrownBy(
                        () -> BaseCredentials.forRunner(env(), operatorsConfig(), Optional.empty(), Optional.empty()))
                .isInstanceOf(GuardException.class)
                .hasMessage("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    }
}
