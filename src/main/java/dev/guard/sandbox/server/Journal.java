package dev.guard.sandbox.server;

import dev.guard.sandbox.iam.Decision;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What the sandbox received and decided, in order: who called what on which resource, whether
 * it was allowed (and by which statement), and whether anything changed. Tests read it to prove
 * "nothing was mutated"; {@code guard sandbox journal} prints it. Never holds a secret.
 */
public final class Journal {
    /**
     * One request. {@code principal} is "anonymous" for unauthenticated requests; {@code action} is
     * the IAM action evaluated (else service:Operation, "?" when not even that can be told); {@code
     * decision} is "allowed" or the error code answered; {@code reason} says why policies refused it
     * (which kind of policy, which statement), empty otherwise; {@code operation} is the API
     * operation asked for ("" when it cannot be told); {@code policy} is the evaluation that decided
     * (its kind, closest miss and failed condition), when one was made.
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
            Optional<String> reason,
            String operation,
            Optional<Decision> policy) {

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
                int status,
                Optional<String> reason) {
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
                    reason,
                    "",
                    Optional.empty());
        }
    }

    private static final int CAPACITY = 100_000;

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

    public void record(Entry entry) {
        synchronized (this) {
            if (entries.size() == CAPACITY) {
                entries.removeFirst();
            }
            entries.add(entry);
        }
        listeners.forEach(l -> l.accept(entry));
    }

    /**
     * Tells {@code listener} of every request from now on, after it is recorded and before its
     * answer is sent: a test can move the sandbox's clock on each poll, say, and so see a
     * transition end after a known number of polls.
     */
    public void listen(Consumer<Entry> listener) {
        listeners.add(listener);
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
