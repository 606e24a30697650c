package dev.guard.action.s3;

import dev.guard.action.Batches;
import dev.guard.action.Outcome;
import dev.guard.action.StepContext;
import dev.guard.action.StepFailure;
import dev.guard.action.Target;
import dev.guard.error.ExitCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * A permanent delete of object versions ({@code versionId} or {@code allVersions: true}). Discovery
 * reads the bucket's versioning — MFA Delete refuses the step before any confirmation, since S3 wants
 * the root user's MFA for it — and lists the versions with ListObjectVersions; each version and
 * delete marker is a target. The change is DeleteObjects with version ids (DeleteObject with
 * versionId for a key XML cannot carry), and every outcome is read back before it is called deleted.
 */
final class DeleteVersionsOperation extends ObjectOperation {
    private final DeleteObject.Inputs inputs;
    private final List<String> notes = new ArrayList<>();

    DeleteVersionsOperation(DeleteObject.Inputs inputs, StepContext context) {
        super(context);
        this.inputs = inputs;
    }

    @Override
    public String verb() {
        return "permanently delete";
    }

    @Override
    public String noun(int count) {
        return count == 1 ? "object version" : "object versions";
    }

    @Override
    public List<Target> discover() {
        BucketVersioning versioning = BucketVersioning.read(s3, context.calls(), inputs.bucket());
        if (versioning.mfaDeleteEnabled()) {
            throw new StepFailure(ExitCode.ABORTED, BucketVersioning.mfaRefusal(inputs.bucket()));
        }
        List<ObjectVersions.Version> versions;
        try {
            versions = listed();
        } catch (SdkException e) {
            throw new StepFailure("could not list the versions in s3://" + inputs.bucket() + " in " + context.where()
                    + ": " + S3Reads.message(e));
        }
        notes.clear();
        notes.add(versioning.permanentNote());
        notes.add("each version and delete marker is one target under guards.maxTargets");
        return versions.stream().map(ObjectVersions.Version::target).toList();
    }

    private List<ObjectVersions.Version> listed() {
        if (inputs.prefix().isPresent()) {
            return ObjectVersions.under(
                    s3, context.calls(), inputs.bucket(), inputs.prefix().get());
        }
        List<ObjectVersions.Version> out = new ArrayList<>();
        for (String key : inputs.keys()) {
            List<ObjectVersions.Version> of = ObjectVersions.of(s3, context.calls(), inputs.bucket(), key);
            if (inputs.versionId().isPresent()) {
                out.addAll(named(key, inputs.versionId().get(), of));
            } else if (of.isEmpty()) {
                context.progress().accept("  " + key + ": has no versions (already absent)");
            } else {
                out.addAll(of);
            }
        }
        return out;
    }

    /**
     * The one version a step names. One that does not exist is refused, as a named instance id is:
     * a typo must never read as "nothing to do".
     */
    static List<ObjectVersions.Version> named(String key, String versionId, List<ObjectVersions.Version> of) {
        List<ObjectVersions.Version> match =
                of.stream().filter(v -> v.versionId().equals(versionId)).toList();
        if (match.isEmpty()) {
            String has = of.isEmpty()
                    ? "the key has no versions"
                    : "its versions are "
                            + String.join(
                                    ", ",
                                    of.stream()
                                            .map(ObjectVersions.Version::versionId)
                                            .limit(5)
                                            .toList()) + (of.size() > 5 ? " and " + (of.size() - 5) + " more" : "");
            throw new StepFailure(
                    ExitCode.INVALID_INPUT,
                    "version " + versionId + " of " + key + " does not exist (" + has + "): nothing was deleted");
        }
        return match;
    }

    @Override
    public List<String> notes() {
        return List.copyOf(notes);
    }

    @Override
    public DryRunAnswer dryRun(List<Target> targets) {
        return DryRunAnswer.unchecked("S3 has no dry-run flag: " + targets.size() + " " + noun(targets.size())
                + " in s3://" + inputs.bucket() + " were listed; permission to delete them"
                + " (s3:DeleteObjectVersion) is not checked");
    }

    @Override
    public List<Outcome> execute(List<Target> targets) {
        List<List<Target>> batches = batches(targets);
        List<List<Outcome>> outcomes = Batches.run(
                batches,
                DeleteObjectOperation.CONCURRENT_BATCHES,
                context.stop(),
                batch -> reported(new VersionBatch(this, batch).delete()),
                batch -> reported(batch.stream()
                        .map(t -> Outcome.skipped(t.id(), "stopped by Ctrl-C before this batch"))
                        .toList()));
        return outcomes.stream().flatMap(List::stream).toList();
    }

    /** Targets in DeleteObjects batches of at most 1,000; each key XML cannot carry alone, for DeleteObject. */
    static List<List<Target>> batches(List<Target> targets) {
        List<List<Target>> out = new ArrayList<>(Batches.of(
                targets.stream()
                        .filter(t -> KeysInXml.carried(
                                ObjectVersions.keyAndVersion(t).getKey()))
                        .toList(),
                DeleteObjectOperation.BATCH));
        targets.stream()
                .filter(t -> !KeysInXml.carried(ObjectVersions.keyAndVersion(t).getKey()))
                .forEach(t -> out.add(List.of(t)));
        return out;
    }

    private List<Outcome> reported(List<Outcome> batch) {
        context.batches().completed(batch);
        return batch;
    }

    DeleteObject.Inputs inputs() {
        return inputs;
    }

    /** The keys of {@code targets}, once each, in order. */
    static Set<String> keys(List<Target> targets) {
        Set<String> out = new LinkedHashSet<>();
        targets.forEach(t -> out.add(ObjectVersions.keyAndVersion(t).getKey()));
        return out;
    }

    /**
     * What the batch's keys hold now, as target ids: the read-back every outcome is checked against.
     * A few keys are listed one by one; more as one listing of the range they span.
     */
    Set<String> stillThere(List<Target> targets) {
        List<String> keys = List.copyOf(keys(targets));
        Set<String> out = new LinkedHashSet<>();
        if (keys.size() <= 3) {
            for (String key : keys) {
                ObjectVersions.of(s3, context.calls(), inputs.bucket(), key).forEach(v -> out.add(v.id()));
            }
            return out;
        }
        String last = keys.stream().max(ObjectVersions.KEY_ORDER).orElseThrow();
        Set<String> wanted = Set.copyOf(keys);
        ObjectVersions.upTo(s3, context.calls(), inputs.bucket(), ObjectVersions.commonPrefix(keys), last).stream()
                .filter(v -> wanted.contains(v.key()))
                .forEach(v -> out.add(v.id()));
        return out;
    }

    /** Whether MFA Delete is on now (it may have been enabled after the plan). */
    boolean mfaDeleteNow() {
        return BucketVersioning.read(s3, context.calls(), inputs.bucket()).mfaDeleteEnabled();
    }
}
