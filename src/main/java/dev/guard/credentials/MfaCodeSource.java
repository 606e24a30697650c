package dev.guard.credentials;

import java.util.Optional;

/**
 * Where a TOTP code comes from: a masked prompt, {@code --mfa-code}, or an MFA command (a YubiKey's
 * {@code ykman}, a password manager). A code is used once, for one STS call, and is never logged,
 * cached or put in a message or exception.
 */
public interface MfaCodeSource {
    /** How the code is obtained, in words for the plan and for errors: "a masked prompt", "--mfa-command". */
    String describe();

    /**
     * A current code for the device, already checked to be 6 digits.
     *
     * @throws dev.guard.error.GuardException (exit 4) when none can be had
     */
    String code(String serial);

    /**
     * A new code after AWS refused the last one as invalid (a typo, or a code already used), said
     * why first — only from a person at a terminal, who can look at the device again. Every other
     * source gives none: a command or {@code --mfa-code} would only repeat the mistake, and unattended
     * there is nobody to read why. Empty also when the person gives none (end of input).
     */
    default Optional<String> codeAgain(String serial, String why) {
        return Optional.empty();
    }
}
