package dev.guard.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** S3's checksum values: big-endian CRCs and digests in base64, against published check values. */
class ObjectChecksumTest {
    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    @Test
    void crc64NvmeMatchesTheCatalogueCheckValue() {
        // CRC-64/NVME in the CRC catalogue: check = 0xae8b14860a799888.
        assertThat(ObjectChecksum.crc64Nvme(CHECK)).isEqualTo(0xAE8B14860A799888L);
        assertThat(ObjectChecksum.compute("CRC64NVME", CHECK)).isEqualTo("rosUhgp5mIg=");
    }

    @Test
    void crcsAreFourBigEndianBytesInBase64() {
        assertThat(ObjectChecksum.compute("CRC32", ABC)).isEqualTo("NSRBwg=="); // 0x352441c2
        assertThat(ObjectChecksum.compute("CRC32C", CHECK)).isEqualTo("4waSgw=="); // 0xe3069283
    }

    @Test
    void digestsAreTheWholeDigestInBase64() {
        assertThat(ObjectChecksum.compute("SHA1", ABC)).isEqualTo("qZk+NkcGgWq6PiVxeFDCbJzQ2J0=");
        assertThat(ObjectChecksum.compute("SHA256", ABC)).isEqualTo("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    }

    @Test
    void theHeaderNamesTheAlgorithmInLowerCase() {
        assertThat(new ObjectChecksum("CRC64NVME", "x").header()).isEqualTo("x-amz-checksum-crc64nvme");
    }
}
