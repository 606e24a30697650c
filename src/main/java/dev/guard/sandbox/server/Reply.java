package dev.guard.sandbox.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A service's answer and what the journal should say about it.
 *
 * @param action the operation, e.g. "sts:AssumeRole"
 * @param resource the ARN acted on, or "*"
 * @param decidingStatement the policy statement that allowed it, when one did
 */
public record Reply(
        int status,
        String contentType,
        byte[] body,
        Map<String, String> headers,
        String action,
        String resource,
        Optional<String> decidingStatement,
        boolean mutated) {

    public static Reply xml(String action, String resource, String xml, boolean mutated, Optional<String> statement) {
        return new Reply(
                200, "text/xml", xml.getBytes(StandardCharsets.UTF_8), Map.of(), action, resource, statement, mutated);
    }
}
