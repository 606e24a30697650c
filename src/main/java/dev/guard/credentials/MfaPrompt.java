package dev.guard.credentials;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.term.Ask;
import dev.guard.term.Printable;
import dev.guard.term.PromptCancelled;
import dev.guard.term.Terminal;
import java.util.Optional;
import java.util.function.Function;

/**
 * The masked terminal prompt, worded like the AWS CLI's: {@code Enter MFA code for SERIAL:}. A code
 * of the wrong shape is asked again, saying what was wrong (never the code), up to {@link Ask#TRIES}
 * times in all; nothing reaches AWS until it is 6 digits.
 */
final class MfaPrompt implements MfaCodeSource {
    private final Terminal terminal;
    private final Optional<Function<String, String>> hint;

    MfaPrompt(Terminal terminal, Optional<Function<String, String>> hint) {
        this.terminal = terminal;
        this.hint = hint;
    }

    @Override
    public String describe() {
        return "a masked prompt";
    }

    @Override
    public String code(String serial) {
        return ask(serial).orElseThrow(() -> new GuardException(ExitCode.AUTH_FAILED, "no MFA code was entered"));
    }

    /** A person can look again at the device: said why, asked once more; the end of input gives up. */
    @Override
    public Optional<String> codeAgain(String serial, String why) {
        terminal.println(why);
        return ask(serial);
    }

    /** Empty at the end of input before anything was typed; then the refusal is the caller's to say. */
    private Optional<String> ask(String serial) {
        hint.map(h -> h.apply(serial)).ifPresent(terminal::println);
        String prompt = "Enter MFA code for " + Printable.of(serial) + ": ";
        for (int attempt = 1; ; attempt++) {
            Optional<String> typed;
            try {
                typed = terminal.readSecret(prompt);
            } catch (PromptCancelled e) {
                throw e.at("the MFA code prompt");
            }
            if (typed.isEmpty()) {
                if (attempt == 1) {
                    return Optional.empty();
                }
                // Ended after a mistyped code: that code's problem is the one to report.
                throw MfaCodes.notSixDigits("the prompt");
            }
            Optional<String> wrong = MfaCodes.whatIsWrong(typed.get());
            if (wrong.isEmpty()) {
                return Optional.of(typed.get().strip());
            }
            if (attempt == Ask.TRIES) {
                throw MfaCodes.notSixDigits("the prompt");
            }
            terminal.println(wrong.get() + "; " + Ask.triesLeft(attempt));
        }
    }
}
