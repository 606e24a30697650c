package dev.guard.action.s3;

import dev.guard.action.Batches;
import dev.guard.action.Outcome;
import dev.guard.action.StepContext;
import dev.guard.action.StepFailure;
import dev.guard.action.Target;
import dev.guard.aws.Calls;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * DeleteObject at run time: named keys are checked with HeadObject (a key already absent is not a
 * target: absent is the end state), a prefix is listed with ListObjectsV2; deletes go out as
 * DeleteObjects of at most 1,000 keys, with every key's own result — the bulk path that beats
 * deleting key by key.
 */
final class DeleteObjectOperation extends ObjectOperation {
    static final int BATCH = 1000;

    /** DeleteObjects calls in flight at once. */
    static final int CONCURRENT_BATCHES = 4;

    private final DeleteObject.Inputs inputs;
    private String versioning;
    private BucketVersioning bucketVersioning;

    DeleteObjectOperation(DeleteObject.Inputs inputs, StepContext context) {
        super(context);
        this.inputs = inputs;
    }

    @Override
    public String verb() {
        return "delete";
    }

    @Override
    public List<Target> discover() {
        try {
            versioning = versioning();
            return inputs.prefix().isPresent() ? list(inputs.prefix().get()) : heads();
        } catch (SdkException e) {
            throw new StepFailure(
                    "could not read s3://" + inputs.bucket() + " in " + context.where() + ": " + S3Reads.message(e));
        }
    }

    /** Whether a delete is permanent, said before the confirmation (DESIGN.md §2's warning). */
    private String versioning() {
        bucketVersioning = BucketVersioning.read(s3, context.calls(), inputs.bucket());
        return bucketVersioning.plainNote();
    }

    @Override
    public List<String> notes() {
        return versioning == null ? List.of() : List.of(versioning);
    }

    private List<Target> heads() {
        List<Target> out = new ArrayList<>();
        for (String key : inputs.keys()) {
            context.calls()
                    .call("HeadObject", () -> S3Reads.head(s3, inputs.bucket(), key))
                    .ifPresentOrElse(
                            t -> out.add(withVersions(t)),
                            () -> context.progress().accept("  " + key + ": does not exist (already absent)"));
        }
        return out;
    }

    /**
     * In a versioned bucket, a named key's plan line says what a plain delete keeps, so nobody takes
     * it for a permanent delete.
     */
    private Target withVersions(Target t) {
        if (!bucketVersioning.enabled() && !bucketVersioning.suspended()) {
            return t;
        }
        String kept;
        try {
            List<ObjectVersions.Version> versions = ObjectVersions.of(s3, context.calls(), inputs.bucket(), t.id());
            // Suspended: the marker takes the version id "null", replacing a null version for good.
            boolean replaced = bucketVersioning.suspended()
                    && versions.stream()
                            .anyMatch(v -> !v.marker() && v.versionId().equals("null"));
            long earlier = versions.stream()
                    .filter(v -> !v.marker() && !(replaced && v.versionId().equals("null")))
                    .count();
            kept = "adds a delete marker; " + earlier + " earlier version" + (earlier == 1 ? " is" : "s are") + " kept"
                    + (replaced ? "; its null version is deleted permanently" : "");
        } catch (SdkException e) {
            kept = "adds a delete marker; earlier versions are kept (ListObjectVersions: " + S3Reads.message(e) + ")";
        }
        List<String> notes = new ArrayList<>(t.notes());
        notes.add(kept);
        return new Target(t.id(), t.state(), t.tags(), notes, t.protection(), t.fingerprint());
    }

    private List<Target> list(String prefix) {
        List<Target> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListObjectsV2Response page = context.calls()
                    .call(
                            "ListObjectsV2",
                            // Keys come back URL-encoded (the SDK decodes them): one key no XML can
                            // carry would otherwise make the whole prefix unlistable.
                            () -> s3.listObjectsV2(b -> b.bucket(inputs.bucket())
                                    .prefix(prefix)
                                    .encodingType(EncodingType.URL)
                                    .maxKeys(BATCH)
                                    .continuationToken(next)));
            for (S3Object o : page.contents()) {
                // A listing names no versions: the key's ETag and size are its fingerprint.
                out.add(new Target(
                        o.key(),
                        Optional.empty(),
                        Map.of(),
                        List.of(o.size() + " bytes"),
                        Optional.empty(),
                        S3Reads.fingerprint(o.eTag(), null, o.size())));
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return out;
    }

    @Override
    public DryRunAnswer dryRun(List<Target> targets) {
        return DryRunAnswer.unchecked("S3 has no dry-run flag: " + targets.size() + " " + noun(targets.size())
                + " in s3://" + inputs.bucket() + " were read; permission to delete is not checked");
    }

    @Override
    public List<Outcome> execute(List<Target> targets) {
        List<List<String>> batches = batches(targets.stream().map(Target::id).toList());
        // Bounded concurrency for bulk work (DESIGN.md §4): a few DeleteObjects calls in flight,
        // outcomes kept in the order of the listing; progress only when there is more than one.
        Progress progress = new Progress(targets.size());
        List<List<Outcome>> outcomes = Batches.run(
                batches,
                CONCURRENT_BATCHES,
                context.stop(),
                batch -> reported(deleteBatch(batch)),
                batch -> reported(batch.stream()
                        .map(k -> Outcome.skipped(k, "stopped by Ctrl-C before this batch"))
                        .toList()),
                batches.size() == 1 ? batch -> {} : progress::shown);
        return outcomes.stream().flatMap(List::stream).toList();
    }

    /** "deleted 2000/5000, 3 failed" after each batch, in order. */
    private final class Progress {
        private final int total;
        private int deleted;
        private int failed;

        Progress(int total) {
            this.total = total;
        }

        void shown(List<Outcome> batch) {
            // What S3 said it deleted, not what was sent: a failed batch must never read as progress.
            for (Outcome o : batch) {
                if (o.status() == Outcome.Status.DONE) {
                    deleted++;
                } else if (o.status() == Outcome.Status.FAILED) {
                    failed++;
                }
            }
            context.progress()
                    .accept("  deleted " + deleted + "/" + total + (failed > 0 ? ", " + failed + " failed" : ""));
        }
    }

    /**
     * Keys in DeleteObjects batches of at most {@link #BATCH}, in the order listed, then each key XML
     * cannot carry in a batch of its own, which goes out as DeleteObject.
     */
    static List<List<String>> batches(List<String> keys) {
        List<List<String>> batches = new ArrayList<>(
                Batches.of(keys.stream().filter(KeysInXml::carried).toList(), BATCH));
        keys.stream().filter(k -> !KeysInXml.carried(k)).forEach(k -> batches.add(List.of(k)));
        return batches;
    }

    /** Into the audit log as soon as S3 has answered: a run killed later still shows it. */
    private List<Outcome> reported(List<Outcome> batch) {
        context.batches().completed(batch);
        return batch;
    }

    /** One DeleteObjects call (DeleteObject for a single key), an outcome for every key. */
    private List<Outcome> deleteBatch(List<String> batch) {
        List<Outcome> out = new ArrayList<>();
        try {
            if (batch.size() == 1) {
                var r = context.calls()
                        .change(
                                "DeleteObject",
                                () -> s3.deleteObject(
                                        b -> b.bucket(inputs.bucket()).key(batch.get(0))))
                        .value();
                out.add(Outcome.done(batch.get(0), deleted(Boolean.TRUE.equals(r.deleteMarker()))));
                return out;
            }
            List<ObjectIdentifier> ids = batch.stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build())
                    .toList();
            DeleteObjectsResponse r = context.calls()
                    .change(
                            "DeleteObjects",
                            () -> s3.deleteObjects(b -> b.bucket(inputs.bucket())
                                    .delete(d -> d.objects(ids).quiet(false))))
                    .value();
            Set<String> reported = new HashSet<>();
            r.deleted().forEach(d -> {
                reported.add(d.key());
                out.add(Outcome.done(d.key(), deleted(Boolean.TRUE.equals(d.deleteMarker()))));
            });
            r.errors().forEach(e -> {
                reported.add(e.key());
                out.add(Outcome.failed(e.key(), e.code() + ": " + e.message()));
            });
            batch.stream()
                    .filter(k -> !reported.contains(k))
                    .forEach(k -> out.add(Outcome.failed(k, "S3 did not report this key")));
        } catch (Calls.ChangeFailed f) {
            String why = S3Reads.message(f.failure());
            if (f.outcomeUnknown()) {
                return reconcile(batch, why);
            }
            batch.forEach(k -> out.add(Outcome.failed(k, "not deleted: " + why)));
        }
        return out;
    }

    /**
     * The keys of a batch whose answer never came, read again one by one (DESIGN.md §4): a key that
     * is gone was deleted; one still there may yet be.
     */
    private List<Outcome> reconcile(List<String> batch, String why) {
        List<Outcome> out = new ArrayList<>();
        for (String key : batch) {
            try {
                Optional<Target> now = context.calls().call("HeadObject", () -> S3Reads.head(s3, inputs.bucket(), key));
                out.add(
                        now.isEmpty()
                                ? Outcome.done(
                                        key, "deleted (the answer was lost: " + why + "; read again, it is gone)")
                                : Outcome.failed(
                                        key,
                                        "outcome unknown: " + why + "; read again it is still there ("
                                                + String.join(", ", now.get().notes())
                                                + ") — the request may still take effect: run again to converge"));
            } catch (SdkException e) {
                out.add(Outcome.failed(
                        key,
                        "outcome unknown: " + why + "; reading it again failed too (" + S3Reads.message(e)
                                + "): check it before running again"));
            }
        }
        return out;
    }

    private static String deleted(boolean marker) {
        return marker ? "deleted (versioned bucket: a delete marker hides it; earlier versions remain)" : "deleted";
    }
}
