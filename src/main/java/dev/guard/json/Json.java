package dev.guard.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.guard.yaml.Text;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes plain Java values (maps, lists, strings, numbers, booleans) as pretty JSON with Jackson's
 * streaming generator, which keeps databind — and its start-up cost — out of guard.
 */
public final class Json {
    private static final JsonFactory FACTORY = new JsonFactory().setCharacterEscapes(new TerminalSafe());

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
            if ((c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 || Text.isBidiControl((char) c)) {
                return new SerializedString(
                        "\\u" + Integer.toHexString(0x10000 | c).substring(1).toUpperCase(java.util.Locale.ROOT));
            }
            return null;
        }
    }

    private Json() {}

    public static void write(PrintWriter out, Object value) {
        StringWriter buffer = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
            g.useDefaultPrettyPrinter();
            value(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println(buffer);
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
        StringWriter buffer = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
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
        } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}
