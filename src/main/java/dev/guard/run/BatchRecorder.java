package dev.guard.run;

import dev.guard.action.BatchOutcomes;
import dev.guard.action.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes one {@code outcomes} record per batch of a step, numbered from 1, as each completes: the
 * step's full record comes only after it ends (and after {@code wait: true}), which a run killed
 * half-way never reaches.
 */
final class BatchRecorder implements BatchOutcomes {
    private final String step;
    private final Audit audit;
    private final AtomicInteger batches = new AtomicInteger();

    BatchRecorder(String step, Audit audit) {
        this.step = step;
        this.audit = audit;
    }

    @Override
    public void completed(List<Outcome> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("step", step);
        record.put("batch", batches.incrementAndGet());
        record.put("outcomes", fields(batch));
        audit.record("outcomes", record);
    }

    /** Whether the operation reported any batch itself. */
    boolean reported() {
        return batches.get() > 0;
    }

    /** Outcomes as the audit log keeps them: id, status, detail. */
    static List<Map<String, Object>> fields(List<Outcome> outcomes) {
        return outcomes.stream()
                .map(o -> {
                    Map<String, Object> m = new LinkedHashMap<>(); // id first: greppable, readable
                    m.put("id", o.targetId());
                    m.put("status", o.status().name().toLowerCase(Locale.ROOT));
                    m.put("detail", o.detail());
                    return m;
                })
                .toList();
    }
}
