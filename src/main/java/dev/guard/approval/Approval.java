package dev.guard.approval;

import dev.guard.json.Json;
import dev.guard.json.JsonException;
import dev.guard.json.JsonObject;
import dev.guard.json.JsonReader;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of one approval object: which plan (its id and, binding, its digest), who approved and
 * when. The body is what the approver wrote and proves nothing by itself; who approved is proven by
 * the object's key, {@code PREFIX/<user>/<digest>.json}, which the bucket policy lets only that IAM
 * user write, and only with MFA (see {@link ApprovalRules}).
 *
 * @param digest {@code sha256:} and 64 hex digits, as {@code SavedPlan.digest()}
 * @param approver the approver's IAM user ARN
 * @param planner the ARN of the caller who made the plan
 */
public record Approval(
        String planId,
        String digest,
        String runbook,
        String approver,
        String planner,
        Instant approvedAt,
        Instant planExpiresAt) {
    /** The format this version writes and reads. */
    public static final String FORMAT = "guard-approval/1";

    /** An approval body is a few hundred bytes: a larger object is not one. */
    public static final int MAX_BYTES = 64 * 1024;

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("planId", planId);
        m.put("digest", digest);
        m.put("runbook", runbook);
        m.put("approver", approver);
        m.put("planner", planner);
        m.put("approvedAt", approvedAt.toString());
        m.put("planExpiresAt", planExpiresAt.toString());
        return m;
    }

    public byte[] bytes() {
        return (Json.pretty(toJson()) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Reads a body.
     *
     * @throws IllegalArgumentException saying why it is not an approval of this format
     */
    public static Approval parse(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("larger than " + MAX_BYTES / 1024 + " KiB");
        }
        try {
            JsonObject o = new JsonObject(JsonReader.parseObject(bytes), "$");
            String format = o.string("format");
            if (!format.equals(FORMAT)) {
                throw new IllegalArgumentException("format " + format + ", expected " + FORMAT);
            }
            return new Approval(
                    o.string("planId"),
                    o.string("digest"),
                    o.string("runbook"),
                    o.string("approver"),
                    o.string("planner"),
                    o.instant("approvedAt"),
                    o.instant("planExpiresAt"));
        } catch (JsonException e) {
            throw new IllegalArgumentException("not an approval (" + e.getMessage() + ")");
        }
    }
}
