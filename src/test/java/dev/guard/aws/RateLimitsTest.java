package dev.guard.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
    @Test
    void theConfigOverridesADefaultAndEveryCallerShareOneLimiterPerService() {
        RateLimits limits = new RateLimits(Map.of("ec2", 20));

        assertThat(limits.rate("ec2")).isEqualTo(20);
        assertThat(limits.rate("sts")).isEqualTo(RateLimits.DEFAULTS.get("sts"));
        assertThat(limits.of("ec2")).isSameAs(limits.of("ec2"));
        assertThat(limits.of("ec2").getRateLimiterConfig().getLimitForPeriod()).isEqualTo(1);
        assertThat(limits.of("ec2").getRateLimiterConfig().getLimitRefreshPeriod())
                .isEqualTo(Duration.ofMillis(50));
        assertThat(limits.of("organizations")
                        .getRateLimiterConfig()
                        .getLimitRefreshPeriod()
                        .toMillis())
                .isEqualTo(200); // 5/s: one permit each 200 ms
    }

    @Test
    void everyRateIsKeptToWithinAMillionthAndNeverExceeded() {
        for (int rate = 1; rate <= 1000; rate++) {
            RateLimiterConfig config =
                    new RateLimits(Map.of("ec2", rate)).of("ec2").getRateLimiterConfig();
            double perSecond = config.getLimitForPeriod()
                    * 1e9
                    / config.getLimitRefreshPeriod().toNanos();
            assertThat(perSecond).as("rate %d", rate).isLessThanOrEqualTo(rate).isCloseTo(rate, offset(rate * 1e-6));
        }
    }

    @Test
    void aCallTakesAPermitOfItsServicesLimiter() {
        RateLimits limits = new RateLimits(Map.of("ec2", 1)); // one permit a second
        Calls calls = limits.limit(Calls.standard(line -> {}), "ec2");

        calls.call("DescribeInstances", () -> "ok");

        assertThat(limits.of("ec2").getMetrics().getAvailablePermissions()).isZero();
        assertThat(limits.of("sts").getMetrics().getAvailablePermissions()).isPositive();
    }
}
