package dev.guard.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
    @Test
    void theConfigOverridesADefaultAndEveryCallerShareOneLimiterPerService() {
        RateLimits limits = new RateLimits(Map.of("ec2", 20));

        assertThat(limits.rate("ec2")).isEqualTo(20);
        assertThat(limits.rate("sts")).isEqualTo(RateLimits.DEFAULTS.get("sts"));
        assertThat(limits.of("ec2")).isSameAs(limits.of("ec2"));
        assertThat(limits.of("ec2").getRateLimiterConfig().getLimitForPeriod()).isEqualTo(2); // per 100 ms
        assertThat(limits.of("organizations")
                        .getRateLimiterConfig()
                        .getLimitRefreshPeriod()
                        .toMillis())
                .isEqualTo(200); // 5/s: one permit each 200 ms
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
