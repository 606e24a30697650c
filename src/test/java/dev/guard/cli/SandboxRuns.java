package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.seed.Totp;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;

/** What the {@code guard run --sandbox} tests share: seeded users, their codes, the secret check. */
final class SandboxRuns {
    private static final SeedWorld SEED = SeedLoader.bundled();

    private SandboxRuns() {}

    static String code(String user) {
        return Totp.code(seedUser(user).mfaDevice().orElseThrow().base32Secret(), Instant.now());
    }

    static SeedUser seedUser(String name) {
        return SEED.userByName(name).orElseThrow();
    }

    static String[] args(String... args) {
        return Stream.concat(Stream.of("run", "--sandbox"), Arrays.stream(args)).toArray(String[]::new);
    }

    /** What no output may ever hold: seeded secret keys, and the MFA code that was typed. */
    static void assertNoSecrets(CliRunner.Result r, String typedCode) {
        for (String user : new String[] {"alice", "bob", "sofia"}) {
            assertThat(r.out() + r.err()).doesNotContain(seedUser(user).secretAccessKey());
        }
        assertThat(r.out() + r.err()).doesNotContain(typedCode);
    }
}
