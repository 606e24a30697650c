package dev.guard.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonReaderTest {
    @Test
    void valuesAreReadAsThePlainTreeJsonWrites() {
        Object tree = JsonReader.parse("{\"s\": \"a\", \"i\": 7, \"f\": 1.50, \"big\": 123456789012345678901234567890,"
                + " \"b\": true, \"n\": null, \"l\": [1, \"x\", {}]}");

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "a");
        expected.put("i", 7L);
        expected.put("f", new BigDecimal("1.50"));
        expected.put("big", new BigDecimal("123456789012345678901234567890"));
        expected.put("b", true);
        expected.put("n", null);
        expected.put("l", List.of(1L, "x", Map.of()));
        assertThat(tree).isEqualTo(expected);
        assertThat(List.<Object>copyOf(((Map<?, ?>) tree).keySet()))
                .containsExactly("s", "i", "f", "big", "b", "n", "l");
    }

    @Test
    void whatJsonWritesReadsBackUnchanged() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("hostile", "k\n\u0000\u001b[2J\u007f\u009b\u2028\u202e\\\"end");
        tree.put("numbers", List.of(-3L, new BigDecimal("0.1"), new BigDecimal("1E+400")));
        tree.put("nested", Map.of("empty", List.of()));

        assertThat(JsonReader.parseObject(Json.bytes(tree))).isEqualTo(tree);
        assertThat(JsonReader.parse(Json.pretty(tree))).isEqualTo(tree);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                     | is empty",
                "'   '                  | is empty",
                "'{\"a\": 1} {}'        | has text after its end at 1:10",
                "'{\"a\": 1, \"a\": 2}' | repeats the key 'a' at 1:10",
                "'{\"a\": '             | is not valid JSON: ",
                "'[1, 2'                | is not valid JSON: ",
                "'{a: 1}'               | is not valid JSON: Unexpected character ('a' (code 97))",
            })
    void malformedTextIsRefusedWithOneLineSayingWhatAndWhere(String text, String expected) {
        assertThatThrownBy(() -> JsonReader.parse(text))
                .isInstanceOf(JsonException.class)
                .hasMessageStartingWith(expected)
                .hasMessageNotContaining("\n");
    }

    @Test
    void aNullIsRefusedWithItsPositionWhereNullsMeanNothing() {
        assertThatThrownBy(() -> JsonReader.parseWithoutNulls("{\"a\": [\"x\",\n null]}"))
                .isInstanceOf(JsonException.class)
                .hasMessage("has a null at 2:2");
        assertThat(JsonReader.parse("{\"a\": [\"x\", null]}"))
                .isEqualTo(Map.of("a", java.util.Arrays.asList("x", null)));
    }

    @Test
    void anObjectIsRequiredWhereOneIsAskedFor() {
        assertThatThrownBy(() -> JsonReader.parseObject("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(JsonException.class)
                .hasMessage("is not a JSON object");
    }

    @Test
    void utf8BytesAreReadAsText() {
        assertThat(JsonReader.parse("\"\u00e9\u2603\"".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("\u00e9\u2603");
    }

    @Test
    void jacksonsNestingLimitStillHolds() {
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> JsonReader.parse(deep))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedNotGuessedAt() {
        assertThatThrownBy(() -> JsonReader.parse(new byte[] {'"', (byte) 0xff, '"'}))
                .isInstanceOf(JsonException.class)
                .hasMessageStartingWith("is not valid JSON: Invalid UTF-8");
    }
}
