package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.sandbox.seed.Faults;
import dev.guard.sandbox.seed.SeedLoader;
import dev.guard.sandbox.seed.SeedWorld;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.model.StsException;

/** Fault injection as a client meets it: throttling, error bursts, dropped connections. */
class FaultsIT {
    private static SandboxFixture with(Faults.Rule... rules) throws Exception {
        SeedWorld seed = SeedLoader.bundled();
        return new SandboxFixture(seed.withFaults(new Faults(List.of(rules))));
    }

    private static Faults.Rule rule(
            String service, String op, OptionalInt throttle, Optional<Faults.ErrorBurst> burst, OptionalInt drop) {
        return new Faults.Rule(service, op, throttle, burst, OptionalLong.empty(), drop);
    }

    @Test
    void everyNthCallIsThrottledWithTheServicesOwnError() throws Exception {
        try (var f = with(rule("sts", "GetCallerIdentity", OptionalInt.of(2), Optional.empty(), OptionalInt.empty()))) {
            var sts = f.sts(f.keys("alice"));
            sts.getCallerIdentity();
            assertThatThrownBy(sts::getCallerIdentity)
                    .satisfies(
                            t -> assertThat(((StsException) t).awsErrorDetails().errorCode())
                                    .isEqualTo("Throttling"));
            sts.getCallerIdentity();
        }
    }

    @Test
    void anErrorBurstFailsTheFirstCallsThenRecovers() throws Exception {
        try (var f = with(rule(
                "s3", "*", OptionalInt.empty(), Optional.of(new Faults.ErrorBurst(503, 1)), OptionalInt.empty()))) {
            var session = SandboxFixture.session(f.sts(f.keys("alice"))
                    .getSessionToken(r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice")))
                    .credentials());
            var s3 = f.s3(session);
            assertThatThrownBy(() -> s3.putObject(
                            r -> r.bucket("guard-protected-artifacts").key("a.txt"), RequestBody.fromString("a")))
                    .satisfies(t -> assertThat(((S3Exception) t).statusCode()).isEqualTo(503));
            s3.putObject(r -> r.bucket("guard-protected-artifacts").key("a.txt"), RequestBody.fromString("a"));
            assertThat(f.sandbox.journal().entries()).anyMatch(e -> e.decision().startsWith("fault:"));
        }
    }

    @Test
    void aDroppedConnectionIsAClientSideFailure() throws Exception {
        try (var f = with(rule("sts", "*", OptionalInt.empty(), Optional.empty(), OptionalInt.of(1)))) {
            assertThatThrownBy(() -> f.sts(f.keys("alice")).getCallerIdentity()).isInstanceOf(SdkClientException.class);
        }
    }
}
