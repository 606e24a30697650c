package dev.guard.action;

import java.util.List;

/**
 * A capability of a step's inputs: its targets are resources with ids (instances), which a run
 * locks one by one — the ids it names before it starts, or, for a selector, the ids it matched once
 * AWS has been read — so a run by id and a run by selector on one resource exclude each other.
 */
public interface TargetsById {
    /** What one target is, in lock keys: "instance". */
    String targetKind();

    /** The ids the step names; empty when it selects its targets. */
    List<String> namedIds();
}
