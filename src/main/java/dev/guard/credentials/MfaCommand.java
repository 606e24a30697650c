package dev.guard.credentials;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An MFA command ({@code --mfa-command "ykman oath accounts code -s aws"}, or {@code
 * GUARD_MFA_COMMAND}) run through {@code /bin/sh -c}, so quoting works as in the user's shell. Its
 * output's last 6-digit word is the code: {@code ykman} prints {@code NAME  123456}, a password
 * manager just {@code 123456}. Nothing it prints is ever shown, stderr included: a tool may print a
 * code, a seed or a key there. A failure is told by its exit status and how much it wrote.
 *
 * <p>Whatever the command leaves behind (a background child still holding its stdout) is killed
 * once the command has exited or timed out: it runs in a session of its own ({@code setsid}) where
 * available, so even children that outlive their parent are found.
 */
final class MfaCommand implements MfaCodeSource {
    /** Long enough to touch a YubiKey; a hung command must not hang a cron job. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * How long the readers may take to finish once the command and its leftovers are gone: the
     * pipes are closed by then, so this is only for a loaded machine to schedule them.
     */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private static final Pattern CODE = Pattern.compile("(?<![0-9])([0-9]{6})(?![0-9])");
    private static final int MAX_OUTPUT = 64 * 1024;
    private static final Optional<String> SETSID = setsid();

    private final String command;
    private final String from;
    private final Duration timeout;

    MfaCommand(String command, String from) {
        this(command, from, TIMEOUT);
    }

    MfaCommand(String command, String from, Duration timeout) {
        this.command = command;
        this.from = from;
        this.timeout = timeout;
    }

    @Override
    public String describe() {
        return from;
    }

    @Override
    public String code(String serial) {
        List<String> argv = new ArrayList<>();
        SETSID.ifPresent(s -> argv.addAll(List.of(s, "-w")));
        argv.addAll(List.of("/bin/sh", "-c", command));
        Process process;
        try {
            process = new ProcessBuilder(argv)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw fail("could not be started (" + e.getClass().getSimpleName() + ")");
        }
        CompletableFuture<byte[]> out = reading(process.getInputStream(), "guard-mfa-command-stdout");
        CompletableFuture<byte[]> err = reading(process.getErrorStream(), "guard-mfa-command-stderr");
        Set<ProcessHandle> seen = new LinkedHashSet<>();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
                // Children are seen while their parent lives; after it, they are re-parented away.
                process.descendants().forEach(seen::add);
                if (System.nanoTime() - deadline > 0) {
                    killLeftovers(process, seen);
                    throw fail("did not finish within " + timeout.toSeconds() + " s");
                }
            }
            // Anything still running now is a leftover (a background child holding stdout open):
            // killed first, so the output's end is not waited for forever.
            killLeftovers(process, seen);
            byte[] stdout = drain(out);
            if (process.exitValue() != 0) {
                int stderrBytes = drain(err).length;
                throw fail("exited with status " + process.exitValue() + " (it wrote " + stdout.length
                        + " bytes to stdout and " + stderrBytes + " to stderr, not shown: they may hold a code)");
            }
            String last = "";
            Matcher m = CODE.matcher(new String(stdout, StandardCharsets.UTF_8));
            while (m.find()) {
                last = m.group(1);
            }
            if (last.isEmpty()) {
                throw fail("printed no 6-digit code");
            }
            return last;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killLeftovers(process, seen);
            throw fail("was interrupted");
        }
    }

    /** What the stream held; empty if it cannot be read within {@link #DRAIN}. */
    private static byte[] drain(CompletableFuture<byte[]> stream) throws InterruptedException {
        try {
            return stream.get(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new byte[0];
        }
    }

    /** The command, its descendants, and everything else in its session: nothing it started survives it. */
    private static void killLeftovers(Process process, Set<ProcessHandle> seen) {
        process.descendants().forEach(seen::add);
        if (SETSID.isPresent()) {
            long session = process.pid();
            ProcessHandle.allProcesses()
                    .filter(p -> sessionOf(p.pid()).filter(s -> s == session).isPresent())
                    .forEach(seen::add);
        }
        seen.forEach(ProcessHandle::destroyForcibly);
        // Only a command still running: destroying an exited Process closes its output streams, and
        // a reader not yet scheduled on a loaded machine would then lose the code it printed.
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** The session id from {@code /proc/PID/stat} (Linux); empty where there is none to read. */
    private static Optional<Long> sessionOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) state ppid pgrp session ...": comm may hold spaces and parentheses.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[3]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> setsid() {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private GuardException fail(String what) {
        return new GuardException(
                ExitCode.AUTH_FAILED, "the MFA command (" + from + ") " + what + "; nothing was sent to AWS");
    }

    /**
     * Reads a stream to its end on a thread of its own. Not the common pool: on a 2-core machine it
     * has one thread, which other work may hold, and a reader that never started would make a good
     * code look like "printed no code".
     */
    private static CompletableFuture<byte[]> reading(InputStream in, String name) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> result.complete(read(in)), name);
        reader.setDaemon(true);
        reader.start();
        return result;
    }

    private static byte[] read(InputStream in) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (buffer.size() < MAX_OUTPUT) {
                    buffer.write(chunk, 0, Math.min(n, MAX_OUTPUT - buffer.size()));
                }
            }
        } catch (IOException e) {
            // The process went away; what was read so far is all there is.
        }
        return buffer.toByteArray();
    }
}
