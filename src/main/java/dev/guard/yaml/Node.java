package dev.guard.yaml;

/**
 * A YAML value with the position it was read at. Jackson's tree model keeps no positions, so the
 * reader builds this small tree while streaming; every error guard reports can then say
 * {@code file:line:col}.
 */
public sealed interface Node permits Scalar, MapNode, SeqNode {
    Position position();

    /** What kind of value this is, for messages such as "expected a list, got a mapping". */
    String kindName();
}
