package dev.guard.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.auth.MfaDevice;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.sandbox.SandboxFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@code guard whoami}'s facts against a sandbox, with the real SDK: the caller STS names, the
 * device a run would use, and only the cached sessions of that caller at that endpoint.
 */
class WhoamiIT {
    private static final String ALICE = "arn:aws:iam::111111111111:user/alice";

    @TempDir
    Path home;

    private final List<String> warnings = new ArrayList<>();

    private static Connection alice(SandboxFixture f, Optional<MfaDevice> device) {
        return new Connection(
                Optional.of(f.endpoint()),
                StaticCredentialsProvider.create(f.keys("alice")),
                "sandbox user alice",
                Optional.empty(),
                Duration.ofMillis(50),
                device,
                false,
                Optional.empty(),
                Optional.empty());
    }

    private void store(SessionCache cache, String endpoint, String caller, String serial) throws Exception {
        Instant now = Instant.now();
        cache.store(new SessionCache.Entry(
                new SessionCache.Key(endpoint, "AKIA", caller, serial),
                "ASIA",
                "secret",
                "token",
                now.minusSeconds(60),
                now.plus(Duration.ofHours(6))));
    }

    @Test
    void namesTheCallerAndOnlyItsSessionsAtThisEndpoint() throws Exception {
        try (SandboxFixture f = new SandboxFixture()) {
            Environment env = new Environment(home, Map.of(), home);
            SessionCache cache = new SessionCache(home.resolve("sessions"), warnings::add);
            String endpoint = f.endpoint().toString();
            store(cache, endpoint, ALICE, "arn:aws:iam::111111111111:mfa/alice");
            store(cache, endpoint, "arn:aws:iam::111111111111:user/bob", "arn:aws:iam::111111111111:mfa/bob");
            store(cache, "aws", ALICE, "arn:aws:iam::111111111111:mfa/alice");
            MfaDevice device = MfaDevice.of(f.serial("alice"), MfaDevice.Source.DISCOVERED);

            try (CallerSession cs = new CallerSession(alice(f, Optional.of(device)), env, "us-east-1", warnings::add)) {
                Whoami who = Whoami.of(cs, GuardConfig.empty(env), cache);

                assertThat(who.caller().arn()).isEqualTo(ALICE);
                assertThat(who.caller().accountId()).isEqualTo("111111111111");
                assertThat(who.credentials()).isEqualTo("sandbox user alice");
                assertThat(who.mfaSerial()).contains(f.serial("alice"));
                assertThat(who.sessions())
                        .singleElement()
                        .satisfies(e -> assertThat(e.key().endpoint()).isEqualTo(endpoint))
                        .satisfies(e -> assertThat(e.key().callerArn()).isEqualTo(ALICE));
            }
            // Without a device of its own, the connection falls back to the config's: none here.
            try (CallerSession cs = new CallerSession(alice(f, Optional.empty()), env, "us-east-1", warnings::add)) {
                assertThat(Whoami.of(cs, GuardConfig.empty(env), cache).mfaSerial())
                        .isEmpty();
            }
        }
        assertThat(warnings).isEmpty();
    }
}
