package dev.guard.credentials;

import dev.guard.config.Environment;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.term.Terminal;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Chooses the MFA code source for a run, and checks a code's shape before STS sees it. */
public final class MfaCodes {
    private static final Pattern SIX_DIGITS = Pattern.compile("\\d{6}");

    private MfaCodes() {}

    /**
     * The first usable source, in this order: {@code --mfa-code}, {@code --mfa-command}, {@code
     * GUARD_MFA_COMMAND}, a masked prompt on a terminal. Empty without any (cron, CI): then a run
     * that needs a code fails at once rather than waiting on stdin.
     *
     * @param hint for the prompt only: a line shown before it (the sandbox's current code); never
     *     used against real AWS
     */
    public static Optional<MfaCodeSource> choose(
            Optional<String> givenCode,
            Optional<String> command,
            Environment env,
            Terminal terminal,
            Optional<Function<String, String>> hint) {
        if (givenCode.isPresent() && command.isPresent()) {
            throw GuardException.invalid(
                    "give one of --mfa-code and --mfa-command, not both: which code would guard" + " send?");
        }
        if (givenCode.isPresent()) {
            String code = shape(givenCode.get(), "--mfa-code");
            return Optional.of(new MfaCodeSource() {
                private boolean used;

                @Override
                public String describe() {
                    return "--mfa-code";
                }

                @Override
                public String code(String serial) {
                    // A TOTP code is good for one STS call: a second need must not silently resend it.
                    if (used) {
                        throw new GuardException(
                                ExitCode.AUTH_FAILED,
                                "a second MFA code is needed, but --mfa-code gives only one (a code cannot be used"
                                        + " twice); use --mfa-command or a terminal");
                    }
                    used = true;
                    return code;
                }
            });
        }
        Optional<String> cmd = command.or(() -> env.get("GUARD_MFA_COMMAND")).filter(c -> !c.isBlank());
        if (cmd.isPresent()) {
            String from = command.isPresent() ? "--mfa-command" : "GUARD_MFA_COMMAND";
            return Optional.of(new MfaCommand(cmd.get(), from));
        }
        if (terminal.interactive()) {
            return Optional.of(new MfaPrompt(terminal, hint));
        }
        return Optional.empty();
    }

    /**
     * The code, trimmed, when it is 6 digits; otherwise an auth error naming where it came from —
     * never the value, which may be a real code with a typo.
     */
    public static String shape(String raw, String from) {
        if (whatIsWrong(raw).isPresent()) {
            throw notSixDigits(from);
        }
        return raw.strip();
    }

    /** The refusal of a code that is not 6 digits: nothing was sent. */
    static GuardException notSixDigits(String from) {
        return new GuardException(
                ExitCode.AUTH_FAILED, "the MFA code from " + from + " is not 6 digits; nothing was sent to AWS");
    }

    /**
     * What is wrong with a typed code's shape, told without a single one of its characters ("that was
     * 5 digits; an MFA code has 6"); empty when it is 6 digits (blanks around it are forgiven).
     */
    public static Optional<String> whatIsWrong(String raw) {
        String code = raw.strip();
        if (SIX_DIGITS.matcher(code).matches()) {
            return Optional.empty();
        }
        if (code.isEmpty()) {
            return Optional.of("nothing was typed; an MFA code has 6 digits");
        }
        if (code.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.of(
                    "that was " + code.length() + " digit" + (code.length() == 1 ? "" : "s") + "; an MFA code has 6");
        }
        return Optional.of("that was not only digits; an MFA code is 6 digits (0-9), no spaces");
    }
}
