package dev.guard.audit;

import dev.guard.json.Json;
import dev.guard.lock.Owner;
import dev.guard.lock.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
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
import java.util.Set;
import java.util.function.Consumer;
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

    /** The event a run records when it finds an earlier run that never ended. */
    public static final String INTERRUPTED = "interrupted";

    private static final Pattern PREV = Pattern.compile("\"prev\":\"([0-9a-f]{64})\"");
    private static final Set<PosixFilePermission> OWNER_ONLY = PrivateFiles.OWNER_ONLY;

    private final Path file;
    private final Clock clock;
    private final String runId;
    private final Consumer<String> warnings;

    /** @param runId ties one run's lines together */
    public AuditLog(Path file, Clock clock, String runId) {
        this(file, clock, runId, warning -> {});
    }

    /**
     * @param warnings told what the log fixed on its own (a file others could read made private
     *     again), in one line the operator should see
     */
    public AuditLog(Path file, Clock clock, String runId, Consumer<String> warnings) {
        this.file = file;
        this.clock = clock;
        this.runId = runId;
        this.warnings = warnings;
    }

    public Path file() {
        return file;
    }

    /**
     * Why the log refused to be written, in words the operator can act on (a symbolic link, not a
     * regular file). Its message names only the path.
     */
    public static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /**
     * Appends one event.
     *
     * @throws Refused when the path is a symbolic link or not a regular file
     * @throws IOException when the log cannot be written: a run must not go on unaudited
     */
    public void append(String event, Map<String, Object> fields) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        // Never through a link: whoever can plant one would have guard write its records elsewhere.
        if (Files.isSymbolicLink(file)) {
            throw new Refused("the audit log " + file + " is a symbolic link; guard does not follow it");
        }
        try (FileChannel channel = open(file)) {
            FileLock lock = channel.lock(); // concurrent runs append one at a time
            try {
                keepPrivate();
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

    /** Creates the file 0600 if it is absent; opens it without following a link (O_NOFOLLOW). */
    private static FileChannel open(Path file) throws IOException {
        try {
            FileChannel channel = PrivateFiles.open(file);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                channel.close();
                throw new Refused("the audit log " + file + " is not a regular file");
            }
            return channel;
        } catch (FileSystemException e) {
            if (Files.isSymbolicLink(file)) {
                throw new Refused("the audit log " + file + " is a symbolic link; guard does not follow it");
            }
            throw e;
        }
    }

    /** A log others can read (or write) is made 0600 again, and the operator is told. */
    private void keepPrivate() throws IOException {
        Set<PosixFilePermission> now = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        if (!now.equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            warnings.accept("the audit log " + file + " was " + PosixFilePermissions.toString(now)
                    + "; made it rw------- (only you may read what your runs did)");
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
     * A run that started and has no {@code run.end}: killed, crashed, or still running.
     *
     * @param startLine the line of its {@code run.start}
     * @param lastLine the line of its last record: how far it is known to have got
     * @param owner the process that ran it, when its {@code run.start} names one
     * @param liveness whether that process still runs; a dead one is an interrupted run
     * @param noted whether a later run has already warned about it
     */
    public record Unfinished(
            String run,
            String runbook,
            String started,
            int startLine,
            int lastLine,
            String lastEvent,
            Optional<Owner> owner,
            Owner.Liveness liveness,
            boolean noted) {
        public boolean interrupted() {
            return liveness == Owner.Liveness.DEAD;
        }

        /** "run 1b2c… (runbook x, started …, pid 42 on h): no run.end; its last record is line 9 (outcomes)". */
        public String describe() {
            return "run " + run + " (runbook " + runbook + ", started " + started
                    + owner.map(o -> ", " + o.describe()).orElse("") + "): no run.end"
                    + switch (liveness) {
                        case DEAD -> "; it was interrupted (killed or crashed)";
                        case ALIVE -> "; it is still running";
                        case UNKNOWN -> "; it ran on another host, which may still be running it";
                    }
                    + "; its last record is line " + lastLine + " (" + lastEvent + ")";
        }
    }

    /**
     * What {@link #verify} found.
     *
     * @param head the SHA-256 of the last line: kept elsewhere (a ticket, a chat message), it lets a
     *     later verify prove nothing before it was rewritten — the chain has no key, so someone who
     *     can write the file could rebuild it, and its last line is sealed only by the next record
     * @param unfinished the runs that started and did not end, oldest first
     */
    public record Verification(int lines, List<String> problems, String head, List<Unfinished> unfinished) {
        public boolean intact() {
            return problems.isEmpty();
        }

        public List<Unfinished> interrupted() {
            return unfinished.stream().filter(Unfinished::interrupted).toList();
        }
    }

    /**
     * Checks every line's {@code prev} against the line before it, and follows the runs to find
     * the ones that never ended.
     */
    public static Verification verify(Path file) throws IOException {
        List<String> problems = new ArrayList<>();
        Runs runs = new Runs();
        String expected = GENESIS;
        int n = 0;
        byte[] all;
        // Under a shared lock: a run appending meanwhile cannot show up as half a line.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock = channel.lock(0, Long.MAX_VALUE, true);
            try {
                all = Files.readAllBytes(file);
            } finally {
                lock.release();
            }
        }
        if (all.length == 0) {
            return new Verification(0, problems, expected, List.of());
        }
        String text = new String(all, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (i == lines.length - 1 && line.isEmpty()) {
                break; // after the final newline
            }
            n++;
            // guard writes prev last; the last match is it, whatever the values before it hold.
            Matcher m = PREV.matcher(line);
            String prev = null;
            while (m.find()) {
                prev = m.group(1);
            }
            if (line.isBlank()) {
                problems.add(file + ":" + n + ": a blank line, which guard never writes: inserted");
            } else if (prev == null) {
                problems.add(file + ":" + n + ": not an audit record (no prev hash)");
            } else if (!prev.equals(expected)) {
                problems.add(file + ":" + n + ": the chain breaks here: line " + (n - 1)
                        + " was changed or removed, or this line was inserted");
            }
            runs.add(n, line);
            expected = sha256(line);
        }
        return new Verification(n, problems, expected, runs.unfinished());
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
