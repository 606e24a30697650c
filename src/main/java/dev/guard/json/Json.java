package dev.guard.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes plain Java values (maps, lists, strings, numbers, booleans, {@code Optional}s) as JSON
 * with Jackson's streaming generator, which keeps databind — and its start-up cost — out of guard.
 * Everything guard and its sandbox write goes through here, with the same escapes; {@link
 * JsonReader} reads it back.
 */
public final class Json {
    /** Shared with {@link JsonReader}: Jackson's default read limits, and guard's escapes. */
    static final JsonFactory FACTORY = new JsonFactory().setCharacterEscapes(new TerminalSafe());

    /**
     * Jackson escapes C0 controls itself; these escapes add DEL, the C1 controls (U+009B is CSI on
     * some terminals) and the line and paragraph separators, so JSON read on a terminal, or the audit
     * log with {@code cat}, cannot drive it either, and the bidirectional controls (a file name
     * holding U+202E reads backwards). Still exact JSON: a reader gets the same strings.
     */
    private static final class TerminalSafe extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] escapes = CharacterEscapes.standardAsciiEscapesForJSON();

        TerminalSafe() {
            escapes[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            if ((c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 || isBidiControl(c)) {
                return new SerializedString(
                        "\\u" + Integer.toHexString(0x10000 | c).substring(1).toUpperCase(java.util.Locale.ROOT));
            }
            return null;
        }

        /** The same set as {@code yaml.Text.isBidiControl} (JsonTest holds them equal): json/ is a leaf. */
        private static boolean isBidiControl(int c) {
            return (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069)
                    || c == 0x200e
                    || c == 0x200f
                    || c == 0x061c;
        }
    }

    private Json() {}

    public static void write(PrintWriter out, Object value) {
        out.println(pretty(value));
        out.flush();
    }

    public static void error(PrintWriter out, int exitCode, List<String> messages) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("exitCode", exitCode);
        error.put("messages", messages);
        write(out, Map.of("error", error));
    }

    /** One line of compact JSON: what the audit log appends. */
    public static String compact(Object value) {
        return text(value, false);
    }

    /** Compact JSON as UTF-8: a request or response body, a cached session. */
    public static byte[] bytes(Object value) {
        return compact(value).getBytes(StandardCharsets.UTF_8);
    }

    /** Pretty JSON (Jackson's default indentation): a file a person may read, such as the sandbox's state. */
    public static String pretty(Object value) {
        return text(value, true);
    }

    private static String text(Object value, boolean pretty) {
        StringWriter buffer = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
            if (pretty) {
                g.useDefaultPrettyPrinter();
            }
            value(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toString();
    }

    /**
     * One line of JSON from elsewhere (the sandbox's journal), the same values written again with
     * guard's escapes, so printing it cannot drive the terminal either.
     */
    public static String rewritten(String line) {
        StringWriter buffer = new StringWriter();
        try (JsonParser p = FACTORY.createParser(line);
                JsonGenerator g = FACTORY.createGenerator(buffer)) {
            while (p.nextToken() != null) {
                g.copyCurrentEvent(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toString();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v instanceof Optional<?> o) {
            value(g, o.orElse(null));
        } else if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) {
                value(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d); // as read: exact, so a value read and written again is unchanged
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}
