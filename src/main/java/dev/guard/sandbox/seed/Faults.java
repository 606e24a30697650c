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
    public static final List<String> SERVICES = List.of("sts", "iam", "ec2", "dynamodb", "s3", "organizations");

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
     * @param loseReplyEveryNth every Nth matching call is carried out, then its connection closed
     *     unanswered: the reply lost on its way back, the case where a client cannot know the outcome
     * @param lateReplyMillis every matching call is carried out, then its answer held this long (a
     *     client that times out meanwhile has a change made that it was never told of)
     */
    public record Rule(
            String service,
            String operation,
            OptionalInt throttleEveryNth,
            Optional<ErrorBurst> errorBurst,
            OptionalLong latencyMillis,
            OptionalInt dropConnectionEveryNth,
            OptionalInt loseReplyEveryNth,
            OptionalLong lateReplyMillis) {
        public static final String ANY_OPERATION = "*";

        /** A rule of the kinds that act before the call is handled. */
        public Rule(
                String service,
                String operation,
                OptionalInt throttleEveryNth,
                Optional<ErrorBurst> errorBurst,
                OptionalLong latencyMillis,
                OptionalInt dropConnectionEveryNth) {
            this(
                    service,
                    operation,
                    throttleEveryNth,
                    errorBurst,
                    latencyMillis,
                    dropConnectionEveryNth,
                    OptionalInt.empty(),
                    OptionalLong.empty());
        }

        public boolean appliesTo(String callService, String callOperation) {
            return service.equals(callService) && (operation.equals(ANY_OPERATION) || operation.equals(callOperation));
        }
    }

    /** {@code count} consecutive failures with HTTP {@code status} (4xx or 5xx). */
    public record ErrorBurst(int status, int count) {}
}
