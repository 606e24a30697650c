package dev.guard.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The retry layer's rules: what is retried, and — for changes — when the outcome of an attempt is
 * unknown, so the caller re-reads the target before it reports anything.
 */
class CallsTest {
    private final List<String> notices = new ArrayList<>();
    private final Calls calls = new Calls(6, Duration.ofMillis(1), notices::add);

    private static AwsServiceException aws(int status, String code) {
        return AwsServiceException.builder()
                .statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(code)
                        .errorMessage(code)
                        .build())
                .build();
    }

    private static SdkClientException io(IOException cause) {
        return SdkClientException.builder()
                .message("Unable to execute HTTP request")
                .cause(cause)
                .build();
    }

    private static final SdkException TIMEOUT =
            ApiCallAttemptTimeoutException.builder().message("timed out").build();

    @Test
    void aThrottledOrRefusedOrNeverSentAttemptCertainlyChangedNothing() {
        assertThat(Calls.outcomeUnknown(aws(400, "Throttling"))).isFalse();
        assertThat(Calls.outcomeUnknown(aws(503, "SlowDown"))).isFalse();
        assertThat(Calls.outcomeUnknown(aws(403, "AccessDenied"))).isFalse();
        assertThat(Calls.outcomeUnknown(io(new ConnectException("Connection refused"))))
                .isFalse();
    }

    @Test
    void aTimeoutALostReplyOrA5xxMayHaveChangedSomething() {
        assertThat(Calls.outcomeUnknown(TIMEOUT)).isTrue();
        assertThat(Calls.outcomeUnknown(io(new IOException("Unexpected end of file from server"))))
                .isTrue();
        assertThat(Calls.outcomeUnknown(aws(500, "InternalError"))).isTrue();
    }

    @Test
    void timeoutsAreRetriedAsWellAsThrottlingAnd5xxButNotRefusals() {
        assertThat(Calls.retryable(TIMEOUT)).isTrue();
        assertThat(Calls.retryable(aws(400, "RequestLimitExceeded"))).isTrue();
        assertThat(Calls.retryable(aws(500, "InternalError"))).isTrue();
        assertThat(Calls.retryable(aws(400, "ResourceNotFoundException"))).isFalse();
        assertThat(Calls.retryable(aws(403, "AccessDenied"))).isFalse();
        assertThat(Calls.retryable(io(new javax.net.ssl.SSLHandshakeException("Remote host terminated the handshake"))))
                .isFalse();
    }

    @Test
    void aReadThatTimesOutIsTriedTwiceNotSixTimes() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> calls.call("GetCallerIdentity", () -> {
                    attempts.incrementAndGet();
                    throw TIMEOUT;
                }))
                .isSameAs(TIMEOUT);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aChangeThatSucceedsAfterALostReplySaysSo() {
        AtomicInteger attempts = new AtomicInteger();
        Calls.Changed<String> r = calls.change("DeleteTable", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw io(new IOException("Connection reset"));
            }
            return "DELETING";
        });
        assertThat(r.value()).isEqualTo("DELETING");
        assertThat(r.afterUnknown()).isTrue();
        assertThat(notices).singleElement().asString().contains("DeleteTable: connection problem");
    }

    @Test
    void aNotFoundAfterALostReplyIsReportedAsAnUnknownOutcomeNotARefusal() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> calls.change("DeleteTable", () -> {
                    throw attempts.incrementAndGet() == 1
                            ? io(new IOException("Connection reset"))
                            : aws(400, "ResourceNotFoundException");
                }))
                .isInstanceOfSatisfying(Calls.ChangeFailed.class, f -> {
                    assertThat(f.outcomeUnknown()).isTrue();
                    assertThat(f.failure()).isInstanceOf(AwsServiceException.class);
                });
    }

    @Test
    void aCleanRefusalOfAChangeIsKnownNotToHaveHappened() {
        assertThatThrownBy(() -> calls.change("TerminateInstances", () -> {
                    throw aws(400, "IncorrectInstanceState");
                }))
                .isInstanceOfSatisfying(
                        Calls.ChangeFailed.class,
                        f -> assertThat(f.outcomeUnknown()).isFalse());
    }

    @Test
    void aChangeThatTimesOutIsTriedTwiceThenLeftToBeReadAgain() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> calls.change("TerminateInstances", () -> {
                    attempts.incrementAndGet();
                    throw TIMEOUT;
                }))
                .isInstanceOfSatisfying(
                        Calls.ChangeFailed.class,
                        f -> assertThat(f.outcomeUnknown()).isTrue());
        assertThat(attempts).hasValue(2);
    }

    @Test
    void aCallSpendingAnMfaCodeIsRepeatedOnlyWhenTheCodeCertainlyWasNotUsed() {
        AtomicInteger throttled = new AtomicInteger();
        assertThat(calls.once("GetSessionToken", () -> {
                    if (throttled.incrementAndGet() == 1) {
                        throw aws(400, "Throttling");
                    }
                    return "ok";
                }))
                .isEqualTo("ok");

        AtomicInteger lost = new AtomicInteger();
        assertThatThrownBy(() -> calls.once("GetSessionToken", () -> {
                    lost.incrementAndGet();
                    throw io(new IOException("Unexpected end of file from server"));
                }))
                .isInstanceOf(SdkClientException.class);
        assertThat(lost).hasValue(1);
    }

    /** Was "connection problem (SdkClientException)": a class name, the same for every cause. */
    @Test
    void aConnectionProblemIsNamedInWordsNotByAJavaClass() {
        assertThat(Calls.ioReason(io(new java.net.ConnectException("Connection refused"))))
                .isEqualTo("connection refused");
        assertThat(Calls.ioReason(io(new java.net.UnknownHostException("sts.junk.amazonaws.com"))))
                .isEqualTo("host not found");
        assertThat(Calls.ioReason(io(new java.net.SocketException("Connection reset"))))
                .isEqualTo("connection closed");
        assertThat(Calls.ioReason(io(new IOException("odd")))).isEqualTo("I/O error");

        AtomicInteger attempts = new AtomicInteger();
        calls.change("DeleteTable", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw io(new java.net.ConnectException("Connection refused"));
            }
            return "DELETING";
        });
        assertThat(notices)
                .singleElement()
                .asString()
                .contains("DeleteTable: connection problem (connection refused)")
                .doesNotContain("Exception");
    }
}
