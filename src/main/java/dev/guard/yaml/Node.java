package dev.guard.yaml;

/**
 * A YAML value with the position it was read at. YAML libraries' own trees keep no positions (or,
 * as SnakeYAML's composer, expand aliases), so the reader builds this small tree from the parser's
 * events; every error guard reports can then say {@code file:line:col}.
 */
public sealed interface Node permits Scalar, MapNode, SeqNode {
    Position position();

    /** What kind of value this is, for messages such as "expected a list, got a mapping". */
    String kindName();
}
