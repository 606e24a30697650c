package dev.guard.sandbox.server;

import dev.guard.json.Json;
import dev.guard.json.JsonException;
import dev.guard.json.JsonReader;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON request and response bodies for the JSON protocols (DynamoDB), as plain maps and lists. */
public final class JsonBody {
    private JsonBody() {}

    /** The body as a map; an unreadable body is the SerializationException AWS answers with. */
    public static Map<String, Object> parse(byte[] body) {
        if (body.length == 0) {
            return new LinkedHashMap<>();
        }
        try {
            return JsonReader.parseObject(body);
        } catch (JsonException e) {
            throw new AwsError(400, "SerializationException", "Start of structure or map found where not expected.");
        }
    }

    public static byte[] write(Object value) {
        return Json.bytes(value);
    }
}
