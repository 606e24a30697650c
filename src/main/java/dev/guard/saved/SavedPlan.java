package dev.guard.saved;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.json.Json;
import dev.guard.json.JsonException;
import dev.guard.json.JsonObject;
import dev.guard.json.JsonReader;
import dev.guard.lock.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A saved plan as a sealed JSON document: its body (what {@code guard plan --live -o} saw and will
 * do) and a digest over all of it. The digest is what approvals are bound to and what {@code guard
 * apply} checks first; it is not a signature — a plan edited and resealed by hand has a new digest,
 * which no approval names, and {@code apply} still re-derives every step from the runbook and
 * re-reads every target.
 *
 * <p>The digest is SHA-256 over the body's canonical form: compact JSON with every object's keys
 * sorted, so whitespace or key order in the file never changes it.
 */
public final class SavedPlan {
    /** The format this version writes and reads; another is refused, not guessed at. */
    public static final String FORMAT = "guard-saved-plan/1";

    private static final long MAX_BYTES = 64L * 1024 * 1024;

    private final Map<String, Object> body;
    private final String digest;

    private SavedPlan(Map<String, Object> body, String digest) {
        this.body = body;
        this.digest = digest;
    }

    /**
     * Seals a body: its {@code format} is set, and the digest computed over the rest.
     *
     * @param body every field but {@code digest}; the builder's order is kept in the file. Values
     *     are strings (instants as ISO-8601), integers, booleans, lists and maps of them
     */
    public static SavedPlan seal(Map<String, Object> body) {
        Map<String, Object> copy = new LinkedHashMap<>();
        copy.put("format", FORMAT);
        body.forEach((k, v) -> {
            if (!k.equals("format") && !k.equals("digest")) {
                copy.put(k, v);
            }
        });
        return new SavedPlan(copy, digestOf(copy));
    }

    /**
     * Reads and checks a saved plan.
     *
     * @throws GuardException exit 2 when the file cannot be read or is not a saved plan; exit 8 when
     *     its digest does not match its content (edited since it was saved)
     */
    public static SavedPlan read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw GuardException.invalid(file + ": not a saved plan (larger than 64 MiB)");
            }
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw GuardException.invalid(file + ": no such file (a saved plan is written by guard plan --live -o)");
        } catch (IOException e) {
            throw GuardException.invalid(file + ": cannot read the saved plan (" + e.getMessage() + ")");
        }
        Map<String, Object> document;
        try {
            document = JsonReader.parseObject(bytes);
        } catch (JsonException | IllegalArgumentException e) {
            throw GuardException.invalid(file + ": not a saved plan (not a JSON object: " + e.getMessage() + ")");
        }
        Object format = document.get("format");
        if (!FORMAT.equals(format)) {
            throw GuardException.invalid(
                    file + ": not a saved plan of this guard (format " + format + ", expected " + FORMAT + ")");
        }
        Object stated = document.get("digest");
        Map<String, Object> body = new LinkedHashMap<>(document);
        body.remove("digest");
        String actual = digestOf(body);
        if (!(stated instanceof String s) || !s.equals(actual)) {
            throw new GuardException(
                    ExitCode.PLAN_REFUSED,
                    file + ": the saved plan was edited since it was saved (its digest does not match its content);"
                            + " make a new one with guard plan --live -o. Nothing was changed");
        }
        if (!(body.get("id") instanceof String id) || !UUID.matcher(id).matches()) {
            throw GuardException.invalid(file + ": not a saved plan (its id is not a UUID)");
        }
        return new SavedPlan(body, actual);
    }

    /**
     * Writes the plan as pretty JSON, mode 0600 (it names accounts, roles and resources), replacing
     * {@code file} atomically so a reader never sees half a plan.
     */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(
                dir, ".guard-plan-", ".tmp", PosixFilePermissions.asFileAttribute(PrivateFiles.OWNER_ONLY));
        try {
            Files.writeString(temp, Json.pretty(document()) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!Files.isSymbolicLink(file)) {
                Files.setPosixFilePermissions(file, PrivateFiles.OWNER_ONLY);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The file's content: the body, then its digest. */
    public Map<String, Object> document() {
        Map<String, Object> document = new LinkedHashMap<>(body);
        document.put("digest", digest);
        return document;
    }

    /** {@code sha256:} and 64 hex digits: what approvals name. */
    public String digest() {
        return digest;
    }

    /** The body, for typed reads ({@link JsonObject} names the field in its errors). */
    public JsonObject body() {
        return new JsonObject(body, "saved plan");
    }

    /**
     * The plan's id (a UUID), shown to people and named in the runner's role sessions; the digest is
     * what binds. Checked on read: a resealed file could hold any text here.
     */
    public String id() {
        return body().string("id");
    }

    private static final java.util.regex.Pattern UUID =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** The ARN of the caller who made the plan: the planner, for the two-person rule. */
    public String planner() {
        return body().object("caller").string("arn");
    }

    public Instant createdAt() {
        return body().instant("createdAt");
    }

    public Instant expiresAt() {
        return body().instant("expiresAt");
    }

    /** The runbook's {@code approval:} policy as saved, if it has one. */
    public Optional<JsonObject> approval() {
        return body().optionalObject("approval");
    }

    /** The saved steps, in order. */
    public List<JsonObject> steps() {
        return body().list("steps");
    }

    static String digestOf(Map<String, Object> body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(Json.bytes(canonical(body)));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Every object's keys sorted, recursively: the one form the digest is computed over. */
    private static Object canonical(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(canonical(v)));
            return out;
        }
        if (value == null
                || value instanceof String
                || value instanceof Boolean
                || value instanceof Integer
                || value instanceof Long) {
            return value;
        }
        // Anything else (a double, an Instant, an Optional) might read back as another type and
        // break the digest: the builder writes strings, integers and booleans only.
        throw new IllegalArgumentException("a saved plan holds strings, integers, booleans, lists and objects, not "
                + value.getClass().getSimpleName());
    }
}
