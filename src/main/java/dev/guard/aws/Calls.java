package dev.guard.aws;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * guard's one retry layer around AWS calls (the SDK's own retries are off, see {@link AwsClients}):
 * exponential backoff with jitter on throttling, 5xx answers and transient I/O; anything else — a
 * denial, a missing resource, a validation error — fails at once, because retrying it cannot help
 * and only delays the message.
 */
public final class Calls {
    /** Error codes that mean "slow down" in the services guard calls. */
    static final Set<String> THROTTLING = Set.of(
            "Throttling",
            "ThrottlingException",
            "ThrottledException",
            "RequestLimitExceeded",
            "RequestThrottled",
            "RequestThrottledException",
            "TooManyRequestsException",
            "ProvisionedThroughputExceededException",
            "SlowDown",
            "PriorRequestNotComplete",
            "BandwidthLimitExceeded",
            "EC2ThrottledException");

    private final RetryConfig config;
    private final Consumer<String> notice;

    /**
     * @param maxAttempts attempts per call, the first included
     * @param initialBackoff the first wait; it doubles, with ±50% jitter, up to 8 s
     * @param notice told about each retry ("throttled; retrying in 0.4 s"), for the operator
     */
    public Calls(int maxAttempts, Duration initialBackoff, Consumer<String> notice) {
        this.notice = notice;
        this.config = RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(
                        IntervalFunction.ofExponentialRandomBackoff(initialBackoff, 2.0, 0.5, Duration.ofSeconds(8)))
                .retryOnException(Calls::retryable)
                .build();
    }

    /** The defaults for a run: 6 attempts, starting at 200 ms. */
    public static Calls standard(Consumer<String> notice) {
        return new Calls(6, Duration.ofMillis(200), notice);
    }

    /** Makes one AWS call, retrying what is transient. {@code what} names it in notices. */
    public <T> T call(String what, Supplier<T> call) {
        Retry retry = Retry.of(what, config);
        retry.getEventPublisher()
                .onRetry(e -> notice.accept(what + ": " + reason(e.getLastThrowable()) + "; retry "
                        + e.getNumberOfRetryAttempts() + " in "
                        + e.getWaitInterval().toMillis() + " ms"));
        return Retry.decorateSupplier(retry, call).get();
    }

    /** Whether a failure is worth another attempt. */
    static boolean retryable(Throwable t) {
        if (t instanceof AwsServiceException e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return (code != null && THROTTLING.contains(code)) || e.statusCode() >= 500 || e.statusCode() == 429;
        }
        if (t instanceof SdkClientException || t instanceof UncheckedIOException) {
            // Connection reset, timeouts, an answer cut short: the SDK wraps the I/O error.
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof IOException) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String reason(Throwable t) {
        if (t instanceof AwsServiceException e && e.awsErrorDetails() != null) {
            String code = e.awsErrorDetails().errorCode();
            return (code == null ? "HTTP " + e.statusCode() : code);
        }
        return "connection problem (" + t.getClass().getSimpleName() + ")";
    }
}
