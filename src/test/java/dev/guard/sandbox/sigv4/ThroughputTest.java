package dev.guard.sandbox.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Prints verifications per second on one thread; informative only, never asserted. */
class ThroughputTest {

    @Test
    void printsVerifiedRequestsPerSecond() {
        SigV4Verifier verifier = SdkSigning.verifier();
        List<SignedRequest> requests = List.of(
                SdkSigning.sign(
                        SdkSigning.request("POST", "https://sts.amazonaws.com/")
                                .putHeader("Content-Type", "application/x-www-form-urlencoded"),
                        "Action=GetCallerIdentity&Version=2011-06-15",
                        "sts"),
                SdkSigning.sign(
                        SdkSigning.request("POST", "https://dynamodb.us-east-1.amazonaws.com/")
                                .putHeader("X-Amz-Target", "DynamoDB_20120810.DeleteTable"),
                        "{\"TableName\":\"orders\"}",
                        "dynamodb"));
        int verified = 0;
        long deadline = System.nanoTime() + 300_000_000L;
        long start = System.nanoTime();
        int count = 0;
        while (System.nanoTime() < deadline && count < 200_000) {
            if (verifier.verify(requests.get(count % 2)) instanceof Verification.Verified) {
                verified++;
            }
            count++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "sigv4: %d verifications in %.2f s = %.0f/s on one thread%n", count, seconds, count / seconds);
        assertThat(verified).isEqualTo(count);
    }
}
