package dev.guard.yaml;

import java.util.List;

/** A sequence (YAML list). */
public record SeqNode(List<Node> items, Position position) implements Node {
    public SeqNode {
        items = List.copyOf(items);
    }

    @Override
    public String kindName() {
        return "a list";
    }
}
