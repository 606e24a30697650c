package dev.guard.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.config.Environment;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.term.PromptCancelled;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The masked prompt forgives a code of the wrong shape (three tries in all, each retry saying what
 * was wrong without a character of it), and asks once more when AWS refused a typed code; no other
 * source ever asks again.
 */
class MfaPromptTest {
    private static final String SERIAL = "arn:aws:iam::111111111111:mfa/alice";
    private static final String PROMPT = "Enter MFA code for " + SERIAL + ": ";
    private static final Environment NO_VARIABLES =
            new Environment(Path.of("").toAbsolutePath(), Map.of(), Path.of("target/no-home"));

    private static MfaCodeSource prompt(ScriptedTerminal terminal) {
        return MfaCodes.choose(Optional.empty(), Optional.empty(), NO_VARIABLES, terminal, Optional.empty())
                .orElseThrow();
    }

    @Test
    void aCodeOfTheWrongShapeIsAskedAgainSayingWhatWasWrongAndNeverTheCode() {
        var terminal = new ScriptedTerminal(true, "12345", "1234567", "123456");

        assertThat(prompt(terminal).code(SERIAL)).isEqualTo("123456");
        assertThat(terminal.secretPrompts).containsExactly(PROMPT, PROMPT, PROMPT);
        assertThat(terminal.printed)
                .containsExactly(
                        "that was 5 digits; an MFA code has 6; 2 tries left",
                        "that was 7 digits; an MFA code has 6; 1 try left");
    }

    @Test
    void afterThreeWrongShapesTheRunEndsAsBeforeWithNothingSent() {
        var terminal = new ScriptedTerminal(true, "12ab56", "", "12 345", "123456");

        assertThatThrownBy(() -> prompt(terminal).code(SERIAL))
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH_FAILED))
                .hasMessage("the MFA code from the prompt is not 6 digits; nothing was sent to AWS");
        assertThat(terminal.secretPrompts).hasSize(3);
        assertThat(terminal.printed)
                .containsExactly(
                        "that was not only digits; an MFA code is 6 digits (0-9), no spaces; 2 tries left",
                        "nothing was typed; an MFA code has 6 digits; 1 try left");
        assertThat(terminal.answers).containsExactly("123456");
        assertThat(String.join("\n", terminal.printed)).doesNotContain("12ab56", "12 345");
    }

    @Test
    void theEndOfInputAfterAWrongShapeReportsTheShapeAndCtrlCCancels() {
        assertThatThrownBy(() -> prompt(new ScriptedTerminal(true, "1234")).code(SERIAL))
                .hasMessage("the MFA code from the prompt is not 6 digits; nothing was sent to AWS");
        assertThatThrownBy(() -> prompt(new ScriptedTerminal(true)).code(SERIAL))
                .hasMessage("no MFA code was entered");
        assertThatThrownBy(() -> prompt(new ScriptedTerminal(true, "1234", ScriptedTerminal.CTRL_C))
                        .code(SERIAL))
                .isInstanceOfSatisfying(
                        PromptCancelled.class, e -> assertThat(e.where()).isEqualTo("the MFA code prompt"));
    }

    @Test
    void aRefusedCodeIsAskedAgainOnceAtTheTerminalAfterSayingWhy() {
        var terminal = new ScriptedTerminal(true, "111111", "222222");
        MfaCodeSource source = prompt(terminal);
        String why = StsFailures.invalidCodeAgain("GetSessionToken");

        assertThat(source.code(SERIAL)).isEqualTo("111111");
        assertThat(source.codeAgain(SERIAL, why)).contains("222222");
        assertThat(terminal.printed).containsExactly(why);
        assertThat(why).contains("nothing was changed").contains("wait for your device to show the next one");
        // Nothing more typed: no second code, and the caller reports AWS's refusal.
        assertThat(prompt(new ScriptedTerminal(true)).codeAgain(SERIAL, why)).isEmpty();
    }

    @Test
    void noOtherSourceAsksAgain() {
        MfaCodeSource given = MfaCodes.choose(
                        Optional.of("123456"),
                        Optional.empty(),
                        NO_VARIABLES,
                        ScriptedTerminal.strict(true),
                        Optional.empty())
                .orElseThrow();
        MfaCodeSource command = MfaCodes.choose(
                        Optional.empty(),
                        Optional.of("echo 123456"),
                        NO_VARIABLES,
                        ScriptedTerminal.strict(true),
                        Optional.empty())
                .orElseThrow();

        assertThat(given.codeAgain(SERIAL, "why")).isEmpty();
        assertThat(command.codeAgain(SERIAL, "why")).isEmpty();
    }
}
