package dev.guard.sandbox.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.guard.yaml.Node;
import dev.guard.yaml.Problems;
import dev.guard.yaml.YamlReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** YAML nodes become the trees a JSON parser would give an IAM evaluator. */
class PlainTreeTest {
    @Test
    void quotedStringsStayStringsAndOtherScalarsGetJsonTypes() {
        Object plain = plain("{quoted: \"true\", bare: true, off: false, count: 42, ratio: 0.5, date: \"2012-10-17\","
                + " nothing: null, text: hello, big: 123456789012345678901234}");
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) plain;
        assertThat(map.get("quoted")).isEqualTo("true");
        assertThat(map.get("bare")).isEqualTo(Boolean.TRUE);
        assertThat(map.get("off")).isEqualTo(Boolean.FALSE);
        assertThat(map.get("count")).isEqualTo(42L);
        assertThat(map.get("ratio")).isEqualTo(0.5);
        assertThat(map.get("date")).isEqualTo("2012-10-17");
        assertThat(map).containsKey("nothing");
        assertThat(map.get("nothing")).isNull();
        assertThat(map.get("big")).isEqualTo(1.2345678901234568E23);
    }

    @Test
    void mappingsKeepFileOrderAndNothingCanBeChanged() {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) plain("{z: 1, a: [x, null, {k: v}], m: 2}");
        assertThat(map.keySet()).containsExactly("z", "a", "m");
        assertThat(map.get("a")).isEqualTo(Arrays.asList("x", null, Map.of("k", "v")));
        assertThatThrownBy(() -> map.put("b", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) map.get("a")).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    private static Object plain(String yaml) {
        Problems problems = new Problems(Path.of("t.yaml"));
        Node node = YamlReader.parse(yaml.getBytes(StandardCharsets.UTF_8), problems)
                .orElseThrow();
        assertThat(problems.isEmpty()).isTrue();
        return PlainTree.toPlain(node);
    }
}
