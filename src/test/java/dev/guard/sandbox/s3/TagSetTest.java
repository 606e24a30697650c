package dev.guard.sandbox.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.guard.sandbox.server.AwsError;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TagSetTest {
    private static byte[] tagging(String tags) {
        return ("<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet>" + tags + "</TagSet></Tagging>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String tag(String key, String value) {
        return "<Tag><Key>" + key + "</Key><Value>" + value + "</Value></Tag>";
    }

    private static AwsError error(Runnable r) {
        return catchThrowableOfType(AwsError.class, r::run);
    }

    @Test
    void readsTagsInOrderAndWritesThemBack() {
        Map<String, String> tags = TagSet.fromXml(tagging(tag("b", "2") + tag("a", "") + tag("c d", "e&amp;f")));
        assertThat(tags).containsExactly(Map.entry("b", "2"), Map.entry("a", ""), Map.entry("c d", "e&f"));
        assertThat(TagSet.fromXml(TagSet.toXml(tags))).containsExactlyEntriesOf(tags);
        assertThat(TagSet.fromXml(tagging(""))).isEmpty();
    }

    @Test
    void refusesWhatS3Refuses() {
        String eleven = "";
        for (int i = 0; i < 11; i++) {
            eleven += tag("k" + i, "v");
        }
        String finalEleven = eleven;
        assertThat(error(() -> TagSet.fromXml(tagging(finalEleven))).code()).isEqualTo("BadRequest");
        assertThat(error(() -> TagSet.fromXml(tagging(tag("a", "1") + tag("a", "2"))))
                        .getMessage())
                .isEqualTo("Cannot provide multiple Tags with the same key");
        assertThat(error(() -> TagSet.fromXml(tagging(tag("k".repeat(129), "v"))))
                        .getMessage())
                .isEqualTo("The TagKey you have provided is invalid");
        assertThat(error(() -> TagSet.fromXml(tagging(tag("k", "v".repeat(257)))))
                        .getMessage())
                .isEqualTo("The TagValue you have provided is invalid");
        assertThat(error(() -> TagSet.fromXml(tagging(tag("aws:x", "v")))).code())
                .isEqualTo("InvalidTag");
        assertThat(error(() -> TagSet.fromXml("<Tagging>".getBytes(StandardCharsets.UTF_8)))
                        .code())
                .isEqualTo("MalformedXML");
        assertThat(error(() -> TagSet.fromXml(tagging("<Tag><Key>k</Key></Tag>")))
                        .code())
                .isEqualTo("MalformedXML");
        // The limits are characters, not bytes.
        assertThat(TagSet.fromXml(tagging(tag("é".repeat(128), "ü".repeat(256)))))
                .hasSize(1);
    }

    @Test
    void readsTheTaggingHeaderAsAUrlQuery() {
        assertThat(TagSet.fromHeader("a=1&b%20c=d%26e&empty="))
                .containsExactly(Map.entry("a", "1"), Map.entry("b c", "d&e"), Map.entry("empty", ""));
        assertThat(error(() -> TagSet.fromHeader("a=1&a=2")).code()).isEqualTo("InvalidTag");
    }
}
