package dev.guard.sandbox.iam;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON text to the plain tree (maps, lists, strings, booleans, numbers) a YAML or JSON loader yields. */
final class JsonTree {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTree() {}

    static Object parse(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new PolicyException("policy document is empty");
            }
            Object tree = value(parser, first);
            if (parser.nextToken() != null) {
                throw new PolicyException("policy document has text after its end at " + where(parser));
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new PolicyException("policy document is not valid JSON: " + e.getOriginalMessage() + " at "
                    + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new PolicyException("policy document could not be read: " + e.getMessage());
        }
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
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
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_NULL:
                throw new PolicyException("policy document has a null at " + where(parser));
            default:
                throw new PolicyException("policy document has an unexpected " + token + " at " + where(parser));
        }
    }

    private static Map<String, Object> object(JsonParser parser) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String name = parser.currentName();
            if (map.containsKey(name)) {
                throw new PolicyException("policy document repeats the key '" + name + "' at " + where(parser));
            }
            map.put(name, value(parser, parser.nextToken()));
        }
        return map;
    }

    private static String where(JsonParser parser) {
        return parser.currentLocation().getLineNr() + ":"
                + parser.currentLocation().getColumnNr();
    }
}
