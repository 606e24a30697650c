package dev.guard.sandbox.s3;

import dev.guard.sandbox.iam.Principal;
import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.server.Call;
import dev.guard.sandbox.state.MfaDevices;
import java.util.Optional;

/**
 * MFA Delete: on a bucket that has it, a permanent delete of a version and any change of the
 * versioning configuration need the {@code x-amz-mfa} header ("SERIAL CODE") with a current code of
 * the bucket owner's root user's MFA device — which is also the only way to turn MFA Delete on. A
 * code works once. The caller only ever sees AWS's message; the journal gets the precise reason.
 */
final class MfaDelete {
    static final String REQUIRED = "Mfa Authentication must be used for this request";

    private final Optional<MfaDevices> devices;

    /** @param devices the MFA devices codes are checked against; empty: none (every x-amz-mfa is refused) */
    MfaDelete(Optional<MfaDevices> devices) {
        this.devices = devices;
    }

    /** DeleteObject(s) of a version: needs MFA when the bucket has MFA Delete. */
    void requireForVersionDelete(Call call, ObjectStore.Bucket bucket) {
        if (bucket.mfaDelete()) {
            require(call, bucket);
        }
    }

    /** Checks {@code x-amz-mfa} as the bucket owner's root user's, consuming the code when valid. */
    void require(Call call, ObjectStore.Bucket bucket) {
        String header = call.header("x-amz-mfa");
        if (header == null) {
            throw refused("no x-amz-mfa header");
        }
        String[] parts = header.strip().split(" ");
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            // The value is not echoed back: it holds a one-time code.
            throw new AwsError(
                            400,
                            "InvalidArgument",
                            "Mfa header is invalid -- the header should be formatted as {serialNumber}(space){tokenCode}")
                    .withDetail("ArgumentName", "x-amz-mfa");
        }
        Principal caller = call.caller().principal();
        if (caller.kind() != Principal.Kind.ROOT || !caller.accountId().equals(bucket.accountId())) {
            throw refused("only the bucket owner's root user can use MFA Delete; the caller is " + caller.arn());
        }
        String root = "arn:aws:iam::" + bucket.accountId() + ":root";
        MfaDevices.Check check =
                devices.map(d -> d.check(parts[0], parts[1], root, call.now())).orElse(MfaDevices.Check.UNKNOWN_DEVICE);
        if (check != MfaDevices.Check.OK) {
            throw refused("x-amz-mfa for " + parts[0] + ": " + check);
        }
    }

    private static AwsError refused(String why) {
        return new AwsError(403, "AccessDenied", REQUIRED).refusedBecause("MFA Delete: " + why);
    }
}
