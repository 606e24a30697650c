package dev.guard.run;

import java.util.Map;

/**
 * Where a run records what it did (the audit log). Fields are plain values; never a secret. An
 * implementation that cannot record must throw: a destructive run does not go on unaudited.
 */
public interface Audit {
    void record(String event, Map<String, Object> fields);

    /** For callers that keep no log (tests of pure logic). */
    Audit NONE = (event, fields) -> {};
}
