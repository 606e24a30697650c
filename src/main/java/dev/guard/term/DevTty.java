package dev.guard.term;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The controlling terminal ({@code /dev/tty}), for prompts of a command whose stdout and stderr a
 * program captures: {@code credential_process} (the AWS CLI reads both), {@code eval "$(guard
 * env)"}. A secret is read with echo off ({@code stty -echo} on the terminal, restored after, even
 * when the JVM is stopped meanwhile), as {@code getpass} does.
 */
public final class DevTty implements Terminal {
    private static final File TTY = new File("/dev/tty");

    private final BufferedReader in;
    private final PrintStream out;

    private DevTty(BufferedReader in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    /** The controlling terminal, if this process has one (cron, CI and daemons have none). */
    public static Optional<Terminal> open() {
        try {
            var in = new BufferedReader(new InputStreamReader(new FileInputStream(TTY), StandardCharsets.UTF_8));
            var out = new PrintStream(new FileOutputStream(TTY), true, StandardCharsets.UTF_8);
            return Optional.of(new DevTty(in, out));
        } catch (IOException | SecurityException e) {
            return Optional.empty(); // ENXIO: no controlling terminal
        }
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public Optional<String> readLine(String prompt) {
        out.print(prompt);
        out.flush();
        return read();
    }

    @Override
    public Optional<String> readSecret(String prompt) {
        String saved = stty("-g").strip();
        Thread restore = new Thread(() -> stty(saved));
        Runtime.getRuntime().addShutdownHook(restore);
        try {
            stty("-echo");
            out.print(prompt);
            out.flush();
            return read();
        } finally {
            stty(saved);
            out.println();
            try {
                Runtime.getRuntime().removeShutdownHook(restore);
            } catch (IllegalStateException e) {
                // shutting down: the hook restores
            }
        }
    }

    @Override
    public void println(String line) {
        out.println(line);
    }

    private Optional<String> read() {
        try {
            return Optional.ofNullable(in.readLine());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the terminal", e);
        }
    }

    /** Runs {@code stty} on the terminal; returns what it printed. */
    private static String stty(String argument) {
        try {
            Process p = new ProcessBuilder("stty", argument)
                    .redirectInput(TTY)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new UncheckedIOException(new IOException("stty " + argument + " failed on /dev/tty"));
            }
            return printed;
        } catch (IOException e) {
            throw new UncheckedIOException("could not run stty for a masked prompt", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while setting the terminal"));
        }
    }
}
