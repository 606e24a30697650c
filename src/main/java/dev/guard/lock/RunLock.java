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
 * dies, and the owner's name (runbook, pid, host, start), which says who. A run that ends empties
 * its files; a file still naming an owner that holds no lock was left by a run that was killed:
 * it is reported, not taken, until the operator says {@code --break-lock}.
 */
public final class RunLock implements AutoCloseable {
    private final List<Held> held;

    private record Held(String key, FileChannel channel, FileLock lock) {}

    private RunLock(List<Held> held) {
        this.held = held;
    }

    /**
     * Takes every lock or none.
     *
     * @param breakStale take over locks left by runs that no longer run ({@code --break-lock});
     *     a live one is never taken
     * @param say told of each lock taken over
     * @throws GuardException exit 3 when another run holds one, or a dead run left one
     */
    public static RunLock take(
            Path dir, List<String> keys, String runbook, boolean breakStale, Clock clock, Consumer<String> say) {
        List<Held> held = new ArrayList<>();
        try {
            directory(dir);
            for (String key : keys) {
                held.add(takeOne(dir, key, runbook, breakStale, clock, say));
            }
            return new RunLock(held);
        } catch (IOException e) {
            new RunLock(held).close();
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "could not take the run lock in " + dir + " (" + e.getMessage() + "); nothing was changed");
        } catch (RuntimeException e) {
            new RunLock(held).close();
            throw e;
        }
    }

    private static void directory(Path dir) throws IOException {
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
            Path dir, String key, String runbook, boolean breakStale, Clock clock, Consumer<String> say)
            throws IOException {
        Path file = dir.resolve(name(key));
        FileChannel channel = PrivateFiles.open(file);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this very process holds it (another run in a shell)
            }
            String left = read(channel);
            if (lock == null) {
                throw refused(
                        key,
                        file,
                        LockOwner.parse(left),
                        "is locked by another guard run, still running",
                        "wait for it to end");
            }
            if (!left.isBlank()) {
                LockOwner previous = LockOwner.parse(left);
                if (!breakStale) {
                    lock.release();
                    String liveness = previous.owner()
                                    .map(o -> o.liveness() == Owner.Liveness.UNKNOWN)
                                    .orElse(false)
                            ? "is locked by a guard run on another host; guard cannot tell whether it still runs"
                            : "is locked by a guard run that is no longer running (killed or crashed)";
                    throw refused(
                            key,
                            file,
                            previous,
                            liveness,
                            "it may have stopped half-way: check what it did (guard audit verify names it), then run"
                                    + " again with --break-lock to take the lock over");
                }
                say.accept("took over the lock on " + key + " left by " + previous.describe() + " (--break-lock)");
            }
            Map<String, Object> me = new LinkedHashMap<>();
            Owner owner = Owner.current();
            me.put("key", key);
            me.put("runbook", runbook);
            me.put("pid", owner.pid());
            me.put("host", owner.host());
            me.put("processStart", owner.processStart().map(Object::toString).orElse(null));
            me.put("since", clock.instant().toString());
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((Json.compact(me) + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new Held(key, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static GuardException refused(String key, Path file, LockOwner owner, String state, String advice) {
        return new GuardException(
                ExitCode.ABORTED,
                key + " " + state + ": " + owner.describe() + " (lock " + file + "); " + advice
                        + ". Nothing was changed");
    }

    private static String read(FileChannel channel) throws IOException {
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

    /** Empties each file (so no one reads it as left by a dead run), then lets go of it. */
    @Override
    public void close() {
        for (Held h : held) {
            try (FileChannel c = h.channel()) {
                c.truncate(0);
                c.force(true);
                h.lock().release();
            } catch (IOException e) {
                // the OS lock goes with the channel anyway; a file left non-empty reads as stale
            }
        }
        held.clear();
    }
}
