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
import java.util.concurrent.locks.ReentrantLock;
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

    static <T> T holding(Path file, Supplier<T> work) {
        IN_PROCESS.lock();
        try (FileChannel channel = open(file)) {
            FileLock lock = channel.lock();
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
