package dev.guard.aws;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rate limiter per service for a whole run, shared by every worker of an account set: the
 * calls a run sends per second to each service, whatever the number of accounts at once.
 *
 * <p>The defaults stay under AWS's documented throttling. EC2 throttles per account and Region
 * with token buckets — non-mutating calls 100 tokens refilled at 20/s, mutating ones 200 at 5/s,
 * TerminateInstances also by resource (Amazon EC2 Developer Guide, "Request throttling for the
 * Amazon EC2 API"). The members of a set are in different accounts, each worker sends one call at a
 * time, so no account sees more than a few calls a second; 200/s over all of them only caps the
 * run as a whole. STS is different: every chained AssumeRole counts against the caller's own
 * account, whose token buckets cannot be raised (AWS Security Blog, "How to monitor and query IAM
 * resources at scale – Part 2"; AWS re:Post, "How do I resolve API throttling or 'Rate exceeded'
 * errors for IAM and AWS STS?"), and other tools share them: 50/s. AWS Organizations is one
 * global endpoint that answers TooManyRequestsException to bursts ("Quotas for AWS
 * Organizations"): 5/s. DynamoDB's control plane and S3's per-prefix rates are far above what a
 * run sends; 50/s and 100/s only smooth bursts. IAM (read by doctor, rarely by a run): 10/s.
 */
public final class RateLimits {
    /** Calls per second by service, when the config's {@code limits.rates} does not say. */
    public static final Map<String, Integer> DEFAULTS =
            Map.of("ec2", 200, "sts", 50, "organizations", 5, "dynamodb", 50, "s3", 100, "iam", 10);

    /** For a service not in the defaults. */
    static final int OTHER = 20;

    /** How long an attempt waits for a permit before it fails: never, in practice. */
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    private final Map<String, Integer> rates;
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    /** @param overrides calls per second by service name (the config's {@code limits.rates}) */
    public RateLimits(Map<String, Integer> overrides) {
        Map<String, Integer> all = new TreeMap<>(DEFAULTS);
        overrides.forEach((service, rate) -> {
            if (rate < 1) {
                throw new IllegalArgumentException("rate for " + service + " must be at least 1 call per second");
            }
            all.put(service, rate);
        });
        this.rates = Map.copyOf(all);
    }

    /** The documented defaults. */
    public static RateLimits standard() {
        return new RateLimits(Map.of());
    }

    /** Calls per second to {@code service}. */
    public int rate(String service) {
        return rates.getOrDefault(service, OTHER);
    }

    /** The run's limiter for {@code service} ("ec2", "sts"): the same instance for every caller. */
    public RateLimiter of(String service) {
        return limiters.computeIfAbsent(
                service,
                s -> RateLimiter.of(
                        "guard-" + s,
                        RateLimiterConfig.custom()
                                .limitRefreshPeriod(period(rate(s)))
                                .limitForPeriod(1)
                                .timeoutDuration(PATIENCE)
                                .build()));
    }

    /**
     * One permit every {@code 1/rate} s, rounded up to the nanosecond: the configured rate to within
     * {@code rate} parts in a billion (a millionth at 1000/s), never above it — where a 100 ms period
     * with {@code rate/10} permits made 15/s into 10/s — and without bursts, which a one-second
     * period with {@code rate} permits would allow.
     */
    static Duration period(int rate) {
        long second = Duration.ofSeconds(1).toNanos();
        return Duration.ofNanos((second + rate - 1) / rate);
    }

    /** {@code calls}, each attempt waiting for a permit of {@code service}'s limiter. */
    public Calls limit(Calls calls, String service) {
        return calls.limitedBy(of(service));
    }
}
