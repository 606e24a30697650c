package dev.guard.action.s3;

import dev.guard.action.Outcome;
import dev.guard.action.Target;
import dev.guard.aws.Calls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * One batch of a permanent delete: one DeleteObjects call with version ids (DeleteObject with a
 * versionId for a single version), then the batch's keys listed again. A version is reported deleted
 * only when that listing no longer has it, whatever S3 answered (DESIGN.md §4: outcomes are the truth).
 */
final class VersionBatch {
    private final DeleteVersionsOperation op;
    private final List<Target> batch;
    private final String bucket;

    /** Each target's answer: empty when S3 said deleted, else its error; absent when S3 said nothing. */
    private final Map<String, Optional<String>> answered = new LinkedHashMap<>();

    private Boolean mfaDeleteNow;

    VersionBatch(DeleteVersionsOperation op, List<Target> batch) {
        this.op = op;
        this.batch = batch;
        this.bucket = op.inputs().bucket();
    }

    List<Outcome> delete() {
        String lost = null;
        try {
            send();
        } catch (Calls.ChangeFailed f) {
            String why = S3Reads.message(f.failure());
            if (!f.outcomeUnknown()) {
                String hint = denied(f.failure()) ? mfaHint() : "";
                return batch.stream()
                        .map(t -> Outcome.failed(t.id(), "not deleted: " + why + hint))
                        .toList();
            }
            lost = why;
        }
        Set<String> there;
        try {
            there = op.stillThere(batch);
        } catch (SdkException e) {
            String failed = S3Reads.message(e);
            String before = lost == null ? "S3 answered" : "the answer was lost (" + lost + ")";
            return batch.stream()
                    .map(t -> Outcome.failed(
                            t.id(),
                            "outcome unknown: " + before + "; reading it back failed (" + failed
                                    + "): check it before running again"))
                    .toList();
        }
        List<Outcome> out = new ArrayList<>();
        for (Target t : batch) {
            out.add(outcome(t, there.contains(t.id()), lost));
        }
        return out;
    }

    private void send() {
        if (batch.size() == 1) {
            var kv = ObjectVersions.keyAndVersion(batch.get(0));
            op.context
                    .calls()
                    .change(
                            "DeleteObject",
                            () -> op.s3.deleteObject(
                                    b -> b.bucket(bucket).key(kv.getKey()).versionId(kv.getValue())));
            answered.put(batch.get(0).id(), Optional.empty());
            return;
        }
        List<ObjectIdentifier> ids = batch.stream()
                .map(ObjectVersions::keyAndVersion)
                .map(kv -> ObjectIdentifier.builder()
                        .key(kv.getKey())
                        .versionId(kv.getValue())
                        .build())
                .toList();
        DeleteObjectsResponse r = op.context
                .calls()
                .change(
                        "DeleteObjects",
                        () -> op.s3.deleteObjects(
                                b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(false))))
                .value();
        r.deleted().forEach(d -> answered.put(d.key() + ObjectVersions.SEPARATOR + d.versionId(), Optional.empty()));
        r.errors()
                .forEach(e -> answered.put(
                        e.key() + ObjectVersions.SEPARATOR + e.versionId(),
                        Optional.of(
                                e.code() + ": " + e.message() + ("AccessDenied".equals(e.code()) ? mfaHint() : ""))));
    }

    /** What the read-back says, beside what S3 answered. */
    private Outcome outcome(Target t, boolean stillThere, String lost) {
        String what =
                "true".equals(t.fingerprint().get("deleteMarker")) ? "delete marker removed" : "deleted permanently";
        if (lost != null) {
            return stillThere
                    ? Outcome.failed(
                            t.id(),
                            "outcome unknown: " + lost + "; read back it is still there — the request may still"
                                    + " take effect: run again to converge")
                    : Outcome.done(t.id(), what + " (the answer was lost: " + lost + "; read back, it is gone)");
        }
        if (!answered.containsKey(t.id())) {
            return stillThere
                    ? Outcome.failed(t.id(), "S3 did not report this version, and it is still there")
                    : Outcome.done(t.id(), what + " (S3 did not report it; read back, it is gone)");
        }
        Optional<String> answer = answered.get(t.id());
        if (answer.isPresent()) {
            return stillThere
                    ? Outcome.failed(t.id(), "not deleted: " + answer.get())
                    : Outcome.done(t.id(), what + " (S3 answered " + answer.get() + "; read back, it is gone)");
        }
        return stillThere
                ? Outcome.failed(t.id(), "S3 answered deleted, but read back the version is still there")
                : Outcome.done(t.id(), what);
    }

    private static boolean denied(SdkException e) {
        return e instanceof AwsServiceException a && a.statusCode() == 403;
    }

    /** When S3 refuses: whether MFA Delete was enabled since the plan, read once per batch. */
    private String mfaHint() {
        if (mfaDeleteNow == null) {
            mfaDeleteNow = op.mfaDeleteNow();
        }
        return mfaDeleteNow ? " — " + BucketVersioning.mfaRefusal(bucket) + " (enabled since the plan)" : "";
    }
}
