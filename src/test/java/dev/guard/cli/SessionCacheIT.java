package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.Sandbox;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.Totp;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One MFA code per maintenance window, through the real SDK against a sandbox that outlives the
 * commands (as {@code guard sandbox} does): {@code login} primes the cache, runs reuse it without a
 * prompt, {@code logout} forgets it, and a cron-style run without it fails at once.
 */
class SessionCacheIT {
    private static final SeedUser ALICE =
            SeedLoader.bundled().userByName("alice").orElseThrow();

    @TempDir
    Path cacheHome;

    private Sandbox sandbox;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SeedLoader.bundled(), 0, Clock.systemUTC(), line -> {});
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private CliRunner cli(ScriptedTerminal terminal) {
        return new CliRunner()
                .terminal(terminal)
                .env("XDG_CACHE_HOME", cacheHome.toString())
                .env("AWS_ENDPOINT_URL", sandbox.endpoint().toString())
                .env("AWS_ACCESS_KEY_ID", ALICE.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", ALICE.secretAccessKey());
    }

    private static String code() {
        return Totp.code(ALICE.mfaDevice().orElseThrow().base32Secret(), Instant.now());
    }

    private static void assertNoSecrets(CliRunner.Result r, String code) {
        assertThat(r.out() + r.err()).doesNotContain(ALICE.secretAccessKey()).doesNotContain(code);
    }

    @Test
    void loginOnceThenRunsNeedNoCodeUntilLogout() throws Exception {
        String code = code();
        var login = cli(new ScriptedTerminal(true, code)).run("login");
        assertThat(login.exitCode()).as(login.err()).isZero();
        assertThat(login.out()).contains("Logged in as arn:aws:iam::111111111111:user/alice");
        assertNoSecrets(login, code);

        Path dir = cacheHome.resolve("guard/sessions");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        try (var files = Files.list(dir)) {
            assertThat(files.toList())
                    .singleElement()
                    .satisfies(f -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                            .isEqualTo("rw-------"));
        }

        // A cron-style run: no terminal, no code source, and yet no prompt needed.
        var cron = cli(new ScriptedTerminal(false)).run("run", "cleanup-dev-instances", "--yes");
        assertThat(cron.exitCode()).as(cron.out() + cron.err()).isZero();
        assertThat(cron.out())
                .contains("your cached MFA session")
                .contains("AssumeRole arn:aws:iam::222222222222:role/PrivilegedActionsRole using your MFA session")
                .contains("i-0a22222222222222c  done  stopped → terminated");

        // A second, interactive run in another account: zero prompts for a code.
        var terminal = new ScriptedTerminal(true, "development");
        var second = cli(terminal).run("run", "terminate-dev-instance", "-p", "instanceId=i-0a22222222222222a");
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(terminal.secretPrompts).isEmpty();

        var whoami = cli(new ScriptedTerminal(false)).run("whoami");
        assertThat(whoami.out())
                .contains("You are    arn:aws:iam::111111111111:user/alice")
                .contains("session    arn:aws:iam::111111111111:mfa/alice: MFA 0 min ago");
        assertNoSecrets(whoami, code);

        // The audit log holds each run's start, credentials, targets, confirmation and outcomes —
        // and never the keys, the token or the code; its chain verifies.
        Path auditLog = Path.of("target/test-home/.local/state/guard/audit.jsonl");
        String audit = Files.readString(auditLog);
        assertThat(audit)
                .contains("\"event\":\"run.start\"")
                .contains("\"event\":\"confirmation\"")
                .contains("\"status\":\"done\"")
                .doesNotContain(ALICE.secretAccessKey())
                // As a value it would be quoted; a bare 6-digit run may occur inside a hash.
                .doesNotContain("\"" + code + "\"")
                .doesNotContainPattern("[^0-9a-f]" + code + "[^0-9a-f]");
        var verify = cli(new ScriptedTerminal(false)).run("audit", "verify");
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("chain intact");

        var logout = cli(new ScriptedTerminal(false)).run("logout");
        assertThat(logout.out()).contains("Removed 1 cached MFA session");
        var after = cli(new ScriptedTerminal(false)).run("run", "cleanup-dev-instances", "--yes");
        assertThat(after.exitCode()).isEqualTo(4);
        assertThat(after.err()).contains("there is no terminal to ask on");
    }

    @Test
    void aRunbookDemandingYoungerMfaPromptsAgainAndReplacesTheSession(@TempDir Path dir) throws Exception {
        assertThat(cli(new ScriptedTerminal(true, code())).run("login").exitCode())
                .isZero();
        // An MFA session "logged in" long ago: rewrite its mfaAt as a stale login would have it.
        Path file;
        try (var files = Files.list(cacheHome.resolve("guard/sessions"))) {
            file = files.findFirst().orElseThrow();
        }
        String json = Files.readString(file);
        String old = Instant.now().minusSeconds(7200).toString();
        Files.writeString(file, json.replaceAll("\"mfaAt\":\"[^\"]+\"", "\"mfaAt\":\"" + old + "\""));

        Path runbook = dir.resolve("young-mfa.yaml");
        Files.writeString(
                runbook,
                Files.readString(Path.of("runbooks/terminate-dev-instance.yaml"))
                        .replace("maxAgeSeconds: 3600", "maxAgeSeconds: 900"));
        // The code of the next TOTP step: the login's own code may not be used twice.
        String next = Totp.code(
                ALICE.mfaDevice().orElseThrow().base32Secret(), Instant.now().plusSeconds(30));
        var terminal = new ScriptedTerminal(true, next, "development");
        var r = cli(terminal).run("run", runbook.toString(), "-p", "instanceId=i-0a22222222222222b");
        assertThat(terminal.secretPrompts).hasSize(1);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(Files.readString(file)).doesNotContain(old);
    }

    @Test
    void logoutWithNothingCachedSaysSo() {
        var r = cli(new ScriptedTerminal(false)).run("logout");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("No cached MFA session");
    }

    @Test
    void loginWithoutATerminalOrCodeSourceFailsAtOnce() {
        var r = cli(new ScriptedTerminal(false)).run("login");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("guard login needs an MFA code");
    }

    @Test
    void anAwsRoleProfileGivesTheKeysTheDeviceAndTheSessionName(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("aws-config");
        Files.writeString(config, """
                [profile dev]
                role_arn = arn:aws:iam::222222222222:role/PrivilegedActionsRole
                source_profile = base
                mfa_serial = arn:aws:iam::111111111111:mfa/alice
                role_session_name = ops-alice
                duration_seconds = 1800
                """);
        Path credentials = dir.resolve("aws-credentials");
        Files.writeString(
                credentials,
                "[base]\naws_access_key_id = " + ALICE.accessKeyId() + "\naws_secret_access_key = "
                        + ALICE.secretAccessKey() + "\n");
        // A guard config that names no MFA device: the profile's mfa_serial is the one used.
        Path guardConfig = dir.resolve("guard.yaml");
        Files.writeString(
                guardConfig,
                Files.readString(Path.of("config/guard.yaml"))
                        .replace("mfaSerial: arn:aws:iam::111111111111:mfa/alice", "")
                        .replace(
                                "dir: ../runbooks",
                                "dir: " + Path.of("runbooks").toAbsolutePath()));
        String code = code();
        var terminal = new ScriptedTerminal(true, code);
        var r = new CliRunner()
                .terminal(terminal)
                .env("XDG_CACHE_HOME", cacheHome.toString())
                .env("AWS_CONFIG_FILE", config.toString())
                .env("AWS_SHARED_CREDENTIALS_FILE", credentials.toString())
                .run(
                        "--config",
                        guardConfig.toString(),
                        "run",
                        "terminate-dev-instance",
                        "-p",
                        "instanceId=i-0a22222222222222b",
                        "--dry-run",
                        "--profile",
                        "dev",
                        "--endpoint-url",
                        sandbox.endpoint().toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("Acting as arn:aws:iam::111111111111:user/alice (profile dev (keys of profile base))");
        assertThat(terminal.secretPrompts).containsExactly("Enter MFA code for arn:aws:iam::111111111111:mfa/alice: ");
        assertThat(sandbox.journal().entries())
                .anyMatch(e -> e.action().endsWith("DescribeInstances")
                        && e.principal().endsWith(":assumed-role/PrivilegedActionsRole/ops-alice"));
        assertNoSecrets(r, code);
    }

    @Test
    void anUnknownProfileIsAnInputErrorNamingTheFiles(@TempDir Path dir) {
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(false))
                .env("AWS_CONFIG_FILE", dir.resolve("none").toString())
                .run("whoami", "--profile", "nope");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("AWS profile 'nope' (from --profile) is in neither");
    }

    @Test
    void doctorReadsEachRolesTrustPolicyAsThatRoleAndWarnsWhenOneLacksMfa() throws Exception {
        String seed = Files.readString(Path.of("config/sandbox.yaml"));
        int dev = seed.indexOf("- name: development");
        int condition = seed.indexOf("              Condition:\n", dev);
        int end = seed.indexOf("        policies:", condition);
        String open = seed.substring(0, condition) + seed.substring(end);
        sandbox.close();
        sandbox = Sandbox.start(
                SeedLoader.parse(open.getBytes(java.nio.charset.StandardCharsets.UTF_8), Path.of("open.yaml"))
                        .orElseThrow(),
                0,
                Clock.systemUTC(),
                line -> {});

        var before = cli(new ScriptedTerminal(false)).run("doctor");
        assertThat(before.exitCode()).as(before.out() + before.err()).isZero();
        assertThat(before.out())
                .contains("ok    base credentials arn:aws:iam::111111111111:user/alice")
                .contains("ok    MFA device arn:aws:iam::111111111111:mfa/alice")
                .contains("warn  roles: 3 not checked")
                .contains("DESIGN.md §1.8");

        String code = code();
        assertThat(cli(new ScriptedTerminal(true, code)).run("login").exitCode())
                .isZero();
        var after = cli(new ScriptedTerminal(false)).run("doctor");
        assertThat(after.out())
                .contains("warn  role arn:aws:iam::222222222222:role/PrivilegedActionsRole: its trust policy lets")
                .contains(
                        "ok    role arn:aws:iam::333333333333:role/PrivilegedActionsRole: its trust policy requires MFA");
        assertNoSecrets(after, code);
    }

    /** The one cached session file, after a login. */
    private Path loggedIn() throws Exception {
        assertThat(cli(new ScriptedTerminal(true, code())).run("login").exitCode())
                .isZero();
        try (var files = Files.list(cacheHome.resolve("guard/sessions"))) {
            return files.findFirst().orElseThrow();
        }
    }

    private static void replaceSecret(Path file) throws Exception {
        Files.writeString(
                file,
                Files.readString(file)
                        .replaceAll("\"secretAccessKey\":\"[^\"]+\"", "\"secretAccessKey\":\"not-the-secret-at-all\""));
    }

    @Test
    void aCachedSessionAwsRefusesWhenChainingIsRemovedAndSaysSo() throws Exception {
        Path file = loggedIn();
        replaceSecret(file);

        var r = cli(new ScriptedTerminal(false)).run("run", "cleanup-dev-instances", "--yes");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(4);
        assertThat(r.err())
                .contains("refused your cached MFA session (SignatureDoesNotMatch); it was removed")
                .doesNotContain("not-the-secret-at-all");
        assertThat(file).doesNotExist();
    }

    @Test
    void aCachedSessionUsedAsItIsIsCheckedAndRemovedWhenRefused() throws Exception {
        Path file = loggedIn();
        replaceSecret(file);

        // Own account, session-token: the cached session itself would act, no AssumeRole checks it.
        var r = cli(new ScriptedTerminal(false))
                .run("run", "stop-own-instances", "--dry-run", "-p", "instanceIds=i-0a11111111111111a");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(4);
        assertThat(r.err()).contains("refused your cached MFA session (SignatureDoesNotMatch); it was removed");
        assertThat(file).doesNotExist();
    }

    @Test
    void aCachedSessionWithAnMfaTimeInTheFutureIsNotBelieved() throws Exception {
        Path file = loggedIn();
        String future = Instant.now().plusSeconds(30L * 24 * 3600).toString();
        Files.writeString(
                file, Files.readString(file).replaceAll("\"mfaAt\":\"[^\"]+\"", "\"mfaAt\":\"" + future + "\""));

        var whoami = cli(new ScriptedTerminal(false)).run("whoami");
        assertThat(whoami.out()).doesNotContain("MFA -").contains("sessions   none cached");
        assertThat(whoami.err()).contains("removed cached session").contains("is in the future");
        assertThat(file).doesNotExist();
    }

    @Test
    void thePlanSaysACachedSessionWillServeTheRunAndTheRunAgrees() throws Exception {
        var before = cli(new ScriptedTerminal(false)).run("plan", "cleanup-dev-instances");
        assertThat(before.out()).contains("Credentials: 1 MFA prompt");

        loggedIn();
        var plan = cli(new ScriptedTerminal(false)).run("plan", "cleanup-dev-instances");
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out())
                .contains("Credentials: no MFA prompt: your cached MFA session for arn:aws:iam::111111111111:mfa/alice")
                .contains("AssumeRole arn:aws:iam::222222222222:role/PrivilegedActionsRole using the GetSessionToken"
                        + " session (no new code)")
                .doesNotContain("1 MFA prompt");

        var json = cli(new ScriptedTerminal(false)).run("plan", "cleanup-dev-instances", "--output", "json");
        var credentials = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.out())
                .get("credentials");
        assertThat(credentials.get("mfaPrompts").asInt()).isZero();
        assertThat(credentials.get("cachedSession").get("mfaDevice").asText())
                .isEqualTo("arn:aws:iam::111111111111:mfa/alice");

        // The run shows the same plan, and does as it says: no prompt, the role from the session.
        var terminal = new ScriptedTerminal(true, "development");
        var run = cli(terminal).run("run", "terminate-dev-instance", "-p", "instanceId=i-0a22222222222222a");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(terminal.secretPrompts).isEmpty();
        assertThat(run.out())
                .contains("Credentials: no MFA prompt: your cached MFA session")
                .contains("Credentials: your cached MFA session");

        // --no-session-cache: the plan promises the prompt the run will make.
        var fresh = cli(new ScriptedTerminal(false))
                .run(
                        "run",
                        "terminate-dev-instance",
                        "-p",
                        "instanceId=i-0a22222222222222b",
                        "--dry-run",
                        "--no-session-cache");
        assertThat(fresh.out()).contains("Credentials: 1 MFA prompt");
    }
}
