package dev.guard.sandbox.iam;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A policy as compact JSON in a fixed element order: what GetRole and GetBucketPolicy return. A
 * single value stays a string, several become a list, and Statement is always a list.
 */
final class PolicyJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private PolicyJson() {}

    static String write(PolicyDocument document) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("Version", document.version());
            if (document.id().isPresent()) {
                json.writeStringField("Id", document.id().get());
            }
            json.writeArrayFieldStart("Statement");
            for (Statement statement : document.statements()) {
                statement(json, statement);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void statement(JsonGenerator json, Statement statement) throws IOException {
        json.writeStartObject();
        if (statement.sid().isPresent()) {
            json.writeStringField("Sid", statement.sid().get());
        }
        json.writeStringField("Effect", statement.effect().awsName());
        if (statement.principal().isPresent()) {
            PrincipalElement principal = statement.principal().get();
            json.writeFieldName(principal.elementName());
            if (principal.everyone()) {
                json.writeString("*");
            } else {
                json.writeStartObject();
                for (Map.Entry<String, List<String>> type : principal.byType().entrySet()) {
                    values(json, type.getKey(), type.getValue());
                }
                json.writeEndObject();
            }
        }
        values(json, statement.action().elementName(), statement.action().patterns());
        if (statement.resource().isPresent()) {
            ResourceElement resource = statement.resource().get();
            values(json, resource.elementName(), resource.patterns());
        }
        if (!statement.conditions().isEmpty()) {
            json.writeObjectFieldStart("Condition");
            String open = null;
            for (Condition condition : statement.conditions()) {
                // Conditions come grouped by operator, in the order the policy had them.
                if (!condition.operator().equals(open)) {
                    if (open != null) {
                        json.writeEndObject();
                    }
                    json.writeObjectFieldStart(condition.operator());
                    open = condition.operator();
                }
                values(json, condition.key(), condition.values());
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private static void values(JsonGenerator json, String name, List<String> values) throws IOException {
        json.writeFieldName(name);
        if (values.size() == 1) {
            json.writeString(values.get(0));
            return;
        }
        json.writeStartArray();
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
