package dev.guard.sandbox.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** The journal as JSON lines, one request per line. */
public final class JournalJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JournalJson() {}

    public static byte[] lines(List<Journal.Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Journal.Entry e : entries) {
                try (JsonGenerator g = FACTORY.createGenerator(out)) {
                    g.writeStartObject();
                    g.writeStringField("time", e.time().toString());
                    g.writeStringField("requestId", e.requestId());
                    g.writeStringField("principal", e.principal());
                    g.writeStringField("service", e.service());
                    g.writeStringField("action", e.action());
                    g.writeStringField("resource", e.resource());
                    g.writeStringField("decision", e.decision());
                    g.writeStringField("statement", e.decidingStatement().orElse(null));
                    g.writeBooleanField("mutated", e.mutated());
                    g.writeNumberField("status", e.status());
                    g.writeEndObject();
                }
                out.write('\n');
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }
}
