package dev.guard.sandbox.server;

import dev.guard.sandbox.iam.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The policy evaluations one request made, in order: what a service asked IAM (action, resource)
 * and what it decided. The server reads them to journal every answer — an allow, a denial, or an
 * error after an allow (NoSuchKey is still an s3:GetObject that policies allowed) — without each
 * error saying what was being authorized.
 */
public final class Evaluations {
    /** One evaluation: the action and resource as policies saw them, and the decision. */
    public record Evaluation(String action, String resource, Decision decision) {}

    private final List<Evaluation> made = new ArrayList<>();

    /** Records an evaluation; services call it from their authorize helper, allowed or not. */
    public synchronized void add(String action, String resource, Decision decision) {
        made.add(new Evaluation(action, resource, decision));
    }

    /** The last evaluation: the one a refused request failed on. */
    public synchronized Optional<Evaluation> last() {
        return made.isEmpty() ? Optional.empty() : Optional.of(made.get(made.size() - 1));
    }

    /** The first allowed evaluation of {@code action}: what let an answered request through. */
    public synchronized Optional<Evaluation> allowed(String action) {
        return made.stream()
                .filter(e -> e.decision().allowed() && e.action().equals(action))
                .findFirst();
    }
}
