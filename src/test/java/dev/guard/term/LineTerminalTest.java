package dev.guard.term;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** guard's prompts on a JLine terminal fed from a string, as an operator types. */
class LineTerminalTest {
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    private LineTerminal typing(String keys) throws IOException {
        return new LineTerminal(TtyLike.typing(keys, screen));
    }

    @Test
    void answersAreTakenAsTypedOneLineEach() throws IOException {
        var t = typing("a\\b \"c !! \n123456\n");
        assertThat(t.readLine("Value: ")).contains("a\\b \"c !! ");
        assertThat(t.readSecret("Enter MFA code: ")).contains("123456");
    }

    @Test
    void aSecretIsNeverShownAndNothingRedrawsItsPromptOnceAnswered() throws IOException {
        var t = typing("123456\nnext\n");
        assertThat(t.readSecret("Enter MFA code: ")).contains("123456");
        assertThat(t.readLine("Next: ")).contains("next");
        // Each prompt once, as accepted (JLine ends the line with CR LF): the code not even as stars.
        assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo("Enter MFA code: \r\nNext: next\r\n");
    }

    @Test
    void ctrlCCancelsThePromptAndWhatIsTypedAfterItIsNotTaken() throws IOException {
        var t = typing("devel\u0003opment\n");
        assertThatThrownBy(() -> t.readLine("Type 'development': "))
                .isInstanceOfSatisfying(
                        PromptCancelled.class, e -> assertThat(e.where()).isEqualTo("a prompt"));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void ctrlCCancelsASecretPromptToo() throws IOException {
        var t = typing("12\u0003");
        assertThatThrownBy(() -> t.readSecret("Enter MFA code: ")).isInstanceOf(PromptCancelled.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
