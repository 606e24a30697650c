package dev.guard.cli;

import static dev.guard.cli.SandboxRuns.args;
import static dev.guard.cli.SandboxRuns.assertNoSecrets;
import static dev.guard.cli.SandboxRuns.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.term.ScriptedTerminal;
import dev.guard.term.Terminal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code s3:PutObject} with {@code file:} through {@code guard run --sandbox}: the plan names the
 * file by resolved path, size and SHA-256, exactly those bytes reach S3 (the sandbox's ETag is
 * their MD5), and a file swapped for a symlink to a secret between the plan and the upload is
 * not uploaded (proven from a sandbox the test holds: no object, no change in its journal).
 */
class RunSandboxUploadIT {
    @TempDir
    Path dir;

    private Path runbook;
    private Path payload;
    private byte[] bytes;

    @BeforeEach
    void runbookWithAFile() throws IOException {
        bytes = new byte[3000];
        new Random(11).nextBytes(bytes);
        Files.createDirectories(dir.resolve("ops/data"));
        payload = Files.write(dir.resolve("ops/data/payload.bin"), bytes);
        runbook = Files.writeString(dir.resolve("ops/upload.yaml"), """
                apiVersion: guard/v1
                kind: Runbook
                name: upload-payload
                target: {account: production, region: us-east-1}
                steps:
                  - id: put
                    action: s3:PutObject
                    with:
                      bucket: guard-protected-artifacts
                      key: releases/payload.bin
                      file: data/payload.bin
                    confirm: typed
                """);
    }

    @Test
    void thePlannedFileIsShownByPathSizeAndDigestAndExactlyItsBytesAreWritten() throws Exception {
        String code = code("alice");
        var r = new CliRunner()
                .terminal(new ScriptedTerminal(true, code, "production"))
                .run(args(runbook.toString()));

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("from file " + payload.toRealPath() + " (3,000 bytes, SHA-256 " + digest("SHA-256", bytes)
                        + ")")
                .contains("releases/payload.bin  done  written, 3000 bytes, ETag \"" + digest("MD5", bytes) + "\"");
        assertNoSecrets(r, code);
    }

    @Test
    void aFileSwappedForASymlinkToASecretAfterThePlanIsNotUploaded() throws Exception {
        Path secret = Files.writeString(dir.resolve("stolen.txt"), "aws_secret_access_key = NOT-FOR-S3\n");
        String code = code("alice");
        var scripted = new ScriptedTerminal(true, code, "production");
        // The operator reads the plan and confirms; meanwhile the file becomes a symlink.
        Terminal swapping = new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public Optional<String> readLine(String prompt) {
                if (prompt.startsWith("Type '")) {
                    try {
                        Files.delete(payload);
                        Files.createSymbolicLink(payload, secret);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return scripted.readLine(prompt);
            }

            @Override
            public Optional<String> readSecret(String prompt) {
                return scripted.readSecret(prompt);
            }

            @Override
            public void println(String line) {
                scripted.println(line);
            }
        };

        try (HeldSandbox sandbox = new HeldSandbox(dir.resolve("held"))) {
            var r = sandbox.run(swapping, runbook.toString());

            assertThat(scripted.prompts).anyMatch(p -> p.startsWith("Type 'production'"));
            assertThat(r.exitCode()).as(r.out() + r.err()).isNotZero();
            assertThat(r.out() + r.err())
                    .contains("refused to upload")
                    .contains("now resolves to " + secret.toRealPath())
                    .doesNotContain("done  written")
                    .doesNotContain("NOT-FOR-S3");
            assertNoSecrets(r, code);
            // What S3 holds: no PutObject went through, and there is no such object.
            assertThat(sandbox.changes()).isEmpty();
            assertThat(sandbox.objectExists("guard-protected-artifacts", "releases/payload.bin"))
                    .isFalse();
            assertThat(sandbox.objectExists("guard-protected-artifacts", "releases/current/manifest.json"))
                    .as("a seeded object is seen: the check can tell")
                    .isTrue();
        }
    }

    private static String digest(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
