package dev.guard.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Streams tokens into a tree; depth is already bounded by the factory's constraints. */
final class TreeBuilder {
    private final YAMLParser parser;
    private final Problems problems;

    TreeBuilder(YAMLParser parser, Problems problems) {
        this.parser = parser;
        this.problems = problems;
    }

    Optional<Node> document() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            problems.add(Position.START, "the file is empty");
            return Optional.empty();
        }
        Node root = value(first);
        // A document of only "---" or comments reads as an empty scalar.
        if (root instanceof Scalar s && s.text().isEmpty() && s.kind() != Scalar.Kind.BOOLEAN) {
            problems.add(Position.START, "the file is empty");
            return Optional.empty();
        }
        JsonToken extra = parser.nextToken();
        if (extra != null) {
            problems.add(here(), "a second YAML document starts here; put one document in each file");
            return Optional.empty();
        }
        return Optional.of(root);
    }

    /**
     * Control characters other than tab and newlines could rewrite what the operator's terminal
     * shows (an escape sequence in a description could hide the line they are confirming), and
     * bidi controls could make a key or value read as something else, so they are refused wherever
     * they appear — here as the parser resolved them (a {@code "\\e"} escape), in {@link YamlReader}
     * as written.
     */
    private String visibleOnly(String text, Position at) {
        int i = Text.firstUnsafe(text, true);
        if (i >= 0) {
            problems.add(at, YamlReader.refusal(text.charAt(i)));
        }
        return text;
    }

    private Position here() {
        return position(parser.currentTokenLocation());
    }

    static Position position(JsonLocation loc) {
        return new Position(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
    }

    private Node value(JsonToken token) throws IOException {
        Position at = here();
        if (parser.isCurrentAlias()) {
            problems.add(at, "YAML aliases (*" + parser.getText() + ") are not allowed; write the value out");
            return new Scalar("", Scalar.Kind.NULL, at);
        }
        if (parser.getObjectId() != null) {
            problems.add(at, "YAML anchors (&" + parser.getObjectId() + ") are not allowed");
        }
        if (parser.getTypeId() != null) {
            problems.add(at, "YAML tags (" + parser.getTypeId() + ") are not allowed");
        }
        return switch (token) {
            case START_OBJECT -> mapping(at, parser.getObjectId(), parser.getTypeId());
            case START_ARRAY -> sequence(at);
            case VALUE_STRING -> new Scalar(visibleOnly(parser.getText(), at), Scalar.Kind.STRING, at);
            case VALUE_NUMBER_INT -> new Scalar(parser.getText(), Scalar.Kind.INTEGER, at);
            case VALUE_NUMBER_FLOAT -> new Scalar(parser.getText(), Scalar.Kind.FLOAT, at);
            // Keep the source spelling: YAML 1.1 reads an unquoted yes/on as true, and
            // `confirm: yes` must still mean the y/N prompt.
            case VALUE_TRUE, VALUE_FALSE -> new Scalar(parser.getText(), Scalar.Kind.BOOLEAN, at);
            case VALUE_NULL -> new Scalar("", Scalar.Kind.NULL, at);
            default -> {
                problems.add(at, "unsupported YAML value");
                yield new Scalar("", Scalar.Kind.NULL, at);
            }
        };
    }

    /** {@code anchor} and {@code tag} are the mapping's own, already reported by {@link #value}. */
    private MapNode mapping(Position at, String anchor, String tag) throws IOException {
        List<MapNode.Entry> entries = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        JsonToken t;
        boolean firstKey = true;
        while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = visibleOnly(parser.currentName(), here());
            Position keyAt = here();
            // Jackson still reports the mapping's own anchor and tag on its first key.
            boolean inherited =
                    firstKey && Objects.equals(parser.getObjectId(), anchor) && Objects.equals(parser.getTypeId(), tag);
            firstKey = false;
            if (parser.isCurrentAlias()
                    || (!inherited && (parser.getObjectId() != null || parser.getTypeId() != null))) {
                problems.add(keyAt, "anchors, aliases and tags are not allowed in keys");
            }
            Node value = value(parser.nextToken());
            Position first = seen.putIfAbsent(key, keyAt);
            if (first != null) {
                problems.add(keyAt, "duplicate key '" + key + "' (first defined at " + first + ")");
            } else {
                entries.add(new MapNode.Entry(key, keyAt, value));
            }
        }
        if (t != JsonToken.END_OBJECT) {
            problems.add(here(), "malformed mapping");
        }
        return new MapNode(entries, at);
    }

    private SeqNode sequence(Position at) throws IOException {
        List<Node> items = new ArrayList<>();
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                problems.add(here(), "unterminated list");
                break;
            }
            items.add(value(t));
        }
        return new SeqNode(items, at);
    }
}
