package dev.guard.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.plan.ErrorBudget;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemberPoolTest {
    @Test
    void atMostMaxConcurrencyMembersRunAtOnceAndAllOfThemDo() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // The first three wait until three are in flight together: the bound is reached, then held.
        CountDownLatch three = new CountDownLatch(3);
        List<Integer> items = IntStream.range(0, 20).boxed().toList();

        List<Optional<Integer>> results = MemberPool.run(items, 3, () -> true, i -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            three.countDown();
            try {
                assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            inFlight.decrementAndGet();
            return i * 2;
        });

        assertThat(most).hasValue(3);
        assertThat(results)
                .extracting(Optional::get)
                .containsExactlyElementsOf(items.stream().map(i -> i * 2).toList());
    }

    @Test
    void aWorkerThatThrowsStopsNewStartsButEveryStartedMemberFinishesUninterruptedFirst() {
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        // Members 0..2 start together; 0 throws once all three are in, 1 and 2 are mid-change then.
        CountDownLatch three = new CountDownLatch(3);
        List<Integer> items = IntStream.range(0, 5).boxed().toList();

        assertThatThrownBy(() -> MemberPool.run(items, 3, () -> true, i -> {
                    log.add("started " + i);
                    three.countDown();
                    try {
                        assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
                        if (i == 0) {
                            throw new IllegalStateException("audit write failed");
                        }
                        Thread.sleep(300);
                        log.add("finished " + i);
                    } catch (InterruptedException e) {
                        log.add("interrupted " + i);
                    }
                    return i;
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("audit write failed");

        // Thrown only once 1 and 2 had finished; 3 and 4 never started.
        assertThat(log).containsExactlyInAnyOrder("started 0", "started 1", "started 2", "finished 1", "finished 2");
    }

    @Test
    void membersStartInOrderAndNoneStartsOnceTheBudgetIsExceeded() {
        ErrorBudget budget = new ErrorBudget(1, false);
        AtomicInteger failed = new AtomicInteger();
        List<Integer> items = IntStream.range(0, 10).boxed().toList();

        // One at a time: members 0 and 1 fail, so the budget of 1 is exceeded before member 2 starts.
        List<Optional<Integer>> results = MemberPool.run(items, 1, () -> !budget.exceeded(failed.get(), 10), i -> {
            if (i < 2) {
                failed.incrementAndGet();
            }
            return i;
        });

        assertThat(results.subList(0, 2)).extracting(Optional::get).containsExactly(0, 1);
        assertThat(results.subList(2, 10)).allSatisfy(r -> assertThat(r).isEmpty());
    }

    @Test
    void theBudgetCountsOrAShareRoundedDown() {
        assertThat(new ErrorBudget(10, true).allowed(200)).isEqualTo(20);
        assertThat(new ErrorBudget(10, true).exceeded(20, 200)).isFalse();
        assertThat(new ErrorBudget(10, true).exceeded(21, 200)).isTrue();
        assertThat(new ErrorBudget(10, true).allowed(9)).isZero();
        assertThat(ErrorBudget.NONE_ALLOWED.exceeded(1, 200)).isTrue();
        assertThat(ErrorBudget.NONE_ALLOWED.exceeded(0, 200)).isFalse();
    }
}
