package dev.guard.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.action.BatchOutcomes;
import dev.guard.action.Poll;
import dev.guard.action.StepContext;
import dev.guard.action.StepFailure;
import dev.guard.action.StopSignal;
import dev.guard.error.ExitCode;
import dev.guard.term.CtrlC;
import dev.guard.term.Progress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run's Ctrl-C: the first stops before the next change, the second stops waiting; each run afresh. */
class InterruptTest {
    private final List<String> said = new CopyOnWriteArrayList<>();

    @AfterEach
    void disarm() {
        Interrupt.disarm();
    }

    @Test
    void theFirstCtrlCAsksToStopAndSaysWhatHappensNext() {
        Interrupt.arm(said::add);
        assertThat(Interrupt.requested()).isFalse();

        CtrlC.press();
        assertThat(Interrupt.requested()).isTrue();
        assertThat(Interrupt.stopWaiting()).isFalse();
        assertThat(Interrupt.cause()).isEqualTo("Ctrl-C");
        assertThat(said)
                .containsExactly("Ctrl-C: stopping before the next change; a call in flight completes and is recorded"
                        + " (Ctrl-C again to stop waiting for AWS to finish)");

        CtrlC.press();
        assertThat(Interrupt.stopWaiting()).isTrue();
        assertThat(said).last().asString().startsWith("Ctrl-C again: no more waiting");
    }

    @Test
    void eachRunStartsUninterruptedAndADisarmedRunHearsNothing() {
        Interrupt.arm(said::add);
        CtrlC.press();
        Interrupt.disarm();
        CtrlC.press(); // between runs
        assertThat(said).hasSize(1);

        Interrupt.arm(said::add);
        assertThat(Interrupt.requested()).isFalse();
    }

    @Test
    void aSecondCtrlCEndsAWaitAtOnceAndTheStepSaysSo() throws Exception {
        StopSignal stop = Interrupt.arm(said::add);
        Poll poll = new Poll(new StepContext(
                null,
                null,
                "us-east-1",
                "test",
                null,
                said::add,
                Duration.ofMinutes(10),
                Duration.ofMinutes(5),
                null,
                BatchOutcomes.NONE,
                stop,
                Progress.NONE));
        CtrlC.press();
        Thread second = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            CtrlC.press();
        });
        second.start();
        long started = System.nanoTime();
        // A five-minute pause, ended by the second Ctrl-C.
        assertThatThrownBy(poll::pause).isInstanceOfSatisfying(StepFailure.class, e -> {
            assertThat(e.getMessage()).isEqualTo("waiting stopped by Ctrl-C");
            assertThat(e.exitCode()).isEqualTo(ExitCode.INTERRUPTED);
        });
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMinutes(4));
        second.join();
    }
}
