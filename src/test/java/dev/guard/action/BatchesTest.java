package dev.guard.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchesTest {
    private static List<Integer> numbers(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void aListIsSplitIntoConsecutiveBatchesOfAtMostN() {
        assertThat(Batches.of(numbers(7), 3)).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6));
        assertThat(Batches.of(numbers(6), 3)).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5));
        assertThat(Batches.of(List.of(), 3)).isEmpty();
        assertThatThrownBy(() -> Batches.of(numbers(3), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resultsComeInTheBatchesOrderWhateverOrderTheyFinishIn() {
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        List<Integer> inOrder = new ArrayList<>();
        List<Integer> results = Batches.run(
                numbers(12),
                4,
                StopSignal.NEVER,
                n -> {
                    sleep(n % 3 == 0 ? 40 : 1); // every third one answers late
                    seen.add(n);
                    return n * 10;
                },
                n -> -1,
                inOrder::add);

        assertThat(results).isEqualTo(numbers(12).stream().map(n -> n * 10).toList());
        assertThat(inOrder).isEqualTo(results);
        assertThat(seen).isNotEqualTo(numbers(12)).containsExactlyInAnyOrderElementsOf(numbers(12));
    }

    @Test
    void neverMoreThanKBatchesAreInFlight() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Batches.run(
                numbers(40),
                3,
                StopSignal.NEVER,
                n -> {
                    most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    sleep(5);
                    inFlight.decrementAndGet();
                    return n;
                },
                n -> n);

        assertThat(most.get()).isEqualTo(3);
    }

    @Test
    void oneInFlightRunsOnTheCallersThread() {
        Thread caller = Thread.currentThread();
        List<Boolean> onCaller =
                Batches.run(numbers(3), 1, StopSignal.NEVER, n -> Thread.currentThread() == caller, n -> false);
        assertThat(onCaller).containsExactly(true, true, true);
    }

    @Test
    void aStopRequestedBetweenBatchesSkipsEveryBatchNotYetStarted() {
        PressedStop stop = new PressedStop();
        List<String> results = Batches.run(
                numbers(5),
                1,
                stop,
                n -> {
                    if (n == 1) {
                        stop.press(); // Ctrl-C while batch 1 is under way: it finishes
                    }
                    return "done " + n;
                },
                n -> "skipped " + n);

        assertThat(results).containsExactly("done 0", "done 1", "skipped 2", "skipped 3", "skipped 4");
    }

    @Test
    void withSeveralInFlightAStopSkipsTheBatchesNotYetStartedAndKeepsTheAnswersOfThoseUnderWay()
            throws InterruptedException {
        PressedStop stop = new PressedStop();
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Thread ctrlC = new Thread(() -> {
            await(started);
            stop.press();
            release.countDown();
        });
        ctrlC.start();
        List<String> results = Batches.run(
                numbers(6),
                2,
                stop,
                n -> {
                    started.countDown();
                    await(release);
                    return "done " + n;
                },
                n -> "skipped " + n);
        ctrlC.join();

        assertThat(results).containsExactly("done 0", "done 1", "skipped 2", "skipped 3", "skipped 4", "skipped 5");
    }

    @Test
    void theFirstExceptionInTheBatchesOrderIsThrownAsItWas() {
        IllegalStateException first = new IllegalStateException("batch 2 broke");
        assertThatThrownBy(() -> Batches.run(
                        numbers(8),
                        3,
                        StopSignal.NEVER,
                        n -> {
                            if (n == 2) {
                                sleep(30);
                                throw first;
                            }
                            if (n == 4) {
                                throw new IllegalArgumentException("batch 4 broke, sooner");
                            }
                            return n;
                        },
                        n -> n))
                .isSameAs(first);
        assertThatThrownBy(() -> Batches.run(
                        numbers(3),
                        1,
                        StopSignal.NEVER,
                        n -> {
                            throw new StepFailure("denied");
                        },
                        n -> n))
                .isInstanceOf(StepFailure.class)
                .hasMessage("denied");
    }

    @Test
    void afterAFailureTheBatchesNotYetStartedAreNeverStarted() {
        AtomicInteger started = new AtomicInteger();
        assertThatThrownBy(() -> Batches.run(
                        numbers(50),
                        2,
                        StopSignal.NEVER,
                        n -> {
                            started.incrementAndGet();
                            if (n == 0) {
                                throw new IllegalStateException("first batch broke");
                            }
                            sleep(20);
                            return n;
                        },
                        n -> n))
                .hasMessage("first batch broke");
        sleep(100);
        assertThat(started.get()).isLessThan(10);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
