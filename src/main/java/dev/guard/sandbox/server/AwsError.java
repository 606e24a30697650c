package dev.guard.sandbox.server;

/**
 * An error answer in AWS's terms: HTTP status, error code and message as the real service sends
 * them. Thrown by service handlers; each protocol renders it in its own wire shape.
 */
public final class AwsError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final boolean senderFault;

    public AwsError(int status, String code, String message) {
        this(status, code, message, status < 500);
    }

    public AwsError(int status, String code, String message, boolean senderFault) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.senderFault = senderFault;
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
