package dev.guard.sandbox.sts;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.state.Caller;
import dev.guard.sandbox.state.MfaDevices;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Checks the SerialNumber and TokenCode of an STS call against the caller's virtual MFA device
 * (their lengths and patterns are {@link Constraints}'). A serial that is not the caller's device
 * and a wrong or reused code get AWS's two messages; the precise reason goes to {@code onRefusal}
 * (the journal), never to the caller.
 */
public final class MfaCheck {
    private static final String FAILED = "MultiFactorAuthentication failed with invalid MFA one time pass code.";
    /**
     * AWS's answer when the serial names no MFA device of the caller's (another user's, or none):
     * its wording, with the two spaces after "code." that AWS CLI output quoted in aws/aws-cli#6325
     * shows.
     */
    static final String UNKNOWN_SERIAL = "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify"
            + " your MFA serial number is valid and associated with this user.";

    private final MfaDevices devices;
    private final BiConsumer<String, MfaDevices.Check> onRefusal;

    public MfaCheck(MfaDevices devices, BiConsumer<String, MfaDevices.Check> onRefusal) {
        this.devices = devices;
        this.onRefusal = onRefusal;
    }

    /**
     * A code that checked out for its device, not yet used up: {@link #consume} records it once
     * the request is allowed.
     */
    record Verified(String serial, long step, Instant at) {}

    /**
     * Checks the code, when one was given, without using it up; empty when none was given. The
     * rule for when a code is used up: only by a request STS answers with credentials. A request
     * refused after this check (a missing role, a trust policy's denial, a session too long) leaves
     * the code usable, as the refusal changed nothing; {@link #consume} records it atomically
     * right before credentials are issued, so of two concurrent requests with one code exactly one
     * succeeds and the other is refused as a reuse.
     */
    Optional<Verified> verify(Call call, Map<String, String> params, Caller caller, String action) {
        String serial = params.get("SerialNumber");
        String code = params.get("TokenCode");
        if (serial == null && code == null) {
            return Optional.empty();
        }
        if (serial == null || code == null) {
            throw AwsError.accessDenied(FAILED).refusedBecause("SerialNumber and TokenCode go together");
        }
        // A role session has no MFA device of its own: only users (and their session tokens) do.
        String userArn = caller.kind() == Caller.CredentialKind.ROLE_SESSION
                ? caller.principal().arn()
                : caller.userName()
                        .map(u -> "arn:aws:iam::" + caller.accountId() + ":user/" + u)
                        .orElse(caller.principal().arn());
        MfaDevices.Verification result = devices.verify(serial, code, userArn, call.now());
        if (result.check() != MfaDevices.Check.OK) {
            throw refused(action, serial, result.check());
        }
        return Optional.of(new Verified(serial, result.step(), call.now()));
    }

    /** Uses up a verified code; refused as a reuse when a concurrent request used it first. */
    void consume(Optional<Verified> verified, String action) {
        verified.ifPresent(v -> {
            if (!devices.consume(v.serial(), v.step())) {
                throw refused(action, v.serial(), MfaDevices.Check.REUSED_CODE);
            }
        });
    }

    private AwsError refused(String action, String serial, MfaDevices.Check result) {
        onRefusal.accept(action + " " + serial, result);
        boolean theirs = result == MfaDevices.Check.WRONG_CODE || result == MfaDevices.Check.REUSED_CODE;
        // The caller gets AWS's message; the journal says which check failed (never the code).
        return AwsError.accessDenied(theirs ? FAILED : UNKNOWN_SERIAL)
                .because(Optional.empty(), "MFA code for " + serial + " refused: " + result);
    }
}
