package dev.guard.cli;

import static dev.guard.cli.SandboxRuns.code;
import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.term.ScriptedTerminal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * A plan's target retagged between {@code guard plan -o} and {@code guard apply} (the sandbox's
 * CreateTags/DeleteTags, through the SDK) is drift: apply lists each tag before → after, exits 3
 * and changes nothing.
 */
class TagDriftApplyIT {
    private static final String DEVELOPMENT = "222222222222";
    private static final String C = "i-0a22222222222222c"; // Name=dev-experiment-old, env=dev, team=data
    private static final String D = "i-0a22222222222222d"; // Name=dev-scratch, env=dev, team=web

    @TempDir
    Path dir;

    private static Map<String, String> tagsOf(Ec2Client ec2, String id) {
        Map<String, String> out = new LinkedHashMap<>();
        ec2.describeInstances(r -> r.instanceIds(id))
                .reservations()
                .get(0)
                .instances()
                .get(0)
                .tags()
                .forEach(t -> out.put(t.key(), t.value()));
        return out;
    }

    @Test
    void aTargetRetaggedAfterThePlanRefusesTheApplyWithTheTagsBeforeAndAfter() throws Exception {
        try (HeldSandbox s = new HeldSandbox(dir.resolve("w"))) {
            Path runbook = dir.resolve("cleanup.yaml");
            Files.copy(Path.of("runbooks/cleanup-dev-instances.yaml"), runbook);
            Path file = dir.resolve("p.json");
            var planned = s.guard(
                    "alice",
                    new ScriptedTerminal(true, code("alice")),
                    "plan",
                    runbook.toString(),
                    "--live",
                    "-o",
                    file.toString());
            assertThat(planned.exitCode()).as(planned.out() + planned.err()).isZero();

            var f = s.fixture();
            f.clock.advance(Duration.ofSeconds(90)); // past the code the plan used
            Ec2Client ec2 = f.ec2(f.privilegedRole(DEVELOPMENT));
            ec2.createTags(r -> r.resources(C)
                    .tags(Tag.builder().key("team").value("platform").build()));
            ec2.createTags(r ->
                    r.resources(D).tags(Tag.builder().key("owner").value("ops").build()));
            ec2.deleteTags(r -> r.resources(D).tags(Tag.builder().key("Name").build()));
            Map<String, String> retaggedC = tagsOf(ec2, C);
            Map<String, String> retaggedD = tagsOf(ec2, D);
            f.sandbox.journal().clear();

            var applied = s.guard("alice", new ScriptedTerminal(true, "development"), "apply", file.toString());
            assertThat(applied.exitCode()).as(applied.out() + applied.err()).isEqualTo(3);
            assertThat(applied.out())
                    .contains("terminate-stopped-dev: " + C + ": tag team data → platform")
                    .contains("terminate-stopped-dev: " + D + ": tag Name dev-scratch → (none)")
                    .contains("terminate-stopped-dev: " + D + ": tag owner (none) → ops");
            // Nothing mutated: the journal saw no change, both targets are as the retag left them.
            assertThat(f.sandbox.journal().anyMutation()).isFalse();
            assertThat(s.changes()).isEmpty();
            assertThat(s.instanceState(DEVELOPMENT, C)).isEqualTo("stopped");
            assertThat(s.instanceState(DEVELOPMENT, D)).isEqualTo("stopped");
            Ec2Client after = f.ec2(f.privilegedRole(DEVELOPMENT));
            assertThat(tagsOf(after, C)).isEqualTo(retaggedC);
            assertThat(tagsOf(after, D)).isEqualTo(retaggedD).doesNotContainKey("Name");
        }
    }
}
