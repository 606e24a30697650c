package dev.guard.audit;

import dev.guard.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The audit log of DESIGN.md §4: one JSON line per event — a run's start, the credentials it
 * obtained, the targets it saw, each confirmation, each outcome, its end — appended to a 0600 file
 * under an exclusive lock, each line carrying the SHA-256 of the line before it ({@code prev}), so
 * an edited or deleted line breaks the chain and {@code guard audit verify} says where.
 *
 * <p>Callers pass only what may be kept: ARNs, ids, states, decisions — never a secret key, a
 * session token or an MFA code. (Truncating the end of the file cannot be detected by a chain;
 * ship the log elsewhere for that.)
 */
public final class AuditLog {
    /** The {@code prev} of the first line. */
    public static final String GENESIS = "0".repeat(64);

    private static final Pattern PREV = Pattern.compile("\"prev\":\"([0-9a-f]{64})\"");

    private final Path file;
    private final Clock clock;
    private final String runId;

    /** @param runId ties one run's lines together */
    public AuditLog(Path file, Clock clock, String runId) {
        this.file = file;
        this.clock = clock;
        this.runId = runId;
    }

    public Path file() {
        return file;
    }

    /**
     * Appends one event.
     *
     * @throws IOException when the log cannot be written: a run must not go on unaudited
     */
    public void append(String event, Map<String, Object> fields) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another run made it first
            }
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.lock(); // concurrent runs append one at a time
            try {
                if (channel.size() > 0 && !endsWithNewline(channel)) {
                    // A run that died mid-write left half a line: end it, so verify names it and the
                    // chain goes on from it instead of being glued to it.
                    channel.write(ByteBuffer.wrap(new byte[] {'\n'}), channel.size());
                }
                String prev = lastLine(channel).map(AuditLog::sha256).orElse(GENESIS);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("time", clock.instant().toString());
                line.put("run", runId);
                line.put("event", event);
                line.putAll(fields);
                line.put("prev", prev);
                byte[] bytes = (Json.compact(line) + "\n").getBytes(StandardCharsets.UTF_8);
                channel.position(channel.size());
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(false);
            } finally {
                lock.release();
            }
        }
    }

    private static boolean endsWithNewline(FileChannel channel) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, channel.size() - 1);
        return last.get(0) == '\n';
    }

    /**
     * The last complete line, found by reading backwards from the end in 64 KiB blocks: the log
     * grows without bound, and one record of a 10,000-target step is itself half a megabyte.
     */
    private static Optional<String> lastLine(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return Optional.empty();
        }
        long end = size - 1; // the final '\n'
        long start = 0;
        ByteBuffer block = ByteBuffer.allocate(64 * 1024);
        long pos = end;
        search:
        while (pos > 0) {
            long from = Math.max(0, pos - block.capacity());
            block.clear().limit((int) (pos - from));
            channel.read(block, from);
            for (int k = block.position() - 1; k >= 0; k--) {
                if (block.get(k) == '\n') {
                    start = from + k + 1;
                    break search;
                }
            }
            pos = from;
        }
        ByteBuffer line = ByteBuffer.allocate((int) (end - start));
        channel.read(line, start);
        return Optional.of(new String(line.array(), StandardCharsets.UTF_8));
    }

    /**
     * What {@link #verify} found.
     *
     * @param head the SHA-256 of the last line: kept elsewhere (a ticket, a chat message), it lets a
     *     later verify prove nothing before it was rewritten — the chain has no key, so someone who
     *     can write the file could rebuild it, and its last line is sealed only by the next record
     */
    public record Verification(int lines, List<String> problems, String head) {
        public boolean intact() {
            return problems.isEmpty();
        }
    }

    /** Checks every line's {@code prev} against the line before it. */
    public static Verification verify(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        String expected = GENESIS;
        int n = 0;
        byte[] all;
        // Under a shared lock: a run appending meanwhile cannot show up as half a line.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock lock = channel.lock(0, Long.MAX_VALUE, true);
            try {
                all = Files.readAllBytes(file);
            } finally {
                lock.release();
            }
        }
        if (all.length == 0) {
            return new Verification(0, problems, expected);
        }
        String text = new String(all, StandardCharsets.UTF_8);
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty() && n > 0 && text.endsWith("\n")) {
                continue; // after the final newline
            }
            n++;
            // guard writes prev last; the last match is it, whatever the values before it hold.
            Matcher m = PREV.matcher(line);
            String prev = null;
            while (m.find()) {
                prev = m.group(1);
            }
            if (prev == null) {
                problems.add(file + ":" + n + ": not an audit record (no prev hash)");
            } else if (!prev.equals(expected)) {
                problems.add(file + ":" + n + ": the chain breaks here: line " + (n - 1)
                        + " was changed or removed, or this line was inserted");
            }
            expected = sha256(line);
        }
        return new Verification(n, problems, expected);
    }

    static String sha256(String line) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(line.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
