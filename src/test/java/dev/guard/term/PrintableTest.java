package dev.guard.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void plainTextIsShownAsItIs() {
        String plain = "logs/2026-11-30/app.log i-0abc123 Name=dev-web-1 (x) ~!@#$%^&*";
        assertThat(Printable.of(plain)).isSameAs(plain);
        assertThat(Printable.of("café 東京 emoji 😀")).isEqualTo("café 東京 emoji 😀");
    }

    @Test
    void lineBreaksTabsAndCarriageReturnsAreShownAsEscapes() {
        assertThat(Printable.of("a\nb")).isEqualTo("a\\nb");
        assertThat(Printable.of("a\rb")).isEqualTo("a\\rb");
        assertThat(Printable.of("a\tb")).isEqualTo("a\\tb");
        assertThat(Printable.of("a\r\n")).isEqualTo("a\\r\\n");
    }

    @Test
    void everyOtherC0ControlDelAndC1ControlIsShownAsAHexEscape() {
        assertThat(Printable.of("\u001b[2J")).isEqualTo("\\x1b[2J");
        assertThat(Printable.of("\u001b]0;pwned\u0007")).isEqualTo("\\x1b]0;pwned\\x07");
        assertThat(Printable.of("\u0000\u0001\u007f")).isEqualTo("\\x00\\x01\\x7f");
        assertThat(Printable.of("\u009b2J")).isEqualTo("\\x9b2J");
        assertThat(Printable.of("\u0085")).isEqualTo("\\x85");
        for (int c = 0; c < 0xa0; c++) {
            if (c < 0x20 || c >= 0x7f) {
                assertThat(Printable.of(String.valueOf((char) c)))
                        .startsWith("\\")
                        .hasSizeGreaterThan(1);
            }
        }
    }

    @Test
    void bidiControlsAndOtherFormatCharactersAreShownAsUnicodeEscapes() {
        assertThat(Printable.of("invoice\u202eexe.pdf")).isEqualTo("invoice\\u202eexe.pdf");
        for (int c : new int[] {
            0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c, 0x200b,
            0xfeff, 0x00ad
        }) {
            assertThat(Printable.of(new String(Character.toChars(c)))).isEqualTo(String.format("\\u%04x", c));
        }
        assertThat(Printable.of(new String(Character.toChars(0xe0041)))).isEqualTo("\\u{e0041}");
    }

    @Test
    void lineAndParagraphSeparatorsAndLoneSurrogatesAreEscaped() {
        assertThat(Printable.of("a\u2028b\u2029c")).isEqualTo("a\\u2028b\\u2029c");
        assertThat(Printable.of("x\ud800y")).isEqualTo("x\\ud800y");
    }

    @Test
    void aBackslashIsDoubledSoEveryEscapeReadsOneWay() {
        assertThat(Printable.of("a\\nb")).isEqualTo("a\\\\nb");
        assertThat(Printable.of("a\\nb")).isNotEqualTo(Printable.of("a\nb"));
    }

    @Test
    void noEscapedTextContainsACharacterATerminalActsOn() {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c <= 0x10ffff; c++) {
            if (c < 0xd800 || c > 0xdfff) {
                all.appendCodePoint(c);
            }
        }
        String shown = Printable.of(all.toString());
        shown.codePoints()
                .forEach(c ->
                        assertThat(actedOn(c)).as("U+%04X in escaped text", c).isFalse());
    }

    @Test
    void escapesReadBackToTheOriginalText() {
        List<String> samples = List.of(
                "",
                "plain",
                "two\nlines",
                "\\",
                "\\\\n",
                "\\x1b",
                "\u001b[2J\u009b\u202e\u2028\u0001\t\r",
                "mixed \\u202e and \u202e",
                "\ud83d\ude00 and \ud800 alone",
                new String(Character.toChars(0xe0041)) + "\\u{e0041}");
        for (String s : samples) {
            assertThat(unescape(Printable.of(s))).isEqualTo(s);
        }
    }

    @Test
    void linesKeepsLineBreaksAndEscapesTheRest() {
        assertThat(Printable.lines("first line\nsecond \u001b[31mred\r"))
                .isEqualTo("first line\nsecond \\x1b[31mred\\r");
        assertThat(Printable.lines("a\n\nb")).isEqualTo("a\n\nb");
    }

    @Test
    void nullIsShownAsTheWordNull() {
        assertThat(Printable.of(null)).isEqualTo("null");
    }

    /** What a terminal would act on rather than print. */
    static boolean actedOn(int c) {
        int type = Character.getType(c);
        return c < 0x20
                || (c >= 0x7f && c <= 0x9f)
                || type == Character.FORMAT
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE;
    }

    /** The reader's side: proves the escapes are unambiguous. */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char k = s.charAt(++i);
            switch (k) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'x' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    if (s.charAt(i + 1) == '{') {
                        int end = s.indexOf('}', i);
                        out.appendCodePoint(Integer.parseInt(s.substring(i + 2, end), 16));
                        i = end;
                    } else {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                default -> throw new AssertionError("unknown escape \\" + k + " in " + s);
            }
        }
        return out.toString();
    }
}
