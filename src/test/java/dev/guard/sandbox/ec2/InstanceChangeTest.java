package dev.guard.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.sandbox.server.AwsError;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** EC2's state table for Stop/Start/TerminateInstances. */
class InstanceChangeTest {
    private static Instances.Instance in(String state) {
        Instances instances = new Instances();
        instances.add("i-0a000000000000001", "1", "us-east-1", "t3.micro", Map.of(), state, false, Instant.EPOCH);
        return instances.find("1", "us-east-1", "i-0a000000000000001").orElseThrow();
    }

    @ParameterizedTest
    @CsvSource({
        "STOP, pending, stopped",
        "STOP, shutting-down, stopped",
        "STOP, terminated, stopped",
        "START, stopping, started",
        "START, shutting-down, started",
        "START, terminated, started"
    })
    void aChangeFromAStateEc2RefusesIsIncorrectInstanceState(InstanceChange change, String state, String verb) {
        AwsError e = catchThrowableOfType(AwsError.class, () -> change.check(in(state)));
        assertThat(e.code()).isEqualTo("IncorrectInstanceState");
        assertThat(e.getMessage())
                .isEqualTo("The instance 'i-0a000000000000001' is not in a state from which it can be " + verb + ".");
    }

    @ParameterizedTest
    @CsvSource({
        "STOP, running, stopping",
        "STOP, stopping, stopping",
        "STOP, stopped, stopped",
        "START, stopped, pending",
        "START, pending, pending",
        "START, running, running",
        "TERMINATE, running, shutting-down",
        "TERMINATE, stopped, shutting-down",
        "TERMINATE, terminated, terminated"
    })
    void anAcceptedChangeReportsWhatEc2Reports(InstanceChange change, String state, String reported) {
        change.check(in(state));
        assertThat(change.transition(state).reported()).isEqualTo(reported);
    }

    @Test
    void terminationProtectionRefusesOnlyTermination() {
        Instances instances = new Instances();
        instances.add("i-0a000000000000002", "1", "us-east-1", "t3.micro", Map.of(), "running", true, Instant.EPOCH);
        Instances.Instance i =
                instances.find("1", "us-east-1", "i-0a000000000000002").orElseThrow();
        assertThat(catchThrowableOfType(AwsError.class, () -> InstanceChange.TERMINATE.check(i))
                        .code())
                .isEqualTo("OperationNotPermitted");
        InstanceChange.STOP.check(i);
    }
}
