package dev.guard.action;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One resource a step acts on, as discovery saw it just now.
 *
 * @param id what AWS calls it: an instance id, a table name, an object key
 * @param state its state ("running", "ACTIVE"), empty for resources without one (objects)
 * @param tags its tags, for {@code guards.refuseTags}
 * @param notes facts the operator should see beside it ("Name=dev-web-1", "1,204 bytes")
 * @param protection why AWS itself would refuse the change (termination or deletion protection):
 *     guard refuses the run instead of failing half-way, and never switches protection off
 * @param fingerprint the facts that identify the state it was seen in, beyond its state and tags
 *     (EC2: launch time; DynamoDB: table ARN, creation time, deletion protection; S3: ETag,
 *     VersionId, size): a saved plan keeps them, and {@code guard apply} refuses when any differs
 */
public record Target(
        String id,
        Optional<String> state,
        Map<String, String> tags,
        List<String> notes,
        Optional<String> protection,
        Map<String, String> fingerprint) {
    public Target {
        tags = Map.copyOf(tags);
        notes = List.copyOf(notes);
        fingerprint = Map.copyOf(fingerprint);
    }

    /** A target without fingerprint facts (an operation that has none to add). */
    public Target(
            String id,
            Optional<String> state,
            Map<String, String> tags,
            List<String> notes,
            Optional<String> protection) {
        this(id, state, tags, notes, protection, Map.of());
    }
}
