package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: {@code guard run --sandbox} as a child process on a pseudo-terminal (util-linux
 * {@code script}), where the interrupt character typed at the confirmation becomes a real SIGINT
 * from the terminal's line discipline. The run cancels at once, prints one line, audits run.end as
 * cancelled and exits 130; what is typed after the Ctrl-C is never taken as the answer.
 */
class CtrlCTerminalIT {
    private static final Path SCRIPT = Path.of("/usr/bin/script");
    private static final Path JAR = Path.of("target/guard.jar").toAbsolutePath();
    private static final long WAIT_SECONDS = 120;

    @TempDir
    Path home;

    @Test
    void ctrlCTypedAtTheConfirmationCancelsTheRunAtOnce() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "util-linux script gives the child a pseudo-terminal");
        assumeTrue(Files.isRegularFile(JAR), "target/guard.jar is built by the package phase");
        Path audit = home.resolve("audit.jsonl");
        Path config = home.resolve("guard.yaml");
        Files.writeString(
                config,
                Files.readString(Path.of("config/guard.yaml"))
                        .replace("~/.local/state/guard/audit.jsonl", audit.toString()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // script's pseudo-terminal has no size when its own stdin is a pipe; a real one has.
        String command = String.join(
                " ",
                "stty cols 160 rows 50;",
                "exec",
                java,
                "-Duser.home=" + home,
                "-jar",
                JAR.toString(),
                "--no-color",
                "--config",
                config.toString(),
                "run",
                "--sandbox",
                "runbooks/terminate-dev-instance.yaml",
                "-p",
                "instanceId=i-0a22222222222222a");
        ProcessBuilder pb =
                new ProcessBuilder(SCRIPT.toString(), "-qfec", command, "/dev/null").redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("TERM", "xterm");
        Process guard = pb.start();
        Screen screen = new Screen(guard.getInputStream());
        try {
            OutputStream keys = guard.getOutputStream();
            Matcher shown = screen.await(Pattern.compile("shows (\\d{6}) now"));
            screen.await(Pattern.compile("Enter MFA code for \\S+: "));
            type(keys, shown.group(1) + "\r");
            screen.await(Pattern.compile("Type 'development' to terminate 1 instance"));
            type(keys, "devel");
            type(keys, "\u0003");
            screen.await(Pattern.compile("exit code 130"));
            try {
                type(keys, "opment\r"); // the rest of the word, too late: never an answer
            } catch (IOException e) {
                // guard (and script with it) has already gone
            }

            assertThat(guard.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(guard.exitValue()).as(screen.text()).isEqualTo(130);
        } finally {
            guard.destroyForcibly();
        }
        assertThat(screen.text())
                .contains("Stopped: cancelled at the confirmation prompt; nothing was changed (exit code 130)")
                .doesNotContain("Exception");
        List<String> records = Files.readAllLines(audit);
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
        assumeTrue(Files.isExecutable(SCRIPT), "util-linux script gives the child a pseudo-terminal");
        assumeTrue(Files.isRegularFile(JAR), "target/guard.jar is built by the package phase");
        Path config = home.resolve("guard.yaml");
        Files.writeString(
                config,
                Files.readString(Path.of("config/guard.yaml"))
                        .replace(
                                "~/.local/state/guard/audit.jsonl",
                                home.resolve("audit.jsonl").toString()));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = String.join(
                " ",
                "stty size;", // 0 0: this terminal has no size
                "exec",
                java,
                "-Duser.home=" + home,
                "-jar",
                JAR.toString(),
                "--no-color",
                "--config",
                config.toString(),
                "run",
                "--sandbox",
                "runbooks/terminate-dev-instance.yaml",
                "-p",
                "instanceId=i-0a22222222222222a");
        ProcessBuilder pb =
                new ProcessBuilder(SCRIPT.toString(), "-qfec", command, "/dev/null").redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("TERM", "xterm");
        Process guard = pb.start();
        Screen screen = new Screen(guard.getInputStream());
        try {
            OutputStream keys = guard.getOutputStream();
            screen.await(Pattern.compile("(?m)^0 0"));
            Matcher shown = screen.await(Pattern.compile("shows (\\d{6}) now"));
            screen.await(Pattern.compile("Enter MFA code for \\S+: "));
            type(keys, shown.group(1) + "\r");
            screen.await(Pattern.compile("Type 'development' to terminate 1 instance"));
            type(keys, "\u0003");
            screen.await(Pattern.compile("exit code 130"));
            assertThat(guard.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(guard.exitValue()).as(screen.text()).isEqualTo(130);
        } finally {
            guard.destroyForcibly();
        }
    }

    private static void type(OutputStream keys, String text) throws IOException {
        keys.write(text.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    /** What the pseudo-terminal shows, read as it comes. */
    static final class Screen {
        private final StringBuffer text = new StringBuffer();

        Screen(InputStream in) {
            Thread reader = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        String text() {
            return text.toString();
        }

        /** Waits (generously: a loaded CI machine starts a JVM slowly) for {@code pattern} on the screen. */
        Matcher await(Pattern pattern) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (System.nanoTime() < deadline) {
                Matcher m = pattern.matcher(text);
                if (m.find()) {
                    return m;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("not shown within " + WAIT_SECONDS + " s: " + pattern + "\n" + text);
        }
    }
}
