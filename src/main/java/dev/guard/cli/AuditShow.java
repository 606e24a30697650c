package dev.guard.cli;

import dev.guard.audit.AuditHistory;
import dev.guard.audit.AuditLog;
import dev.guard.json.Json;
import dev.guard.term.Printable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How {@code guard audit show} renders a run: a block of indented lines in the order the run wrote
 * its records, worded like the run's own report (a target is {@code id  state}, an outcome {@code id
 * status detail}). Hand-laid rather than a table: a run is a story of steps, not rows of one kind.
 * Every value from the log is escaped ({@link Printable}): a target's name may hold a line break.
 */
final class AuditShow {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private AuditShow() {}

    /** The run's lines; {@code gap}: a blank line before it, between two runs. */
    static List<String> text(AuditHistory.Run run, boolean gap) {
        List<String> out = new ArrayList<>();
        if (run.start().isEmpty()) {
            // Not a run (an approval, ad-hoc access): one line per record.
            run.entries()
                    .forEach(e -> out.add(WHEN.format(e.time()) + "  " + p(e.event()) + "  " + scalars(e.fields())));
            return out;
        }
        if (gap) {
            out.add("");
        }
        Map<String, Object> start = run.start().get().fields();
        out.add("run " + p(run.id()) + "  " + WHEN.format(run.started()) + "  " + s(start, "caller"));
        out.add("  runbook " + s(start, "runbook") + "  mode " + s(start, "mode")
                + (start.get("parameters") instanceof Map<?, ?> m && !m.isEmpty() ? "  parameters " + pairs(m) : ""));
        Set<String> finalOutcomes = new HashSet<>();
        run.entries().stream()
                .filter(e -> e.event().equals("outcomes") && !e.fields().containsKey("batch"))
                .forEach(e -> finalOutcomes.add(String.valueOf(e.fields().get("step"))));
        for (AuditHistory.Entry e : run.entries()) {
            if (e.event().equals("outcomes")
                    && e.fields().containsKey("batch")
                    && finalOutcomes.contains(String.valueOf(e.fields().get("step")))) {
                continue; // the step's final outcomes repeat every batch's
            }
            out.addAll(entry(e));
        }
        run.unfinished().ifPresent(u -> out.add("  no end: " + unfinished(u)));
        return out;
    }

    private static List<String> entry(AuditHistory.Entry e) {
        Map<String, Object> f = e.fields();
        List<String> out = new ArrayList<>();
        switch (e.event()) {
            case "run.start" -> {}
            case "apply.start" ->
                out.add("  applies saved plan " + s(f, "plan") + " (" + s(f, "digest") + ")"
                        + (Boolean.TRUE.equals(f.get("resumed")) ? ", resumed" : "")
                        + (f.get("approvers") instanceof List<?> a && !a.isEmpty()
                                ? ", approved by "
                                        + p(a.stream().map(String::valueOf).collect(Collectors.joining(", ")))
                                : ""));
            case "credentials" -> {
                for (Map<?, ?> session : maps(f.get("sessions"))) {
                    Object until = session.get("expires");
                    out.add("  credentials  " + s(session, "how")
                            + (until instanceof String t && !t.isEmpty() ? " (until " + until(t) + ")" : ""));
                }
            }
            case "targets" -> targets(f, out);
            case "dry-run" ->
                out.add("  dry run of " + s(f, "step") + ": " + s(f, "verdict")
                        + (f.get("detail") instanceof String d && !d.isEmpty() ? " — " + p(d) : ""));
            case "confirmation" ->
                out.add("  confirmation of " + s(f, "step") + ": " + s(f, "asked") + " (" + s(f, "by") + "), "
                        + s(f, "result"));
            case "outcomes" -> {
                out.add("  outcomes of " + s(f, "step")
                        + (f.containsKey("batch")
                                ? " (batch " + s(f, "batch") + ", the run ended before the rest)"
                                : "")
                        + ":");
                for (Map<?, ?> o : maps(f.get("outcomes"))) {
                    out.add("    " + s(o, "id") + "  " + s(o, "status")
                            + (o.get("detail") instanceof String d && !d.isEmpty() ? "  " + p(d) : ""));
                }
            }
            case "run.end" ->
                out.add("  ended " + CLOCK.format(e.time()) + ": exit " + s(f, "exitCode")
                        + (Boolean.TRUE.equals(f.get("cancelled")) ? " (cancelled)" : "") + " — "
                        + (f.containsKey("error") ? s(f, "error") : s(f, "summary")));
            case AuditLog.INTERRUPTED ->
                out.add("  noted: run " + s(f, "interruptedRun") + " (runbook "
                        + s(f, "runbook") + ") never ended; its last record is line " + s(f, "lastLine") + " ("
                        + s(f, "lastEvent") + ")");
            default -> out.add("  " + CLOCK.format(e.time()) + "  " + p(e.event()) + "  " + scalars(f));
        }
        return out;
    }

    private static void targets(Map<String, Object> f, List<String> out) {
        List<Map<?, ?>> targets = maps(f.get("targets"));
        out.add("  step " + s(f, "step") + ": " + s(f, "action") + " in " + s(f, "account") + " " + s(f, "region")
                + ", " + targets.size() + " target" + (targets.size() == 1 ? "" : "s"));
        for (Map<?, ?> t : targets) {
            out.add("    " + s(t, "id") + (t.get("state") == null ? "" : "  " + s(t, "state")));
        }
        if (f.get("refusals") instanceof List<?> refusals) {
            refusals.forEach(r -> out.add("    refused: " + p(String.valueOf(r))));
        }
        if (f.get("alreadyDone") instanceof List<?> done && !done.isEmpty()) {
            out.add("    already done: " + p(done.stream().map(String::valueOf).collect(Collectors.joining(", "))));
        }
    }

    private static String unfinished(AuditLog.Unfinished u) {
        return switch (u.liveness()) {
                    case DEAD -> "interrupted (killed or crashed)";
                    case ALIVE -> "still running";
                    case UNKNOWN -> "ran on another host, which may still be running it";
                }
                + "; its last record is line " + u.lastLine() + " (" + p(u.lastEvent()) + ")";
    }

    /** The run as JSON: what a reader wants first (runbook, caller, how it ended), then every record. */
    static Map<String, Object> json(AuditHistory.Run run) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", run.id());
        doc.put("started", run.started().toString());
        run.start().ifPresent(s -> {
            for (String k : List.of("mode", "runbook", "caller", "parameters")) {
                doc.put(k, s.fields().get(k));
            }
        });
        doc.put(
                "status",
                run.start().isEmpty()
                        ? "record"
                        : run.end().isPresent()
                                ? "ended"
                                : run.unfinished()
                                        .map(u -> u.interrupted() ? "interrupted" : "running")
                                        .orElse("interrupted"));
        run.end().ifPresent(end -> doc.put("end", end.fields()));
        doc.put("records", run.entries().stream().map(AuditShow::record).toList());
        return doc;
    }

    private static Map<String, Object> record(AuditHistory.Entry e) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("line", e.line());
        r.put("time", e.time().toString());
        r.put("event", e.event());
        r.putAll(e.fields());
        return r;
    }

    private static String until(String instant) {
        try {
            return CLOCK.format(Instant.parse(instant));
        } catch (java.time.format.DateTimeParseException e) {
            return p(instant);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<?, ?>> maps(Object list) {
        return list instanceof List<?> l
                ? (List<Map<?, ?>>)
                        (List<?>) l.stream().filter(Map.class::isInstance).toList()
                : List.of();
    }

    /** A record's fields as {@code name=value}, a list or object as compact JSON: the line for an unknown event. */
    private static String scalars(Map<String, Object> fields) {
        return fields.entrySet().stream()
                .map(e -> p(e.getKey()) + "=" + p(e.getValue() instanceof String v ? v : Json.compact(e.getValue())))
                .collect(Collectors.joining(" "));
    }

    private static String pairs(Map<?, ?> m) {
        return m.entrySet().stream()
                .map(e -> p(String.valueOf(e.getKey())) + "=" + p(String.valueOf(e.getValue())))
                .collect(Collectors.joining(", "));
    }

    private static String s(Map<?, ?> fields, String name) {
        Object v = fields.get(name);
        return v == null ? "?" : p(String.valueOf(v));
    }

    private static String p(String text) {
        return Printable.of(text);
    }
}
