package dev.guard.sandbox.seed;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Fault injection rules for the sandbox, in the spirit of MockWebServer's {@code SocketPolicy}:
 * each rule names a service and an operation ({@code "*"} for every operation) and any of the
 * fault kinds below. Empty by default.
 */
public record Faults(List<Rule> rules) {
    public static final Faults NONE = new Faults(List.of());

    /** Services a rule may name: the ones the sandbox serves. */
    public static final List<String> SERVICES = List.of("sts", "iam", "ec2", "dynamodb", "s3");

    public Faults {
        rules = List.copyOf(rules);
    }

    /** The rules that apply to one call, in file order. */
    public List<Rule> rulesFor(String service, String operation) {
        return rules.stream().filter(r -> r.appliesTo(service, operation)).toList();
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * One rule.
     *
     * @param throttleEveryNth every Nth matching call fails with the service's throttling error
     * @param errorBurst the first {@code count} matching calls fail with HTTP {@code status}
     * @param latencyMillis every matching call is delayed this long before it is handled
     * @param dropConnectionEveryNth every Nth matching call closes the connection unanswered
     */
    public record Rule(
            String service,
            String operation,
            OptionalInt throttleEveryNth,
            Optional<ErrorBurst> errorBurst,
            OptionalLong latencyMillis,
            OptionalInt dropConnectionEveryNth) {
        public static final String ANY_OPERATION = "*";

        public boolean appliesTo(String callService, String callOperation) {
            return service.equals(callService) && (operation.equals(ANY_OPERATION) || operation.equals(callOperation));
        }
    }

    /** {@code count} consecutive failures with HTTP {@code status} (4xx or 5xx). */
    public record ErrorBurst(int status, int count) {}
}
