package dev.guard.yaml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Builds the tree from SnakeYAML's parser events: each event carries its start mark, so every key
 * and value gets its position. A scalar's kind is what SnakeYAML's YAML 1.1 resolver says its
 * text is when unquoted (quoted text is always a string), as Jackson's YAML parser decided it
 * before guard read the events directly (Jackson's layer cost a JDK 25 validate ~9 ms of start-up).
 */
final class TreeBuilder {
    private final Parser parser;
    private final Problems problems;
    private final Resolver resolver = new Resolver();
    private int depth;
    /** Where the last event read ended: the position of a problem the parser reports without one. */
    private Mark last;

    /** Ends the read at a collection nested too deep or a complex key: the document is refused whole. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused() {
            super(null, null, false, false);
        }
    }

    TreeBuilder(Parser parser, Problems problems) {
        this.parser = parser;
        this.problems = problems;
    }

    Optional<Node> document() {
        next(); // stream start
        if (!parser.checkEvent(Event.ID.DocumentStart)) {
            problems.add(Position.START, "the file is empty");
            return Optional.empty();
        }
        next();
        Node root;
        try {
            root = value(next());
        } catch (Refused e) {
            return Optional.empty();
        }
        // A document of only "---" reads as an empty scalar.
        if (root instanceof Scalar s && s.text().isEmpty()) {
            problems.add(Position.START, "the file is empty");
            return Optional.empty();
        }
        next(); // document end
        if (parser.checkEvent(Event.ID.DocumentStart)) {
            next();
            // Where the second document's content starts, not its "---".
            problems.add(
                    position(parser.peekEvent().getStartMark()),
                    "a second YAML document starts here; put one document in each file");
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

    private Event next() {
        Event event = parser.getEvent();
        last = event.getEndMark();
        return event;
    }

    Position lastPosition() {
        return position(last);
    }

    static Position position(Mark mark) {
        return mark == null ? Position.START : new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    private Node value(Event event) {
        Position at = position(event.getStartMark());
        if (event instanceof AliasEvent alias) {
            problems.add(at, "YAML aliases (*" + alias.getAnchor() + ") are not allowed; write the value out");
            return new Scalar("", Scalar.Kind.NULL, at);
        }
        if (!(event instanceof NodeEvent node)) {
            problems.add(at, "unsupported YAML value");
            return new Scalar("", Scalar.Kind.NULL, at);
        }
        if (node.getAnchor() != null) {
            problems.add(at, "YAML anchors (&" + node.getAnchor() + ") are not allowed");
        }
        String tag = node instanceof ScalarEvent s ? s.getTag() : ((CollectionStartEvent) node).getTag();
        if (tag != null) {
            problems.add(at, "YAML tags (" + shown(tag) + ") are not allowed");
        }
        if (node instanceof ScalarEvent scalar) {
            return scalar(scalar, at);
        }
        return event.is(Event.ID.MappingStart) ? mapping(at) : sequence(at);
    }

    /** A tag as written after its '!' ({@code !!map} arrives as {@code tag:yaml.org,2002:map}). */
    private static String shown(String tag) {
        int i = 0;
        while (i < tag.length() && tag.charAt(i) == '!') {
            i++;
        }
        return tag.substring(i);
    }

    private Scalar scalar(ScalarEvent event, Position at) {
        String text = event.getValue();
        if (text.isEmpty()) {
            // `steps:` with nothing after it: "got nothing (an empty value)" says more than "null".
            return new Scalar(text, Scalar.Kind.STRING, at);
        }
        // A tagged scalar (refused already) is typed by its text, so no follow-on problem about its kind.
        boolean plain = event.getImplicit().canOmitTagInPlainScalar() || event.getTag() != null;
        Tag resolved = resolver.resolve(NodeId.scalar, text, plain);
        if (resolved == Tag.NULL) {
            return new Scalar("", Scalar.Kind.NULL, at);
        }
        if (resolved == Tag.BOOL) {
            // The source spelling is kept: YAML 1.1 reads an unquoted yes/on as true, and
            // `confirm: yes` must still mean the y/N prompt.
            return new Scalar(text, Scalar.Kind.BOOLEAN, at);
        }
        if (resolved == Tag.INT && text.indexOf(':') < 0) { // 1:30 (base 60) stays text
            return new Scalar(text, Scalar.Kind.INTEGER, at);
        }
        if (resolved == Tag.FLOAT) {
            return new Scalar(text, Scalar.Kind.FLOAT, at);
        }
        return new Scalar(visibleOnly(text, at), Scalar.Kind.STRING, at);
    }

    private MapNode mapping(Position at) {
        deeper(at);
        List<MapNode.Entry> entries = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        Event key;
        while (!(key = next()).is(Event.ID.MappingEnd)) {
            Position keyAt = position(key.getStartMark());
            if (!(key instanceof ScalarEvent scalar)) {
                if (!(key instanceof AliasEvent)) {
                    problems.add(keyAt, "mapping keys must be plain scalars (complex keys are not allowed)");
                    throw new Refused();
                }
                problems.add(keyAt, "anchors, aliases and tags are not allowed in keys");
                value(next());
                continue;
            }
            if (scalar.getAnchor() != null || scalar.getTag() != null) {
                problems.add(keyAt, "anchors, aliases and tags are not allowed in keys");
            }
            String name = visibleOnly(scalar.getValue(), keyAt);
            Node value = value(next());
            Position first = seen.putIfAbsent(name, keyAt);
            if (first != null) {
                problems.add(keyAt, "duplicate key '" + name + "' (first defined at " + first + ")");
            } else {
                entries.add(new MapNode.Entry(name, keyAt, value));
            }
        }
        depth--;
        return new MapNode(entries, at);
    }

    private SeqNode sequence(Position at) {
        deeper(at);
        List<Node> items = new ArrayList<>();
        Event item;
        while (!(item = next()).is(Event.ID.SequenceEnd)) {
            items.add(value(item));
        }
        depth--;
        return new SeqNode(items, at);
    }

    /** The root collection is level 1; a collection below level {@link YamlReader#MAX_DEPTH} ends the read. */
    private void deeper(Position at) {
        if (++depth > YamlReader.MAX_DEPTH) {
            problems.add(at, "nesting is deeper than " + YamlReader.MAX_DEPTH + " levels");
            throw new Refused();
        }
    }
}
