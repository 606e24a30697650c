package dev.guard.sandbox.sigv4;

/**
 * Thrown inside the verifier when a step refuses the request; the verifier turns it into a {@link
 * Verification.Rejected}. No stack trace: it is an expected outcome, and cheap to raise.
 */
final class VerificationFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final transient CanonicalRequest canonicalRequest;
    private final String stringToSign;

    VerificationFailure(Reason reason, String message) {
        this(reason, message, null, "");
    }

    VerificationFailure(Reason reason, String message, CanonicalRequest canonicalRequest, String stringToSign) {
        super(message, null, false, false);
        this.reason = reason;
        this.canonicalRequest = canonicalRequest;
        this.stringToSign = stringToSign;
    }

    Reason reason() {
        return reason;
    }

    CanonicalRequest canonicalRequest() {
        return canonicalRequest;
    }

    String stringToSign() {
        return stringToSign;
    }
}
