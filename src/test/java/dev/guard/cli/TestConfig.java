package dev.guard.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The project's config/guard.yaml as the CLI tests use it. */
final class TestConfig {
    private TestConfig() {}

    /** Its text for {@code user}'s MFA device, auditing to {@code audit}, with the project's runbooks. */
    static String text(String user, Path audit) throws IOException {
        return Files.readString(Path.of("config/guard.yaml"))
                .replace("mfa/alice", "mfa/" + user)
                .replace("~/.local/state/guard/audit.jsonl", audit.toString())
                .replace("dir: ../runbooks", "dir: " + Path.of("runbooks").toAbsolutePath());
    }

    /** alice's, auditing to {@code dir/audit.jsonl}, written to {@code dir/guard.yaml}. */
    static Path write(Path dir) throws IOException {
        return Files.writeString(dir.resolve("guard.yaml"), text("alice", dir.resolve("audit.jsonl")));
    }
}
