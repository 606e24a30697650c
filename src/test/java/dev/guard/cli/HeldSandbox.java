package dev.guard.cli;

import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.server.Journal;
import dev.guard.sandbox.timing.Speed;
import dev.guard.term.Terminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A sandbox the test holds, for runs whose proof is what the sandbox did rather than what guard
 * printed: {@code run --sandbox} starts a sandbox of its own that ends with the run, taking its
 * journal along. Here guard runs against this one as it would against AWS — its endpoint
 * ({@code AWS_ENDPOINT_URL}) and the seeded user's keys — and the test then reads the journal and
 * the resources themselves.
 */
final class HeldSandbox implements AutoCloseable {
    private final SandboxFixture f;
    private final Path dir;
    private java.util.function.UnaryOperator<String> configEdit = text -> text;
    private final java.util.Map<String, String> extraEnv = new java.util.LinkedHashMap<>();

    /** @param dir where the run's config, audit log and session cache go */
    HeldSandbox(Path dir) throws Exception {
        this(dir, Speed.INSTANT);
    }

    /** A sandbox seeded with {@code world} instead of the bundled seed. */
    HeldSandbox(Path dir, dev.guard.sandbox.seed.SeedWorld world) throws Exception {
        this.dir = Files.createDirectories(dir);
        this.f = new SandboxFixture(world);
    }

    /** A sandbox whose state changes take time at {@code speed} on its clock (see {@link #fixture()}). */
    HeldSandbox(Path dir, Speed speed) throws Exception {
        this.dir = Files.createDirectories(dir);
        this.f = new SandboxFixture(speed);
    }

    /** {@code guard ARGS} as {@code user}, on {@code terminal}, against this sandbox. */
    CliRunner.Result guard(String user, Terminal terminal, String... args) throws Exception {
        return guard(user, f.keys(user), terminal, args);
    }

    /** {@code guard ARGS} with {@code user}'s config but other credentials (a role session, say). */
    CliRunner.Result guard(String user, AwsCredentials credentials, Terminal terminal, String... args)
            throws Exception {
        List<String> all = new ArrayList<>(List.of("--config", config(user).toString()));
        all.addAll(List.of(args));
        CliRunner runner = new CliRunner()
                .terminal(terminal)
                .env("XDG_CACHE_HOME", dir.resolve("cache").toString())
                .env("XDG_STATE_HOME", dir.resolve("state").toString())
                .env("AWS_ENDPOINT_URL", f.endpoint().toString())
                .env("AWS_ACCESS_KEY_ID", credentials.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        if (credentials instanceof AwsSessionCredentials session) {
            runner.env("AWS_SESSION_TOKEN", session.sessionToken());
        }
        extraEnv.forEach(runner::env);
        return runner.run(all.toArray(String[]::new));
    }

    /** {@code guard run ARGS} as alice. */
    CliRunner.Result run(Terminal terminal, String... runArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(List.of(runArgs));
        return guard("alice", terminal, args.toArray(String[]::new));
    }

    /** Later commands read the config as {@code edit} rewrites it: a config changed between two commands. */
    void editConfig(java.util.function.UnaryOperator<String> edit) {
        this.configEdit = edit;
    }

    /** Later commands also see {@code name=value} in their environment (a child of guard exec inherits it). */
    void env(String name, String value) {
        extraEnv.put(name, value);
    }

    /** Where this sandbox's runs keep their config, audit log and session cache. */
    Path directory() {
        return dir;
    }

    /** The config file {@code user}'s commands read, written now. */
    Path configFile(String user) throws Exception {
        return config(user);
    }

    /** The sandbox itself, for a test that changes the world between two runs. */
    SandboxFixture fixture() {
        return f;
    }

    /** Every request the sandbox received, in order. */
    List<Journal.Entry> journal() {
        return f.sandbox.journal().entries();
    }

    /** The requests that changed something: none for a run that must change nothing. */
    List<String> changes() {
        return journal().stream()
                .filter(Journal.Entry::mutated)
                .map(e -> e.action() + " " + e.resource())
                .toList();
    }

    /** The requests to {@code service} ("ec2", "sts"): e.g. none to EC2 for a run refused before discovery. */
    List<String> calls(String service) {
        return journal().stream()
                .filter(e -> e.service().equals(service))
                .map(Journal.Entry::action)
                .toList();
    }

    /** An instance's state, read with alice's role in that account (after the run: it adds to the journal). */
    String instanceState(String accountId, String instanceId) {
        return SandboxFixture.describe(f.ec2(role(accountId)), instanceId)
                .state()
                .nameAsString();
    }

    /** Whether the table exists, read with alice's role in that account. */
    boolean tableExists(String accountId, String table) {
        try {
            f.dynamodb(role(accountId)).describeTable(r -> r.tableName(table));
            return true;
        } catch (ResourceNotFoundException e) {
            return false;
        }
    }

    /** Whether the object exists, read with alice's own MFA session (the bucket policy wants MFA). */
    boolean objectExists(String bucket, String key) {
        f.clock.advance(Duration.ofSeconds(90));
        var session = f.sts(f.keys("alice"))
                .getSessionToken(r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice")));
        try {
            f.s3(SandboxFixture.session(session.credentials()))
                    .headObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * alice's role session in the account, with a code the run cannot have used: the sandbox's clock
     * (frozen at the start) is moved past the TOTP step of any code the run sent.
     */
    private AwsCredentials role(String accountId) {
        f.clock.advance(Duration.ofSeconds(90));
        return f.privilegedRole(accountId);
    }

    /** The repository's config, for {@code user}'s device, with the audit log and runbooks where the test wants. */
    private Path config(String user) throws Exception {
        Path config = dir.resolve("guard-" + user + ".yaml");
        Files.writeString(
                config, TestConfig.text(user, dir.resolve("audit.jsonl")).transform(configEdit));
        return config;
    }

    @Override
    public void close() {
        f.close();
    }
}
