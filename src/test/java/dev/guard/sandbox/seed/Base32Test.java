package dev.guard.sandbox.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 4648 base32, read as leniently as authenticator apps and as strictly as the alphabet. */
class Base32Test {
    @ParameterizedTest
    @CsvSource({
        "'', ''",
        "f, MY======",
        "fo, MZXQ====",
        "foo, MZXW6===",
        "foob, MZXW6YQ=",
        "fooba, MZXW6YTB",
        "foobar, MZXW6YTBOI======"
    })
    void decodesRfc4648TestVectorsWithAndWithoutPadding(String plain, String encoded) {
        byte[] bytes = plain.getBytes(StandardCharsets.US_ASCII);
        assertThat(Base32.decode(encoded)).isEqualTo(bytes);
        assertThat(Base32.decode(encoded.replace("=", ""))).isEqualTo(bytes);
        assertThat(Base32.encode(bytes)).isEqualTo(encoded.replace("=", ""));
    }

    @Test
    void isCaseInsensitiveAndIgnoresSpaces() {
        assertThat(Base32.decode("mzxw 6ytb oi")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
        assertThat(Base32.decode(" MzXw6YtBoI== ")).isEqualTo("foobar".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void roundTripsEveryLength() {
        for (int length = 0; length <= 41; length++) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) (i * 37 + 11);
            }
            assertThat(Base32.decode(Base32.encode(bytes))).isEqualTo(bytes);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"MZXW1YTB", "MZXW8YTB", "MZXW-YTB", "MZ=XW6YTB", "MZXW6YTB\t"})
    void refusesCharactersOutsideTheAlphabet(String text) {
        assertThatThrownBy(() -> Base32.decode(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not base32")
                .hasMessageNotContaining(text.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"M", "MZX", "MZXW6Y", "MZXW6YTBO"})
    void refusesLengthsNoByteStringEncodesTo(String text) {
        assertThatThrownBy(() -> Base32.decode(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("impossible");
    }
}
