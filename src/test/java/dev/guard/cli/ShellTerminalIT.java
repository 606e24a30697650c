package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code guard shell --sandbox} as an operator meets it: a child process on a pseudo-terminal
 * (util-linux {@code script}), keys typed as keys — Tab, Ctrl-C, Up-arrow — and the screen read as
 * it comes. The sandbox's seed makes TerminateInstances slow, so the Ctrl-C typed just after the
 * confirmation lands during the run (before or during that call: the test cannot tell which).
 */
class ShellTerminalIT {
    private static final Path SCRIPT = Path.of("/usr/bin/script");
    private static final Path JAR = Path.of("target/guard.jar").toAbsolutePath();
    private static final long WAIT_SECONDS = 120;
    /** Up-arrow as xterm sends it in the application-cursor mode JLine turns on ({@code \e[?1h}). */
    private static final String UP = "\u001bOA";

    @TempDir
    Path home;

    @Test
    void completeRunInterruptLeaveAndRecall() throws Exception {
        assumeTrue(Files.isExecutable(SCRIPT), "util-linux script gives the child a pseudo-terminal");
        assumeTrue(Files.isRegularFile(JAR), "target/guard.jar is built by the package phase");
        Path audit = home.resolve("audit.jsonl");
        Path config = home.resolve("guard.yaml");
        Files.writeString(
                config,
                Files.readString(Path.of("config/guard.yaml"))
                        .replace("~/.local/state/guard/audit.jsonl", audit.toString())
                        .replace(
                                "dir: ../runbooks",
                                "dir: " + Path.of("runbooks").toAbsolutePath()));
        Path seed = home.resolve("seed.yaml");
        Files.writeString(
                seed,
                Files.readString(Path.of("config/sandbox.yaml"))
                        .replace(
                                "faults: []",
                                "faults:\n  - {service: ec2, operation: TerminateInstances, latencyMillis: 3000}"));

        Shell first = new Shell(config, seed);
        try {
            first.await("alice@identity > ");
            // Tab completes the runbook's name, then its parameter's.
            first.type("run term\t");
            first.await("run terminate-dev-instance ");
            first.type("-p inst\t");
            first.await("-p instanceId=");
            first.type("i-0a22222222222222a\r");
            Matcher code = first.await("shows (\\d{6}) now");
            first.await("Enter MFA code for \\S+: ");
            first.type(code.group(1) + "\r");
            first.await("Type 'development' to terminate 1 instance");
            first.type("development\r");
            // JLine turns bracketed paste off when it accepts the line: the answer is taken.
            first.await("\u001b\\[\\?2004l");
            first.type("\u0003"); // during the slow TerminateInstances
            first.await("alice@identity mfa 1\\dh\\d\\dm > ");
            first.type("exit\r");
            first.exits();
        } finally {
            first.process.destroyForcibly();
        }
        String run = first.screen.text();
        assertThat(run)
                .contains("Ctrl-C: stopping before the next change; a call in flight completes")
                // Sent already (done) or not yet (skipped): either way reported, never left unsaid.
                .containsPattern("i-0a22222222222222a  (done|skipped)")
                .contains("Stopped: interrupted by Ctrl-C")
                .doesNotContain("Exception");
        // The outcome ends with its exit code, and the shell does not repeat it.
        assertThat(run.split("exit code 130", -1)).hasSize(2);
        List<String> records = Files.readAllLines(audit);
        assertThat(records.get(records.size() - 1))
                .contains("\"event\":\"run.end\"")
                .contains("\"exitCode\":130");

        Path history = home.resolve("state/guard/shell_history");
        assertThat(Files.getPosixFilePermissions(history)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(history))
                .contains("run terminate-dev-instance -p instanceId=i-0a22222222222222a")
                .doesNotContain(code(run))
                .doesNotContain(":development");

        // A new shell: Up-arrow brings back the last command of the one before.
        Shell second = new Shell(config, seed);
        try {
            second.await("alice@identity > ");
            second.type(UP);
            second.await("run terminate-dev-instance -p instanceId=i-0a22222222222222a");
            second.type("\u0015exit\r"); // Ctrl-U: the recalled line is not run
            second.exits();
        } finally {
            second.process.destroyForcibly();
        }
    }

    private static String code(String screen) {
        Matcher m = Pattern.compile("shows (\\d{6}) now").matcher(screen);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** {@code guard shell --sandbox} on a pseudo-terminal of its own. */
    private final class Shell {
        final Process process;
        final Screen screen;
        private int seen;

        Shell(Path config, Path seed) throws IOException {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
                    "shell",
                    "--sandbox",
                    "--sandbox-seed",
                    seed.toString());
            ProcessBuilder pb =
                    new ProcessBuilder(SCRIPT.toString(), "-qfec", command, "/dev/null").redirectErrorStream(true);
            pb.environment().put("HOME", home.toString());
            pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
            pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
            pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
            pb.environment().put("TERM", "xterm");
            process = pb.start();
            screen = new Screen(process.getInputStream());
        }

        void type(String keys) throws IOException {
            OutputStream out = process.getOutputStream();
            out.write(keys.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Waits for {@code regex} on the screen after what was awaited before. */
        Matcher await(String regex) throws InterruptedException {
            Matcher m = screen.await(Pattern.compile(regex), seen);
            seen = m.end();
            return m;
        }

        void exits() throws InterruptedException {
            assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(screen.text()).isZero();
        }
    }

    /** What the pseudo-terminal shows, read as it comes. */
    private static final class Screen {
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

        /** Waits (generously: a loaded machine starts a JVM slowly) for {@code pattern} at or after {@code from}. */
        Matcher await(Pattern pattern, int from) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (System.nanoTime() < deadline) {
                Matcher m = pattern.matcher(text);
                if (m.find(from)) {
                    return m;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("not shown within " + WAIT_SECONDS + " s: " + pattern + "\n" + text);
        }
    }
}
