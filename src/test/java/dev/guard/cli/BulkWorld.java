package dev.guard.cli;

import dev.guard.sandbox.Sandbox;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedUser;
import dev.guard.sandbox.seed.SeedWorld;
import dev.guard.sandbox.seed.Totp;
import dev.guard.sandbox.timing.Speed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What the lock and killed-run tests share: the bundled seed with thousands of objects under
 * {@code bulk/} in the MFA bucket, a runbook emptying that prefix, alice's keys and codes.
 */
final class BulkWorld {
    static final SeedUser ALICE = SeedLoader.bundled().userByName("alice").orElseThrow();

    private BulkWorld() {}

    /** @param faults YAML list items for the seed's {@code faults:}, or "" for none */
    static SeedWorld seed(Path dir, int objects, String faults) throws IOException {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < objects; i++) {
            keys.append(String.format("          bulk/o%05d: \"x\"%n", i));
        }
        String seed = Files.readString(Path.of("config/sandbox.yaml"))
                .replace("        objects:\n", "        objects:\n" + keys);
        if (!faults.isEmpty()) {
            seed = seed.replace("faults: []", "faults:\n" + faults);
        }
        Path file = dir.resolve("bulk-seed.yaml");
        Files.writeString(file, seed);
        return SeedLoader.load(file).world().orElseThrow();
    }

    /**
     * An instant sandbox on {@code port} (0: any) serving {@link #seed}, its world kept in {@code
     * stateDir}, so a second one started there finds what the first changed.
     */
    static Sandbox sandbox(Path dir, int objects, String faults, Path stateDir, int port) throws IOException {
        return Sandbox.start(
                seed(dir, objects, faults),
                port,
                Clock.systemUTC(),
                l -> {},
                Optional.of(stateDir),
                l -> {},
                Speed.INSTANT);
    }

    /** A runbook emptying {@code bulk/}; {@code unattended} lets it run with --yes. */
    static Path runbook(Path dir, boolean unattended) throws IOException {
        Path runbook = dir.resolve("empty-bulk.yaml");
        Files.writeString(runbook, """
                apiVersion: guard/v1
                kind: Runbook
                name: empty-bulk
                unattended: %s
                target: {account: production, region: us-east-1}
                steps:
                  - id: delete
                    action: s3:DeleteObject
                    with: {bucket: guard-protected-artifacts, prefix: "bulk/"}
                    guards: {maxTargets: 10000}
                    confirm: typed
                """.formatted(unattended));
        return runbook;
    }

    static String code() {
        return Totp.code(ALICE.mfaDevice().orElseThrow().base32Secret(), Instant.now());
    }

    /**
     * The next window's code: valid too (one step of skew), and not the one already used, so a
     * second run has everything it needs to go ahead if nothing else stops it.
     */
    static String nextCode() {
        return Totp.code(
                ALICE.mfaDevice().orElseThrow().base32Secret(), Instant.now().plusSeconds(30));
    }
}
