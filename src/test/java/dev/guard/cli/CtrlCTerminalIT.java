package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: {@code guard run --sandbox} as a child process on a pseudo-terminal (util-linux
 * {@code script}), where the interrupt character typed at the confirmation becomes a real SIGINT
 * from the terminal's line discipline. The run cancels at once, prints one line, audits run.end as
 * cancelled and exits 130; what is typed after the Ctrl-C is never taken as the answer.
 */
class CtrlCTerminalIT {
    @TempDir
    Path home;

    @Test
    void ctrlCTypedAtTheConfirmationCancelsTheRunAtOnce() throws Exception {
        PtyGuard.assumeAvailable();
        PtyGuard guard = run("cols 160 rows 50");
        try (guard) {
            guard.answerMfaPrompt();
            guard.await("Type 'development' to terminate 1 instance");
            guard.type("devel");
            guard.type("\u0003");
            guard.await("exit code 130");
            try {
                guard.type("opment\r"); // the rest of the word, too late: never an answer
            } catch (IOException e) {
                // guard (and script with it) has already gone
            }
            guard.exits(130);
        }
        assertThat(guard.text())
                .contains("Stopped: cancelled at the confirmation prompt; nothing was changed (exit code 130)")
                .doesNotContain("Exception");
        List<String> records = Files.readAllLines(home.resolve("audit.jsonl"));
        assertThat(records)
                .filteredOn(r -> r.contains("\"event\":\"confirmation\""))
                .singleElement()
                .asString()
                .contains("\"result\":\"cancelled\"");
        assertThat(records).noneMatch(r -> r.contains("\"accepted\"") || r.contains("\"event\":\"outcomes\""));
        assertThat(records.get(records.size() - 1))
                .contains("\"event\":\"run.end\"")
                .contains("\"exitCode\":130")
                .contains("\"cancelled\":true");
    }

    /**
     * A pseudo-terminal nobody gave a size (script with a piped stdin, as a harness or a CI runner
     * starts it) reports 0 columns; guard's prompts must still be seen there, not drawn as nothing.
     */
    @Test
    void promptsAreShownOnATerminalWithNoSize() throws Exception {
        PtyGuard.assumeAvailable();
        try (PtyGuard guard = run("size")) {
            guard.await("(?m)^0 0"); // this terminal has no size
            guard.answerMfaPrompt();
            guard.await("Type 'development' to terminate 1 instance");
            guard.type("\u0003");
            guard.await("exit code 130");
            guard.exits(130);
        }
    }

    private PtyGuard run(String stty) throws IOException {
        return PtyGuard.start(
                home,
                stty,
                "--no-color",
                "--config",
                TestConfig.write(home).toString(),
                "run",
                "--sandbox",
                "runbooks/terminate-dev-instance.yaml",
                "-p",
                "instanceId=i-0a22222222222222a");
    }
}
