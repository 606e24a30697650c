package dev.guard.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionCacheTest {
    @TempDir
    Path home;

    private final List<String> warnings = new ArrayList<>();
    private final Instant now = Instant.parse("2026-11-23T12:00:00Z");

    private SessionCache cache() {
        return new SessionCache(home.resolve("cache/guard/sessions"), warnings::add);
    }

    private static SessionCache.Key key(String caller) {
        return new SessionCache.Key(
                "http://127.0.0.1:4599", "AKIASANDBOXALICE0001", caller, "arn:aws:iam::111111111111:mfa/alice");
    }

    private SessionCache.Entry entry(SessionCache.Key key, Instant mfaAt, Instant expires) {
        return new SessionCache.Entry(key, "ASIATEMP", "s3cr3t-value", "token-value", mfaAt, expires);
    }

    @Test
    void aStoredSessionIsFoundAgainInA0600FileInA0700Directory() throws Exception {
        var key = key("arn:aws:iam::111111111111:user/alice");
        cache().store(entry(key, now, now.plus(Duration.ofHours(12))));

        assertThat(cache().find(key, now, Optional.empty())).get().satisfies(e -> {
            assertThat(e.secretAccessKey()).isEqualTo("s3cr3t-value");
            assertThat(e.mfaAt()).isEqualTo(now);
        });
        Path dir = cache().directory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        try (var files = Files.list(dir)) {
            assertThat(files.toList())
                    .singleElement()
                    .satisfies(f -> assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                            .isEqualTo("rw-------"));
        }
    }

    @Test
    void anotherIdentityNeverGetsTheSession() throws Exception {
        cache().store(entry(key("arn:aws:iam::111111111111:user/alice"), now, now.plus(Duration.ofHours(12))));
        assertThat(cache().find(key("arn:aws:iam::111111111111:user/bob"), now, Optional.empty()))
                .isEmpty();
        var otherEndpoint = new SessionCache.Key(
                "aws", "AKIASANDBOXALICE0001", "arn:aws:iam::111111111111:user/alice", key("x").mfaSerial());
        assertThat(cache().find(otherEndpoint, now, Optional.empty())).isEmpty();
    }

    @Test
    void aSessionNearExpiryIsNotHandedOutAndIsRemoved() throws Exception {
        var key = key("arn:aws:iam::111111111111:user/alice");
        cache().store(entry(key, now.minus(Duration.ofHours(12)), now.plus(Duration.ofMinutes(4))));
        assertThat(cache().find(key, now, Optional.empty())).isEmpty();
        try (var files = Files.list(cache().directory())) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void maxAgeRefusesAnOlderMfaButKeepsTheSessionForOthers() throws Exception {
        var key = key("arn:aws:iam::111111111111:user/alice");
        cache().store(entry(key, now.minus(Duration.ofMinutes(90)), now.plus(Duration.ofHours(10))));
        assertThat(cache().find(key, now, Optional.of(Duration.ofHours(1)))).isEmpty();
        assertThat(cache().find(key, now, Optional.of(Duration.ofHours(2)))).isPresent();
        assertThat(cache().find(key, now, Optional.empty())).isPresent();
    }

    @Test
    void aFileOthersCouldReadIsRemovedNotUsed() throws Exception {
        var key = key("arn:aws:iam::111111111111:user/alice");
        cache().store(entry(key, now, now.plus(Duration.ofHours(12))));
        try (var files = Files.list(cache().directory())) {
            Path f = files.findFirst().orElseThrow();
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        }
        assertThat(cache().find(key, now, Optional.empty())).isEmpty();
        assertThat(warnings).singleElement().asString().contains("permissions were not 0600");
    }

    @Test
    void aCorruptFileIsRemovedWithAWarningThatHoldsNoContent() throws Exception {
        var key = key("arn:aws:iam::111111111111:user/alice");
        cache().store(entry(key, now, now.plus(Duration.ofHours(12))));
        try (var files = Files.list(cache().directory())) {
            Path f = files.findFirst().orElseThrow();
            Files.writeString(f, "{\"secretAccessKey\": \"s3cr3t-value\", \"broken");
        }
        assertThat(cache().find(key, now, Optional.empty())).isEmpty();
        assertThat(warnings).singleElement().asString().contains("unreadable").doesNotContain("s3cr3t");
    }

    @Test
    void clearRemovesEverySessionAndEntriesNeverPrintTheirSecrets() throws Exception {
        cache().store(entry(key("arn:aws:iam::111111111111:user/alice"), now, now.plus(Duration.ofHours(12))));
        cache().store(entry(key("arn:aws:iam::111111111111:user/sofia"), now, now.plus(Duration.ofHours(12))));
        assertThat(cache().all(now))
                .hasSize(2)
                .allSatisfy(
                        e -> assertThat(e.toString()).doesNotContain("s3cr3t").doesNotContain("token-value"));
        assertThat(cache().clear()).isEqualTo(2);
        assertThat(cache().all(now)).isEmpty();
    }

    @Test
    void aSessionWhoseMfaTimeIsInTheFutureIsDiscardedWithANote() throws Exception {
        var key = key("arn:aws:iam::111111111111:user/alice");
        // Edited by hand: MFA "in a month", which would satisfy any maxAgeSeconds for ever.
        cache().store(entry(
                key, now.plus(Duration.ofDays(30)), now.plus(Duration.ofDays(30).plusHours(12))));

        assertThat(cache().find(key, now, Optional.of(Duration.ofMinutes(15)))).isEmpty();
        assertThat(warnings).singleElement().asString().contains("its MFA time").contains("is in the future");
        try (var files = Files.list(cache().directory())) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void aSessionLongerThanAwsIssuesIsDiscardedEvenWhenListed() throws Exception {
        var key = key("arn:aws:iam::111111111111:user/alice");
        cache().store(entry(key, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(400))));

        assertThat(cache().all(now)).isEmpty();
        assertThat(warnings).singleElement().asString().contains("more than 36 h");
        assertThat(cache().find(key, now, Optional.empty())).isEmpty();
    }

    @Test
    void aClockAFewMinutesBehindTheMfaTimeIsTolerated() throws Exception {
        var key = key("arn:aws:iam::111111111111:user/alice");
        cache().store(entry(key, now.plus(Duration.ofMinutes(2)), now.plus(Duration.ofHours(12))));
        assertThat(cache().find(key, now, Optional.of(Duration.ofMinutes(15)))).isPresent();
        assertThat(warnings).isEmpty();
    }
}
