package dev.guard.credentials;

import dev.guard.json.Json;
import dev.guard.json.JsonReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * MFA sessions (GetSessionToken with MFA) kept on disk between runs, so one code serves a whole
 * maintenance window, a shell session, or the scheduled runs after {@code guard login}.
 *
 * <ul>
 *   <li>Only MFA sessions are cached: role sessions are re-derived from them without a code, and a
 *       session without MFA can never be found where MFA is needed.
 *   <li>Keyed by the endpoint, the base access key and the caller's ARN, and the MFA device: a
 *       session never leaks to another identity, another account's keys, or from the sandbox to
 *       AWS.
 *   <li>Files are 0600 in a 0700 directory, written to a temporary file and renamed, so a reader
 *       never sees half a file; expired or unreadable ones are deleted, never trusted.
 *   <li>A session is usable only with {@link #MARGIN} of life left and, when a runbook demands it,
 *       an MFA authentication younger than its {@code mfa.maxAgeSeconds}.
 * </ul>
 */
public final class SessionCache {
    /**
     * A session this close to expiry is not handed out: a run must not lose it half-way, and a
     * run may wait up to 10 minutes for its changes to complete.
     */
    public static final Duration MARGIN = Duration.ofMinutes(15);

    /** How far ahead of this clock a recorded MFA time may be: clocks differ a little, not more. */
    static final Duration SKEW = Duration.ofMinutes(5);

    /** The longest session GetSessionToken gives: a longer one was not made by AWS. */
    static final Duration LONGEST = Duration.ofHours(36);

    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    /** Identifies whose session it is. None of these is a secret. */
    public record Key(String endpoint, String baseAccessKeyId, String callerArn, String mfaSerial) {
        String fileName() {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(String.join("\n", endpoint, baseAccessKeyId, callerArn, mfaSerial)
                                .getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest, 0, 16) + ".json";
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e);
            }
        }

        // equals and hashCode written out, with the values a record's own would have: those are
        // linked through invokedynamic at their first call, which on JDK 17 spins ~20 method-handle
        // classes (an offline plan compares keys when it finds a cached session).
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && Objects.equals(endpoint, k.endpoint)
                    && Objects.equals(baseAccessKeyId, k.baseAccessKeyId)
                    && Objects.equals(callerArn, k.callerArn)
                    && Objects.equals(mfaSerial, k.mfaSerial);
        }

        @Override
        public int hashCode() {
            int h = Objects.hashCode(endpoint);
            h = 31 * h + Objects.hashCode(baseAccessKeyId);
            h = 31 * h + Objects.hashCode(callerArn);
            return 31 * h + Objects.hashCode(mfaSerial);
        }
    }

    /**
     * A cached MFA session. {@link #toString()} never shows the secret or the token.
     *
     * @param mfaAt when the MFA code was accepted (the session's {@code aws:MultiFactorAuthAge} origin)
     */
    public record Entry(
            Key key, String accessKeyId, String secretAccessKey, String sessionToken, Instant mfaAt, Instant expires) {
        @Override
        public String toString() {
            return "SessionCache.Entry[" + key.callerArn() + ", device " + key.mfaSerial() + ", MFA at " + mfaAt
                    + ", expires " + expires + "]";
        }

        public Duration age(Instant now) {
            return Duration.between(mfaAt, now);
        }
    }

    private final Path dir;
    private final Consumer<String> warn;

    /** @param warn told about files guard ignored or removed (never their content) */
    public SessionCache(Path dir, Consumer<String> warn) {
        this.dir = dir;
        this.warn = warn;
    }

    public Path directory() {
        return dir;
    }

    /**
     * The session for {@code key} if it has at least {@link #MARGIN} left and, when {@code maxAge}
     * is given, MFA no older than it.
     */
    public Optional<Entry> find(Key key, Instant now, Optional<Duration> maxAge) {
        Path file = dir.resolve(key.fileName());
        Optional<Entry> entry = read(file);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        Entry e = entry.get();
        if (!e.key().equals(key)) {
            return Optional.empty(); // a hash collision, or a file copied from elsewhere
        }
        if (impossible(file, e, now)) {
            return Optional.empty();
        }
        // A short session (sessions.sessionTokenSeconds: 900) gets a quarter of its life as margin.
        Duration life = Duration.between(e.mfaAt(), e.expires());
        Duration margin = life.dividedBy(4).compareTo(MARGIN) < 0 ? life.dividedBy(4) : MARGIN;
        if (!e.expires().isAfter(now.plus(margin))) {
            delete(file);
            return Optional.empty();
        }
        if (maxAge.isPresent() && e.age(now).compareTo(maxAge.get()) > 0) {
            return Optional.empty();
        }
        return entry;
    }

    /**
     * A session {@link #find} would hand out to some caller of {@code endpoint} with that device,
     * for an offline plan: which caller the base keys are is known only after GetCallerIdentity, so
     * this is what a run will most likely use, not a promise. The youngest one, if several.
     *
     * @param baseAccessKeyId the base keys when known offline (exported in the environment)
     */
    public Optional<Entry> likely(
            String endpoint,
            Optional<String> serial,
            Optional<String> baseAccessKeyId,
            Instant now,
            Optional<Duration> maxAge) {
        // A loop, not a stream: a plan reads the cache at start-up, and on JDK 17 each lambda costs
        // ~60 µs to link the first time. Of equally young ones, the first listed (as Stream.max).
        Entry youngest = null;
        for (Entry e : all(now)) {
            if (e.key().endpoint().equals(endpoint)
                    && (serial.isEmpty() || e.key().mfaSerial().equals(serial.get()))
                    && (baseAccessKeyId.isEmpty() || e.key().baseAccessKeyId().equals(baseAccessKeyId.get()))
                    && find(e.key(), now, maxAge).isPresent()
                    && (youngest == null || e.mfaAt().compareTo(youngest.mfaAt()) > 0)) {
                youngest = e;
            }
        }
        return Optional.ofNullable(youngest);
    }

    /** Stores (or replaces) the session for its key. */
    public void store(Entry entry) throws IOException {
        ensureDirectory();
        Path target = dir.resolve(entry.key().fileName());
        // Created 0600 before a byte is written; a unique name, so two writers never share one.
        Path temp = Files.createTempFile(dir, ".session-", ".tmp", PosixFilePermissions.asFileAttribute(FILE));
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                out.write(Json.bytes(fields(entry)));
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp); // gone already after a move; never left holding a secret
        }
    }

    /** Removes the session for {@code key}: AWS refused it. */
    public void forget(Key key) {
        delete(dir.resolve(key.fileName()));
    }

    /** Every readable, unexpired session, for {@code guard whoami}. */
    public List<Entry> all(Instant now) {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                Optional<Entry> e = read(f);
                if (e.isPresent()
                        && !impossible(f, e.get(), now)
                        && e.get().expires().isAfter(now)) {
                    out.add(e.get());
                }
            }
        } catch (IOException e) {
            warn.accept("could not list the session cache " + dir + ": " + e.getMessage());
        }
        return out;
    }

    /** Deletes every cached session; returns how many there were. */
    public int clear() throws IOException {
        int n = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (f.getFileName().toString().endsWith(".json")) {
                    n++;
                }
                Files.deleteIfExists(f);
            }
        }
        return n;
    }

    /**
     * The broker's view of this cache for one caller and device: a usable session under {@code
     * maxAge}, and a place to keep a new one (a failure to keep it is a warning, not an error).
     */
    public CredentialBroker.MfaSessions sessions(Key key, Optional<Duration> maxAge) {
        return new CredentialBroker.MfaSessions() {
            @Override
            public Optional<Entry> usable() {
                return find(key, Instant.now(), maxAge);
            }

            @Override
            public void keep(software.amazon.awssdk.services.sts.model.Credentials c, Instant mfaAt) {
                try {
                    store(new Entry(
                            key, c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), mfaAt, c.expiration()));
                } catch (IOException | RuntimeException e) {
                    warn.accept("could not cache the MFA session in " + dir + " ("
                            + e.getClass().getSimpleName() + "); the next run will ask for a code again");
                }
            }

            @Override
            public void forget() {
                SessionCache.this.forget(key);
            }
        };
    }

    /**
     * A session AWS could not have issued: MFA given in the future, or a life longer than
     * GetSessionToken's 36 h. Believed, it would defeat {@code mfa.maxAgeSeconds}; it is deleted.
     */
    private boolean impossible(Path file, Entry e, Instant now) {
        String why;
        if (e.mfaAt().isAfter(now.plus(SKEW))) {
            why = "its MFA time " + e.mfaAt() + " is in the future";
        } else if (!e.expires().isAfter(e.mfaAt())) {
            why = "it expires before its MFA time";
        } else if (Duration.between(e.mfaAt(), e.expires()).compareTo(LONGEST) > 0) {
            why = "it would last more than 36 h after MFA, longer than AWS issues";
        } else {
            return false;
        }
        warn.accept("removed cached session " + file + ": " + why + "; the next run asks for a code");
        delete(file);
        return true;
    }

    private void ensureDirectory() throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
            } catch (FileAlreadyExistsException e) {
                // made by a concurrent run; its permissions are fixed below
            }
        }
        if (!ownedByMe(dir)) {
            throw new IOException("the session cache " + dir + " belongs to someone else");
        }
        // A directory made by hand, or by an older version, is tightened rather than trusted.
        Files.setPosixFilePermissions(dir, DIR);
    }

    /**
     * Whether this user owns the path: a session someone else planted (a shared or pre-made cache
     * directory) would make guard act with credentials they chose.
     */
    private static boolean ownedByMe(Path path) throws IOException {
        // By uid, not name: in a container the uid may have no name at all.
        Object owner = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        return owner instanceof Integer uid && uid == MY_UID;
    }

    private static final long MY_UID = new com.sun.security.auth.module.UnixSystem().getUid();

    private Optional<Entry> read(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            if (!ownedByMe(file) || !ownedByMe(dir)) {
                warn.accept("ignored cached session " + file + ": it is not yours");
                return Optional.empty();
            }
            if (!Files.getPosixFilePermissions(file).equals(FILE)) {
                // Someone else may have read it: a session that may have leaked is not used.
                warn.accept("removed cached session " + file + ": its permissions were not 0600");
                delete(file);
                return Optional.empty();
            }
            Map<String, Object> fields = JsonReader.parseObject(Files.readAllBytes(file));
            Key key = new Key(
                    need(fields, "endpoint"),
                    need(fields, "baseAccessKeyId"),
                    need(fields, "callerArn"),
                    need(fields, "mfaSerial"));
            return Optional.of(new Entry(
                    key,
                    need(fields, "accessKeyId"),
                    need(fields, "secretAccessKey"),
                    need(fields, "sessionToken"),
                    Instant.parse(need(fields, "mfaAt")),
                    Instant.parse(need(fields, "expires"))));
        } catch (IOException | RuntimeException e) {
            warn.accept("removed unreadable cached session " + file);
            delete(file);
            return Optional.empty();
        }
    }

    private static String need(Map<String, Object> fields, String name) throws IOException {
        if (!(fields.get(name) instanceof String v) || v.isEmpty()) {
            throw new IOException("missing " + name);
        }
        return v;
    }

    private static Map<String, Object> fields(Entry entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("version", 1);
        fields.put("endpoint", entry.key().endpoint());
        fields.put("baseAccessKeyId", entry.key().baseAccessKeyId());
        fields.put("callerArn", entry.key().callerArn());
        fields.put("mfaSerial", entry.key().mfaSerial());
        fields.put("accessKeyId", entry.accessKeyId());
        fields.put("secretAccessKey", entry.secretAccessKey());
        fields.put("sessionToken", entry.sessionToken());
        fields.put("mfaAt", entry.mfaAt().toString());
        fields.put("expires", entry.expires().toString());
        return fields;
    }

    private void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            warn.accept("could not remove " + file + ": " + e.getMessage());
        }
    }
}
