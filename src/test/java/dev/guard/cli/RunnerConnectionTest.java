package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.config.Environment;
import dev.guard.error.GuardException;
import dev.guard.term.ScriptedTerminal;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Connections#openForRunner}, what {@code apply --runner} opens: the runner's own
 * identity, never an MFA code source.
 */
class RunnerConnectionTest {
    @TempDir
    Path home;

    private final Map<String, String> variables = new HashMap<>();

    private Session session() {
        Context context = new Context(
                new Environment(Path.of("").toAbsolutePath(), variables, home), new ScriptedTerminal(false), false);
        return new Session(context, Main.commandLine(context, "whoami"));
    }

    @Test
    void theRunnersKeysAndEndpointWithoutAnyMfaDeviceOrCache() {
        variables.put("AWS_ACCESS_KEY_ID", "AKIASANDBOXSCHED0001");
        variables.put("AWS_SECRET_ACCESS_KEY", "SandboxOnlySchedFakeSecretKeyDoNotUse/00");
        ConnectionOptions o = new ConnectionOptions();
        o.endpointUrl = "http://127.0.0.1:4599";

        try (Connections.Opened opened = Connections.openForRunner(o, session(), line -> {})) {
            var c = opened.connection();
            assertThat(c.endpoint()).contains(URI.create("http://127.0.0.1:4599"));
            assertThat(c.base().resolveCredentials().accessKeyId()).isEqualTo("AKIASANDBOXSCHED0001");
            assertThat(c.baseDescription()).startsWith("the runner's own identity: ");
            assertThat(c.device()).isEmpty();
            assertThat(c.cacheSessions()).isFalse();
        }
    }

    @Test
    void anMfaCodeOrCommandIsRefused() {
        ConnectionOptions o = new ConnectionOptions();
        o.mfaCode = "123456";

        assertThatThrownBy(() -> Connections.openForRunner(o, session(), line -> {}))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining("never sends an MFA code");

        ConnectionOptions c = new ConnectionOptions();
        c.mfaCommand = "echo 123456";
        assertThatThrownBy(() -> Connections.openForRunner(c, session(), line -> {}))
                .isInstanceOf(GuardException.class)
                .hasMessageContaining("never sends an MFA code");
    }

    @Test
    void aSandboxRunnerIsTheSeededSchedulerWithoutADevice() {
        ConnectionOptions o = new ConnectionOptions();
        o.sandbox = true;
        o.sandboxUser = "scheduler";

        try (Connections.Opened opened = Connections.openForRunner(o, session(), line -> {})) {
            var c = opened.connection();
            assertThat(c.base().resolveCredentials().accessKeyId()).isEqualTo("AKIASANDBOXSCHED0001");
            assertThat(c.cacheSessions()).isFalse();
            assertThat(c.endpoint()).isPresent();
            assertThat(c.device()).isEmpty();
            assertThat(c.baseDescription()).isEqualTo("the runner's own identity: sandbox user scheduler");
        }
    }
}
