package dev.guard.sandbox.iam;

/** A policy document that AWS would refuse: malformed JSON, bad grammar, or the wrong kind of policy. */
public final class PolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PolicyException(String message) {
        super(message);
    }
}
