package dev.guard.action;

import java.util.List;

/**
 * Where an {@link Operation} reports each batch's outcomes as soon as AWS has answered it (one
 * DeleteObjects call, one TerminateInstances call), so a run killed half-way leaves a record of
 * what it had done. May be called from the operation's own threads.
 */
@FunctionalInterface
public interface BatchOutcomes {
    void completed(List<Outcome> batch);

    /** For contexts that record nothing (discovery, tests of pure logic). */
    BatchOutcomes NONE = batch -> {};
}
