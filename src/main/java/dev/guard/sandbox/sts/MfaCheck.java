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

    /** When a code was given and is valid, the instant MFA was authenticated; empty when none was given. */
    Optional<Instant> verify(Call call, Map<String, String> params, Caller caller, String action) {
        String serial = params.get("SerialNumber");
        String code = params.get("TokenCode");
        if (serial == null && code == null) {
            return Optional.empty();
        }
        if (serial == null || code == null) {
            throw AwsError.accessDenied(FAILED);
        }
        // A role session has no MFA device of its own: only users (and their session tokens) do.
        String userArn = caller.kind() == Caller.CredentialKind.ROLE_SESSION
                ? caller.principal().arn()
                : caller.userName()
                        .map(u -> "arn:aws:iam::" + caller.accountId() + ":user/" + u)
                        .orElse(caller.principal().arn());
        MfaDevices.Check result = devices.check(serial, code, userArn, call.now());
        if (result != MfaDevices.Check.OK) {
            onRefusal.accept(action + " " + serial, result);
            boolean theirs = result == MfaDevices.Check.WRONG_CODE || result == MfaDevices.Check.REUSED_CODE;
            throw AwsError.accessDenied(theirs ? FAILED : UNKNOWN_SERIAL);
        }
        return Optional.of(call.now());
    }
}
