package dev.guard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.error.GuardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaultOptionTest {
    @Test
    void aRuleReadsEveryKind() {
        var rule = FaultOption.parse("s3:PutObject:throttle=3,latency=200,drop=10,burst=503x2");
        assertThat(rule.service()).isEqualTo("s3");
        assertThat(rule.operation()).isEqualTo("PutObject");
        assertThat(rule.throttleEveryNth()).hasValue(3);
        assertThat(rule.latencyMillis()).hasValue(200);
        assertThat(rule.dropConnectionEveryNth()).hasValue(10);
        assertThat(rule.errorBurst()).hasValueSatisfying(b -> {
            assertThat(b.status()).isEqualTo(503);
            assertThat(b.count()).isEqualTo(2);
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "s3",
                "lambda:*:throttle=1",
                "s3:*:throttle=0",
                "s3:*:burst=200x1",
                "s3:*:speed=1",
                "s3:*:latency=fast",
                "s3:*:throttle"
            })
    void badRulesAreRefusedWithTheReason(String text) {
        assertThatThrownBy(() -> FaultOption.parse(text))
                .isInstanceOf(GuardException.class)
                .hasMessageStartingWith("--fault '" + text + "': ");
    }
}
