package dev.guard.term;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.sandbox.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The progress board's two ways of showing work under way, on a clock the test moves: a live line
 * that appears only for work lasting over half a second and is removed when it ends; plain lines
 * every period while work goes on, none for work that ends sooner, never more often. (The board's
 * own thread ticks too, on the same clock: whichever ticks first, a line is due once.)
 */
class ProgressBoardTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T04:00:00Z"));
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Recorded status = new Recorded();
    private ProgressBoard board;

    @AfterEach
    void close() {
        if (board != null) {
            board.close();
        }
    }

    private ProgressBoard periodic() {
        board = ProgressBoard.periodic(lines::add, Duration.ofSeconds(10), clock);
        return board;
    }

    private ProgressBoard live() {
        board = ProgressBoard.live(status, clock);
        return board;
    }

    private void after(Duration d) {
        clock.advance(d);
        board.tick();
    }

    @Test
    void workThatEndsWithinThePeriodPrintsNoLine() {
        try (Progress.Task task = periodic().start("reading targets of step 1/1")) {
            task.awaiting("x");
            after(Duration.ofMillis(9_900));
        }
        after(Duration.ofSeconds(30));
        assertThat(lines).isEmpty();
    }

    @Test
    void aWaitThatGoesOnIsReportedEveryPeriodWithWhatItSawAndNeverMoreOften() {
        Progress.Task wait = periodic().start("waiting for i-0abc to reach terminated");
        wait.awaiting("shutting-down");
        after(Duration.ofSeconds(10));
        after(Duration.ZERO);
        after(Duration.ofSeconds(5));
        assertThat(lines)
                .containsExactly("  … still waiting for i-0abc to reach terminated (shutting-down), 10 s so far");
        after(Duration.ofSeconds(5));
        after(Duration.ofSeconds(9));
        after(Duration.ofSeconds(1));
        wait.close();
        assertThat(lines)
                .containsExactly(
                        "  … still waiting for i-0abc to reach terminated (shutting-down), 10 s so far",
                        "  … still waiting for i-0abc to reach terminated (shutting-down), 20 s so far",
                        "  … still waiting for i-0abc to reach terminated (shutting-down), 30 s so far");
    }

    @Test
    void aLineShowsTheCountsAndTheCallInFlightUnderTheOutermostTask() {
        Progress p = periodic();
        try (Progress.Task change = p.start("terminating instances").total(120)) {
            change.count(40);
            Progress.Task call = p.start("ec2 TerminateInstances in development");
            after(Duration.ofSeconds(12));
            call.close();
        }
        assertThat(lines)
                .containsExactly(
                        "  … still terminating instances 40/120 › ec2 TerminateInstances in development, 12 s so far");
    }

    @Test
    void aTaskThatFollowsAnotherAtOnceGetsALineOnlyOnceItHasRunForThePeriod() {
        Progress p = periodic();
        Progress.Task first = p.start("reading targets of step 1/2");
        after(Duration.ofSeconds(10));
        first.close();
        Progress.Task second = p.start("reading targets of step 2/2");
        after(Duration.ofSeconds(9));
        assertThat(lines).containsExactly("  … still reading targets of step 1/2, 10 s so far");
        after(Duration.ofSeconds(1));
        second.close();
        assertThat(lines).last().isEqualTo("  … still reading targets of step 2/2, 10 s so far");
    }

    @Test
    void callsOfOneKindInFlightAtOnceReadAsOne() {
        Progress p = periodic();
        Progress.Task reading = p.start("reading targets of step 1/1");
        Progress.Task a = p.start("ec2 DescribeInstanceAttribute in development");
        Progress.Task b = p.start("ec2 DescribeInstanceAttribute in development");
        after(Duration.ofSeconds(10));
        a.close();
        b.close();
        reading.close();
        assertThat(lines)
                .containsExactly(
                        "  … still reading targets of step 1/1 › ec2 DescribeInstanceAttribute in development × 2,"
                                + " 10 s so far");
    }

    @Test
    void theCountStartsAgainWhenNoTaskIsOpen() {
        Progress p = periodic();
        Progress.Task first = p.start("reading targets of step 1/2");
        after(Duration.ofSeconds(9));
        first.close();
        after(Duration.ofSeconds(1));
        Progress.Task second = p.start("reading targets of step 2/2");
        after(Duration.ofSeconds(9));
        assertThat(lines).isEmpty();
        after(Duration.ofSeconds(1));
        second.close();
        assertThat(lines).containsExactly("  … still reading targets of step 2/2, 10 s so far");
    }

    @Test
    void theLiveLineAppearsAfterHalfASecondMovesWithTheClockAndIsRemovedWhenTheWorkEnds() {
        Progress p = live();
        Progress.Task reading = p.start("reading targets of step 2/3");
        Progress.Task call = p.start("ec2 DescribeInstances in development");
        after(Duration.ofMillis(400));
        assertThat(status.events).isEmpty();
        after(Duration.ofMillis(3_700));
        after(Duration.ZERO); // nothing changed: not drawn again
        assertThat(status.events)
                .containsExactly("show reading targets of step 2/3 › ec2 DescribeInstances in development … 4.1 s");
        call.close();
        after(Duration.ofSeconds(8));
        assertThat(status.events).last().isEqualTo("show reading targets of step 2/3 … 12 s");
        reading.close(); // hidden at once: a prompt may follow
        assertThat(status.events).last().isEqualTo("hide");
        int drawn = status.events.size();
        after(Duration.ofSeconds(1));
        assertThat(status.events).hasSize(drawn);
    }

    @Test
    void closingTheBoardRemovesTheLiveLineAndLaterTasksShowNothing() {
        Progress p = live();
        p.start("waiting for table orders to be deleted").awaiting("DELETING");
        after(Duration.ofSeconds(2));
        assertThat(status.events).containsExactly("show waiting for table orders to be deleted (DELETING) … 2.0 s");
        board.close();
        assertThat(status.events).last().isEqualTo("hide");
        assertThat(p.start("later")).isSameAs(Progress.Task.NONE);
        after(Duration.ofSeconds(2));
        assertThat(status.events).hasSize(2);
    }

    @Test
    void aNameThatCouldDriveTheTerminalIsShownEscaped() {
        live().start("waiting for table a\u001b[2Jb to be deleted");
        after(Duration.ofSeconds(1));
        assertThat(status.events).containsExactly("show waiting for table a\\x1b[2Jb to be deleted … 1.0 s");
    }

    @Test
    void theRunsOwnLinesPassThroughWhileTheBoardIsOpen() {
        List<String> out = new CopyOnWriteArrayList<>();
        periodic().printing(out::add).accept("Step 1/1 terminate");
        assertThat(out).containsExactly("Step 1/1 terminate");
    }

    @Test
    void aPeriodMustBePositive() {
        assertThatThrownBy(() -> ProgressBoard.periodic(lines::add, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void elapsedTimeReadsInTenthsThenSecondsThenMinutes() {
        assertThat(ProgressText.precise(Duration.ofMillis(4_149))).isEqualTo("4.1 s");
        assertThat(ProgressText.precise(Duration.ofMillis(42_900))).isEqualTo("42 s");
        assertThat(ProgressText.whole(Duration.ofSeconds(125))).isEqualTo("2 min 05 s");
        assertThat(ProgressText.whole(Duration.ofMinutes(62))).isEqualTo("1 h 02 min");
    }

    @Test
    void aTaskOfNothingCostsNothing() {
        Progress.Task none = Progress.NONE.start("anything").total(3);
        none.count(1);
        none.awaiting("x");
        none.close();
        assertThat(Progress.NONE.during("x", () -> 42)).isEqualTo(42);
    }

    /** A status line that records what it was asked to draw. */
    private static final class Recorded implements StatusLine {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void show(String text) {
            events.add("show " + text);
        }

        @Override
        public void hide() {
            events.add("hide");
        }
    }
}
