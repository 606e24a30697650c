package dev.guard.json;

/**
 * JSON text that cannot be read, or a tree without the field a reader needs. The message is one
 * line that reads after a subject ("policy document " + message): what is wrong and where.
 */
public final class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message, null, false, false);
    }
}
