package dev.guard.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    private static final String HOSTILE = "k\n\r\t\u0000\u001b[2J\u007f\u0085\u009b2J\u2028\u2029\u202e\\\"end";

    @Test
    void everyControlLineSeparatorAndBidiControlIsWrittenAsAnEscape() {
        String line = Json.compact(Map.of("key", HOSTILE));
        assertThat(line)
                .contains("\\n", "\\r", "\\t", "\\u0000", "\\u001B[2J", "\\u007F", "\\u0085", "\\u009B2J")
                .contains("\\u2028", "\\u2029", "\\\\", "\\\"")
                .contains("\\u202E");
        line.chars()
                .forEach(c -> assertThat(c < 0x20
                                || (c >= 0x7f && c <= 0x9f)
                                || c == 0x2028
                                || c == 0x2029
                                || dev.guard.yaml.Text.isBidiControl((char) c))
                        .as("U+%04X written raw", c)
                        .isFalse());
    }

    /** A runbook file named with U+202E showed reversed in {@code guard list --output json}. */
    @Test
    void everyBidiControlIsEscaped() {
        String all = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069";
        assertThat(Json.compact(List.of(all)))
                .isEqualTo(
                        "[\"\\u061C\\u200E\\u200F\\u202A\\u202B\\u202C\\u202D\\u202E\\u2066\\u2067\\u2068\\u2069\"]");
    }

    @Test
    void jsonFromElsewhereIsWrittenAgainWithTheSameValuesAndEscapes() {
        String raw = "{\"resource\":\"arn:aws:s3:::b/k\u009b2J\u2028\",\"status\":200,\"mutated\":true,\"x\":null}";
        assertThat(Json.rewritten(raw))
                .isEqualTo(
                        "{\"resource\":\"arn:aws:s3:::b/k\\u009B2J\\u2028\",\"status\":200,\"mutated\":true,\"x\":null}");
    }

    @Test
    void theTextReadsBackExactly() throws IOException {
        String line = Json.compact(List.of(HOSTILE));
        try (var parser = new JsonFactory().createParser(line)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            parser.nextToken();
            assertThat(parser.getText()).isEqualTo(HOSTILE);
        }
    }

    /** json/ is a leaf, so it keeps its own copy of the bidirectional controls: the same set. */
    @Test
    void theEscapedBidiControlsAreExactlyTheOnesTheYamlReaderRefuses() {
        for (char c = 0x100; c < 0x3000; c++) {
            boolean escaped = Json.compact(String.valueOf(c)).startsWith("\"\\u");
            boolean separator = c == 0x2028 || c == 0x2029;
            assertThat(escaped && !separator).as("U+%04X", (int) c).isEqualTo(dev.guard.yaml.Text.isBidiControl(c));
        }
    }
}
