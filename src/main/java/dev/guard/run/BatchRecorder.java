package dev.guard.run;

import dev.guard.action.BatchOutcomes;
import dev.guard.action.Outcome;
import dev.guard.audit.AuditEvent;
import dev.guard.audit.AuditTrail;
import dev.guard.term.Progress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes one {@code outcomes} record per batch of a step, numbered from 1, as each completes: the
 * step's full record comes only after it ends (and after {@code wait: true}), which a run killed
 * half-way never reaches.
 */
final class BatchRecorder implements BatchOutcomes {
    private final String step;
    private final AuditTrail audit;
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private volatile Progress.Task shown = Progress.Task.NONE;

    BatchRecorder(String step, AuditTrail audit) {
        this.step = step;
        this.audit = audit;
    }

    @Override
    public void completed(List<Outcome> batch) {
        if (batch.isEmpty()) {
            return;
        }
        audit.write(new AuditEvent.Batch(step, batches.incrementAndGet(), batch));
        shown.count(answered.addAndGet(batch.size()));
    }

    /** Counts the targets of each batch AWS has answered on {@code task} ("terminating instances 40/120"). */
    void showing(Progress.Task task) {
        answered.set(0);
        shown = task;
    }

    /** Whether the operation reported any batch itself. */
    boolean reported() {
        return batches.get() > 0;
    }
}
