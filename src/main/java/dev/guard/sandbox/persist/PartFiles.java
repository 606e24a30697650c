package dev.guard.sandbox.persist;

import dev.guard.sandbox.s3.PartStore;
import dev.guard.sandbox.s3.Uploads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The parts of multipart uploads in progress, as files under {@code DIR/uploads/UPLOAD-ID/}: one
 * file per part, named by its number and ETag. Not in the state file, which is rewritten whole on
 * every change: an upload of 64 MB in 8 parts would write it 8 times, growing each time. The state
 * file names the parts (number, ETag, size, checksum); the bytes are read from here on completion.
 */
public final class PartFiles implements PartStore {
    /** What the sandbox's upload ids look like (base64url): nothing else ever becomes a path. */
    private static final Pattern UPLOAD_ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");

    private final Path dir;

    public PartFiles(Path dir) {
        this.dir = dir;
    }

    @Override
    public void write(String uploadId, Uploads.Part part, byte[] body) {
        Path file = file(uploadId, part);
        try {
            directory(dir);
            directory(file.getParent());
            // A temp name of its own: two identical parts written at once must not collide on it.
            // Readable by the owner only, like the state file beside it.
            Path temp = Files.createTempFile(
                    file.getParent(),
                    file.getFileName().toString(),
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(temp, body);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep a part in " + file.getParent(), e);
        }
    }

    @Override
    public byte[] read(String uploadId, Uploads.Part part) {
        Path file = file(uploadId, part);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "part " + part.number() + " of upload " + uploadId + " is gone: " + file, e);
        }
    }

    @Override
    public void delete(String uploadId) {
        if (UPLOAD_ID.matcher(uploadId).matches()) {
            deleteTree(dir.resolve(uploadId));
        }
    }

    /** Removes the parts of uploads the state does not name: left by a crash before the state was saved. */
    public void keepOnly(Set<String> uploadIds) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> uploads = Files.list(dir)) {
            uploads.filter(p -> !uploadIds.contains(p.getFileName().toString())).forEach(PartFiles::deleteTree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private Path file(String uploadId, Uploads.Part part) {
        if (!UPLOAD_ID.matcher(uploadId).matches()) {
            throw new IllegalArgumentException("not an upload id of the sandbox's: " + uploadId);
        }
        return dir.resolve(PartStore.name(uploadId, part) + ".part");
    }

    private static void directory(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            Files.createDirectories(
                    path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root, e);
        }
    }
}
