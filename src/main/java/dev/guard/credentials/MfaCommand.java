package dev.guard.credentials;

import dev.guard.engine.ExitCode;
import dev.guard.engine.GuardException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * manager just {@code 123456}. Its output is never shown, since it holds the code.
 */
final class MfaCommand implements MfaCodeSource {
    /** Long enough to touch a YubiKey; a hung command must not hang a cron job. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern CODE = Pattern.compile("(?<![0-9])([0-9]{6})(?![0-9])");
    private static final int MAX_OUTPUT = 64 * 1024;

    private final String command;
    private final String from;

    MfaCommand(String command, String from) {
        this.command = command;
        this.from = from;
    }

    @Override
    public String describe() {
        return from;
    }

    @Override
    public String code(String serial) {
        Process process;
        try {
            process = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw fail("could not be started (" + e.getMessage() + ")");
        }
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw fail("did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            String stdout = new String(out.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                String stderr = new String(err.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip();
                String first = stderr.lines().findFirst().orElse("");
                // The first stderr line explains most failures ("Error: no YubiKey detected"); a
                // 6-digit run in it is masked in case a tool prints codes there.
                first = CODE.matcher(first).replaceAll("******");
                throw fail("exited with status " + process.exitValue() + (first.isEmpty() ? "" : ": " + first));
            }
            String last = "";
            Matcher m = CODE.matcher(stdout);
            while (m.find()) {
                last = m.group(1);
            }
            if (last.isEmpty()) {
                throw fail("printed no 6-digit code");
            }
            return last;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw fail("was interrupted");
        } catch (ExecutionException | TimeoutException e) {
            throw fail("output could not be read");
        }
    }

    private GuardException fail(String what) {
        return new GuardException(
                ExitCode.AUTH_FAILED, "the MFA command (" + from + ") " + what + "; nothing was sent to AWS");
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
