package dev.guard.auth;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by {@link Decision#planOrThrow()} when guard refuses to plan credentials; the message lists
 * every refusal, one per line, and {@link #exitCode()} is the one the CLI should exit with.
 */
public final class CredentialDecisionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Decision.Refused refused;

    public CredentialDecisionException(Decision.Refused refused) {
        super(refused.refusals().stream().map(CredentialRefusal::toString).collect(Collectors.joining("\n")));
        this.refused = refused;
    }

    public List<CredentialRefusal> refusals() {
        return refused.refusals();
    }

    public int exitCode() {
        return refused.exitCode();
    }
}
