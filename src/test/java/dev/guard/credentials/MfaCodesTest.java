package dev.guard.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.config.Environment;
import dev.guard.error.ExitCode;
import dev.guard.error.GuardException;
import dev.guard.term.PromptCancelled;
import dev.guard.term.Terminal;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Where a run's MFA code comes from, in order: {@code --mfa-code} (once), {@code --mfa-command},
 * {@code GUARD_MFA_COMMAND}, a masked prompt on a terminal; with none of them, no source at all
 * (the caller refuses at once rather than wait on stdin). A code is checked for shape before STS
 * sees it, and never quoted back.
 */
class MfaCodesTest {
    private static final String SERIAL = "arn:aws:iam::111111111111:mfa/alice";

    private static Environment env(Map<String, String> variables) {
        return new Environment(Path.of("").toAbsolutePath(), variables, Path.of("target/no-home"));
    }

    private static final Environment NO_VARIABLES = env(Map.of());

    private static Optional<MfaCodeSource> choose(
            Optional<String> code, Optional<String> command, Environment env, Terminal terminal) {
        return MfaCodes.choose(code, command, env, terminal, Optional.empty());
    }

    @Test
    void aGivenCodeIsUsedOnceAndASecondNeedIsRefusedNotResent() {
        MfaCodeSource source = choose(Optional.of(" 123456 "), Optional.empty(), NO_VARIABLES, new Scripted(true))
                .orElseThrow();

        assertThat(source.describe()).isEqualTo("--mfa-code");
        assertThat(source.code(SERIAL)).isEqualTo("123456");
        assertThatThrownBy(() -> source.code(SERIAL)).isInstanceOfSatisfying(GuardException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH_FAILED);
            assertThat(e.getMessage())
                    .startsWith("a second MFA code is needed, but --mfa-code gives only one")
                    .doesNotContain("123456");
        });
    }

    @Test
    void aGivenCodeThatIsNotSixDigitsIsRefusedBeforeAnythingIsSentAndNotQuoted() {
        for (String bad : List.of("12345", "1234567", "12345a", "")) {
            assertThatThrownBy(() -> choose(Optional.of(bad), Optional.empty(), NO_VARIABLES, new Scripted(true)))
                    .as(bad)
                    .isInstanceOfSatisfying(GuardException.class, e -> {
                        assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH_FAILED);
                        assertThat(e.getMessage())
                                .isEqualTo("the MFA code from --mfa-code is not 6 digits; nothing was sent to AWS");
                    });
        }
    }

    @Test
    void aCodeAndACommandTogetherAreAskedToChoose() {
        assertThatThrownBy(() -> choose(Optional.of("123456"), Optional.of("echo 123456"), NO_VARIABLES, null))
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageStartingWith("give one of --mfa-code and --mfa-command, not both");
    }

    @Test
    void theCommandFlagComesBeforeTheVariableAndBothBeforeATerminal() {
        Environment withVariable = env(Map.of("GUARD_MFA_COMMAND", "echo 222222"));
        Scripted terminal = new Scripted(true, "333333");

        MfaCodeSource flag = choose(Optional.empty(), Optional.of("echo 111111"), withVariable, terminal)
                .orElseThrow();
        assertThat(flag.describe()).contains("--mfa-command");
        assertThat(flag.code(SERIAL)).isEqualTo("111111");

        MfaCodeSource variable = choose(Optional.empty(), Optional.empty(), withVariable, terminal)
                .orElseThrow();
        assertThat(variable.describe()).contains("GUARD_MFA_COMMAND");
        assertThat(variable.code(SERIAL)).isEqualTo("222222");

        assertThat(terminal.prompts).isEmpty();
    }

    @Test
    void aBlankVariableIsNoCommand() {
        Scripted terminal = new Scripted(true, "333333");
        MfaCodeSource source = choose(
                        Optional.empty(), Optional.empty(), env(Map.of("GUARD_MFA_COMMAND", "  ")), terminal)
                .orElseThrow();
        assertThat(source.describe()).isEqualTo("a masked prompt");
    }

    @Test
    void onATerminalTheCodeIsAskedMaskedNamingTheDeviceAndShowingTheHintFirst() {
        Scripted terminal = new Scripted(true, " 333333");
        Optional<Function<String, String>> hint = Optional.of(serial -> "sandbox code for " + serial + ": 333333");

        MfaCodeSource source = MfaCodes.choose(Optional.empty(), Optional.empty(), NO_VARIABLES, terminal, hint)
                .orElseThrow();

        assertThat(source.code(SERIAL)).isEqualTo("333333");
        assertThat(terminal.printed).containsExactly("sandbox code for " + SERIAL + ": 333333");
        assertThat(terminal.prompts).containsExactly("secret: Enter MFA code for " + SERIAL + ": ");
    }

    @Test
    void aPromptLeftEmptyOrMistypedOrCancelledIsARefusalThatQuotesNothing() {
        assertThatThrownBy(() -> prompted().code(SERIAL))
                .isInstanceOfSatisfying(
                        GuardException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH_FAILED))
                .hasMessage("no MFA code was entered");
        assertThatThrownBy(() -> prompted("12 3456").code(SERIAL))
                .hasMessage("the MFA code from the prompt is not 6 digits; nothing was sent to AWS");

        Scripted cancelling = new Scripted(true) {
            @Override
            public Optional<String> readSecret(String prompt) {
                throw new PromptCancelled();
            }
        };
        MfaCodeSource source = choose(Optional.empty(), Optional.empty(), NO_VARIABLES, cancelling)
                .orElseThrow();
        assertThatThrownBy(() -> source.code(SERIAL))
                .isInstanceOfSatisfying(
                        PromptCancelled.class, e -> assertThat(e.where()).isEqualTo("the MFA code prompt"));
    }

    @Test
    void withoutAnySourceThereIsNoneAndNothingWaitsOnInput() {
        assertThat(choose(Optional.empty(), Optional.empty(), NO_VARIABLES, new Scripted(false)))
                .isEmpty();
    }

    private static MfaCodeSource prompted(String... answers) {
        return choose(Optional.empty(), Optional.empty(), NO_VARIABLES, new Scripted(true, answers))
                .orElseThrow();
    }

    private static class Scripted implements Terminal {
        final boolean interactive;
        final Deque<String> answers = new ArrayDeque<>();
        final List<String> prompts = new ArrayList<>();
        final List<String> printed = new ArrayList<>();

        Scripted(boolean interactive, String... answers) {
            this.interactive = interactive;
            this.answers.addAll(List.of(answers));
        }

        @Override
        public boolean interactive() {
            return interactive;
        }

        @Override
        public Optional<String> readLine(String prompt) {
            throw new AssertionError("an MFA code is never read with echo");
        }

        @Override
        public Optional<String> readSecret(String prompt) {
            prompts.add("secret: " + prompt);
            return Optional.ofNullable(answers.poll());
        }

        @Override
        public void println(String line) {
            printed.add(line);
        }
    }
}
