package dev.guard.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.sandbox.server.AwsError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ListMultipartUploads' paging and roll-up, and the parts a CompleteMultipartUpload body names. */
class MultipartPagingTest {
    private static Uploads.Upload upload(String key, String id, int second) {
        return new Uploads.Upload(
                id,
                "b",
                key,
                Instant.ofEpochSecond(second),
                "binary/octet-stream",
                Map.of(),
                Map.of(),
                Optional.empty(),
                Optional.empty(),
                "arn:aws:iam::111111111111:user/alice");
    }

    // In S3's order: by key, then by initiation.
    private static final List<Uploads.Upload> ALL = List.of(
            upload("a/1", "u1", 1),
            upload("a/2", "u2", 2),
            upload("b", "u3", 3),
            upload("b", "u4", 4),
            upload("c", "u5", 5));

    private static List<String> ids(MultipartListings.Page page) {
        return page.uploads().stream().map(Uploads.Upload::id).toList();
    }

    @Test
    void aPageStopsAtMaxAndSaysMoreFollow() {
        MultipartListings.Page page = MultipartListings.page(ALL, "", "", "", "", 2);
        assertThat(ids(page)).containsExactly("u1", "u2");
        assertThat(page.truncated()).isTrue();
        assertThat(MultipartListings.page(ALL, "", "", "", "", 5).truncated()).isFalse();
    }

    @Test
    void aKeyMarkerAloneSkipsEveryUploadOfThatKey() {
        assertThat(ids(MultipartListings.page(ALL, "", "", "b", "", 10))).containsExactly("u5");
    }

    @Test
    void anUploadIdMarkerGoesOnAfterThatUploadOfTheKey() {
        assertThat(ids(MultipartListings.page(ALL, "", "", "b", "u3", 10))).containsExactly("u4", "u5");
    }

    @Test
    void aDelimiterRollsKeysUpIntoCommonPrefixesThatCountTowardsMax() {
        MultipartListings.Page page = MultipartListings.page(ALL, "", "/", "", "", 2);
        assertThat(page.commonPrefixes()).containsExactly("a/");
        assertThat(ids(page)).containsExactly("u3");
        assertThat(page.truncated()).isTrue();
        assertThat(ids(MultipartListings.page(ALL, "a/", "", "", "", 10))).containsExactly("u1", "u2");
    }

    @Test
    void aCompleteBodyNamesItsPartsWithTheirChecksums() {
        String xml = """
                <CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
                  <Part><ETag>"abc"</ETag><PartNumber>1</PartNumber><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part>
                  <Part><PartNumber>2</PartNumber><ETag>def</ETag></Part>
                </CompleteMultipartUpload>""";
        List<MultipartCompletion.Named> named = MultipartCompletion.named(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(named)
                .containsExactly(
                        new MultipartCompletion.Named(1, "abc", Map.of("CRC32", "AAAAAA==")),
                        new MultipartCompletion.Named(2, "def", Map.of()));
    }

    @Test
    void aBodyThatIsNoCompleteMultipartUploadIsMalformedXml() {
        for (String body : List.of(
                "<Other/>",
                "not xml",
                "<CompleteMultipartUpload><Part><PartNumber>x</PartNumber>"
                        + "<ETag>e</ETag></Part></CompleteMultipartUpload>")) {
            AwsError e = catchThrowableOfType(
                    AwsError.class, () -> MultipartCompletion.named(body.getBytes(StandardCharsets.UTF_8)));
            assertThat(e.code()).as(body).isEqualTo("MalformedXML");
        }
    }
}
