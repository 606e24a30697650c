package dev.guard.sandbox.server;

import dev.guard.sandbox.seed.Faults;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies the seed's (and {@code --fault}'s) fault rules to each call, so retries, rate limits
 * and resumable runs can be rehearsed: added latency, throttling every Nth call, bursts of
 * errors, connections dropped without an answer.
 */
public final class FaultInjector {
    /** What to do with one call. */
    public sealed interface Fault {
        /** Answer with this error instead of handling the call. */
        record Fail(AwsError error) implements Fault {}

        /** Close the connection without answering. */
        record Drop() implements Fault {}

        /** Handle the call, then close the connection without answering: a lost reply. */
        record LoseReply() implements Fault {}

        /** Handle the call, then hold the answer this long. */
        record LateReply(long millis) implements Fault {}
    }

    private final Faults faults;
    private final Map<Faults.Rule, AtomicLong> counts = new IdentityHashMap<>();
    /** Calls a latency rule holds right now, and the most it ever held at once. */
    private final java.util.concurrent.atomic.AtomicInteger delayed = new java.util.concurrent.atomic.AtomicInteger();

    private final java.util.concurrent.atomic.AtomicInteger mostDelayed =
            new java.util.concurrent.atomic.AtomicInteger();

    public FaultInjector(Faults faults) {
        this.faults = faults;
        faults.rules().forEach(r -> counts.put(r, new AtomicLong()));
    }

    /**
     * The most calls a latency rule held at the same time: how many requests a client had in flight
     * at once, seen from the server (a test of a client's concurrency bound, a bench's measure).
     */
    public int mostDelayedAtOnce() {
        return mostDelayed.get();
    }

    /** Delays the call if a rule says so, then says whether it should fail or be dropped. */
    public Optional<Fault> apply(Service service, String operation) throws InterruptedException {
        if (faults.isEmpty()) {
            return Optional.empty();
        }
        for (Faults.Rule rule : faults.rulesFor(service.signingName(), operation)) {
            long n = counts.get(rule).incrementAndGet();
            if (rule.latencyMillis().isPresent()) {
                mostDelayed.accumulateAndGet(delayed.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(rule.latencyMillis().getAsLong());
                } finally {
                    delayed.decrementAndGet();
                }
            }
            if (rule.dropConnectionEveryNth().isPresent()
                    && n % rule.dropConnectionEveryNth().getAsInt() == 0) {
                return Optional.of(new Fault.Drop());
            }
            if (rule.errorBurst().isPresent() && n <= rule.errorBurst().get().count()) {
                return Optional.of(
                        new Fault.Fail(burstError(rule.errorBurst().get().status())));
            }
            if (rule.throttleEveryNth().isPresent()
                    && n % rule.throttleEveryNth().getAsInt() == 0) {
                return Optional.of(new Fault.Fail(service.throttlingError()));
            }
            if (rule.loseReplyEveryNth().isPresent()
                    && n % rule.loseReplyEveryNth().getAsInt() == 0) {
                return Optional.of(new Fault.LoseReply());
            }
            if (rule.lateReplyMillis().isPresent()) {
                return Optional.of(new Fault.LateReply(rule.lateReplyMillis().getAsLong()));
            }
        }
        return Optional.empty();
    }

    private static AwsError burstError(int status) {
        return switch (status) {
            case 500 ->
                new AwsError(500, "InternalError", "We encountered an internal error. Please try again.", false);
            case 503 -> new AwsError(503, "ServiceUnavailable", "Service is unable to handle request.", false);
            default -> new AwsError(status, "InjectedFault", "A fault injected by the sandbox.", status < 500);
        };
    }
}
