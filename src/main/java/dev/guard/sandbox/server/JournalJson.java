package dev.guard.sandbox.server;

import dev.guard.json.Json;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The journal as JSON lines, one request per line. */
public final class JournalJson {
    private JournalJson() {}

    public static byte[] lines(List<Journal.Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Journal.Entry e : entries) {
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
            out.writeBytes(Json.bytes(line));
            out.write('\n');
        }
        return out.toByteArray();
    }
}
