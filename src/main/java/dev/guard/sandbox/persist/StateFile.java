package dev.guard.sandbox.persist;

import dev.guard.json.Json;
import dev.guard.json.JsonException;
import dev.guard.json.JsonReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code DIR/state.json}: the sandbox's mutable world as JSON. Written atomically (a temporary file
 * in the same directory, then a rename), readable by its owner only (0600, directory 0700): it holds
 * the secrets of the temporary credentials the sandbox issued.
 */
public final class StateFile {
    public static final String NAME = "state.json";

    private final Path dir;
    private final Path file;

    public StateFile(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /** The saved tree, or empty when there is no state file yet. */
    public Optional<Map<String, Object>> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JsonReader.parseObject(Files.readAllBytes(file)));
        } catch (JsonException e) {
            throw new StateException(file, "the state " + e.getMessage());
        } catch (IOException e) {
            throw new StateException(file, "could not be read: " + e.getMessage());
        }
    }

    /**
     * Captures the world and writes it, as one step: requests are handled on several threads, and a
     * capture taken before another request's change but written after that request's own save
     * would put the older world back on disk (a lost write). Every change is followed by its own
     * save, so the last save holds every change that completed before it.
     */
    public synchronized void save(Supplier<Map<String, Object>> capture) throws IOException {
        write(capture.get());
    }

    /** Replaces the state file with {@code tree}, atomically. */
    public synchronized void write(Map<String, Object> tree) throws IOException {
        ensureDirectory();
        Path temp = dir.resolve(NAME + ".tmp");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
            out.write(Json.pretty(tree).getBytes(StandardCharsets.UTF_8));
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void ensureDirectory() throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                throw new IOException(dir + " exists and is not a directory", e);
            }
        }
    }
}
