package dev.guard.lock;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The local locks under the state directory, for {@code guard unlock}: each with its state, and
 * clearing one left by a run that no longer runs. A live holder's lock is never cleared.
 */
public final class LockDirectory {
    /** How many hex digits of a lock file's name {@code guard unlock} shows as its id. */
    static final int ID_LENGTH = 12;

    private final Path dir;
    private final Clock clock;

    public LockDirectory(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** What a lock is now. */
    public enum State {
        /** A running guard process holds it. */
        HELD("held by a live process"),
        /** Its owner no longer runs (killed or crashed): cleared only by the operator. */
        STALE("left by a dead process"),
        /** Its owner is on another host, which this one cannot check. */
        OTHER_HOST("held from another host (cannot tell whether it runs)"),
        FREE("free");

        private final String words;

        State(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /**
     * One lock file.
     *
     * @param id the first hex digits of the file's name, enough to name it to {@code guard unlock}
     * @param key the resource, when the file says (an old, emptied file does not)
     * @param owner who holds (or left) it; empty when free
     */
    public record Entry(String id, Path file, Optional<String> key, State state, Optional<String> owner) {}

    /** Every lock file, by id. Reads only: takes no lock, so it never makes a run wait or fail. */
    public List<Entry> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".lock"))
                    .sorted()
                    .toList()) {
                out.add(entry(file, LockOwner.parse(Files.readString(file))));
            }
        } catch (IOException e) {
            throw new GuardException(ExitCode.ACTION_FAILED, "cannot read the locks in " + dir + ": " + e.getMessage());
        }
        return out;
    }

    /** A lock file's id: the first hex digits of its name. */
    static String id(Path file) {
        return file.getFileName().toString().substring(0, ID_LENGTH);
    }

    private static Entry entry(Path file, LockOwner owner) {
        String id = id(file);
        State state = owner.free()
                ? State.FREE
                : switch (owner.liveness()) {
                    case ALIVE -> State.HELD;
                    case DEAD -> State.STALE;
                    case UNKNOWN -> State.OTHER_HOST;
                };
        return new Entry(id, file, owner.key(), state, owner.free() ? Optional.empty() : Optional.of(owner.describe()));
    }

    /**
     * Clears the lock a key or id names, when no process holds it.
     *
     * @return what was cleared, as one line
     * @throws GuardException 7 when a live process holds it, 2 when nothing has that name
     */
    public String clear(String keyOrId) {
        Entry entry = find(keyOrId);
        try (FileChannel channel = PrivateFiles.open(entry.file())) {
            FileLock lock = RunLock.tryLock(channel);
            LockOwner owner = LockOwner.parse(RunLock.read(channel));
            String key = owner.key().orElse(entry.id());
            if (lock == null) {
                throw new GuardException(
                        ExitCode.LOCKED,
                        key + " is locked by a guard run that is still running: " + owner.describe()
                                + "; guard unlock never clears a live run's lock. Nothing was changed");
            }
            try {
                if (owner.free()) {
                    return key + " is free: nothing to clear";
                }
                RunLock.write(channel, RunLock.released(key, clock));
                return "cleared the lock on " + key + " left by " + owner.describe()
                        + "; that run may have stopped half-way: check what it did (guard audit verify names it,"
                        + " the audit log has its records) before running it again";
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new GuardException(
                    ExitCode.ACTION_FAILED,
                    "cannot clear " + entry.file() + ": " + e.getMessage() + "; nothing was changed");
        }
    }

    /** Clears every lock whose owner is known dead (on this host); returns a line for each. */
    public List<String> clearAllStale() {
        List<String> said = new ArrayList<>();
        for (Entry e : list()) {
            if (e.state() == State.STALE) {
                try {
                    said.add(clear(e.id()));
                } catch (GuardException ex) {
                    said.add(ex.getMessage()); // taken by a new run meanwhile: its own lock now
                }
            }
        }
        return said;
    }

    private Entry find(String keyOrId) {
        String wanted = keyOrId.strip();
        List<Entry> all = list();
        for (Entry e : all) {
            if (e.key().map(wanted::equals).orElse(false)
                    || e.id().equals(wanted)
                    || e.file().getFileName().toString().equals(wanted)) {
                return e;
            }
        }
        // A key no listed file names yet may still be a file whose key an older guard erased.
        Path byKey = dir.resolve(RunLock.name(wanted));
        if (Files.isRegularFile(byKey)) {
            return entry(byKey, LockOwner.parse(""));
        }
        throw GuardException.invalid("guard unlock: no lock '" + wanted.replaceAll("\\p{Cntrl}", "?") + "' in " + dir
                + " (guard unlock lists them, with their ids); nothing was changed");
    }
}
