package dev.guard.sandbox.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An error answer in AWS's terms: HTTP status, error code and message as the real service sends
 * them. Thrown by service handlers; each protocol renders it in its own wire shape.
 */
public final class AwsError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final String HEADER = "header:";

    private final int status;
    private final String code;
    private final boolean senderFault;
    private final Map<String, String> details;
    private final Optional<String> decidingStatement;
    private final Optional<String> reason;
    private final Optional<String> action;
    private final Optional<String> resource;

    public AwsError(int status, String code, String message) {
        this(status, code, message, status < 500);
    }

    public AwsError(int status, String code, String message, boolean senderFault) {
        this(
                status,
                code,
                message,
                senderFault,
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    private AwsError(
            int status,
            String code,
            String message,
            boolean senderFault,
            Map<String, String> details,
            Optional<String> decidingStatement,
            Optional<String> reason,
            Optional<String> action,
            Optional<String> resource) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.senderFault = senderFault;
        this.details = details;
        this.decidingStatement = decidingStatement;
        this.reason = reason;
        this.action = action;
        this.resource = resource;
    }

    /**
     * This error naming what it refused, for the journal only (never sent): the IAM action and the
     * resource ARN, where no policy evaluation says so (an MFA code refused before the trust policy
     * was read, say).
     */
    public AwsError on(String refusedAction, String refusedResource) {
        return new AwsError(
                status,
                code,
                getMessage(),
                senderFault,
                details,
                decidingStatement,
                reason,
                Optional.of(refusedAction),
                Optional.of(refusedResource));
    }

    /** The action this error refused, when it says ({@link #on}). */
    public Optional<String> action() {
        return action;
    }

    /** The resource this error refused, when it says ({@link #on}). */
    public Optional<String> resource() {
        return resource;
    }

    /**
     * This error with why policies refused the request, for the journal only (never sent): the
     * statement that decided, when one did (an explicit Deny), and the evaluator's explanation.
     */
    public AwsError because(Optional<String> statement, String explanation) {
        return new AwsError(
                status,
                code,
                getMessage(),
                senderFault,
                details,
                statement,
                Optional.of(explanation),
                action,
                resource);
    }

    /**
     * This error as a refusal no policy decided (a role that does not exist, MFA Delete without a
     * code, ...): the journal names no statement — not that of an allow evaluated before — and
     * says {@code why} (never a secret: no code, no key).
     */
    public AwsError refusedBecause(String why) {
        return because(Optional.empty(), why);
    }

    /** The policy statement that refused the request (an explicit Deny), for the journal. */
    public Optional<String> decidingStatement() {
        return decidingStatement;
    }

    /** Why policies refused the request, for the journal; empty for errors that are not denials. */
    public Optional<String> reason() {
        return reason;
    }

    /**
     * This error with one more detail element, e.g. S3's {@code <Key>} in NoSuchKey: services
     * that render details put them after the message, in the order they were added.
     */
    public AwsError withDetail(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(details);
        more.put(name, value);
        return new AwsError(
                status,
                code,
                getMessage(),
                senderFault,
                java.util.Collections.unmodifiableMap(more),
                decidingStatement,
                reason,
                action,
                resource);
    }

    /** Detail elements in the order they were added; empty for most errors. */
    public Map<String, String> details() {
        Map<String, String> shown = new LinkedHashMap<>(details);
        shown.keySet().removeIf(name -> name.startsWith(HEADER));
        return java.util.Collections.unmodifiableMap(shown);
    }

    /**
     * This error with a response header, e.g. S3's {@code x-amz-delete-marker} on a NoSuchKey. Kept
     * among the details under a prefix no element name can have, so every copy carries it.
     */
    public AwsError withHeader(String name, String value) {
        return withDetail(HEADER + name, value);
    }

    /** Response headers added with {@link #withHeader}, in order. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        details.forEach((name, value) -> {
            if (name.startsWith(HEADER)) {
                headers.put(name.substring(HEADER.length()), value);
            }
        });
        return headers;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** "Sender" or "Receiver", as the query protocol's Error/Type says. */
    public String type() {
        return senderFault ? "Sender" : "Receiver";
    }

    public static AwsError accessDenied(String message) {
        return new AwsError(403, "AccessDenied", message);
    }

    public static AwsError validation(String message) {
        return new AwsError(400, "ValidationError", message);
    }
}
