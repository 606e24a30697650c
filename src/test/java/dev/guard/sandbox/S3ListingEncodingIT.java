package dev.guard.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Keys no XML 1.0 document can carry, through the real SDK: a listing without {@code encoding-type}
 * breaks on them as it does on AWS, one with {@code encoding-type=url} lists every key exactly (the
 * SDK decodes it), and DeleteObjects refuses a batch naming one while DeleteObject deletes it.
 */
class S3ListingEncodingIT {
    private static final String BUCKET = "guard-protected-artifacts";
    private static final List<String> HOSTILE = List.of(
            "hostile/two\nlines",
            "hostile/cr\rover",
            "hostile/\u001b[2Jclear",
            "hostile/bidi\u202etxt.exe",
            "hostile/ctl\u0001x",
            "hostile/a b",
            "hostile/a+b",
            "hostile/100%.csv",
            "hostile/trailing ");

    private SandboxFixture f;
    private S3Client s3;

    @BeforeEach
    void start() throws Exception {
        f = new SandboxFixture();
        var session = SandboxFixture.session(f.sts(f.keys("alice"))
                .getSessionToken(r -> r.serialNumber(f.serial("alice")).tokenCode(f.nextCode("alice")))
                .credentials());
        s3 = f.s3(session);
        for (String key : HOSTILE) {
            s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("x"));
        }
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void withoutEncodingAKeyXmlCannotCarryIsNotListedAsItIs() {
        // AWS writes such a key raw, which no XML 1.0 parser reads; the sandbox keeps every reply
        // parseable (U+FFFD for what XML cannot carry). Either way the listing does not give the key
        // back, which is why guard asks for encoding-type=url.
        var keys = s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("hostile/")).contents().stream()
                .map(S3Object::key)
                .toList();
        assertThat(HOSTILE.stream()
                        .filter(k -> k.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r')))
                .isNotEmpty()
                .allSatisfy(k -> assertThat(keys).doesNotContain(k));
    }

    @Test
    void withUrlEncodingEveryKeyIsListedExactlyAndTheSdkDecodesIt() {
        ListObjectsV2Response page =
                s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("hostile/").encodingType(EncodingType.URL));
        assertThat(page.encodingType()).isEqualTo(EncodingType.URL);
        assertThat(page.prefix()).isEqualTo("hostile/");
        assertThat(page.contents().stream().map(S3Object::key)).containsExactlyInAnyOrderElementsOf(HOSTILE);
    }

    @Test
    void pagesOfAnEncodedListingFollowAnOpaqueTokenPastEveryKey() {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = s3.listObjectsV2(r -> r.bucket(BUCKET)
                    .prefix("hostile/")
                    .encodingType(EncodingType.URL)
                    .maxKeys(2)
                    .continuationToken(next));
            page.contents().forEach(o -> keys.add(o.key()));
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            assertThat(token == null ? "" : token).doesNotContain("hostile");
        } while (token != null);
        assertThat(keys).containsExactlyInAnyOrderElementsOf(HOSTILE).doesNotHaveDuplicates();
    }

    @Test
    void startAfterIsEncodedAndEchoedLikeTheKeys() {
        var page = s3.listObjectsV2(r -> r.bucket(BUCKET)
                .prefix("hostile/")
                .encodingType(EncodingType.URL)
                .startAfter("hostile/a b"));
        assertThat(page.startAfter()).isEqualTo("hostile/a b");
        assertThat(page.contents().stream().map(S3Object::key))
                .doesNotContain("hostile/a b", "hostile/\u001b[2Jclear")
                .contains("hostile/a+b", "hostile/two\nlines");
    }

    @Test
    void aDelimiterRollsKeysUpIntoEncodedCommonPrefixesAcrossPages() {
        for (String key : List.of("hostile/dir a/x", "hostile/dir a/y\u0001", "hostile/ctl\u0001dir/z")) {
            s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString("x"));
        }
        var whole = s3.listObjectsV2(
                r -> r.bucket(BUCKET).prefix("hostile/").delimiter("/").encodingType(EncodingType.URL));
        assertThat(whole.delimiter()).isEqualTo("/");
        assertThat(whole.commonPrefixes().stream().map(p -> p.prefix()))
                .containsExactly("hostile/ctl\u0001dir/", "hostile/dir a/");
        assertThat(whole.contents().stream().map(S3Object::key)).containsExactlyInAnyOrderElementsOf(HOSTILE);
        assertThat(whole.keyCount()).isEqualTo(HOSTILE.size() + 2);

        List<String> items = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            var page = s3.listObjectsV2(r -> r.bucket(BUCKET)
                    .prefix("hostile/")
                    .delimiter("/")
                    .encodingType(EncodingType.URL)
                    .maxKeys(1)
                    .continuationToken(next));
            page.contents().forEach(o -> items.add(o.key()));
            page.commonPrefixes().forEach(p -> items.add(p.prefix()));
            assertThat(page.keyCount()).isEqualTo(1);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        assertThat(items)
                .doesNotHaveDuplicates()
                .hasSize(HOSTILE.size() + 2)
                .contains("hostile/ctl\u0001dir/", "hostile/dir a/");
    }

    @Test
    void anUnknownEncodingTypeIsRefused() {
        var e = catchThrowableOfType(
                S3Exception.class,
                () -> s3.listObjectsV2(r -> r.bucket(BUCKET).prefix("hostile/").encodingType("base64")));
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgument");
    }

    @Test
    void deleteObjectsRefusesABatchNamingAKeyXmlCannotCarryAndDeleteObjectDeletesIt() {
        var batch = List.of("hostile/ctl\u0001x", "hostile/a b").stream()
                .map(k -> ObjectIdentifier.builder().key(k).build())
                .toList();
        var e = catchThrowableOfType(
                S3Exception.class, () -> s3.deleteObjects(r -> r.bucket(BUCKET).delete(d -> d.objects(batch))));
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MalformedXML");
        assertThat(listed()).contains("hostile/ctl\u0001x", "hostile/a b");

        s3.deleteObject(r -> r.bucket(BUCKET).key("hostile/ctl\u0001x"));
        assertThat(listed()).doesNotContain("hostile/ctl\u0001x").contains("hostile/a b");
    }

    @Test
    void deleteObjectsDeletesKeysWithLineBreaksAndSpacesExactly() {
        var batch = List.of("hostile/two\nlines", "hostile/trailing ", "hostile/a+b").stream()
                .map(k -> ObjectIdentifier.builder().key(k).build())
                .toList();
        var r = s3.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.objects(batch)));
        assertThat(r.errors()).isEmpty();
        // Each key's own result names it exactly: that is how guard matches outcomes to targets.
        assertThat(r.deleted().stream().map(d -> d.key()))
                .containsExactlyInAnyOrder("hostile/two\nlines", "hostile/trailing ", "hostile/a+b");
        assertThat(listed())
                .doesNotContain("hostile/two\nlines", "hostile/trailing ", "hostile/a+b")
                .contains("hostile/a b", "hostile/cr\rover");
    }

    private List<String> listed() {
        return s3
                .listObjectsV2(r -> r.bucket(BUCKET).prefix("hostile/").encodingType(EncodingType.URL))
                .contents()
                .stream()
                .map(S3Object::key)
                .toList();
    }
}
