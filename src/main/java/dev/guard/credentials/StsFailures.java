package dev.guard.credentials;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns an STS (or IAM) failure into one line that names the call, the role or device, and the
 * likely cause (DESIGN.md §1.6–1.7); exit code 4. AWS's own message is appended, shortened — it
 * names ARNs, never a secret — and the code or keys never are.
 */
final class StsFailures {
    private StsFailures() {}

    /**
     * @param call what guard was doing: "AssumeRole arn:aws:iam::...:role/X with MFA"
     * @param sentCode whether this call sent an MFA code (then a denial is most likely about it)
     * @param serial the MFA device sent, when one was
     */
    static GuardException explain(SdkException e, String call, boolean sentCode, String serial) {
        if (!(e instanceof AwsServiceException ase) || ase.awsErrorDetails() == null) {
            return noAnswer(e, call, sentCode);
        }
        String code = String.valueOf(ase.awsErrorDetails().errorCode());
        if (ase.statusCode() >= 500 || dev.guard.aws.Calls.THROTTLING.contains(code)) {
            // AWS's side, not a refusal: exit 1, never the authentication exit code.
            return new GuardException(
                    ExitCode.ACTION_FAILED,
                    call + " failed on AWS's side (HTTP " + ase.statusCode() + " " + code + ", after retries)"
                            + spentCode(e, sentCode) + "; nothing was changed: run again later");
        }
        String aws = shorten(ase.awsErrorDetails().errorMessage());
        String why = refusal(ase, code, aws, call, sentCode, serial);
        return new GuardException(ExitCode.AUTH_FAILED, call + " " + why + (aws.isEmpty() ? "" : ". AWS: " + aws));
    }

    /**
     * AWS's one answer to a bad MFA code (mistyped, expired, or already used — it never says which):
     * AccessDenied, "MultiFactorAuthentication failed with invalid MFA one time pass code". A
     * definite refusal: the call did nothing. Not AWS's "unable to validate MFA code" (the serial is
     * not the caller's device): another code cannot help that.
     */
    static boolean invalidCode(AwsServiceException e) {
        return e.awsErrorDetails() != null
                && "AccessDenied".equals(e.awsErrorDetails().errorCode())
                && String.valueOf(e.awsErrorDetails().errorMessage()).contains("MultiFactorAuthentication failed")
                && !wrongDevice(e);
    }

    /**
     * AWS's answer when the MFA serial sent is not a device of the calling user (another user's, or
     * none): "MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA
     * serial number is valid and associated with this user."
     */
    static boolean wrongDevice(AwsServiceException e) {
        return e.awsErrorDetails() != null
                && String.valueOf(e.awsErrorDetails().errorMessage()).contains("unable to validate MFA code");
    }

    /** What the operator reads before typing a second code, after {@link #invalidCode}. */
    static String invalidCodeAgain(String call) {
        return "AWS refused that MFA code as invalid (" + call + "; nothing was changed). Check the digits; if"
                + " you already used this code (a code works once), wait for your device to show the next one."
                + " Once more:";
    }

    /** Not an answer from AWS: no network, no answer in time, no TLS, or no usable credentials. */
    private static GuardException noAnswer(SdkException e, String call, boolean sentCode) {
        boolean io = false;
        for (Throwable c = e; c != null; c = c.getCause()) {
            io |= c instanceof java.io.IOException;
        }
        // Not an answer from AWS. No network (or no answer) is not an authentication failure, and
        // retrying was already done; no usable credentials (an unknown profile) is.
        boolean timedOut = dev.guard.aws.Calls.timedOut(e);
        if (io || timedOut) {
            return new GuardException(
                    ExitCode.ACTION_FAILED,
                    call + " failed: the endpoint "
                            + (timedOut
                                    ? "did not answer in time"
                                    : tls(e)
                                            ? "did not complete a TLS handshake (is it a plain-http endpoint"
                                                    + " named with https://?)"
                                            : "could not be reached or did not answer")
                            + " (" + dev.guard.aws.Calls.ioReason(e) + ")" + spentCode(e, sentCode)
                            + "; nothing was changed");
        }
        return new GuardException(ExitCode.AUTH_FAILED, call + " failed: " + shorten(e.getMessage()));
    }

    /** What a refusal (a 4xx AWS answered) means, in words the operator can act on. */
    private static String refusal(
            AwsServiceException ase, String code, String aws, String call, boolean sentCode, String serial) {
        return switch (code) {
            case "AccessDenied", "AccessDeniedException" ->
                String.valueOf(ase.awsErrorDetails().errorMessage()).contains("sts:SetSourceIdentity")
                        ? "denied: the role's trust policy (or your identity policy) does not allow"
                                + " sts:SetSourceIdentity, which guard uses to name you in CloudTrail; allow it, or set"
                                + " sessions.sourceIdentity: false in the config"
                        : wrongDevice(ase)
                                ? "denied: the MFA device " + serial + " is not one of your user's devices (AWS could"
                                        + " not validate the code against it); set the serial of your own device"
                                        + " (mfa_serial in the profile, or mfaSerial in guard's config); or, for keys"
                                        + " without a device: " + BaseCredentials.RUNNER_MODE_HINT
                                : sentCode
                                        ? "denied: the MFA code may be wrong, expired or already used (a code works once), the"
                                                + " device " + serial
                                                + " may not be yours, or the policy does not allow you"
                                                + " (" + BaseCredentials.RUNNER_MODE_HINT + ")"
                                        : call.startsWith("AssumeRole")
                                                ? "denied: the role's trust policy does not allow you, or not without MFA"
                                                : "denied";
            case "InvalidClientTokenId" ->
                "refused: AWS does not know your access key (InvalidClientTokenId);"
                        + " check the profile or keys guard runs with";
            case "SignatureDoesNotMatch" ->
                aws.contains("Signature expired") || aws.contains("Signature not yet current")
                        ? "refused: your clock differs from the endpoint's by more than AWS allows (\""
                                + (aws.contains("not yet current") ? "Signature not yet current" : "Signature expired")
                                + "\"); fix the system clock (NTP) and run again"
                        : "refused: the secret key does not match the access key (SignatureDoesNotMatch)";
            case "ExpiredToken", "ExpiredTokenException" ->
                "refused: your base credentials have expired" + " (ExpiredToken); refresh them and run again";
            case "RequestExpired", "RequestTimeTooSkewed" ->
                "refused: your clock differs from AWS's by more" + " than 5 minutes (" + code
                        + "); fix the system clock (NTP) and run again";
            case "ValidationError", "ValidationException" ->
                aws.contains("role chaining")
                        ? "refused: a role session made with temporary credentials is capped at 1 hour (role"
                                + " chaining); set sessions.roleSeconds to 3600 or less"
                        : aws.contains("MaxSessionDuration")
                                ? "refused: the role allows shorter sessions than guard asked for; set"
                                        + " sessions.roleSeconds (or the profile's duration_seconds) to at most the"
                                        + " role's MaxSessionDuration"
                                : "refused as invalid (" + code + ")";
            case "RegionDisabledException" -> "refused: STS is not activated in this region for the account";
            default -> "failed (" + code + ")";
        };
    }

    /** An MFA call that may have reached AWS may have used its code: the next run needs a new one. */
    private static String spentCode(SdkException e, boolean sentCode) {
        return sentCode && dev.guard.aws.Calls.outcomeUnknown(e)
                ? "; the code may have been used by that attempt, so wait for the next one before running again"
                : "";
    }

    private static boolean tls(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        return false;
    }

    static String shorten(String message) {
        if (message == null) {
            return "";
        }
        String one = message.replaceAll("\\s+", " ").strip();
        return one.length() <= 240 ? one : one.substring(0, 237) + "...";
    }
}
