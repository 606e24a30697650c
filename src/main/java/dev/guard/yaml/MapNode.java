package dev.guard.yaml;

import java.util.List;
import java.util.Optional;

/** A mapping, its entries in file order. Keys are unique: the reader reports duplicates. */
public record MapNode(List<Entry> entries, Position position) implements Node {
    /** One {@code key: value} pair; the key's own position is where "unknown key" points. */
    public record Entry(String key, Position keyPosition, Node value) {}

    public MapNode {
        entries = List.copyOf(entries);
    }

    public Optional<Entry> entry(String key) {
        // A loop, not a stream: each lambda call site costs ~60 µs to link at JDK 17 start-up.
        for (Entry e : entries) {
            if (e.key().equals(key)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public Optional<Node> get(String key) {
        for (Entry e : entries) {
            if (e.key().equals(key)) {
                return Optional.of(e.value());
            }
        }
        return Optional.empty();
    }

    @Override
    public String kindName() {
        return "a mapping";
    }
}
