package dev.guard.action;

import java.util.List;

/**
 * A capability of an {@link Operation} whose step may select its targets: read given targets by id,
 * whatever the selector says. {@code guard apply} uses it for a saved target its step no longer
 * finds, to tell "stopped → running" (drift) or "terminated" (done) from gone.
 */
public interface ReadsById {
    /**
     * The targets with these ids as they are now; an id that does not exist is left out.
     *
     * @throws StepFailure when AWS cannot be read
     */
    List<Target> readById(List<String> ids);
}
