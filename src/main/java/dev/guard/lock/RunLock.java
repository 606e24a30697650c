package dev.guard.lock;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The locks of one run, one per resource it will change ({@link LockKeys}), held from before the
 * first AWS call until the run ends. Each is a 0600 file in a 0700 directory holding an
 * operating-system lock ({@link FileChannel#tryLock}), which dies with its process however it
 * dies, and the owner's name (runbook, user, command, pid, host, start), which says who. A run that
 * ends marks its files released; a file still naming an owner that holds no lock was left by a run
 * that was killed: it is reported, not taken, until the operator says {@code --break-lock} or
 * clears it ({@code guard unlock}, {@link LockDirectory}).
 */
public final class RunLock implements AutoCloseable {
    /** How often a run waiting for a live holder ({@code --lock-timeout}) tries again. */
    static final Duration POLL = Duration.ofMillis(200);

    private final List<Held> held;
    private final Clock clock;

    private record Held(String key, FileChannel channel, FileLock lock) {}

    private RunLock(List<Held> held, Clock clock) {
        this.held = held;
        this.clock = clock;
    }

    /**
     * Takes every lock or none.
     *
     * @param breakStale take over locks left by runs that no longer run ({@code --break-lock});
     *     a live one is never taken
     * @param timeout how long to wait for a live holder to let go ({@code --lock-timeout}; zero: not
     *     at all); a lock left by a dead run is reported at once, since waiting cannot free it
     * @param say told of each lock taken over, and once that the run waits
     * @throws GuardException exit 7 ({@link ExitCode#LOCKED}) when another run holds one (after the
     *     timeout), or a dead run left one; 1 when the lock directory cannot be used
     */
    public static RunLock take(
            Path dir,
            List<String> keys,
            LockHolder holder,
            boolean breakStale,
            Duration timeout,
            Clock clock,
            Consumer<String> say) {
        List<Held> held = new ArrayList<>();
        Waiting waiting = new Waiting(timeout, say);
        try {
            directory(dir);
            for (String key : keys) {
                held.add(takeOne(dir, key, holder, breakStale, waiting, clock, say));
            }
            return new RunLock(held, clock);
        } catch (IOException e) {
            new RunLock(held, clock).close();
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "could not take the run lock in " + dir + " (" + e.getMessage() + "); nothing was changed");
        } catch (RuntimeException e) {
            new RunLock(held, clock).close();
            throw e;
        }
    }

    static void directory(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symbolic link");
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }

    private static Held takeOne(
            Path dir,
            String key,
            LockHolder holder,
            boolean breakStale,
            Waiting waiting,
            Clock clock,
            Consumer<String> say)
            throws IOException {
        Path file = dir.resolve(name(key));
        FileChannel channel = PrivateFiles.open(file);
        try {
            FileLock lock = tryLock(channel);
            if (lock == null && waiting.allowed()) {
                waiting.announce(key, LockOwner.parse(read(channel)));
                lock = waiting.poll(key, () -> tryLock(channel));
            }
            String left = read(channel);
            if (lock == null) {
                throw refused(
                        key,
                        file,
                        LockOwner.parse(left),
                        "is locked by another guard run, still running",
                        waiting.allowed()
                                ? "it was still running after " + waiting.limit()
                                : "wait for it to end" + " (or pass --lock-timeout, e.g. 5m, to wait)");
            }
            LockOwner previous = LockOwner.parse(left);
            if (!previous.free()) {
                if (!breakStale) {
                    lock.release();
                    throw refused(key, file, previous, staleState(previous), staleAdvice(file));
                }
                say.accept("took over the lock on " + key + " left by " + previous.describe() + " (--break-lock)");
            }
            write(channel, owner(key, holder, clock));
            return new Held(key, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** What to do about a lock a dead run left: look, then clear it by its id (or take it over). */
    static String staleAdvice(Path file) {
        return "it may have stopped half-way: check what it did (guard audit verify names it), then clear the lock"
                + " with guard unlock " + LockDirectory.id(file) + " (or run again with --break-lock to take it over)";
    }

    static String staleState(LockOwner previous) {
        return previous.liveness() == Owner.Liveness.UNKNOWN
                ? "is locked by a guard run on another host; guard cannot tell whether it still runs"
                : "is locked by a guard run that is no longer running (killed or crashed)";
    }

    private static Map<String, Object> owner(String key, LockHolder holder, Clock clock) {
        Map<String, Object> me = new LinkedHashMap<>();
        Owner owner = Owner.current();
        me.put("key", key);
        me.put("runbook", holder.runbook());
        me.put("user", holder.user());
        me.put("command", holder.command());
        me.put("pid", owner.pid());
        me.put("host", owner.host());
        me.put("processStart", owner.processStart().map(Object::toString).orElse(null));
        me.put("since", clock.instant().toString());
        return me;
    }

    /** This process's OS lock on the file, or null when another process (or this one) holds it. */
    static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this very process holds it (another run in a shell)
        }
    }

    static void write(FileChannel channel, Map<String, Object> record) throws IOException {
        write(channel, record, true);
    }

    /**
     * @param durable forced to disk before returning: an owner's record is; a release mark need not
     *     be — lost in a crash, the file still names its owner, which reads as stale, as a killed run's
     *     does — and forcing one per file made letting go of an account set's 400 locks take seconds
     */
    static void write(FileChannel channel, Map<String, Object> record, boolean durable) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((Json.compact(record) + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        if (durable) {
            channel.force(true);
        }
    }

    /** What a file says once nobody holds it: its key (so {@code guard unlock} can name it) and when it was let go. */
    static Map<String, Object> released(String key, Clock clock) {
        Map<String, Object> free = new LinkedHashMap<>();
        free.put("key", key);
        free.put("released", clock.instant().toString());
        return free;
    }

    private static GuardException refused(String key, Path file, LockOwner owner, String state, String advice) {
        return new GuardException(
                ExitCode.LOCKED,
                key + " " + state + ": " + owner.describe() + " (lock " + file + "); " + advice
                        + ". Nothing was changed");
    }

    static String read(FileChannel channel) throws IOException {
        long size = Math.min(channel.size(), 64 * 1024);
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        channel.read(buffer, 0);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    }

    /** A file name per key: its SHA-256, since keys hold slashes and endpoint URLs. */
    static String name(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16) + ".lock";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Marks each file released (so no one reads it as left by a dead run), then lets go of it. */
    @Override
    public void close() {
        for (Held h : held) {
            try (FileChannel c = h.channel()) {
                write(c, released(h.key(), clock), false);
                h.lock().release();
            } catch (IOException e) {
                // the OS lock goes with the channel anyway; a file still naming its owner reads as stale
            }
        }
        held.clear();
    }

    /** An attempt at the OS lock that may fail for I/O. */
    interface Attempt {
        FileLock get() throws IOException;
    }

    /** {@code --lock-timeout} across all of a run's locks: one deadline, one "waiting" line. */
    private static final class Waiting {
        private final Duration timeout;
        private final Consumer<String> say;
        private final long deadline;
        private boolean announced;

        Waiting(Duration timeout, Consumer<String> say) {
            this.timeout = timeout;
            this.say = say;
            this.deadline = System.nanoTime() + timeout.toNanos();
        }

        boolean allowed() {
            return !timeout.isZero() && !timeout.isNegative();
        }

        String limit() {
            return LockTimeout.format(timeout);
        }

        void announce(String key, LockOwner holder) {
            if (!announced) {
                announced = true;
                say.accept("waiting for the lock on " + key + " held by " + holder.describe() + " (up to " + limit()
                        + ")");
            }
        }

        /** The lock once its holder lets go, or null at the deadline. */
        FileLock poll(String key, Attempt attempt) throws IOException {
            while (System.nanoTime() < deadline) {
                try {
                    Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GuardException(
                            ExitCode.INTERRUPTED,
                            "interrupted waiting for the lock on " + key + "; nothing was changed");
                }
                FileLock lock = attempt.get();
                if (lock != null) {
                    return lock;
                }
            }
            return null;
        }
    }
}
