package dev.guard.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text read into the plain values {@link Json} writes: {@code LinkedHashMap} (in the text's
 * order), {@code ArrayList}, {@code String}, {@code Boolean}, {@code Long} for whole numbers that
 * fit one, {@code BigDecimal} (exact) for every other number, and null.
 *
 * <p>One rule for every reader: exactly one value, nothing after it, and no key twice in an object
 * (which value was meant is unknowable; IAM refuses such a policy too). Jackson's default
 * stream-read limits (nesting depth, number and string lengths) apply. Every failure is a {@link
 * JsonException} whose message reads after a subject and ends with the line:column it is at.
 */
public final class JsonReader {
    private final boolean nulls;

    private JsonReader(boolean nulls) {
        this.nulls = nulls;
    }

    /** Where the text comes from: a string, or bytes Jackson decodes itself (refusing invalid UTF-8). */
    private interface Source {
        JsonParser open() throws IOException;
    }

    /** Any JSON value. */
    public static Object parse(String text) {
        return new JsonReader(true).document(() -> Json.FACTORY.createParser(text));
    }

    /** Any JSON value, from UTF-8 bytes. */
    public static Object parse(byte[] text) {
        return new JsonReader(true).document(new Bytes(text));
    }

    /**
     * UTF-8 bytes for Jackson to decode. A class, not a lambda: a plan reads cached sessions this
     * way at start-up, and on JDK 17 each lambda costs ~60 µs to link the first time it runs.
     */
    private static final class Bytes implements Source {
        private final byte[] text;

        Bytes(byte[] text) {
            this.text = text;
        }

        @Override
        public JsonParser open() throws IOException {
            return Json.FACTORY.createParser(text);
        }
    }

    /** A JSON value with no null anywhere in it: an IAM policy, where a null means nothing. */
    public static Object parseWithoutNulls(String text) {
        return new JsonReader(false).document(() -> Json.FACTORY.createParser(text));
    }

    /** A JSON object (the state file, a request body, a cached session). */
    public static Map<String, Object> parseObject(byte[] text) {
        Object tree = parse(text);
        if (!(tree instanceof Map<?, ?>)) {
            throw new JsonException("is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) tree;
        return map;
    }

    private Object document(Source source) {
        try (JsonParser parser = source.open()) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new JsonException("is empty");
            }
            Object tree = value(parser, first);
            if (parser.nextToken() != null) {
                throw new JsonException("has text after its end at " + where(parser.currentTokenLocation()));
            }
            return tree;
        } catch (JsonProcessingException e) {
            // A broken read limit (too deep, too long) has no location.
            JsonLocation at = e.getLocation();
            throw new JsonException(
                    "is not valid JSON: " + firstLine(e.getOriginalMessage()) + (at == null ? "" : " at " + where(at)));
        } catch (IOException e) {
            throw new JsonException("could not be read: " + e.getMessage());
        }
    }

    private Object value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT:
                return object(parser);
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(value(parser, t));
                }
                return list;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_TRUE:
            case VALUE_FALSE:
                return parser.getBooleanValue();
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? parser.getDecimalValue()
                        : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_NULL:
                if (!nulls) {
                    throw new JsonException("has a null at " + where(parser.currentTokenLocation()));
                }
                return null;
            default:
                throw new JsonException("has an unexpected " + token + " at " + where(parser.currentTokenLocation()));
        }
    }

    private Map<String, Object> object(JsonParser parser) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String name = parser.currentName();
            if (map.containsKey(name)) {
                throw new JsonException("repeats the key '" + name + "' at " + where(parser.currentTokenLocation()));
            }
            map.put(name, value(parser, parser.nextToken()));
        }
        return map;
    }

    private static String where(JsonLocation location) {
        return location.getLineNr() + ":" + location.getColumnNr();
    }

    /** Jackson's first line, without where in Jackson a limit is set (", from `StreamReadConstraints…`"). */
    private static String firstLine(String message) {
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        // and without its note that the source is not shown ("[Source: REDACTED (…); line: 1, …]").
        return first.replaceAll(", from `[^`]*`", "").replaceAll("\\[Source: .*?; line:", "[line:");
    }
}
