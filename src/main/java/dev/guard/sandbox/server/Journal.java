package dev.guard.sandbox.server;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * What the sandbox received and decided, in order: who called what on which resource, whether
 * it was allowed (and by which statement), and whether anything changed. Tests read it to prove
 * "nothing was mutated"; {@code guard sandbox journal} prints it. Never holds a secret.
 */
public final class Journal {
    /**
     * One request. {@code principal} is "anonymous" for unauthenticated requests; {@code reason}
     * says why policies refused it (which kind of policy, which statement), empty otherwise.
     */
    public record Entry(
            Instant time,
            String requestId,
            String principal,
            String service,
            String action,
            String resource,
            String decision,
            Optional<String> decidingStatement,
            boolean mutated,
            int status,
            Optional<String> reason) {
        /** An entry without a reason. */
        public Entry(
                Instant time,
                String requestId,
                String principal,
                String service,
                String action,
                String resource,
                String decision,
                Optional<String> decidingStatement,
                boolean mutated,
                int status) {
            this(
                    time,
                    requestId,
                    principal,
                    service,
                    action,
                    resource,
                    decision,
                    decidingStatement,
                    mutated,
                    status,
                    Optional.empty());
        }
    }

    private static final int CAPACITY = 100_000;

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();

    public synchronized void record(Entry entry) {
        if (entries.size() == CAPACITY) {
            entries.removeFirst();
        }
        entries.add(entry);
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized boolean anyMutation() {
        return entries.stream().anyMatch(Entry::mutated);
    }

    public synchronized void clear() {
        entries.clear();
    }
}
