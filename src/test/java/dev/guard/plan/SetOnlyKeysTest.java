package dev.guard.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.action.ActionRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code maxConcurrency} and {@code maxErrors} are refused where they are written on a target that
 * acts in one account; the runbook's own are defaults a step narrowing to one account ignores.
 */
class SetOnlyKeysTest {
    @TempDir
    Path dir;

    private RunbookLoader.Result load(String target, String stepTarget) throws Exception {
        Path file = Files.writeString(dir.resolve("rb.yaml"), """
                apiVersion: guard/v1
                kind: Runbook
                name: ovr
                target: %s
                steps:
                  - {id: a, action: ec2:StopInstances, with: {instanceIds: [i-0a22222222222222a]}, confirm: yes}
                  - id: b
                    action: ec2:StopInstances
                    target: %s
                    with: {instanceIds: [i-0a22222222222222a]}
                    confirm: yes
                """.formatted(target, stepTarget));
        return new RunbookLoader(ActionRegistry.standard(), Runbooks.config()).load(file, file);
    }

    @Test
    void aStepNarrowingToOneAccountInheritsAndIgnoresTheRunbooksRolloutKeys() throws Exception {
        var loaded = load(
                "{accounts: [development, staging], region: us-east-1, maxConcurrency: 3, maxErrors: 1}",
                "{account: staging}");

        assertThat(loaded.ok()).as(loaded.problems().sorted().toString()).isTrue();
    }

    @Test
    void aRolloutKeyWrittenOnAOneAccountStepIsStillRefused() throws Exception {
        var loaded = load("{accounts: [development, staging], region: us-east-1}", "{account: staging, maxErrors: 1}");

        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.problems().sorted().toString())
                .contains("steps[1] (b): maxErrors applies only to a target with accounts: or regions:")
                .doesNotContain("steps[0]");
    }
}
