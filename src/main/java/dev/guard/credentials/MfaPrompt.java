package dev.guard.credentials;

import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.term.Printable;
import dev.guard.term.PromptCancelled;
import dev.guard.term.Terminal;
import java.util.Optional;
import java.util.function.Function;

/** The masked terminal prompt, worded like the AWS CLI's: {@code Enter MFA code for SERIAL:}. */
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
        hint.map(h -> h.apply(serial)).ifPresent(terminal::println);
        String typed;
        try {
            typed = terminal.readSecret("Enter MFA code for " + Printable.of(serial) + ": ")
                    .orElseThrow(() -> new GuardException(ExitCode.AUTH_FAILED, "no MFA code was entered"));
        } catch (PromptCancelled e) {
            throw e.at("the MFA code prompt");
        }
        return MfaCodes.shape(typed, "the prompt");
    }
}
