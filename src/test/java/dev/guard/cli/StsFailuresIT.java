package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.MutableClock;
import dev.guard.sandbox.Sandbox;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.Totp;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each STS failure of DESIGN.md §1.6–1.7 as a user meets it through guard against the sandbox:
 * one line naming the call, the role or device and the likely cause, exit 4, no secret.
 */
class StsFailuresIT {
    private static final SeedUser ALICE =
            SeedLoader.bundled().userByName("alice").orElseThrow();

    @TempDir
    Path dir;

    private Sandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private CliRunner cli(Clock clock, ScriptedTerminal terminal) throws Exception {
        sandbox = sandbox == null ? Sandbox.start(SeedLoader.bundled(), 0, clock, line -> {}) : sandbox;
        return new CliRunner()
                .terminal(terminal)
                .env("XDG_CACHE_HOME", dir.resolve("cache").toString())
                .env("AWS_ENDPOINT_URL", sandbox.endpoint().toString())
                .env("AWS_ACCESS_KEY_ID", ALICE.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", ALICE.secretAccessKey());
    }

    private static String code(Instant at) {
        return Totp.code(ALICE.mfaDevice().orElseThrow().base32Secret(), at);
    }

    private static void assertOneLineExit4(CliRunner.Result r, String... fragments) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(4);
        String line =
                r.err().lines().filter(l -> l.startsWith("guard: ")).findFirst().orElseThrow();
        assertThat(line).contains(fragments);
        assertThat(r.out() + r.err()).doesNotContain(ALICE.secretAccessKey());
    }

    @Test
    void aReusedCodeIsRefusedAndSaysSo() throws Exception {
        String code = code(Instant.now());
        assertThat(cli(Clock.systemUTC(), new ScriptedTerminal(true, code))
                        .run("login")
                        .exitCode())
                .isZero();
        var again = cli(Clock.systemUTC(), new ScriptedTerminal(true, code)).run("login", "--force");
        assertOneLineExit4(
                again, "GetSessionToken with MFA device arn:aws:iam::111111111111:mfa/alice denied", "already used");
        assertThat(again.err()).doesNotContain(code);
    }

    @Test
    void aDeviceThatIsNotTheCallersIsNamed() throws Exception {
        Path config = config("mfa/alice", "mfa/sofia");
        var r = cli(Clock.systemUTC(), new ScriptedTerminal(true, code(Instant.now())))
                .run("--config", config.toString(), "login");
        assertOneLineExit4(r, "arn:aws:iam::111111111111:mfa/sofia", "is not one of your user's devices");
    }

    @Test
    void aRoleTheCallerMayNotAssumeIsNamed() throws Exception {
        SeedUser sofia = SeedLoader.bundled().userByName("sofia").orElseThrow();
        String code = Totp.code(sofia.mfaDevice().orElseThrow().base32Secret(), Instant.now());
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true, code))
                .run(
                        "run",
                        "--sandbox",
                        "--sandbox-user",
                        "sofia",
                        "terminate-dev-instance",
                        "-p",
                        "instanceId=i-0a22222222222222a",
                        "--dry-run");
        assertOneLineExit4(r, "AssumeRole arn:aws:iam::222222222222:role/PrivilegedActionsRole with MFA denied");
    }

    @Test
    void aClockFarFromTheEndpointsIsBlamedOnTheClock() throws Exception {
        var clock = new MutableClock(Instant.now().plus(Duration.ofMinutes(30)));
        var r = cli(clock, new ScriptedTerminal(false)).run("whoami");
        assertOneLineExit4(r, "GetCallerIdentity", "your clock differs from the endpoint's");
    }

    @Test
    void aWrongSecretKeyIsNamedAsSuch() throws Exception {
        var r = cli(Clock.systemUTC(), new ScriptedTerminal(false))
                .env("AWS_SECRET_ACCESS_KEY", "not-the-secret-0000000000000000000000000")
                .run("whoami");
        assertOneLineExit4(r, "the secret key does not match the access key (SignatureDoesNotMatch)");
        assertThat(r.err()).doesNotContain("not-the-secret");
    }

    @Test
    void anUnknownAccessKeyIsNamedAsSuch() throws Exception {
        var r = cli(Clock.systemUTC(), new ScriptedTerminal(false))
                .env("AWS_ACCESS_KEY_ID", "AKIANOTKNOWN00000000")
                .run("whoami");
        assertOneLineExit4(r, "AWS does not know your access key (InvalidClientTokenId)");
    }

    @Test
    void askingARoleForMoreThanItsMaxSessionDurationSaysWhatToChange() throws Exception {
        Path config = config("roleSeconds: 3600", "roleSeconds: 7200");
        var r = cli(Clock.systemUTC(), new ScriptedTerminal(true, code(Instant.now())))
                .run(
                        "--config",
                        config.toString(),
                        "run",
                        "terminate-dev-instance",
                        "-p",
                        "instanceId=i-0a22222222222222a",
                        "--dry-run",
                        "--no-session-cache");
        assertOneLineExit4(r, "AssumeRole arn:aws:iam::222222222222:role/PrivilegedActionsRole", "MaxSessionDuration");
    }

    @Test
    void aTrustPolicyWithoutSetSourceIdentityIsNamedAndCanBeTurnedOff() throws Exception {
        String seed = Files.readString(Path.of("config/sandbox.yaml"))
                .replace(
                        "Action: [sts:AssumeRole, sts:SetSourceIdentity]\n              Condition:",
                        "Action: sts:AssumeRole\n              Condition:");
        sandbox = Sandbox.start(
                SeedLoader.parse(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8), Path.of("no-si.yaml"))
                        .orElseThrow(),
                0,
                Clock.systemUTC(),
                line -> {});
        String[] run = {
            "run", "terminate-dev-instance", "-p", "instanceId=i-0a22222222222222a", "--dry-run", "--no-session-cache"
        };
        var denied = cli(Clock.systemUTC(), new ScriptedTerminal(true, code(Instant.now())))
                .run(run);
        assertOneLineExit4(denied, "sts:SetSourceIdentity", "sessions.sourceIdentity: false");

        Path config = config("roleSeconds: 3600", "roleSeconds: 3600\n  sourceIdentity: false");
        String next = code(Instant.now().plusSeconds(30));
        String[] withConfig = java.util.stream.Stream.concat(
                        java.util.stream.Stream.of("--config", config.toString()), java.util.Arrays.stream(run))
                .toArray(String[]::new);
        var allowed = cli(Clock.systemUTC(), new ScriptedTerminal(true, next)).run(withConfig);
        assertThat(allowed.exitCode()).as(allowed.out() + allowed.err()).isZero();
    }

    /** The project's config with one text replaced, its runbook directory made absolute. */
    private Path config(String from, String to) throws Exception {
        Path config = dir.resolve("guard.yaml");
        Files.writeString(
                config,
                Files.readString(Path.of("config/guard.yaml"))
                        .replace(from, to)
                        .replace(
                                "dir: ../runbooks",
                                "dir: " + Path.of("runbooks").toAbsolutePath()));
        return config;
    }
}
