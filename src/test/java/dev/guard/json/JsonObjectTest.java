package dev.guard.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonObjectTest {
    private static final JsonObject ROOT = new JsonObject(
            JsonReader.parseObject(("{\"name\": \"a\", \"at\": \"2026-11-30T00:00:00Z\", \"n\": 3, \"ok\": true,"
                            + " \"tags\": {\"env\": \"dev\"}, \"items\": [{\"id\": 7}], \"mixed\": [{}, 5], \"gone\": null}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            "$");

    @Test
    void typedFieldsAreRead() {
        assertThat(ROOT.string("name")).isEqualTo("a");
        assertThat(ROOT.instant("at")).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(ROOT.number("n")).isEqualTo(3L);
        assertThat(ROOT.bool("ok")).isTrue();
        assertThat(ROOT.strings("tags")).isEqualTo(Map.of("env", "dev"));
        assertThat(ROOT.optionalString("gone")).isEqualTo(Optional.empty());
        assertThat(ROOT.optionalObject("missing")).isEmpty();
    }

    @Test
    void aWrongOrMissingFieldIsNamedByItsPath() {
        assertThatThrownBy(() -> ROOT.list("items").get(0).string("id"))
                .isInstanceOf(JsonException.class)
                .hasMessage("$.items[0].id has the wrong type");
        assertThatThrownBy(() -> ROOT.list("mixed"))
                .isInstanceOf(JsonException.class)
                .hasMessage("$.mixed[1] is not an object");
        assertThatThrownBy(() -> ROOT.object("tags").string("owner"))
                .isInstanceOf(JsonException.class)
                .hasMessage("$.tags.owner is missing");
        assertThatThrownBy(() -> ROOT.instant("name"))
                .isInstanceOf(JsonException.class)
                .hasMessage("$.name is not a timestamp");
    }
}
