package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.guard.sandbox.Sandbox;
import dev.guard.sandbox.seed.Faults;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.seed.Totp;
import dev.guard.sandbox.server.Journal;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault matrix of DESIGN.md §4, "outcomes are the truth": every action guard has, under each
 * fault a network or a service can throw at a change — an answer that comes too late, a reply lost
 * after the service acted, a 5xx, throttling, a connection dropped before the request was handled —
 * run through {@code guard run} against a sandbox. What guard reports (and audits) for each target
 * must equal what the sandbox actually did, read from its journal: never "failed, unchanged" for a
 * resource that is gone.
 */
class OutcomeTruthIT {
    private static final SeedWorld SEED = SeedLoader.bundled();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One action as a runbook run: which user runs it, what it asks, which sandbox call changes things. */
    record Case(String name, String user, String operation, List<String> args, String confirm) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** One fault, as the sandbox's fault rule for the changing call. */
    record Fault(String name, boolean changes) {
        Faults.Rule rule(String service, String operation) {
            OptionalInt none = OptionalInt.empty();
            return switch (name) {
                // Carried out at once, answered after the client's 1 s attempt timeout.
                case "late reply" ->
                    new Faults.Rule(
                            service,
                            operation,
                            none,
                            Optional.empty(),
                            OptionalLong.empty(),
                            none,
                            none,
                            OptionalLong.of(1_500));
                case "lost reply" -> loseEvery(1, service, operation);
                // Not handled, answered 500 once: the retry makes the change.
                case "5xx" ->
                    new Faults.Rule(
                            service,
                            operation,
                            none,
                            Optional.of(new Faults.ErrorBurst(500, 1)),
                            OptionalLong.empty(),
                            none);
                // Every attempt throttled: nothing happens, and guard must say so.
                case "throttle" ->
                    new Faults.Rule(
                            service, operation, OptionalInt.of(1), Optional.empty(), OptionalLong.empty(), none);
                // Every connection closed before the request is handled: nothing happens.
                case "drop" ->
                    new Faults.Rule(
                            service, operation, none, Optional.empty(), OptionalLong.empty(), OptionalInt.of(1));
                default -> throw new IllegalArgumentException(name);
            };
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> matrix() {
        List<Case> cases = List.of(
                new Case(
                        "terminate",
                        "alice",
                        "TerminateInstances",
                        List.of("runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0a22222222222222a"),
                        "development"),
                new Case(
                        "stop",
                        "sofia",
                        "StopInstances",
                        List.of("runbooks/stop-own-instances.yaml", "-p", "instanceIds=i-0a11111111111111a"),
                        "y"),
                new Case(
                        "delete table",
                        "alice",
                        "DeleteTable",
                        List.of("runbooks/delete-staging-table.yaml", "-p", "tableName=sessions-staging"),
                        "sessions-staging"),
                new Case("put object", "alice", "PutObject", List.of("put.yaml"), "production"),
                new Case("delete objects", "alice", "DeleteObjects", List.of("delete.yaml"), "production"));
        List<Fault> faults = List.of(
                new Fault("late reply", true),
                new Fault("lost reply", true),
                new Fault("5xx", true),
                new Fault("throttle", false),
                new Fault("drop", false));
        List<Arguments> all = new ArrayList<>();
        cases.forEach(c -> faults.forEach(f -> all.add(Arguments.of(c, f))));
        return all.stream();
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("matrix")
    void theReportedOutcomeIsWhatTheSandboxDid(Case c, Fault fault) throws Exception {
        String service = switch (c.operation()) {
            case "TerminateInstances", "StopInstances" -> "ec2";
            case "DeleteTable" -> "dynamodb";
            default -> "s3";
        };
        writeRunbooks();
        try (Sandbox sandbox = sandbox(fault.rule(service, c.operation()))) {
            if (c.operation().equals("DeleteObjects")) {
                seedObjects(sandbox);
            }
            Path audit = dir.resolve("audit.jsonl");
            var r = guard(sandbox, c.user(), c.confirm(), c.args());

            // The truth: did the sandbox carry out the change (any attempt of it)?
            Thread.sleep(fault.name().equals("late reply") ? 2_000 : 0); // let a late attempt finish
            boolean changed = sandbox.journal().entries().stream()
                    .filter(e -> e.action().endsWith(c.operation()))
                    .anyMatch(Journal.Entry::mutated);
            assertThat(changed)
                    .as("the fault %s lets the change through\n%s%s", fault, r.out(), r.err())
                    .isEqualTo(fault.changes());

            JsonNode report = JSON.readTree(r.out()).get("result");
            JsonNode step = report.get("steps").get(report.get("steps").size() - 1);
            List<String> statuses = new ArrayList<>();
            step.get("outcomes").forEach(o -> statuses.add(o.get("status").asText()));
            assertThat(statuses).as(r.out() + r.err()).isNotEmpty();
            assertThat(statuses)
                    .as("guard's report against the sandbox's journal\n" + r.out() + r.err())
                    .allMatch(s -> s.equals(changed ? "done" : "failed"));
            assertThat(r.exitCode()).as(r.err()).isEqualTo(changed ? 0 : 1);

            // The audit says the same as the report.
            List<String> audited = new ArrayList<>();
            for (String line : Files.readAllLines(audit)) {
                JsonNode record = JSON.readTree(line);
                // The step's record (batch records, written as each call is answered, come before it).
                if (record.path("event").asText().equals("outcomes") && !record.has("batch")) {
                    record.path("outcomes")
                            .forEach(o -> audited.add(o.get("status").asText()));
                }
            }
            assertThat(audited).as(String.join("\n", Files.readAllLines(audit))).containsExactlyElementsOf(statuses);
        }
    }

    /** {@code guard --output json run ARGS} as {@code user} against {@code sandbox}, answering {@code confirm}. */
    private CliRunner.Result guard(Sandbox sandbox, String user, String confirm, List<String> runArgs)
            throws Exception {
        SeedUser u = SEED.userByName(user).orElseThrow();
        List<String> args = new ArrayList<>(
                List.of("--config", config(user, dir.resolve("audit.jsonl")).toString(), "--output", "json", "run"));
        runArgs.forEach(a ->
                args.add(a.startsWith("runbooks/") ? Path.of(a).toAbsolutePath().toString() : a));
        args.addAll(List.of("--mfa-code", Totp.code(u.mfaDevice().orElseThrow().base32Secret(), Instant.now())));
        return new CliRunner()
                .in(dir)
                .terminal(new ScriptedTerminal(true, confirm, confirm))
                .env("XDG_CACHE_HOME", dir.resolve("cache").toString())
                .env("XDG_STATE_HOME", dir.resolve("state").toString())
                .env("AWS_ENDPOINT_URL", sandbox.endpoint().toString())
                .env("AWS_ACCESS_KEY_ID", u.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", u.secretAccessKey())
                .env("GUARD_ATTEMPT_TIMEOUT", "1")
                .run(args.toArray(String[]::new));
    }

    /** Every {@code operation} call is carried out, and the reply of the {@code n}th lost. */
    static Faults.Rule loseEvery(int n, String service, String operation) {
        return new Faults.Rule(
                service,
                operation,
                OptionalInt.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                OptionalInt.empty(),
                OptionalInt.of(n),
                OptionalLong.empty());
    }

    private static Sandbox sandbox(Faults.Rule... rules) throws Exception {
        return Sandbox.start(SEED.withFaults(new Faults(List.of(rules))), 0, Clock.systemUTC(), line -> {});
    }

    private static long calls(Sandbox sandbox, String operation) {
        return sandbox.journal().entries().stream()
                .filter(e -> e.action().endsWith(operation))
                .count();
    }

    private static final List<String> TERMINATE =
            List.of("runbooks/terminate-dev-instance.yaml", "-p", "instanceId=i-0a22222222222222a");

    @Test
    void aRerunAfterTheChangeConvergesAsAlreadyDoneNotAsAGuardFailure() throws Exception {
        try (Sandbox sandbox = sandbox()) {
            assertThat(guard(sandbox, "alice", "development", TERMINATE).exitCode())
                    .isZero();
            long before = calls(sandbox, "TerminateInstances");

            // As if the first run had been killed during its wait: the instance is shutting down or gone.
            var again = guard(sandbox, "alice", "development", TERMINATE);

            assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
            assertThat(again.err()).contains("i-0a22222222222222a  already ").contains("nothing left to do");
            assertThat(again.out()).contains("\"status\" : \"skipped\"").contains("already done");
            assertThat(calls(sandbox, "TerminateInstances"))
                    .as("no second change")
                    .isEqualTo(before);
        }
    }

    @Test
    void stsIsRetriedLikeEveryOtherServiceAndAnOutageIsNotAnAuthenticationFailure() throws Exception {
        OptionalInt none = OptionalInt.empty();
        try (Sandbox sandbox = sandbox(new Faults.Rule(
                "sts",
                "GetCallerIdentity",
                none,
                Optional.of(new Faults.ErrorBurst(500, 2)),
                OptionalLong.empty(),
                none))) {
            var r = guard(sandbox, "alice", "development", TERMINATE);
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.err()).contains("GetCallerIdentity: InternalError; retry 1");
        }
        try (Sandbox sandbox =
                sandbox(new Faults.Rule("sts", "*", none, Optional.empty(), OptionalLong.empty(), OptionalInt.of(1)))) {
            var r = guard(sandbox, "alice", "development", TERMINATE);
            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("GetCallerIdentity").contains("could not be reached or did not answer");
        }
    }

    @Test
    void aChangeCarriedOutAfterEveryAttemptGaveUpIsSeenWhileWaitingAndReportedDone() throws Exception {
        // The sandbox acts 3.5 s after each request; guard gives up on each attempt after 1 s, so its
        // re-read still finds the instance running. The wait watches it and sees the change land.
        OptionalInt none = OptionalInt.empty();
        try (Sandbox sandbox = sandbox(
                new Faults.Rule("ec2", "TerminateInstances", none, Optional.empty(), OptionalLong.of(3_500), none))) {
            var r = guard(sandbox, "alice", "development", TERMINATE);

            Thread.sleep(3_000); // every attempt has landed
            assertThat(sandbox.journal().entries().stream()
                            .filter(e -> e.action().endsWith("TerminateInstances"))
                            .anyMatch(Journal.Entry::mutated))
                    .isTrue();
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("\"status\" : \"done\"").contains("AWS carried it out later");
        }
    }

    @Test
    void httpsToAPlainHttpEndpointFailsOnceWithTheLikelyCauseNotAsAnAuthenticationFailure() throws Exception {
        try (Sandbox sandbox = sandbox()) {
            SeedUser alice = SEED.userByName("alice").orElseThrow();
            var r = new CliRunner()
                    .env("AWS_ENDPOINT_URL", sandbox.endpoint().toString().replace("http://", "https://"))
                    .env("AWS_ACCESS_KEY_ID", alice.accessKeyId())
                    .env("AWS_SECRET_ACCESS_KEY", alice.secretAccessKey())
                    .env("XDG_CACHE_HOME", dir.resolve("cache").toString())
                    .run("whoami");

            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("TLS handshake").doesNotContain("retry");
        }
    }

    @Test
    void anMfaCallWhoseReplyWasLostIsNotRepeatedWithTheSameCode() throws Exception {
        try (Sandbox sandbox = sandbox(loseEvery(1, "sts", "GetSessionToken"))) {
            var r = guard(sandbox, "alice", "development", TERMINATE);

            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("the code may have been used").doesNotContain("denied");
            assertThat(calls(sandbox, "GetSessionToken")).isEqualTo(1);
            assertThat(calls(sandbox, "TerminateInstances")).isZero();
        }
    }

    @Test
    void aBackupWhoseReplyWasLostIsFoundByNameAndTheTableDeletedAfterIt() throws Exception {
        try (Sandbox sandbox = sandbox(loseEvery(1, "dynamodb", "CreateBackup"))) {
            var r = guard(
                    sandbox,
                    "alice",
                    "sessions-staging",
                    List.of("runbooks/delete-staging-table.yaml", "-p", "tableName=sessions-staging"));

            // The truth: one backup was made (its answer lost), and no second one.
            assertThat(sandbox.journal().entries().stream()
                            .filter(e -> e.action().endsWith("CreateBackup"))
                            .filter(Journal.Entry::mutated)
                            .count())
                    .isEqualTo(1);
            // guard used that backup, then deleted the table, and says so.
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(sandbox.journal().entries().stream()
                            .filter(e -> e.action().endsWith("DeleteTable"))
                            .anyMatch(Journal.Entry::mutated))
                    .isTrue();
            assertThat(r.err()).contains("the answer to CreateBackup was lost").contains("found backup");
            assertThat(r.out()).contains("\"status\" : \"done\"").contains("backup arn:aws:dynamodb:");
            assertThat(r.out()).doesNotContain("backup failed");
        }
    }

    /** CreateBackup is not idempotent: after a 5xx (which AWS may have acted on) it is looked for, not sent again. */
    @Test
    void aBackupAnswered5xxIsNotRequestedAgainAndTheTableIsNotDeleted() throws Exception {
        OptionalInt none = OptionalInt.empty();
        Faults.Rule once500 = new Faults.Rule(
                "dynamodb",
                "CreateBackup",
                none,
                Optional.of(new Faults.ErrorBurst(500, 1)),
                OptionalLong.empty(),
                none);
        try (Sandbox sandbox = sandbox(once500)) {
            var r = guard(
                    sandbox,
                    "alice",
                    "sessions-staging",
                    List.of("runbooks/delete-staging-table.yaml", "-p", "tableName=sessions-staging"));

            // The truth: one CreateBackup attempt (the 500), no second one, no backup, no delete.
            List<Journal.Entry> dynamo = sandbox.journal().entries().stream()
                    .filter(e -> e.service().equals("dynamodb"))
                    .toList();
            assertThat(dynamo)
                    .filteredOn(e -> e.decision().startsWith("fault: "))
                    .hasSize(1);
            // The journal names the faulted request's action: that CreateBackup is the only one.
            assertThat(dynamo)
                    .filteredOn(e -> e.action().endsWith("CreateBackup"))
                    .singleElement()
                    .satisfies(e -> assertThat(e.decision()).startsWith("fault: "));
            assertThat(dynamo).anyMatch(e -> e.action().endsWith("ListBackups"));
            assertThat(dynamo).noneMatch(Journal.Entry::mutated);
            // guard says so, and fails the step.
            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.out())
                    .contains("\"status\" : \"failed\"")
                    .contains("backup failed, table not deleted")
                    .contains("no backup named sessions-staging-guard-");
        }
    }

    @Test
    void aStepWhoseTargetsFailedStopsTheLaterSteps() throws Exception {
        // Replace an artifact, then remove the stale one: the removal must not run when the new
        // artifact could not be written.
        Files.writeString(dir.resolve("replace.yaml"), """
                apiVersion: guard/v1
                kind: Runbook
                name: replace
                target: {account: production, region: us-east-1}
                steps:
                  - id: put
                    action: s3:PutObject
                    with: {bucket: guard-protected-artifacts, key: releases/truth.txt, body: the truth}
                  - id: delete-stale
                    action: s3:DeleteObject
                    with: {bucket: guard-protected-artifacts, key: releases/previous/manifest.json}
                """);
        try (Sandbox sandbox = sandbox(new Faults.Rule(
                "s3", "PutObject", OptionalInt.of(1), Optional.empty(), OptionalLong.empty(), OptionalInt.empty()))) {
            Path audit = dir.resolve("audit.jsonl");
            var r = guard(sandbox, "alice", "production", List.of("replace.yaml"));

            assertThat(sandbox.journal().entries().stream()
                            .filter(e -> e.action().endsWith("DeleteObject")
                                    || e.action().endsWith("DeleteObjects"))
                            .count())
                    .as("the stale artifact is left alone\n" + r.out() + r.err())
                    .isZero();
            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("step put broke off").contains("later steps not run");
            JsonNode steps = JSON.readTree(r.out()).get("result").get("steps");
            assertThat(steps.get(0).get("outcomes").get(0).get("status").asText())
                    .isEqualTo("failed");
            assertThat(steps.get(1).get("outcomes").get(0).get("status").asText())
                    .isEqualTo("skipped");
            assertThat(Files.readString(audit)).contains("not run: step put");
        }
    }

    private void writeRunbooks() throws Exception {
        String head =
                "apiVersion: guard/v1\nkind: Runbook\nname: %s\ntarget: {account: production, region: us-east-1}\n"
                        + "steps:\n  - id: %s\n    action: %s\n    with:\n";
        Files.writeString(
                dir.resolve("put.yaml"),
                head.formatted("put", "put", "s3:PutObject")
                        + "      bucket: guard-protected-artifacts\n      key: releases/truth.txt\n      body: the truth\n");
        Files.writeString(
                dir.resolve("delete.yaml"),
                head.formatted("delete", "delete", "s3:DeleteObject")
                        + "      bucket: guard-protected-artifacts\n      keys: [truth/a.txt, truth/b.txt]\n");
    }

    private static void seedObjects(Sandbox sandbox) throws Exception {
        // Written by the test as alice, with an MFA session: the bucket policy wants one.
        SeedUser alice = SEED.userByName("alice").orElseThrow();
        var sts = software.amazon.awssdk.services.sts.StsClient.builder()
                .endpointOverride(sandbox.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
                        alice.accessKeyId(), alice.secretAccessKey()))
                .build();
        var session = sts.getSessionToken(
                        b -> b.serialNumber(alice.mfaDevice().orElseThrow().serial())
                                .tokenCode(Totp.code(
                                        alice.mfaDevice().orElseThrow().base32Secret(),
                                        Instant.now().minusSeconds(30))))
                .credentials();
        var s3 = software.amazon.awssdk.services.s3.S3Client.builder()
                .endpointOverride(sandbox.endpoint())
                .forcePathStyle(true)
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                        session.accessKeyId(), session.secretAccessKey(), session.sessionToken()))
                .build();
        for (String key : List.of("truth/a.txt", "truth/b.txt")) {
            s3.putObject(
                    b -> b.bucket("guard-protected-artifacts").key(key),
                    software.amazon.awssdk.core.sync.RequestBody.fromString(key));
        }
    }

    /** The project's config, for {@code user}'s device, auditing to {@code audit}, runbooks found by path. */
    private Path config(String user, Path audit) throws Exception {
        Path config = dir.resolve("guard.yaml");
        Files.writeString(config, TestConfig.text(user, audit));
        return config;
    }
}
