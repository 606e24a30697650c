package dev.guard.lock;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A guard process as a lock or an audit record names it: its pid, its host and when the process
 * started. The start time is what tells a live owner from a new process that reused its pid.
 */
public record Owner(long pid, String host, Optional<Instant> processStart) {
    /** Whether an owner is still running, as far as this host can tell. */
    public enum Liveness {
        ALIVE,
        DEAD,
        /** On another host: this one cannot tell. */
        UNKNOWN
    }

    private static final String HOST = findHost();

    /** This process. */
    public static Owner current() {
        ProcessHandle me = ProcessHandle.current();
        return new Owner(me.pid(), HOST, me.info().startInstant().map(i -> i.truncatedTo(ChronoUnit.SECONDS)));
    }

    /** Checked with the operating system's process table. */
    public Liveness liveness() {
        if (!host.equals(HOST)) {
            return Liveness.UNKNOWN;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return Liveness.DEAD;
        }
        Optional<Instant> started = process.get().info().startInstant().map(i -> i.truncatedTo(ChronoUnit.SECONDS));
        // A different start time means the pid was reused by another process.
        boolean same = processStart.isEmpty() || started.isEmpty() || started.equals(processStart);
        return same ? Liveness.ALIVE : Liveness.DEAD;
    }

    /** "pid 4242 on build-7": how messages name it. */
    public String describe() {
        return "pid " + pid + " on " + host;
    }

    /**
     * The kernel's host name where there is one: {@code InetAddress.getLocalHost()} may wait on DNS
     * for seconds on a badly configured machine, which every run would pay.
     */
    private static String findHost() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String name =
                        Files.readString(kernel, StandardCharsets.US_ASCII).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "unknown-host";
        }
    }
}
