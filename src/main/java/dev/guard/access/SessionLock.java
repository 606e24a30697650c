package dev.guard.access;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One caller at a time between "find the cached MFA session" and "keep the new one": a second
 * {@code credential_process} started while the first waits for a code blocks here, then finds the
 * session the first kept, and never asks for a second code. An advisory lock on a file (fcntl, so
 * it ends with the process that held it, even killed), and a lock for threads of this JVM, which
 * the file lock does not tell apart.
 */
final class SessionLock {
    private static final ReentrantLock IN_PROCESS = new ReentrantLock();

    private SessionLock() {}

    /**
     * How long a caller waits for another that holds the lock: long enough for a person to read a
     * code off a device and type it, short enough that a cron job or an SDK behind a prompt someone
     * left open on a terminal fails (exit 4, saying why) instead of hanging for good.
     */
    static final Duration LIMIT = Duration.ofSeconds(90);

    /** How long a wait goes unmentioned: the lock is normally held only for an STS call or two. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * Runs {@code work} holding the lock.
     *
     * @param say told once when the wait outlasts {@link #QUIET}: another guard is asking for a code
     * @throws GuardException (auth failed) when another caller holds it longer than {@code limit}
     */
    static <T> T holding(Path file, Duration limit, Consumer<String> say, Supplier<T> work) {
        IN_PROCESS.lock();
        try (FileChannel channel = open(file)) {
            FileLock lock = take(channel, file, limit, say);
            try {
                return work.get();
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "could not lock " + file + " (" + e.getClass().getSimpleName()
                            + "): guard takes it so that parallel callers ask for one MFA code");
        } finally {
            IN_PROCESS.unlock();
        }
    }

    private static FileLock take(FileChannel channel, Path file, Duration limit, Consumer<String> say)
            throws IOException {
        long start = System.nanoTime();
        boolean said = false;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            if (waited.compareTo(limit) >= 0) {
                throw new GuardException(
                        ExitCode.AUTH_FAILED,
                        "another guard has been asking for an MFA code for " + limit.toSeconds() + " s (it holds "
                                + file + "); answer or stop it, or run guard login, then try again");
            }
            if (!said && waited.compareTo(QUIET) >= 0) {
                say.accept("waiting for another guard that is asking for an MFA code (up to " + limit.toSeconds()
                        + " s); its session will serve this command too");
                said = true;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GuardException(
                        ExitCode.INTERRUPTED, "interrupted waiting for another guard's MFA prompt; nothing was done");
            }
        }
    }

    private static FileChannel open(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (!Files.exists(file)) {
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made by a concurrent caller
            }
        }
        return FileChannel.open(file, StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }
}
