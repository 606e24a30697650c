package dev.guard.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.action.Operation;
import dev.guard.action.Outcome;
import dev.guard.action.Target;
import dev.guard.run.TargetSelection;
import dev.guard.saved.SavedStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The drift comparison: the saved targets against what the step reads now. */
class SavedTargetsTest {
    private static final Map<String, String> LAUNCHED =
            Map.of("launchTime", "2026-01-01T00:00:00Z", "instanceType", "t3.micro");

    /** Terminate-like: "terminated" and "shutting-down" are the end state. */
    private static final Operation OP = new Operation() {
        @Override
        public String noun(int count) {
            return "instances";
        }

        @Override
        public String verb() {
            return "terminate";
        }

        @Override
        public List<Target> discover() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> alreadyDone(Target t) {
            return t.state().filter(s -> s.equals("terminated")).map(s -> "already terminated");
        }

        @Override
        public DryRunAnswer dryRun(List<Target> targets) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Outcome> execute(List<Target> targets) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Outcome> await(List<Outcome> outcomes) {
            throw new UnsupportedOperationException();
        }
    };

    private static SavedStep step(SavedStep.SavedTarget... targets) {
        return new SavedStep(
                "clean",
                1,
                "ec2:TerminateInstances",
                "222222222222",
                "development",
                "us-east-1",
                false,
                "typed",
                List.of("instances tagged env=dev"),
                List.of(targets),
                List.of());
    }

    private static SavedStep.SavedTarget saved(String id, String state, Map<String, String> tags) {
        return new SavedStep.SavedTarget(id, Optional.of(state), tags, LAUNCHED);
    }

    private static Target now(String id, String state, Map<String, String> tags, Map<String, String> fingerprint) {
        return new Target(id, Optional.of(state), tags, List.of(), Optional.empty(), fingerprint);
    }

    private static Map<String, Target> found(Target... targets) {
        Map<String, Target> m = new LinkedHashMap<>();
        for (Target t : targets) {
            m.put(t.id(), t);
        }
        return m;
    }

    private static final AppliedRecord.Done NOTHING = (s, t) -> Optional.empty();

    private static TargetSelection.Selection compare(
            SavedStep step, Map<String, Target> found, AppliedRecord.Done done, boolean resuming) {
        return new SavedTargets(List.of(step), done, resuming).compare(step, OP, found, found.keySet(), "");
    }

    @Test
    void anUnchangedWorldRunsExactlyTheSavedTargets() {
        var s = compare(
                step(saved("i-1", "stopped", Map.of("env", "dev")), saved("i-2", "stopped", Map.of())),
                found(now("i-1", "stopped", Map.of("env", "dev"), LAUNCHED), now("i-2", "stopped", Map.of(), LAUNCHED)),
                NOTHING,
                false);
        assertThat(s.drift()).isEmpty();
        assertThat(s.targets()).extracting(Target::id).containsExactly("i-1", "i-2");
    }

    @Test
    void eachChangedFieldIsOneDriftLineBeforeToAfter() {
        Map<String, String> relaunched = Map.of("launchTime", "2026-02-02T00:00:00Z", "instanceType", "t3.micro");
        var s = compare(
                step(saved("i-1", "stopped", Map.of("env", "dev")), saved("i-2", "stopped", Map.of())),
                found(
                        now("i-1", "running", Map.of("env", "prod"), LAUNCHED),
                        now("i-2", "stopped", Map.of("owner", "bob"), relaunched)),
                NOTHING,
                false);
        assertThat(s.drift())
                .containsExactly(
                        "i-1: state stopped → running",
                        "i-1: tag env dev → prod",
                        "i-2: tag owner (none) → bob",
                        "i-2: launchTime 2026-01-01T00:00:00Z → 2026-02-02T00:00:00Z");
        assertThat(s.targets()).isEmpty();
    }

    @Test
    void aTargetGoneOrOneTheStepNowReadsBesidesThePlansIsDrift() {
        var s = compare(
                step(saved("i-1", "stopped", Map.of())),
                found(now("i-9", "stopped", Map.of(), LAUNCHED)),
                NOTHING,
                false);
        assertThat(s.drift())
                .containsExactly(
                        "i-1: gone since the plan was saved",
                        "i-9: not in the saved plan → now read by the step (apply acts only on the plan's targets)");
        assertThat(s.targets()).isEmpty();
    }

    @Test
    void aTargetAlreadyTerminatedBeforeAFirstApplyIsDriftNotDone() {
        var s = compare(
                step(saved("i-1", "stopped", Map.of())),
                found(now("i-1", "terminated", Map.of(), LAUNCHED)),
                NOTHING,
                false);
        assertThat(s.drift()).containsExactly("i-1: state stopped → terminated");
    }

    @Test
    void resumingLeavesWhatTheInterruptedApplyDidAndRunsOnlyWhatWasLeft() {
        AppliedRecord.Done done =
                (step, id) -> id.equals("i-1") ? Optional.of("2026-12-01T02:00:00Z") : Optional.empty();
        var s = compare(
                step(
                        saved("i-1", "stopped", Map.of()),
                        saved("i-2", "stopped", Map.of()),
                        saved("i-3", "stopped", Map.of()),
                        saved("i-4", "stopped", Map.of())),
                found(
                        now("i-1", "terminated", Map.of(), LAUNCHED),
                        now("i-2", "terminated", Map.of(), LAUNCHED),
                        now("i-4", "stopped", Map.of(), LAUNCHED)),
                done,
                true);
        assertThat(s.drift()).isEmpty();
        assertThat(s.targets()).extracting(Target::id).containsExactly("i-4");
        assertThat(s.already())
                .extracting(o -> o.targetId() + " " + o.detail())
                .containsExactly(
                        "i-1 done by the apply at 2026-12-01T02:00:00Z",
                        "i-2 already terminated (the interrupted apply's change went through)",
                        "i-3 no longer read by its step since the interrupted apply: counted as done (a change in"
                                + " flight when it stopped takes a target out of what its step reads)");
    }

    @Test
    void aSavedTargetTheStepDoesNotSelectIsNeverActedOnEvenUnchanged() {
        SavedStep step = step(saved("i-1", "stopped", Map.of()));
        var s = new SavedTargets(List.of(step), NOTHING, false)
                .compare(step, OP, found(now("i-1", "stopped", Map.of(), LAUNCHED)), java.util.Set.of(), "");
        assertThat(s.targets()).isEmpty();
        assertThat(s.drift())
                .containsExactly("i-1: not selected by the step now (the runbook does not select it as it is)");
    }

    @Test
    void resumingStillRefusesATargetLeftThatDrifted() {
        var s = compare(
                step(saved("i-1", "stopped", Map.of())),
                found(now("i-1", "running", Map.of(), LAUNCHED)),
                NOTHING,
                true);
        assertThat(s.drift()).containsExactly("i-1: state stopped → running");
    }
}
