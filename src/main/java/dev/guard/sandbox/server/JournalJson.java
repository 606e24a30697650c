package dev.guard.sandbox.server;

import dev.guard.json.Json;
import dev.guard.sandbox.iam.Decision;
import dev.guard.sandbox.iam.FailedCondition;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The journal as JSON lines, one request per line. The fields of the first version come first and
 * keep their meaning; later ones are added after them (null when they do not apply), so a reader
 * of the old lines reads the new ones.
 */
public final class JournalJson {
    private JournalJson() {}

    public static byte[] lines(List<Journal.Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Journal.Entry e : entries) {
            out.writeBytes(Json.bytes(line(e)));
            out.write('\n');
        }
        return out.toByteArray();
    }

    static Map<String, Object> line(Journal.Entry e) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", e.time().toString());
        line.put("requestId", e.requestId());
        line.put("principal", e.principal());
        line.put("service", e.service());
        line.put("action", e.action());
        line.put("resource", e.resource());
        line.put("decision", e.decision());
        line.put("statement", e.decidingStatement()); // null when no statement decided
        line.put("mutated", e.mutated());
        line.put("status", e.status());
        e.reason().ifPresent(r -> line.put("reason", r));
        line.put("operation", e.operation());
        line.put("policyDecision", e.policy().map(JournalJson::outcome));
        line.put("policyKind", e.policy().map(d -> d.kind().journalName()));
        line.put("closestMiss", e.policy().flatMap(Decision::closestMiss));
        line.put(
                "failedCondition", e.policy().flatMap(Decision::failedCondition).map(JournalJson::condition));
        return line;
    }

    /** allow, explicit-deny or implicit-deny: what policies decided, whatever the answer was (NoSuchKey after an allow). */
    private static String outcome(Decision d) {
        return d.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static Map<String, Object> condition(FailedCondition c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operator", c.operator());
        m.put("key", c.key());
        m.put("expected", c.expected());
        m.put("actual", c.actual());
        return m;
    }
}
