package dev.guard.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Content-Encoding keeps what the body is encoded with, never the SDKs' aws-chunked framing. */
class ContentHeadersTest {
    @Test
    void theChunkedFramingIsDroppedAndTheRealCodingKept() {
        assertThat(ContentHeaders.withoutChunkedFraming("aws-chunked")).isEmpty();
        assertThat(ContentHeaders.withoutChunkedFraming("aws-chunked,gzip")).isEqualTo("gzip");
        assertThat(ContentHeaders.withoutChunkedFraming("gzip, aws-chunked")).isEqualTo("gzip");
        assertThat(ContentHeaders.withoutChunkedFraming("AWS-Chunked, gzip, br"))
                .isEqualTo("gzip,br");
        assertThat(ContentHeaders.withoutChunkedFraming("identity")).isEqualTo("identity");
    }
}
