package dev.guard.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** S3's bucket naming rules, as CreateBucket enforces them before anything changes. */
class BucketNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"guard-approvals", "abc", "a.b-c", "0123456789", "my.bucket.example"})
    void validNamesPass(String name) {
        assertThat(BucketNames.valid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ab",
                "Bad_Name",
                "UPPER",
                "-leading",
                "trailing-",
                "two..dots",
                "192.168.5.4",
                "xn--punycode",
                "sthree-bucket",
                "name-s3alias",
                "name--ol-s3",
                "a234567890123456789012345678901234567890123456789012345678901234"
            })
    void invalidNamesAreRefused(String name) {
        assertThat(BucketNames.valid(name)).isFalse();
    }
}
