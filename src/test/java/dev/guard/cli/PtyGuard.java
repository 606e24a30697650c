package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * guard (target/guard.jar) as a child process on a pseudo-terminal of its own (util-linux {@code
 * script}), as an operator meets it: keys typed as keys (Tab, Ctrl-C, arrows), the screen read as it
 * comes. Its home, caches and state live in a test's temporary directory.
 */
final class PtyGuard implements AutoCloseable {
    private static final Path SCRIPT = Path.of("/usr/bin/script");
    private static final Path JAR = Path.of("target/guard.jar").toAbsolutePath();
    /** Generous: a loaded CI machine starts a JVM slowly. */
    private static final long WAIT_SECONDS = 120;

    private final Process process;
    private final StringBuffer screen = new StringBuffer();
    private int seen;

    private PtyGuard(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> read(process.getInputStream()));
        reader.setDaemon(true);
        reader.start();
    }

    /** Skips the test where there is no {@code script} or no built jar. */
    static void assumeAvailable() {
        assumeTrue(Files.isExecutable(SCRIPT), "util-linux script gives the child a pseudo-terminal");
        assumeTrue(Files.isRegularFile(JAR), "target/guard.jar is built by the package phase");
    }

    /** The bundled sandbox seed, written to {@code home}, with one fault (a YAML flow mapping). */
    static Path seedWithFault(Path home, String fault) throws IOException {
        Path seed = home.resolve("seed.yaml");
        Files.writeString(
                seed,
                Files.readString(Path.of("config/sandbox.yaml")).replace("\nfaults: []", "\nfaults:\n  - " + fault));
        return seed;
    }

    /**
     * Starts {@code guard args...}.
     *
     * @param stty what the terminal is told first: {@code "cols 160 rows 50"} gives it a size (script's
     *     pseudo-terminal has none when its own stdin is a pipe, as here); {@code "size"} prints "0 0"
     */
    static PtyGuard start(Path home, String stty, String... args) throws IOException {
        List<String> words = new ArrayList<>(List.of(
                "stty " + stty + ";",
                "exec",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home,
                "-jar",
                JAR.toString()));
        words.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(SCRIPT.toString(), "-qfec", String.join(" ", words), "/dev/null")
                .redirectErrorStream(true);
        // Colour is the arguments' to choose (--no-color or not), not the environment's.
        pb.environment().remove("NO_COLOR");
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
        pb.environment().put("XDG_STATE_HOME", home.resolve("state").toString());
        pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        pb.environment().put("TERM", "xterm");
        return new PtyGuard(pb.start());
    }

    /** Types {@code keys} as they are (control characters included). */
    void type(String keys) throws IOException {
        OutputStream out = process.getOutputStream();
        out.write(keys.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Waits for {@code regex} on the screen after what was awaited before. */
    Matcher await(String regex) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(screen);
            if (m.find(seen)) {
                seen = m.end();
                return m;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("not shown within " + WAIT_SECONDS + " s: " + pattern + "\n" + screen);
    }

    /**
     * Answers guard's MFA prompt with the code a sandbox shows (it prints the current one for its
     * seeded device) and returns that code.
     */
    String answerMfaPrompt() throws IOException, InterruptedException {
        String code = await("shows (\\d{6}) now").group(1);
        await("Enter MFA code for \\S+: ");
        type(code + "\r");
        return code;
    }

    /** Waits for guard to end and checks its exit code. */
    void exits(int code) throws InterruptedException {
        assertThat(process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(text()).isEqualTo(code);
    }

    /** All the screen has shown so far. */
    String text() {
        return screen.toString();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private void read(InputStream in) {
        // A reader, not bytes decoded a read at a time: a character split between two reads stays whole.
        char[] buf = new char[4096];
        try (Reader chars = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            for (int n; (n = chars.read(buf)) > 0; ) {
                screen.append(buf, 0, n);
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
