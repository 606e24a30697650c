package dev.guard.sandbox.persist;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.guard.sandbox.server.JsonBody;
import java.io.IOException;
import java.io.OutputStream;
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
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

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
        try (JsonParser p = FACTORY.createParser(file.toFile())) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new StateException(file, "not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = (Map<String, Object>) JsonBody.read(p, first);
            if (p.nextToken() != null) {
                throw new StateException(file, "text after the end of the JSON object");
            }
            return Optional.of(tree);
        } catch (IOException e) {
            String message = e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() + " at line " + j.getLocation().getLineNr()
                    : e.getMessage();
            throw new StateException(file, message.lines().findFirst().orElse(message));
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
        try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE);
                JsonGenerator g = FACTORY.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            JsonBody.write(g, tree);
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
