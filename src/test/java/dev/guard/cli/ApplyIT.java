package dev.guard.cli;

import static dev.guard.cli.SandboxRuns.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard plan --live -o} then {@code guard apply} against a held sandbox, judged by the
 * sandbox's journal: exactly the plan's targets change; drift, an edited plan, an edited runbook,
 * an expired plan and a second apply are refused before any change.
 */
class ApplyIT {
    private static final String DEVELOPMENT = "222222222222";
    /** The stopped env=dev instances cleanup-dev-instances selects in the seeded world. */
    private static final List<String> STOPPED_DEV = List.of("i-0a22222222222222c", "i-0a22222222222222d");

    @TempDir
    Path dir;

    private CliRunner.Result plan(HeldSandbox s, String runbook, String... more) throws Exception {
        var args = new java.util.ArrayList<>(
                List.of("plan", runbook, "--live", "-o", dir.resolve("p.json").toString()));
        args.addAll(List.of(more));
        return s.guard("alice", new ScriptedTerminal(true, code("alice")), args.toArray(String[]::new));
    }

    private CliRunner.Result apply(HeldSandbox s, String... answers) throws Exception {
        return s.guard(
                "alice",
                new ScriptedTerminal(true, answers),
                "apply",
                dir.resolve("p.json").toString());
    }

    private Path runbook() throws Exception {
        Path copy = dir.resolve("cleanup.yaml");
        Files.copy(Path.of("runbooks/cleanup-dev-instances.yaml"), copy);
        return copy;
    }

    @Test
    void applyChangesExactlyThePlansTargetsAndASecondApplyIsRefused() throws Exception {
        try (HeldSandbox s = new HeldSandbox(dir.resolve("w"))) {
            var planned = plan(s, runbook().toString());
            assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
            assertThat(planned.out()).contains("Saved plan ").contains("digest:  sha256:");
            Path file = dir.resolve("p.json");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            assertThat(Files.readString(file)).contains("\"launchTime\"").contains("\"instanceType\"");
            assertThat(s.changes()).isEmpty();

            var shown = s.guard("alice", new ScriptedTerminal(false), "show", file.toString());
            assertThat(shown.exitCode()).as(shown.err()).isZero();
            assertThat(shown.out()).contains(STOPPED_DEV.get(0)).contains("launchTime=");

            var applied = apply(s, "development");
            assertThat(applied.exitCode()).as(applied.out() + applied.err()).isZero();
            // One TerminateInstances for the plan's two instances; the running ones are untouched.
            assertThat(s.changes())
                    .containsExactly("ec2:TerminateInstances arn:aws:ec2:us-east-1:" + DEVELOPMENT + ":instance/*");
            STOPPED_DEV.forEach(
                    id -> assertThat(s.instanceState(DEVELOPMENT, id)).isEqualTo("terminated"));
            assertThat(s.instanceState(DEVELOPMENT, "i-0a22222222222222a")).isEqualTo("running");
            assertThat(Files.readString(dir.resolve("w/audit.jsonl"))).contains("\"event\":\"apply.start\"");

            int before = s.changes().size();
            var again = apply(s, "development");
            assertThat(again.exitCode()).as(again.out() + again.err()).isEqualTo(8);
            assertThat(again.err()).contains("was applied already").contains("exit code 0");
            assertThat(s.changes()).hasSize(before);
        }
    }

    @Test
    void aTargetStartedAfterThePlanRefusesTheWholeApplyBeforeAnyChange() throws Exception {
        try (HeldSandbox s = new HeldSandbox(dir.resolve("w"))) {
            var planned = plan(s, runbook().toString());
            assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
            var f = s.fixture();
            f.clock.advance(java.time.Duration.ofSeconds(90));
            f.ec2(f.privilegedRole(DEVELOPMENT)).startInstances(r -> r.instanceIds(STOPPED_DEV.get(1)));
            f.sandbox.journal().clear();

            var applied = apply(s, "development");
            assertThat(applied.exitCode()).as(applied.out() + applied.err()).isEqualTo(3);
            assertThat(applied.out())
                    .contains("terminate-stopped-dev: " + STOPPED_DEV.get(1) + ": state stopped → running");
            assertThat(s.changes()).isEmpty();
        }
    }

    @Test
    void aTargetStartedAndStoppedAgainAfterThePlanIsDriftByItsLaunchTime() throws Exception {
        try (HeldSandbox s = new HeldSandbox(dir.resolve("w"))) {
            var planned = plan(s, runbook().toString());
            assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
            var f = s.fixture();
            f.clock.advance(java.time.Duration.ofSeconds(90));
            var ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
            // Back in the state it was planned in: only its launch time (the last start) tells.
            ec2.startInstances(r -> r.instanceIds(STOPPED_DEV.get(1)));
            ec2.stopInstances(r -> r.instanceIds(STOPPED_DEV.get(1)));
            f.sandbox.journal().clear();

            var applied = apply(s, "development");
            assertThat(applied.exitCode()).as(applied.out() + applied.err()).isEqualTo(3);
            assertThat(applied.out()).contains("terminate-stopped-dev: " + STOPPED_DEV.get(1) + ": launchTime ");
            assertThat(s.changes()).isEmpty();
        }
    }

    @Test
    void aRunbookGoneFromItsPathIsRefusedInOneLineSayingWhatToDo() throws Exception {
        try (HeldSandbox s = new HeldSandbox(dir.resolve("w"))) {
            Path runbook = runbook();
            var planned = plan(s, runbook.toString());
            assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
            Files.move(runbook, dir.resolve("moved.yaml"));
            s.fixture().sandbox.journal().clear();

            var gone = apply(s, "development");
            assertThat(gone.exitCode()).as(gone.err()).isEqualTo(8);
            assertThat(gone.err().strip())
                    .isEqualTo("guard: the plan's runbook " + runbook + " no longer exists (a saved plan names its"
                            + " runbook by path: put that file back there, or make a new plan with guard plan --live"
                            + " -o). Nothing was changed");
            assertThat(s.journal()).isEmpty();
        }
    }

    @Test
    void anEditedPlanAnEditedRunbookAndAnExpiredPlanAreRefusedWithNothingChanged() throws Exception {
        try (HeldSandbox s = new HeldSandbox(dir.resolve("w"))) {
            Path runbook = runbook();
            var planned = plan(s, runbook.toString());
            assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
            Path file = dir.resolve("p.json");
            String original = Files.readString(file);

            Files.writeString(file, original.replace(STOPPED_DEV.get(0), "i-0a22222222222222a"));
            var edited = apply(s, "development");
            assertThat(edited.exitCode()).as(edited.err()).isEqualTo(8);
            assertThat(edited.err()).contains("edited since it was saved");

            Files.writeString(file, original);
            Files.writeString(runbook, Files.readString(runbook).replace("maxTargets: 20", "maxTargets: 30"));
            var changedRunbook = apply(s, "development");
            assertThat(changedRunbook.exitCode()).as(changedRunbook.err()).isEqualTo(8);
            assertThat(changedRunbook.err()).contains("changed since the plan was saved");

            Files.writeString(runbook, Files.readString(runbook).replace("maxTargets: 30", "maxTargets: 20"));
            // development made protected in the config since the plan: its confirmation would differ.
            s.editConfig(text -> text.replace(
                    "development: { id: \"222222222222\" }", "development: { id: \"222222222222\", protected: true }"));
            var changedConfig = apply(s, "development");
            assertThat(changedConfig.exitCode()).as(changedConfig.err()).isEqualTo(8);
            assertThat(changedConfig.err()).contains("does not say what the plan's config");
            s.editConfig(text -> text);

            var shortLived = plan(s, runbook.toString(), "--expires-in", "1s");
            assertThat(shortLived.exitCode())
                    .as(shortLived.out() + shortLived.err())
                    .isZero();
            Thread.sleep(1100);
            var expired = apply(s, "development");
            assertThat(expired.exitCode()).as(expired.err()).isEqualTo(8);
            assertThat(expired.err()).contains("expired at");
            assertThat(s.changes()).isEmpty();
        }
    }

    @Test
    void aSecondApplyOfOnePlanWhileTheFirstRunsExitsSevenAtOnce() throws Exception {
        try (HeldSandbox s = new HeldSandbox(dir.resolve("w"))) {
            var planned = plan(s, runbook().toString());
            assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
            HeldConfirmation held = new HeldConfirmation("development");
            var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return s.guard("alice", held, "apply", dir.resolve("p.json").toString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(held.asked.await(2, java.util.concurrent.TimeUnit.MINUTES))
                    .isTrue();

            long started = System.nanoTime();
            var second = apply(s, "development");
            assertThat(second.exitCode()).as(second.out() + second.err()).isEqualTo(7);
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
                    .isLessThan(java.time.Duration.ofSeconds(5));
            assertThat(second.err()).contains("is being applied now").contains("nothing was changed");
            // A run of the same runbook meanwhile meets the apply's resource locks, named as the apply.
            var run = s.run(
                    new ScriptedTerminal(true, code("alice")),
                    dir.resolve("cleanup.yaml").toString());
            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(7);
            assertThat(run.err()).contains("command guard apply " + dir.resolve("p.json"));
            assertThat(s.changes()).isEmpty();

            held.release.countDown();
            var done = first.get(2, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(done.exitCode()).as(done.out() + done.err()).isZero();
            assertThat(s.changes()).hasSize(1);
        }
    }

    @Test
    void anApplyAgainstAnotherEndpointIsRefusedBeforeAnyCall() throws Exception {
        try (HeldSandbox s = new HeldSandbox(dir.resolve("w"))) {
            var planned = plan(s, runbook().toString());
            assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
            var elsewhere = s.guard(
                    "alice",
                    new ScriptedTerminal(true, "development"),
                    "apply",
                    dir.resolve("p.json").toString(),
                    "--endpoint-url",
                    "http://127.0.0.1:9");
            assertThat(elsewhere.exitCode())
                    .as(elsewhere.out() + elsewhere.err())
                    .isEqualTo(8);
            assertThat(elsewhere.err()).contains("this apply goes to http://127.0.0.1:9");
            assertThat(s.changes()).isEmpty();
        }
    }

    @Test
    void tablesAndObjectsAreSavedWithTheirFingerprints() throws Exception {
        try (HeldSandbox s = new HeldSandbox(dir.resolve("w"))) {
            var mixed = plan(
                    s,
                    "runbooks/mixed-maintenance.yaml",
                    "-p",
                    "devInstanceId=i-0a22222222222222b",
                    "-p",
                    "stagingTable=sessions-staging");
            assertThat(mixed.exitCode()).as(mixed.out() + mixed.err()).isZero();
            var doc = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(dir.resolve("p.json").toFile());
            var table = doc.at("/steps/1/targets/0/fingerprint");
            assertThat(table.path("tableArn").asText())
                    .isEqualTo("arn:aws:dynamodb:us-east-1:333333333333:table/sessions-staging");
            assertThat(table.path("creationTime").asText()).matches("\\d{4}-.*Z");
            assertThat(table.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(table.path("deletionProtection").asText()).isEqualTo("false");
            assertThat(table.has("itemCount")).isFalse();
            assertThat(doc.at("/steps/2/targets/0/fingerprint/object").asText()).isEqualTo("absent");
            assertThat(doc.at("/caller/account").asText()).isEqualTo("111111111111");
            // The fields other commands read (approve, approvals, show) are all there.
            List<String> top = new java.util.ArrayList<>();
            doc.fieldNames().forEachRemaining(top::add);
            assertThat(top)
                    .contains(
                            "format",
                            "id",
                            "runbook",
                            "parameters",
                            "config",
                            "caller",
                            "endpoint",
                            "credentials",
                            "steps",
                            "createdAt",
                            "expiresAt",
                            "digest");
            assertThat(doc.at("/runbook/path").asText()).startsWith("/").endsWith("runbooks/mixed-maintenance.yaml");
            assertThat(doc.at("/runbook/sha256").asText()).hasSize(64);
            assertThat(doc.at("/config/planDigest").asText()).hasSize(64);
            assertThat(doc.at("/credentials/2/strategy").asText()).isEqualTo("session-token-with-mfa");
            List<String> stepFields = new java.util.ArrayList<>();
            doc.at("/steps/2").fieldNames().forEachRemaining(stepFields::add);
            assertThat(stepFields)
                    .contains(
                            "id",
                            "number",
                            "action",
                            "account",
                            "accountAlias",
                            "region",
                            "protected",
                            "confirm",
                            "confirmWord",
                            "inputs",
                            "targets",
                            "alreadyDone",
                            "guards");
            assertThat(doc.at("/steps/2/protected").asBoolean()).isTrue();
            assertThat(doc.at("/steps/2/confirmWord").asText()).isEqualTo("production");
            assertThat(doc.at("/steps/2/guards/verdict").asText()).isEqualTo("pass");
            assertThat(doc.at("/parameters/stagingTable").asText()).isEqualTo("sessions-staging");

            var artifact = s.guard(
                    "alice",
                    new ScriptedTerminal(true),
                    "plan",
                    "runbooks/replace-protected-artifact.yaml",
                    "--live",
                    "-o",
                    dir.resolve("p.json").toString());
            assertThat(artifact.exitCode()).as(artifact.out() + artifact.err()).isZero();
            var stale = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(dir.resolve("p.json").toFile())
                    .at("/steps/1/targets/0/fingerprint");
            assertThat(stale.path("etag").asText()).isNotBlank().isNotEqualTo("null");
            assertThat(stale.path("versionId").asText()).isNotBlank();
            assertThat(stale.path("size").asText()).matches("\\d+");
            assertThat(s.changes()).isEmpty();
        }
    }

    @Test
    void aPlanResealedByHandCannotDoWhatItsRunbookDoesNotSay() throws Exception {
        try (HeldSandbox s = new HeldSandbox(dir.resolve("w"))) {
            var planned = plan(s, runbook().toString());
            assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
            Path file = dir.resolve("p.json");
            Map<String, Object> original = dev.guard.saved.SavedPlan.read(file).document();

            // Another region for the step: the runbook says us-east-1.
            reseal(file, original, step -> step.put("region", "eu-west-1"));
            var moved = apply(s, "development");
            assertThat(moved.exitCode()).as(moved.out() + moved.err()).isEqualTo(8);
            assertThat(moved.err()).contains("is not what its runbook says");

            // A running instance added to the targets, exactly as it is: its selector does not pick it.
            reseal(file, original, step -> {
                @SuppressWarnings("unchecked")
                List<Object> targets = new java.util.ArrayList<>((List<Object>) step.get("targets"));
                Map<String, Object> extra = new java.util.LinkedHashMap<>();
                @SuppressWarnings("unchecked")
                Map<String, Object> first = (Map<String, Object>) targets.get(0);
                extra.putAll(first);
                extra.put("id", "i-0a22222222222222a");
                extra.put("state", "running");
                targets.add(extra);
                step.put("targets", targets);
            });
            var added = apply(s, "development");
            assertThat(added.exitCode()).as(added.out() + added.err()).isEqualTo(3);
            assertThat(added.out()).contains("i-0a22222222222222a: ");
            assertThat(s.changes()).isEmpty();
            assertThat(s.instanceState(DEVELOPMENT, "i-0a22222222222222a")).isEqualTo("running");
        }
    }

    /** The plan with its first step changed, sealed again: a valid digest over an edited body. */
    @SuppressWarnings("unchecked")
    private static void reseal(
            Path file, Map<String, Object> document, java.util.function.Consumer<Map<String, Object>> edit)
            throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>(document);
        body.remove("digest");
        List<Object> steps = new java.util.ArrayList<>((List<Object>) body.get("steps"));
        Map<String, Object> step = new java.util.LinkedHashMap<>((Map<String, Object>) steps.get(0));
        edit.accept(step);
        steps.set(0, step);
        body.put("steps", steps);
        dev.guard.saved.SavedPlan.seal(body).write(file);
    }

    /** A terminal that holds the typed confirmation until the test lets it go. */
    private static final class HeldConfirmation implements dev.guard.term.Terminal {
        final java.util.concurrent.CountDownLatch asked = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        final String answer;

        HeldConfirmation(String answer) {
            this.answer = answer;
        }

        @Override
        public boolean interactive() {
            return true;
        }

        @Override
        public java.util.Optional<String> readSecret(String prompt) {
            return java.util.Optional.empty();
        }

        @Override
        public void println(String line) {}

        @Override
        public java.util.Optional<String> readLine(String prompt) {
            asked.countDown();
            try {
                release.await(2, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return java.util.Optional.of(answer);
        }
    }
}
