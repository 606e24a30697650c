package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.sandbox.SandboxFixture;
import dev.guard.term.Printable;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Names that try to drive the operator's terminal — a key with a line break that would pass for two
 * objects, a carriage return, a clear-screen sequence, a bidi override, a control XML cannot carry,
 * an instance named backwards — through {@code guard plan --live}, {@code run --dry-run} and {@code
 * run} against a sandbox: each is shown escaped on its own line, no output holds a character a
 * terminal would act on, and the real delete removes exactly those objects.
 */
class HostileNamesIT {
    private static final String BUCKET = "guard-protected-artifacts";
    private static final List<String> HOSTILE = List.of(
            "hostile/two\nlines",
            "hostile/cr\rover",
            "hostile/\u001b[2Jclear",
            "hostile/\u001b]0;owned\u0007title",
            "hostile/csi\u009b2J",
            "hostile/bidi\u202etxt.exe",
            "hostile/ctl\u0001x",
            "hostile/back\\slash");

    private SandboxFixture f;
    private S3Client s3;
    private Path runbook;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        f = new SandboxFixture();
        s3 = f.s3(SandboxFixture.session(f.sts(f.keys("alice"))
                .getSessionToken(r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice")))
                .credentials()));
        f.nextTotpStep();
        for (String key : HOSTILE) {
            s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("x"));
        }
        runbook = dir.resolve("empty-hostile.yaml");
        Files.writeString(runbook, """
                apiVersion: guard/v1
                kind: Runbook
                name: empty-hostile
                target: {account: production, region: us-east-1}
                steps:
                  - id: delete
                    action: s3:DeleteObject
                    with: {bucket: guard-protected-artifacts, prefix: "hostile/"}
                    guards: {maxTargets: 20}
                    confirm: typed
                """);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private CliRunner.Result guard(ScriptedTerminal terminal, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 3);
        all[args.length] = "--endpoint-url";
        all[args.length + 1] = f.endpoint().toString();
        all[args.length + 2] = "--no-session-cache";
        return new CliRunner()
                .terminal(terminal)
                .env("AWS_ACCESS_KEY_ID", f.keys("alice").accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", f.keys("alice").secretAccessKey())
                .run(all);
    }

    private String code() {
        String code = f.nextCode("alice");
        f.nextTotpStep();
        return code;
    }

    @Test
    void aLivePlanShowsEveryKeyEscapedOnItsOwnLine() {
        var r = guard(new ScriptedTerminal(true, code()), "plan", "--live", runbook.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertEachKeyOnOneLine(r.out());
        assertThat(r.out()).contains("→ delete 8 objects");
        assertNothingATerminalActsOn(r);
    }

    @Test
    void aDryRunListsThePrefixAndShowsEveryKeyEscaped() {
        var r = guard(new ScriptedTerminal(true, code()), "run", runbook.toString(), "--dry-run");

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertEachKeyOnOneLine(r.out());
        assertNothingATerminalActsOn(r);
        assertThat(keys()).containsAll(HOSTILE);
    }

    @Test
    void aRunDeletesExactlyThoseObjectsAndShowsEachOutcomeEscaped() {
        var terminal = new ScriptedTerminal(true, code(), "production");
        var r = guard(terminal, "run", runbook.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("Done: 8 changed");
        for (String key : HOSTILE) {
            assertThat(r.out().lines().filter(l -> l.equals("  " + Printable.of(key) + "  done  deleted")))
                    .as("the outcome of %s", Printable.of(key))
                    .hasSize(1);
        }
        assertNothingATerminalActsOn(r);
        terminal.prompts.forEach(
                p -> p.chars().forEach(c -> assertThat(actedOn(c)).isFalse()));

        // The sandbox's own state: the hostile keys are gone, every other object is still there.
        assertThat(keys())
                .noneMatch(k -> k.startsWith("hostile/"))
                .contains("releases/current/manifest.json", "README.txt");
        // Keys XML cannot carry went out one by one as DeleteObject; the rest as one DeleteObjects.
        var deletes = f.sandbox.journal().entries().stream()
                .filter(e -> e.mutated() && e.action().startsWith("s3:Delete"))
                .toList();
        assertThat(deletes.stream().filter(e -> e.action().equals("s3:DeleteObjects")))
                .hasSize(1);
        assertThat(deletes.stream()
                        .filter(e -> e.action().equals("s3:DeleteObject"))
                        .map(e -> e.resource().substring(("arn:aws:s3:::" + BUCKET + "/").length())))
                .containsExactlyInAnyOrder(
                        "hostile/cr\rover",
                        "hostile/\u001b[2Jclear",
                        "hostile/\u001b]0;owned\u0007title",
                        "hostile/ctl\u0001x");
    }

    @Test
    void jsonOutputCarriesTheKeysExactlyWithControlsEscapedByJson() {
        var r = guard(new ScriptedTerminal(true, code()), "--output", "json", "plan", "--live", runbook.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("\"hostile/two\\nlines\"")
                .contains("\"hostile/cr\\rover\"")
                .contains("\"hostile/\\u001B[2Jclear\"")
                .contains("\"hostile/csi\\u009B2J\"")
                .contains("\"hostile/ctl\\u0001x\"")
                .contains("\"hostile/back\\\\slash\"")
                // Bidi controls too: still exact JSON, and a terminal showing it reads it in order.
                .contains("\"hostile/bidi\\u202Etxt.exe\"");
        (r.out() + r.err())
                .codePoints()
                .forEach(c -> assertThat(c != '\n' && actedOn(c))
                        .as("U+%04X in the JSON output", c)
                        .isFalse());
    }

    private static void assertEachKeyOnOneLine(String out) {
        for (String key : HOSTILE) {
            assertThat(out.lines().filter(l -> l.equals("  " + Printable.of(key) + "  1 bytes")))
                    .as("the line of %s", Printable.of(key))
                    .hasSize(1);
        }
    }

    /** Line feeds end lines; nothing else a terminal acts on may be printed. */
    private static void assertNothingATerminalActsOn(CliRunner.Result r) {
        String all = r.out() + r.err();
        all.codePoints()
                .forEach(c -> assertThat(c != '\n' && actedOn(c))
                        .as("U+%04X in the output:%n%s", c, all)
                        .isFalse());
    }

    private static boolean actedOn(int c) {
        int type = Character.getType(c);
        return c < 0x20
                || (c >= 0x7f && c <= 0x9f)
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }

    private List<String> keys() {
        return s3.listObjectsV2(r -> r.bucket(BUCKET).encodingType(EncodingType.URL)).contents().stream()
                .map(S3Object::key)
                .toList();
    }
}
