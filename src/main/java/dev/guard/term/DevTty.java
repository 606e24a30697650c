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

    /**
     * The controlling terminal, if this process has one (cron, CI and daemons have none) and is in
     * its foreground: a background job ({@code terraform apply &}) that read it or turned its echo
     * off would be stopped by the kernel (SIGTTIN, SIGTTOU) and hang, holding the MFA-prompt lock.
     */
    public static Optional<Terminal> open() {
        if (!inForeground()) {
            return Optional.empty();
        }
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

    /**
     * Whether this process's group is the terminal's foreground group ({@code /proc/self/stat}:
     * pgrp is field 5, tpgid field 8, counted after the command name, which may hold spaces).
     * Without {@code /proc} (not Linux) it cannot tell, and says yes.
     */
    static boolean inForeground() {
        return stat().map(f -> f[2].equals(f[5])).orElse(true);
    }

    /**
     * Whether this process has a controlling terminal but runs in the background of it (a job
     * started with {@code &}): the terminal is there, but using it would stop the process.
     */
    public static boolean inBackground() {
        return stat().map(f -> !f[5].equals("-1") && !f[2].equals(f[5])).orElse(false);
    }

    private static Optional<String[]> stat() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            return Optional.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Runs {@code stty} on the terminal; returns what it printed. */
    private static String stty(String argument) {
        try {
            Process p = new ProcessBuilder("stty", argument)
                    .redirectInput(TTY)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            // Waited for before its output is read (a few bytes: the pipe cannot fill), so a stty the
            // kernel stopped cannot hang guard past the timeout.
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new UncheckedIOException(new IOException("stty " + argument + " did not finish on /dev/tty"));
            }
            if (p.exitValue() != 0) {
                throw new UncheckedIOException(new IOException("stty " + argument + " failed on /dev/tty"));
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run stty for a masked prompt", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while setting the terminal"));
        }
    }
}
