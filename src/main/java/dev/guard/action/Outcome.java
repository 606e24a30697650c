package dev.guard.action;

/**
 * What became of one target.
 *
 * @param detail for the report: "running → shutting-down", the AWS error code and message, why it
 *     was skipped
 */
public record Outcome(String targetId, Status status, String detail) {
    /** DONE changed it, FAILED tried and AWS refused or broke, SKIPPED left alone on purpose. */
    public enum Status {
        DONE,
        FAILED,
        SKIPPED
    }

    public static Outcome done(String id, String detail) {
        return new Outcome(id, Status.DONE, detail);
    }

    public static Outcome failed(String id, String detail) {
        return new Outcome(id, Status.FAILED, detail);
    }

    public static Outcome skipped(String id, String detail) {
        return new Outcome(id, Status.SKIPPED, detail);
    }
}
