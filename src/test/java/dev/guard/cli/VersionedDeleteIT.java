package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.seed.Totp;
import dev.guard.term.ScriptedTerminal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.MFADelete;
import software.amazon.awssdk.services.s3.model.MFADeleteStatus;

/**
 * {@code s3:DeleteObject} in a versioned bucket, run by guard against a sandbox it does not own: a
 * plain delete adds a marker and keeps the versions (and the plan says so); {@code versionId} and
 * {@code allVersions: true} delete versions permanently (s3:DeleteObjectVersion in the journal, gone
 * from the store); every version counts under maxTargets; a dry run and a missing version change nothing.
 */
class VersionedDeleteIT {
    static final String BUCKET = "guard-versioned-scratch";
    static final String UNVERSIONED = "guard-unversioned-scratch";

    @TempDir
    Path dir;

    /** The bundled seed plus a versioned bucket in alice's own account that her policy lets her manage. */
    static SeedWorld seed() {
        return seed("", "");
    }

    static SeedWorld seed(String objects) {
        return seed(objects, "");
    }

    /**
     * The same, with {@code objects} (seed YAML lines) also in the versioned bucket and {@code
     * statements} also in alice's policy.
     */
    static SeedWorld seed(String objects, String statements) {
        String seed = new String(SeedLoader.bundledBytes(), StandardCharsets.UTF_8);
        String bucket = """
                      - name: %s
                        versioning: true
                        objects:
                          keep/readme.txt: "kept"
                %s      - name: %s
                        versioning: false
                        objects:
                          old.txt: "never versioned"
                """.formatted(BUCKET, objects, UNVERSIONED);
        String statement = """
                                - Sid: VersionedScratch
                                  Effect: Allow
                                  Action: "s3:*"
                                  Resource: [arn:aws:s3:::%s, arn:aws:s3:::%s/*, arn:aws:s3:::%s, arn:aws:s3:::%s/*]
                                - Sid: LockedVersionsStay
                                  Effect: Deny
                                  Action: s3:DeleteObjectVersion
                                  Resource: arn:aws:s3:::%s/locked/*
                %s""".formatted(BUCKET, BUCKET, UNVERSIONED, UNVERSIONED, BUCKET, statements);
        String edited = seed.replace("      - name: guard-approvals\n", bucket + "      - name: guard-approvals\n")
                .replace(
                        "                - Sid: ListOwnMfaDevices\n",
                        statement + "                - Sid: ListOwnMfaDevices\n");
        assertThat(edited).contains("VersionedScratch").contains("name: " + BUCKET);
        var result = SeedLoader.parse(edited.getBytes(StandardCharsets.UTF_8), Path.of("versioned-seed.yaml"));
        return result.world().orElseThrow(() -> new IllegalStateException(result.toString()));
    }

    private S3Client s3(HeldSandbox sandbox) {
        return sandbox.fixture().s3(sandbox.fixture().keys("alice"));
    }

    /** {@code count} new versions of {@code key}, oldest first: their version ids. */
    private List<String> versions(HeldSandbox sandbox, String key, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(s3(sandbox)
                    .putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("v" + i))
                    .versionId());
        }
        return ids;
    }

    /** What the key has now: version ids (markers as "marker:ID"), newest first. */
    private List<String> listed(HeldSandbox sandbox, String key) {
        var r = s3(sandbox).listObjectVersions(b -> b.bucket(BUCKET).prefix(key));
        List<String> out = new ArrayList<>();
        r.versions().stream().filter(v -> v.key().equals(key)).forEach(v -> out.add(v.versionId()));
        r.deleteMarkers().stream().filter(m -> m.key().equals(key)).forEach(m -> out.add("marker:" + m.versionId()));
        return out;
    }

    private Path runbook(String with, String guards) throws Exception {
        return Files.writeString(dir.resolve("rb.yaml"), """
                apiVersion: guard/v1
                kind: Runbook
                name: versions
                target: {account: identity, region: us-east-1}
                auth: session-token
                steps:
                  - id: delete
                    action: s3:DeleteObject
                    with: %s
                    guards: %s
                    confirm: yes
                """.formatted(with, guards));
    }

    private CliRunner.Result run(HeldSandbox sandbox, Path runbook, String... more) throws Exception {
        sandbox.fixture().clock.advance(Duration.ofSeconds(60));
        String code = sandbox.fixture().nextCode("alice");
        List<String> args = new ArrayList<>(List.of("run", runbook.toString()));
        args.addAll(List.of(more));
        var r = sandbox.guard("alice", new ScriptedTerminal(true, code, "y"), args.toArray(String[]::new));
        SandboxRuns.assertNoSecrets(r, code);
        return r;
    }

    /** MFA Delete on, as AWS allows it: by the bucket owner's root user, with its MFA code in x-amz-mfa. */
    private static void enableMfaDelete(HeldSandbox sandbox) {
        var f = sandbox.fixture();
        var root = f.world.accounts().stream()
                .filter(a -> a.id().equals("111111111111"))
                .findFirst()
                .orElseThrow()
                .root()
                .orElseThrow();
        var device = root.mfaDevice().orElseThrow();
        f.clock.advance(Duration.ofSeconds(30));
        String code = Totp.code(device.base32Secret(), f.clock.instant());
        f.s3(AwsBasicCredentials.create(root.accessKeyId(), root.secretAccessKey()))
                .putBucketVersioning(b -> b.bucket(BUCKET)
                        .mfa(device.serial() + " " + code)
                        .versioningConfiguration(
                                c -> c.status(BucketVersioningStatus.ENABLED).mfaDelete(MFADelete.ENABLED)));
        assertThat(f.s3(f.keys("alice"))
                        .getBucketVersioning(b -> b.bucket(BUCKET))
                        .mfaDelete())
                .isEqualTo(MFADeleteStatus.ENABLED);
    }

    private static int journalled(HeldSandbox sandbox) {
        return sandbox.journal().size();
    }

    private static List<String> changesSince(HeldSandbox sandbox, int from) {
        return sandbox.journal().subList(from, sandbox.journal().size()).stream()
                .filter(e -> e.mutated())
                .map(e -> e.action())
                .toList();
    }

    @Test
    void aVersionIdDeletesExactlyThatVersionPermanently() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed())) {
            List<String> ids = versions(sandbox, "app/a.txt", 3);
            int before = journalled(sandbox);
            var r = run(
                    sandbox,
                    runbook("{bucket: %s, key: app/a.txt, versionId: \"%s\"}".formatted(BUCKET, ids.get(1)), "{}"));

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out())
                    .contains("version " + ids.get(1) + " of object s3://" + BUCKET + "/app/a.txt (permanent delete)")
                    .contains("MFA Delete Disabled: the versions listed are deleted permanently")
                    .contains("app/a.txt?versionId=" + ids.get(1) + "  done  deleted permanently");
            assertThat(changesSince(sandbox, before)).containsExactly("s3:DeleteObjectVersion");
            assertThat(listed(sandbox, "app/a.txt")).containsExactly(ids.get(2), ids.get(0));
        }
    }

    @Test
    void allVersionsDeletesEveryVersionAndDeleteMarkerOfTheKey() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed())) {
            versions(sandbox, "app/b.txt", 2);
            s3(sandbox).deleteObject(b -> b.bucket(BUCKET).key("app/b.txt")); // a delete marker on top
            versions(sandbox, "app/bb.txt", 1); // shares the prefix, not the key: untouched
            int before = journalled(sandbox);
            var r = run(
                    sandbox,
                    runbook("{bucket: %s, key: app/b.txt, allVersions: true}".formatted(BUCKET), "{maxTargets: 3}"));

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out())
                    .contains("each version and delete marker is one target under guards.maxTargets")
                    .contains("delete marker  latest")
                    .contains("Done: 3 changed");
            // One DeleteObjects call; S3 authorises each version in it as s3:DeleteObjectVersion (see
            // the denied test below).
            assertThat(changesSince(sandbox, before)).containsExactly("s3:DeleteObjects");
            assertThat(listed(sandbox, "app/b.txt")).isEmpty();
            assertThat(listed(sandbox, "app/bb.txt")).hasSize(1);
        }
    }

    @Test
    void aVersionDeleteThePolicyDeniesAsDeleteObjectVersionFailsWithS3sAnswerAndTheVersionStays() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed())) {
            versions(sandbox, "locked/g.txt", 2);
            var r = run(
                    sandbox,
                    runbook("{bucket: %s, prefix: locked/, allVersions: true}".formatted(BUCKET), "{maxTargets: 2}"));

            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.out())
                    .containsPattern("locked/g.txt\\?versionId=\\S+  failed  not deleted: AccessDenied: Access Denied");
            assertThat(listed(sandbox, "locked/g.txt")).hasSize(2);
        }
    }

    @Test
    void aPlainDeleteInAVersionedBucketAddsAMarkerKeepsTheVersionsAndThePlanSaysSo() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed())) {
            List<String> ids = versions(sandbox, "app/c.txt", 2);
            var r = run(sandbox, runbook("{bucket: %s, key: app/c.txt}".formatted(BUCKET), "{}"));

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out())
                    .contains("bucket " + BUCKET + " is versioned: each delete adds a delete marker and earlier"
                            + " versions are kept")
                    .contains("adds a delete marker; 2 earlier versions are kept")
                    .contains("app/c.txt  done  deleted (versioned bucket: a delete marker hides it; earlier versions"
                            + " remain)");
            List<String> now = listed(sandbox, "app/c.txt");
            assertThat(now).containsAll(ids).hasSize(3);
            assertThat(now).anyMatch(v -> v.startsWith("marker:"));
        }
    }

    @Test
    void everyVersionCountsUnderMaxTargetsAndTooManyRefuseTheRunUnchanged() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed())) {
            versions(sandbox, "app/d.txt", 3);
            int before = journalled(sandbox);
            var r = run(
                    sandbox,
                    runbook("{bucket: %s, key: app/d.txt, allVersions: true}".formatted(BUCKET), "{maxTargets: 2}"));

            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
            assertThat(r.out() + r.err()).contains("3 object versions match, more than guards.maxTargets 2");
            assertThat(changesSince(sandbox, before)).isEmpty();
            assertThat(listed(sandbox, "app/d.txt")).hasSize(3);
        }
    }

    @Test
    void aDryRunListsTheVersionsAndChangesNothing() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed())) {
            versions(sandbox, "app/e.txt", 2);
            int before = journalled(sandbox);
            var r = run(
                    sandbox,
                    runbook("{bucket: %s, prefix: app/, allVersions: true}".formatted(BUCKET), "{maxTargets: 5}"),
                    "--dry-run");

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out())
                    .contains("S3 has no dry-run flag: 2 object versions in s3://" + BUCKET + " were listed")
                    .contains("app/e.txt?versionId=");
            assertThat(changesSince(sandbox, before)).isEmpty();
            assertThat(listed(sandbox, "app/e.txt")).hasSize(2);
        }
    }

    @Test
    void aVersionIdThatDoesNotExistIsRefusedInOneLineAndNothingChanges() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed())) {
            List<String> ids = versions(sandbox, "app/f.txt", 1);
            int before = journalled(sandbox);
            var r = run(
                    sandbox, runbook("{bucket: %s, key: app/f.txt, versionId: nosuchversion}".formatted(BUCKET), "{}"));

            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.err())
                    .contains("version nosuchversion of app/f.txt does not exist (its versions are " + ids.get(0)
                            + "): nothing was deleted");
            assertThat(changesSince(sandbox, before)).isEmpty();
        }
    }

    @Test
    void mfaDeleteRefusesAPermanentDeleteBeforeAnyConfirmationOrChangeAndSaysWhatItNeeds() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed())) {
            List<String> ids = versions(sandbox, "app/h.txt", 2);
            enableMfaDelete(sandbox);
            int before = journalled(sandbox);
            sandbox.fixture().clock.advance(Duration.ofSeconds(60));
            String code = sandbox.fixture().nextCode("alice");
            var terminal = new ScriptedTerminal(true, code, "y");
            var r = sandbox.guard(
                    "alice",
                    terminal,
                    "run",
                    runbook("{bucket: %s, key: app/h.txt, versionId: \"%s\"}".formatted(BUCKET, ids.get(0)), "{}")
                            .toString());

            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
            assertThat(r.err())
                    .contains("bucket " + BUCKET + " has MFA Delete enabled: permanently deleting a version needs the"
                            + " bucket owner's root user and its MFA device (x-amz-mfa), and guard does not hold root"
                            + " credentials — hint: delete the versions as root");
            assertThat(terminal.prompts).as("no confirmation was asked").containsExactly(terminal.secretPrompts.get(0));
            assertThat(changesSince(sandbox, before)).isEmpty();
            assertThat(listed(sandbox, "app/h.txt")).containsExactlyInAnyOrderElementsOf(ids);
            String audit = Files.readString(sandbox.directory().resolve("audit.jsonl"));
            assertThat(audit).doesNotContain("deleted permanently").doesNotContain("\"DONE\"");
        }
    }

    @Test
    void aPlainDeleteNeedsNoMfaInAnMfaDeleteBucketAndStillWorks() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed())) {
            List<String> ids = versions(sandbox, "app/i.txt", 1);
            enableMfaDelete(sandbox);
            var r = run(sandbox, runbook("{bucket: %s, key: app/i.txt}".formatted(BUCKET), "{}"));

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("app/i.txt  done  deleted (versioned bucket: a delete marker hides it");
            assertThat(listed(sandbox, "app/i.txt")).contains(ids.get(0)).hasSize(2);
        }
    }

    @Test
    void mfaDeleteEnabledAfterThePlanFailsTheDeleteAndTheOutcomeNamesIt() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed())) {
            List<String> ids = versions(sandbox, "app/j.txt", 2);
            sandbox.fixture().clock.advance(Duration.ofSeconds(60));
            String code = sandbox.fixture().nextCode("alice");
            var terminal = new ScriptedTerminal(true, code, "y");
            terminal.onRead = () -> {
                if (terminal.prompts.get(terminal.prompts.size() - 1).contains("y/N")) {
                    enableMfaDelete(sandbox); // while guard asks y/N, after it read the versions
                }
            };
            var r = sandbox.guard(
                    "alice",
                    terminal,
                    "run",
                    runbook("{bucket: %s, key: app/j.txt, allVersions: true}".formatted(BUCKET), "{maxTargets: 2}")
                            .toString());

            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.out())
                    .containsPattern("app/j.txt\\?versionId=\\S+  failed  not deleted: AccessDenied: Mfa Authentication"
                            + " must be used for this request — bucket " + BUCKET + " has MFA Delete enabled")
                    .contains("(enabled since the plan)");
            assertThat(listed(sandbox, "app/j.txt")).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void theExamplePurgesEveryVersionOfOneKeyAfterATypedConfirmation() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed())) {
            versions(sandbox, "app/k.txt", 2);
            sandbox.fixture().clock.advance(Duration.ofSeconds(60));
            String code = sandbox.fixture().nextCode("alice");
            var terminal = new ScriptedTerminal(true, code, "identity");
            var r = sandbox.guard(
                    "alice",
                    terminal,
                    "run",
                    Path.of("runbooks/purge-object-versions.yaml")
                            .toAbsolutePath()
                            .toString(),
                    "-p",
                    "bucket=" + BUCKET,
                    "-p",
                    "key=app/k.txt");

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(terminal.prompts).anyMatch(p -> p.contains("to permanently delete 2 object versions"));
            assertThat(r.out()).contains("Done: 2 changed");
            assertThat(listed(sandbox, "app/k.txt")).isEmpty();
        }
    }

    /** The README's rehearsal: the bundled seed's versioned bucket, read back with its root user's keys. */
    @Test
    void theExamplePurgesTheBundledSeedsDailyReportAndNothingElse() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"))) {
            S3Client root = sandbox.fixture().s3(sandbox.fixture().rootKeys("111111111111"));
            assertThat(versionsOf(root, "reports/daily.csv")).hasSize(3);
            sandbox.fixture().clock.advance(Duration.ofSeconds(60));
            var terminal = new ScriptedTerminal(true, sandbox.fixture().nextCode("alice"), "identity");
            var r = sandbox.guard(
                    "alice",
                    terminal,
                    "run",
                    Path.of("runbooks/purge-object-versions.yaml")
                            .toAbsolutePath()
                            .toString(),
                    "-p",
                    "bucket=guard-report-history",
                    "-p",
                    "key=reports/daily.csv");

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(terminal.prompts).anyMatch(p -> p.contains("to permanently delete 3 object versions"));
            assertThat(versionsOf(root, "reports/daily.csv")).isEmpty();
            assertThat(versionsOf(root, "reports/weekly.csv")).hasSize(1);
        }
    }

    private static List<String> versionsOf(S3Client s3, String key) {
        var r = s3.listObjectVersions(b -> b.bucket("guard-report-history").prefix(key));
        List<String> out = new ArrayList<>();
        r.versions().stream().filter(v -> v.key().equals(key)).forEach(v -> out.add(v.versionId()));
        r.deleteMarkers().stream().filter(m -> m.key().equals(key)).forEach(m -> out.add(m.versionId()));
        return out;
    }

    @Test
    void aSavedPlanAppliesExactlyTheVersionsItListedAndANewVersionSinceIsDrift() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed())) {
            versions(sandbox, "app/l.txt", 2);
            Path rb = runbook("{bucket: %s, key: app/l.txt, allVersions: true}".formatted(BUCKET), "{maxTargets: 5}");
            Path saved = dir.resolve("p.json");
            sandbox.fixture().clock.advance(Duration.ofSeconds(60));
            var planned = sandbox.guard(
                    "alice",
                    new ScriptedTerminal(true, sandbox.fixture().nextCode("alice")),
                    "plan",
                    rb.toString(),
                    "--live",
                    "-o",
                    saved.toString());
            assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
            assertThat(Files.readString(saved)).contains("app/l.txt?versionId=");

            String added = versions(sandbox, "app/l.txt", 1).get(0);
            var drifted = sandbox.guard("alice", new ScriptedTerminal(true, "y"), "apply", saved.toString());
            assertThat(drifted.exitCode()).as(drifted.out() + drifted.err()).isEqualTo(3);
            assertThat(drifted.out() + drifted.err())
                    .contains("app/l.txt?versionId=" + added + ": not in the saved plan");
            assertThat(listed(sandbox, "app/l.txt")).hasSize(3);
        }
    }

    @Test
    void aLivePlanOfAPermanentDeleteInAnMfaDeleteBucketIsRefusedToo() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed())) {
            versions(sandbox, "app/m.txt", 1);
            enableMfaDelete(sandbox);
            int before = journalled(sandbox);
            sandbox.fixture().clock.advance(Duration.ofSeconds(60));
            var r = sandbox.guard(
                    "alice",
                    new ScriptedTerminal(true, sandbox.fixture().nextCode("alice")),
                    "plan",
                    runbook("{bucket: %s, key: app/m.txt, allVersions: true}".formatted(BUCKET), "{maxTargets: 5}")
                            .toString(),
                    "--live");

            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
            assertThat(r.err()).contains("bucket " + BUCKET + " has MFA Delete enabled");
            assertThat(changesSince(sandbox, before)).isEmpty();
        }
    }

    @Test
    void versionsOfAKeyXmlCannotCarryAreListedEncodedAndDeletedOneByOne() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed())) {
            String odd = "odd/ctl\u0001 +x";
            versions(sandbox, odd, 2);
            versions(sandbox, "odd/plain", 1);
            int before = journalled(sandbox);
            var r = run(
                    sandbox,
                    runbook("{bucket: %s, prefix: odd/, allVersions: true}".formatted(BUCKET), "{maxTargets: 3}"));

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("Done: 3 changed");
            // The two versions of the odd key each went alone (its key travels in the URL), the other
            // key's single version as well: three DeleteObject calls with a versionId, no batch.
            assertThat(changesSince(sandbox, before))
                    .containsExactly("s3:DeleteObjectVersion", "s3:DeleteObjectVersion", "s3:DeleteObjectVersion");
            assertThat(listed(sandbox, odd)).isEmpty();
        }
    }

    @Test
    void aPrefixOfThousandsOfVersionsGoesInBatchesAndEachBatchIsReadBackInOneListing() throws Exception {
        StringBuilder objects = new StringBuilder();
        for (int i = 0; i < 1100; i++) {
            objects.append(String.format("          bulk/o%05d: \"x\"%n", i));
        }
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed(objects.toString()))) {
            versions(sandbox, "bulk/o00007", 1);
            versions(sandbox, "bulk/o01099", 2);
            int before = journalled(sandbox);
            var r = run(
                    sandbox,
                    runbook("{bucket: %s, prefix: bulk/, allVersions: true}".formatted(BUCKET), "{maxTargets: 2000}"));

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out())
                    .contains("→ permanently delete 1103 object versions")
                    .contains("Done: 1103 changed");
            assertThat(changesSince(sandbox, before)).containsExactly("s3:DeleteObjects", "s3:DeleteObjects");
            long listings = sandbox.journal().subList(before, sandbox.journal().size()).stream()
                    .filter(e -> e.action().equals("s3:ListBucketVersions"))
                    .count();
            assertThat(listings)
                    .as("discovery pages plus a few pages per batch, not one per key")
                    .isLessThan(12);
            assertThat(s3(sandbox)
                            .listObjectVersions(b -> b.bucket(BUCKET).prefix("bulk/"))
                            .versions())
                    .isEmpty();
        }
    }

    @Test
    void inABucketNeverVersionedTheNullVersionIdDeletesTheObject() throws Exception {
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed())) {
            var r = run(
                    sandbox, runbook("{bucket: %s, key: old.txt, versionId: \"null\"}".formatted(UNVERSIONED), "{}"));

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out())
                    .contains("bucket " + UNVERSIONED + " versioning never enabled, MFA Delete Disabled")
                    .contains("old.txt?versionId=null  done  deleted permanently");
            assertThat(s3(sandbox)
                            .listObjectVersions(b -> b.bucket(UNVERSIONED))
                            .versions())
                    .isEmpty();
        }
    }

    @Test
    void whenGetBucketVersioningIsDeniedAPermanentDeleteGoesOnAndThePlanSaysWhatIsUnknown() throws Exception {
        String deny = """
                                - Sid: NoVersioningReads
                                  Effect: Deny
                                  Action: s3:GetBucketVersioning
                                  Resource: arn:aws:s3:::%s
                """.formatted(UNVERSIONED);
        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("s"), seed("", deny))) {
            var r = run(
                    sandbox, runbook("{bucket: %s, key: old.txt, versionId: \"null\"}".formatted(UNVERSIONED), "{}"));

            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out())
                    .contains("the versioning of bucket " + UNVERSIONED + " could not be read (AccessDenied: Access"
                            + " Denied): if it has MFA Delete enabled, S3 will refuse each delete and nothing is"
                            + " deleted")
                    .contains("old.txt?versionId=null  done  deleted permanently");
        }
    }
}
