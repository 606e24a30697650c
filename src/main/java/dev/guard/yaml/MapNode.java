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
        return entries.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    public Optional<Node> get(String key) {
        return entry(key).map(Entry::value);
    }

    @Override
    public String kindName() {
        return "a mapping";
    }
}
