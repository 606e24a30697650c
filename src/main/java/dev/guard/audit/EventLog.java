package dev.guard.audit;

import dev.guard.action.Outcome;
import dev.guard.json.Json;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A run's events as a log for schedulers ({@code --log-format json}): one compact JSON object per
 * line, {@code {"time","level","event",…}}, for journald, cron mail or CloudWatch. It decorates the
 * run's {@link AuditTrail}: an event is logged once the audit has it (a record the audit refused
 * stops the run, and the run's error is logged instead). The fields are the audit record's, without
 * the hash chain; a step's outcomes become one {@code outcome} line per target, a batch's one {@code
 * batch} line with counts, so a line stays short whatever the step's size. The audit events hold no
 * secret, so neither does this log.
 */
public final class EventLog implements AuditTrail {
    private final AuditTrail audit;
    private final Clock clock;
    private final Consumer<String> lines;
    private boolean started;
    private boolean ended;

    /** @param lines where each line goes (stderr), without its line break */
    public EventLog(AuditTrail audit, Clock clock, Consumer<String> lines) {
        this.audit = audit;
        this.clock = clock;
        this.lines = lines;
    }

    @Override
    public synchronized void write(AuditEvent event) {
        audit.write(event);
        // The audit writes an ending only for a run that started, and only one: so does its log.
        if (event instanceof AuditEvent.Ending && (!started || ended)) {
            return;
        }
        started |= event instanceof AuditEvent.RunStart;
        ended |= event instanceof AuditEvent.Ending;
        if (event instanceof AuditEvent.Outcomes o) {
            o.outcomes().forEach(one -> lines.accept(outcome(o.step(), one)));
        } else if (event instanceof AuditEvent.Batch b) {
            lines.accept(line(level(b), "batch", batch(b)));
        } else {
            lines.accept(line(level(event), event.name(), event.fields()));
        }
    }

    /** One log line: time and level, the event's name, then its fields in order. */
    public String line(String level, String event, Map<String, Object> fields) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", clock.instant().toString());
        line.put("level", level);
        line.put("event", event);
        fields.forEach(line::putIfAbsent);
        return Json.compact(line);
    }

    private String outcome(String step, Outcome o) {
        String status = o.status().name().toLowerCase(Locale.ROOT);
        return line(
                o.status() == Outcome.Status.FAILED ? "error" : "info",
                "outcome",
                AuditEvent.ordered("step", step, "id", o.targetId(), "status", status, "detail", o.detail()));
    }

    private static Map<String, Object> batch(AuditEvent.Batch b) {
        Map<String, Object> m = AuditEvent.ordered("step", b.step(), "batch", b.batch());
        for (Outcome.Status s : Outcome.Status.values()) {
            m.put(
                    s.name().toLowerCase(Locale.ROOT),
                    b.outcomes().stream().filter(o -> o.status() == s).count());
        }
        return m;
    }

    /** What a log filter picks up: a failure is an error, a refusal or a declined step a warning. */
    private static String level(AuditEvent event) {
        if (event instanceof AuditEvent.RunEnd end) {
            return end.exitCode() == 0 ? "info" : "error";
        }
        if (event instanceof AuditEvent.Failed) {
            return "error";
        }
        if (event instanceof AuditEvent.Batch b) {
            return b.outcomes().stream().anyMatch(o -> o.status() == Outcome.Status.FAILED) ? "error" : "info";
        }
        if (event instanceof AuditEvent.Targets t && !t.refusals().isEmpty()) {
            return "warning";
        }
        if (event instanceof AuditEvent.Confirmation c && !c.result().equals("accepted")) {
            return "warning";
        }
        if (event instanceof AuditEvent.Cancelled || event instanceof AuditEvent.Interrupted) {
            return "warning";
        }
        return "info";
    }
}
