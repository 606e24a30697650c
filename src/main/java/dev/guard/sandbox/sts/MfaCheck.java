package dev.guard.sandbox.sts;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.state.Caller;
import dev.guard.sandbox.state.MfaDevices;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Checks the SerialNumber and TokenCode of an STS call against the caller's virtual MFA device.
 * Every failure gets AWS's single message; the precise reason goes to {@code onRefusal} (the
 * journal), never to the caller.
 */
public final class MfaCheck {
    private static final Pattern CODE = Pattern.compile("\\d{6}");
    private static final String FAILED = "MultiFactorAuthentication failed with invalid MFA one time pass code.";

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
        if (serial.length() < 9 || serial.length() > 256) {
            throw AwsError.validation("1 validation error detected: Value '" + serial + "' at 'serialNumber' failed to"
                    + " satisfy constraint: Member must have length between 9 and 256");
        }
        if (!CODE.matcher(code).matches()) {
            // The code itself is never echoed back.
            throw AwsError.validation("1 validation error detected: Value at 'tokenCode' failed to satisfy constraint:"
                    + " Member must have length less than or equal to 6 and match the pattern [\\d]*");
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
            // The caller gets AWS's one message; the journal says which check failed (never the code).
            throw AwsError.accessDenied(FAILED)
                    .because(Optional.empty(), "MFA code for " + serial + " refused: " + result);
        }
        return Optional.of(call.now());
    }
}
