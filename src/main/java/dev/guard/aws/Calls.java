package dev.guard.aws;

import dev.guard.term.Progress;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * guard's one retry layer around AWS calls (the SDK's own retries are off, see {@link AwsClients}):
 * exponential backoff with jitter on throttling, 5xx answers, timeouts and transient I/O; anything
 * else — a denial, a missing resource, a validation error — fails at once, because retrying it
 * cannot help and only delays the message.
 *
 * <p>A change ({@link #change}) is different in one way: an attempt that timed out, lost its answer
 * or got a 5xx may have been carried out all the same. Every change guard makes is idempotent, so it
 * is retried, but the caller learns that the outcome was unknown along the way and must re-read the
 * target before it reports anything (DESIGN.md §4: outcomes are the truth, never a guess).
 */
public final class Calls {
    /** Error codes that mean "slow down" in the services guard calls. */
    public static final Set<String> THROTTLING = Set.of(
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
    private final Progress progress;
    private final UnaryOperator<String> label;
    /** Every attempt, retries included, waits for a permit here: the run's limiter for the service. */
    private final RateLimiter limiter;

    /**
     * @param maxAttempts attempts per call, the first included
     * @param initialBackoff the first wait; it doubles, with ±50% jitter, up to 8 s
     * @param notice told about each retry ("throttled; retrying in 0.4 s"), for the operator
     */
    public Calls(int maxAttempts, Duration initialBackoff, Consumer<String> notice) {
        this.notice = notice;
        this.progress = Progress.NONE;
        this.label = what -> what;
        this.limiter = null;
        this.config = RetryConfig.custom()
                .maxAttempts(maxAttempts)
                .intervalFunction(
                        IntervalFunction.ofExponentialRandomBackoff(initialBackoff, 2.0, 0.5, Duration.ofSeconds(8)))
                .build();
    }

    private Calls(Calls calls, Progress progress, UnaryOperator<String> label, RateLimiter limiter) {
        this.config = calls.config;
        this.notice = calls.notice;
        this.progress = progress;
        this.label = label;
        this.limiter = limiter;
    }

    /**
     * The same retry layer, each attempt first waiting for a permit of {@code limiter} (shared by
     * every worker calling the same service), so many accounts at once never flood one service.
     */
    public Calls limitedBy(RateLimiter limiter) {
        return new Calls(this, progress, label, limiter);
    }

    /**
     * The same retry layer, each call (with its retries) shown as a task on {@code progress} while it
     * is in flight, labelled {@code label.apply(what)}: "ec2 DescribeInstances in development".
     */
    public Calls showing(Progress progress, UnaryOperator<String> label) {
        return new Calls(this, progress, label, limiter);
    }

    /** The defaults for a run: 6 attempts, starting at 200 ms. */
    public static Calls standard(Consumer<String> notice) {
        return new Calls(6, Duration.ofMillis(200), notice);
    }

    /** Makes one AWS call, retrying what is transient. {@code what} names it in notices. */
    public <T> T call(String what, Supplier<T> call) {
        return attempt(what, call, t -> true);
    }

    /**
     * Makes a call that spends something AWS accepts once — an MFA code — so it is repeated only when
     * the failed attempt certainly did not reach AWS (throttled, or never connected): repeating one
     * that may have used the code would fail as "code already used" and hide the real problem.
     */
    public <T> T once(String what, Supplier<T> call) {
        return attempt(what, call, t -> !outcomeUnknown(t));
    }

    /**
     * Makes one change, retrying what is transient.
     *
     * @return the answer, and whether an earlier attempt's outcome was unknown (then the answer may
     *     describe the retry, not the first attempt that made the change)
     * @throws ChangeFailed the last failure, and whether any attempt's outcome was unknown
     */
    public <T> Changed<T> change(String what, Supplier<T> call) {
        AtomicBoolean unknown = new AtomicBoolean();
        Supplier<T> tracked = noting(call, e -> unknown.compareAndSet(false, outcomeUnknown(e)));
        try {
            return new Changed<>(attempt(what, tracked, t -> true), unknown.get());
        } catch (SdkException e) {
            throw new ChangeFailed(e, unknown.get() || outcomeUnknown(e));
        }
    }

    /** {@code call}, telling {@code failure} of each failed attempt before it propagates. */
    private static <T> Supplier<T> noting(Supplier<T> call, Consumer<RuntimeException> failure) {
        return () -> {
            try {
                return call.get();
            } catch (RuntimeException e) {
                failure.accept(e);
                throw e;
            }
        };
    }

    /**
     * A change's answer.
     *
     * @param afterUnknown an earlier attempt's outcome was unknown: it may have made the change
     */
    public record Changed<T>(T value, boolean afterUnknown) {}

    /**
     * A change failed. {@code outcomeUnknown} says whether AWS may have carried it out all the same
     * (a timeout, a lost answer or a 5xx on some attempt); then a "not found" from a retried delete,
     * say, is the first attempt's success. Never a secret in the message.
     */
    public static final class ChangeFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient SdkException failure;
        private final boolean outcomeUnknown;

        ChangeFailed(SdkException failure, boolean outcomeUnknown) {
            super(failure.getMessage(), failure);
            this.failure = failure;
            this.outcomeUnknown = outcomeUnknown;
        }

        /** The last attempt's failure. */
        public SdkException failure() {
            return failure;
        }

        /** Whether the change may have been made although no attempt said so. */
        public boolean outcomeUnknown() {
            return outcomeUnknown;
        }
    }

    /**
     * The call with retries of what {@link #retryable} and {@code also} allow — but after an attempt
     * that timed out only once more: an endpoint that did not answer in 30 s is better reported (or
     * a change's target re-read) than waited on six times.
     */
    private <T> T attempt(String what, Supplier<T> call, Predicate<Throwable> also) {
        AtomicInteger timeouts = new AtomicInteger();
        Supplier<T> limited = limiter == null ? call : RateLimiter.decorateSupplier(limiter, call);
        Supplier<T> counted = noting(limited, e -> {
            if (timedOut(e)) {
                timeouts.incrementAndGet();
            }
        });
        RetryConfig config = RetryConfig.from(this.config)
                .retryOnException(t -> retryable(t) && also.test(t) && !(timedOut(t) && timeouts.get() >= 2))
                .build();
        Retry retry = Retry.of(what, config);
        try (Progress.Task task = progress.start(label.apply(what))) {
            retry.getEventPublisher().onRetry(e -> {
                task.awaiting("retry " + e.getNumberOfRetryAttempts() + " after " + reason(e.getLastThrowable()));
                notice.accept(what + ": " + reason(e.getLastThrowable()) + "; retry "
                        + e.getNumberOfRetryAttempts() + " in "
                        + e.getWaitInterval().toMillis() + " ms");
            });
            return Retry.decorateSupplier(retry, counted).get();
        }
    }

    /**
     * Whether an attempt that failed this way may have been carried out: a 5xx (AWS may have acted
     * before it failed), a timeout, or a connection that broke after the request was sent. A
     * throttling answer, a refusal, or a connection that was never made means it was not.
     */
    public static boolean outcomeUnknown(Throwable t) {
        if (t instanceof AwsServiceException e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return e.statusCode() >= 500 && !(code != null && THROTTLING.contains(code));
        }
        if (timedOut(t)) {
            return true;
        }
        boolean io = false;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException
                    || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException) {
                return false; // never sent
            }
            io |= c instanceof IOException;
        }
        return io;
    }

    /** The SDK gave up waiting for an answer (the attempt's or the whole call's timeout). */
    public static boolean timedOut(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ApiCallAttemptTimeoutException
                    || c instanceof ApiCallTimeoutException
                    || c instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /** Whether a failure is worth another attempt. */
    static boolean retryable(Throwable t) {
        if (timedOut(t)) {
            return true;
        }
        if (t instanceof AwsServiceException e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return (code != null && THROTTLING.contains(code)) || e.statusCode() >= 500 || e.statusCode() == 429;
        }
        if (t instanceof SdkClientException || t instanceof UncheckedIOException) {
            // Connection reset, timeouts, an answer cut short: the SDK wraps the I/O error.
            boolean io = false;
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof javax.net.ssl.SSLException) {
                    return false; // a TLS failure (plain http behind https://, a bad certificate) never heals
                }
                io |= c instanceof IOException;
            }
            return io;
        }
        return false;
    }

    private static String reason(Throwable t) {
        if (timedOut(t)) {
            return "no answer in time";
        }
        if (t instanceof AwsServiceException e && e.awsErrorDetails() != null) {
            String code = e.awsErrorDetails().errorCode();
            return (code == null ? "HTTP " + e.statusCode() : code);
        }
        return "connection problem (" + ioReason(t) + ")";
    }

    /** The I/O failure under the SDK's wrapping, in words: a Java class name tells an operator nothing. */
    public static String ioReason(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (c instanceof java.net.UnknownHostException) {
                return "host not found";
            }
            if (c instanceof java.net.NoRouteToHostException) {
                return "no route to host";
            }
            if (c instanceof java.net.SocketTimeoutException) {
                return "timed out";
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.net.SocketException || c instanceof java.io.EOFException) {
                return "connection closed";
            }
        }
        return "I/O error";
    }
}
