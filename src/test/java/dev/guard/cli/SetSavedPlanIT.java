package dev.guard.cli;

import static dev.guard.cli.SandboxRuns.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.saved.SavedPlan;
import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved plan of a step across an account set ({@code runbooks/stop-dev-fleet.yaml}: the config's
 * group workloads) holds every member, and {@code apply} refuses it when the set resolves to other
 * accounts now than when it was made — before any change.
 */
class SetSavedPlanIT {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void theSavedPlanHoldsEveryMemberAndApplyRefusesAChangedSet() throws Exception {
        Path runbook = Files.copy(Path.of("runbooks/stop-dev-fleet.yaml"), dir.resolve("fleet.yaml"));
        Path file = dir.resolve("p.json");
        try (HeldSandbox s = new HeldSandbox(dir.resolve("w"))) {
            var planned = s.guard(
                    "alice",
                    new ScriptedTerminal(true, code("alice")),
                    "plan",
                    runbook.toString(),
                    "--live",
                    "-o",
                    file.toString());
            assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();
            Map<String, Object> document = SavedPlan.read(file).document();
            List<Map<String, Object>> steps = (List<Map<String, Object>>) document.get("steps");
            assertThat(steps)
                    .extracting(step -> step.get("id"))
                    .containsExactly("stop-running-dev@development", "stop-running-dev@staging");

            // As if the plan had been made when the group held development alone.
            Map<String, Object> body = new LinkedHashMap<>(document);
            body.remove("digest");
            body.put("steps", new ArrayList<>(steps.subList(0, 1)));
            SavedPlan.seal(body).write(file);

            var applied = s.guard("alice", new ScriptedTerminal(true, "2 accounts"), "apply", file.toString());

            assertThat(applied.exitCode()).as(applied.out() + applied.err()).isEqualTo(8);
            assertThat(applied.err())
                    .contains("the account set of step stop-running-dev changed since the plan was made (added:"
                            + " staging): make a new plan with guard plan --live -o");
            assertThat(s.changes()).isEmpty();
        }
    }
}
