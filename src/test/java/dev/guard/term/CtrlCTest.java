package dev.guard.term;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where a Ctrl-C goes: to the prompt reading now, else to the run's listener, else nowhere. */
class CtrlCTest {
    @AfterEach
    void clear() {
        CtrlC.listen(null);
        Thread.interrupted();
    }

    @Test
    void aCtrlCWhileAPromptReadsCancelsThePromptNotTheRun() throws Exception {
        AtomicInteger run = new AtomicInteger();
        CtrlC.listen(run::incrementAndGet);
        CountDownLatch reading = new CountDownLatch(1);
        Thread presser = new Thread(() -> {
            try {
                reading.await();
            } catch (InterruptedException e) {
                return;
            }
            CtrlC.press();
        });
        presser.start();

        // A read that blocks until interrupted, as JLine's does.
        assertThatThrownBy(() -> CtrlC.reading(() -> {
                    reading.countDown();
                    try {
                        Thread.sleep(120_000);
                    } catch (InterruptedException e) {
                        throw new PromptCancelled();
                    }
                    return Optional.of("never");
                }))
                .isInstanceOf(PromptCancelled.class);
        presser.join();
        assertThat(run).hasValue(0);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anAnswerThatArrivesWithTheCtrlCIsNotTaken() {
        assertThatThrownBy(() -> CtrlC.reading(() -> {
                    CtrlC.press(); // Ctrl-C and Enter at the same moment: the read still returns
                    return Optional.of("development");
                }))
                .isInstanceOf(PromptCancelled.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void outsideAPromptTheListenerHearsIt() {
        AtomicInteger run = new AtomicInteger();
        CtrlC.listen(run::incrementAndGet);
        CtrlC.press();
        CtrlC.press();
        assertThat(run).hasValue(2);

        CtrlC.listen(null);
        CtrlC.press(); // nobody listens (a shell between commands): nothing happens
        assertThat(run).hasValue(2);
    }

    @Test
    void aPromptNamesItselfInTheCancel() {
        assertThat(new PromptCancelled().at("the MFA code prompt").where()).isEqualTo("the MFA code prompt");
        assertThat(new PromptCancelled().where()).isEqualTo("a prompt");
    }
}
