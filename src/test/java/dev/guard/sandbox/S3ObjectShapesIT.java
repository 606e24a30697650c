package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 object answers in AWS's shape, through the real SDK: additional checksums kept and answered,
 * error bodies that name what is missing, listing timestamps that agree with Last-Modified, and
 * Accept-Ranges. (MotoConformanceIT compares the same shapes with moto where it is installed.)
 */
class S3ObjectShapesIT {
    private static final String BUCKET = "guard-protected-artifacts";

    private SandboxFixture f;
    private S3Client s3;

    @BeforeEach
    void start() throws Exception {
        f = new SandboxFixture();
        var session = SandboxFixture.session(f.sts(f.keys("alice"))
                .getSessionToken(r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice")))
                .credentials());
        s3 = f.s3(session);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static String crc32(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder()
                .encodeToString(java.nio.ByteBuffer.allocate(4)
                        .putInt((int) crc.getValue())
                        .array());
    }

    @Test
    void theCrc32TheSdkSendsIsKeptAnsweredWhenAskedForAndListed() {
        String key = "shapes/crc.txt";
        // A stream of known length: the SDK sends it aws-chunked with the CRC32 as a signed trailer.
        var put = s3.putObject(
                r -> r.bucket(BUCKET).key(key),
                RequestBody.fromInputStream(
                        new ByteArrayInputStream("hello checksum".getBytes(StandardCharsets.UTF_8)), 14));
        assertThat(put.checksumCRC32()).isEqualTo(crc32("hello checksum"));

        var got = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key).checksumMode(ChecksumMode.ENABLED));
        assertThat(got.response().checksumCRC32()).isEqualTo(crc32("hello checksum"));
        assertThat(s3.headObject(r -> r.bucket(BUCKET).key(key).checksumMode(ChecksumMode.ENABLED))
                        .checksumCRC32())
                .isEqualTo(crc32("hello checksum"));
        assertThat(s3.headObject(r -> r.bucket(BUCKET).key(key)).checksumCRC32())
                .as("without x-amz-checksum-mode: ENABLED, S3 leaves the checksum out")
                .isNull();

        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(key)).contents())
                .singleElement()
                .satisfies(o -> assertThat(o.checksumAlgorithm()).containsExactly(ChecksumAlgorithm.CRC32));
    }

    @Test
    void anotherAlgorithmIsKeptAsSent() {
        String key = "shapes/sha.txt";
        var put = s3.putObject(
                r -> r.bucket(BUCKET).key(key).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                RequestBody.fromString("abc"));
        assertThat(put.checksumSHA256()).isEqualTo("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
        assertThat(put.checksumCRC32()).isNull();
        assertThat(s3.headObject(r -> r.bucket(BUCKET).key(key).checksumMode(ChecksumMode.ENABLED))
                        .checksumSHA256())
                .isEqualTo(put.checksumSHA256());
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(key)).contents())
                .singleElement()
                .satisfies(o -> assertThat(o.checksumAlgorithm()).containsExactly(ChecksumAlgorithm.SHA256));
    }

    @Test
    void aChecksumThatDoesNotMatchTheBodyIsBadDigestAndStoresNothing() {
        String key = "shapes/bad.txt";
        S3Exception e = catchThrowableOfType(
                S3Exception.class,
                () -> s3.putObject(
                        r -> r.bucket(BUCKET).key(key).checksumCRC32(crc32("something else")),
                        RequestBody.fromString("the body")));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
        assertThat(s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(key)).contents())
                .isEmpty();
    }

    @Test
    void errorBodiesNameTheMissingKeyAndBucket() {
        S3Exception key = catchThrowableOfType(
                S3Exception.class, () -> s3.getObject(r -> r.bucket(BUCKET).key("shapes/never & written.txt")));
        assertThat(key.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
        assertThat(key.awsErrorDetails().rawResponse().asUtf8String())
                .contains("<Message>The specified key does not exist.</Message>"
                        + "<Key>shapes/never &amp; written.txt</Key><RequestId>");

        // GetObject, because the SDK keeps the raw error body of streaming calls only.
        S3Exception bucket = catchThrowableOfType(
                S3Exception.class,
                () -> s3.getObject(r -> r.bucket("guard-no-such-bucket").key("k")));
        assertThat(bucket.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket");
        assertThat(bucket.awsErrorDetails().rawResponse().asUtf8String())
                .contains("<BucketName>guard-no-such-bucket</BucketName><RequestId>");
    }

    @Test
    void listingsAndLastModifiedNameTheSameWholeSecond() {
        String key = "shapes/time.txt";
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("t"));
        var listed = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix(key))
                .contents()
                .get(0)
                .lastModified();
        var head = s3.headObject(r -> r.bucket(BUCKET).key(key)).lastModified();
        assertThat(listed).isEqualTo(head);
        assertThat(listed.getNano()).isZero();
    }

    @Test
    void getAndHeadAcceptRanges() {
        String key = "shapes/ranges.txt";
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("r"));
        assertThat(s3.headObject(r -> r.bucket(BUCKET).key(key)).acceptRanges()).isEqualTo("bytes");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key))
                        .response()
                        .acceptRanges())
                .isEqualTo("bytes");
    }

    @Test
    void aRangeIsAnsweredWithPartialContent() {
        String key = "shapes/ranged.txt";
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("0123456789"));
        var middle = s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key).range("bytes=2-4"));
        assertThat(middle.asUtf8String()).isEqualTo("234");
        assertThat(middle.response().contentRange()).isEqualTo("bytes 2-4/10");
        assertThat(middle.response().sdkHttpResponse().statusCode()).isEqualTo(206);
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key).range("bytes=-3"))
                        .asUtf8String())
                .isEqualTo("789");
        assertThat(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key).range("bytes=7-99"))
                        .asUtf8String())
                .isEqualTo("789");
        S3Exception past = catchThrowableOfType(
                S3Exception.class,
                () -> s3.getObject(r -> r.bucket(BUCKET).key(key).range("bytes=10-")));
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");
    }
}
