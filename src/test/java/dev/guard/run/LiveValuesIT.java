package dev.guard.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.action.ActionRegistry;
import dev.guard.auth.MfaDevice;
import dev.guard.config.ConfigLoader;
import dev.guard.config.Environment;
import dev.guard.config.GuardConfig;
import dev.guard.credentials.BaseCredentials;
import dev.guard.credentials.Connection;
import dev.guard.credentials.MemorySessions;
import dev.guard.plan.RunbookLoader;
import dev.guard.runbook.Runbook;
import dev.guard.sandbox.SandboxFixture;
import dev.guard.sandbox.server.Journal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/**
 * The shell's live completion values, read through real SDK clients from the sandbox with the
 * credentials a run would get from the shell's MFA session — and nothing, with no call needing a
 * code, while the shell holds no session.
 */
class LiveValuesIT {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath();

    @TempDir
    Path home;

    private final SandboxFixture sandbox = new SandboxFixture();
    private final MemorySessions shellSessions = new MemorySessions();

    LiveValuesIT() throws Exception {}

    @AfterEach
    void close() {
        sandbox.close();
    }

    @Test
    void withoutAnMfaSessionThereIsNothingAndNoCodeIsAsked() {
        assertThat(values("terminate-dev-instance", "instanceId", "")).isEmpty();
        assertThat(sandbox.sandbox.journal().entries())
                .extracting(Journal.Entry::action)
                .doesNotContain("GetSessionToken", "AssumeRole", "DescribeInstances");
    }

    @Test
    void instanceIdsOfTheStepsAccountAreListedWithTheShellsSession() {
        holdSession();
        // What the development account has, read as its role: every instance not terminated.
        List<String> live =
                sandbox.ec2(sandbox.privilegedRole("222222222222")).describeInstances().reservations().stream()
                        .flatMap(r -> r.instances().stream())
                        .filter(i -> i.state().name() != InstanceStateName.TERMINATED)
                        .map(i -> i.instanceId())
                        .sorted()
                        .toList();
        assertThat(live).contains("i-0a22222222222222a");
        assertThat(values("terminate-dev-instance", "instanceId", "")).isEqualTo(live);
        assertThat(values("terminate-dev-instance", "instanceId", "i-0a22222222222222a"))
                .containsExactly("i-0a22222222222222a");
        // A parameter no step's inputs use for a listable thing: nothing.
        assertThat(values("terminate-dev-instance", "nothing", "")).isEmpty();
        assertThat(sandbox.sandbox.journal().anyMutation()).isFalse();
    }

    @Test
    void tableNamesOfTheStepsAccount() {
        holdSession();
        List<String> tables = sandbox.dynamodb(sandbox.privilegedRole("333333333333"))
                .listTables()
                .tableNames();
        assertThat(tables).isNotEmpty();
        assertThat(values("delete-staging-table", "tableName", "")).isEqualTo(tables);
    }

    /** The shell's MFA session, as its first command that needed a code left it. */
    private void holdSession() {
        var c = sandbox.sts(sandbox.keys("alice"))
                .getSessionToken(r -> r.serialNumber(sandbox.serial("alice")).tokenCode(sandbox.nextCode("alice")))
                .credentials();
        sandbox.nextTotpStep();
        shellSessions.keep(c, Instant.now());
    }

    /**
     * More instances than a page: the listing says it is not complete, so the shell never answers a
     * longer prefix from it (an id past the first page would never be offered).
     */
    @Test
    void aListingCutAtAPageSaysSo() {
        holdSession();
        assertThat(listing("terminate-dev-instance", "instanceId", "").complete())
                .isTrue();
        sandbox.ec2(sandbox.privilegedRole("222222222222"))
                .runInstances(r -> r.imageId("ami-0abcdef1234567890")
                        .instanceType("t3.micro")
                        .minCount(LiveValues.PAGE)
                        .maxCount(LiveValues.PAGE));
        LiveValues.Listing cut = listing("terminate-dev-instance", "instanceId", "");
        assertThat(cut.values()).hasSize(LiveValues.PAGE);
        assertThat(cut.complete()).isFalse();
    }

    private List<String> values(String runbook, String parameter, String prefix) {
        return listing(runbook, parameter, prefix).values();
    }

    private LiveValues.Listing listing(String runbook, String parameter, String prefix) {
        Environment env = new Environment(REPOSITORY, Map.of(), home);
        GuardConfig config = new ConfigLoader(env)
                .read(REPOSITORY.resolve("config/guard.yaml"))
                .config()
                .orElseThrow();
        Path file = REPOSITORY.resolve("runbooks/" + runbook + ".yaml");
        Runbook loaded = new RunbookLoader(ActionRegistry.standard(), config)
                .load(file, file)
                .runbook()
                .orElseThrow();
        var alice = sandbox.keys("alice");
        Connection shell = BaseCredentials.forSandbox(
                        sandbox.endpoint(),
                        "alice",
                        alice.accessKeyId(),
                        alice.secretAccessKey(),
                        MfaDevice.of(sandbox.serial("alice"), MfaDevice.Source.DISCOVERED),
                        serial -> "")
                .keptBy(false, Optional.of(shellSessions));
        return new LiveValues(ActionRegistry.standard(), config, env, shell).listing(loaded, file, parameter, prefix);
    }
}
