package dev.guard.action.s3;

import dev.guard.action.Action;
import dev.guard.action.ActionMetadata;
import dev.guard.action.InBucket;
import dev.guard.action.InputContext;
import dev.guard.action.Operation;
import dev.guard.action.StepContext;
import dev.guard.action.StepInputs;
import dev.guard.runbook.AwsIdentifiers;
import dev.guard.yaml.Fields;
import dev.guard.yaml.Node;
import dev.guard.yaml.Position;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.Templates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code s3:DeleteObject}: one {@code key}, a list of {@code keys}, or every object under a
 * {@code prefix} (a selector, so {@code guards.maxTargets} is required). Many keys go out as
 * batched DeleteObjects calls of up to 1,000. In a versioned bucket that adds delete markers; a
 * permanent delete names the versions: {@code versionId} (one version of one {@code key}) or
 * {@code allVersions: true} (every version and delete marker of the keys or the prefix, each a
 * target under {@code guards.maxTargets}, which it then requires).
 *
 * <p>Reading uses loops and plain {@code Optional} checks rather than lambdas: every validate of
 * this action runs it, and on JDK 17 each lambda call site costs ~60 µs to link the first time.
 */
public final class DeleteObject implements Action {
    /**
     * The checked inputs: either keys or a prefix; at most one of a version id (with one key) and
     * allVersions.
     */
    public record Inputs(
            String bucket, List<String> keys, Optional<String> prefix, Optional<String> versionId, boolean allVersions)
            implements StepInputs, InBucket {
        /** A plain delete: delete markers in a versioned bucket. */
        public Inputs(String bucket, List<String> keys, Optional<String> prefix) {
            this(bucket, keys, prefix, Optional.empty(), false);
        }

        /** Whether the step deletes versions permanently (versionId or allVersions). */
        public boolean permanent() {
            return versionId.isPresent() || allVersions;
        }

        @Override
        public List<String> describe() {
            if (versionId.isPresent()) {
                return List.of("version " + versionId.get() + " of object s3://" + bucket + "/" + keys.get(0)
                        + " (permanent delete)");
            }
            String every = allVersions ? "every version and delete marker of " : "";
            String permanent = allVersions ? " (permanent delete; each version is a target)" : "";
            if (prefix.isPresent()) {
                return List.of(every + "objects under s3://" + bucket + "/" + prefix.get() + " (selector)" + permanent);
            }
            if (keys.size() == 1) {
                return List.of(every + "object s3://" + bucket + "/" + keys.get(0) + permanent);
            }
            return List.of(
                    every + keys.size() + " objects in s3://" + bucket + ": " + String.join(", ", keys) + permanent);
        }

        @Override
        public boolean selector() {
            // allVersions selects versions: how many is known only when they are listed.
            return prefix.isPresent() || allVersions;
        }

        @Override
        public int namedTargets() {
            return keys.size();
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bucket", bucket);
            prefix.ifPresentOrElse(p -> m.put("prefix", p), () -> m.put("keys", keys));
            versionId.ifPresent(v -> m.put("versionId", v));
            if (allVersions) {
                m.put("allVersions", true);
            }
            return m;
        }
    }

    private static final ActionMetadata METADATA = ActionMetadata.destructive(
                    "s3:DeleteObject",
                    "delete S3 objects",
                    "bucket",
                    "key",
                    "keys",
                    "prefix",
                    "versionId",
                    "allVersions")
            .untagged() // object tags are not read: refuseTags is refused for S3 steps
            .selectedBy("prefix");

    @Override
    public ActionMetadata metadata() {
        return METADATA;
    }

    @Override
    public Optional<StepInputs> read(Fields with, InputContext context) {
        with.allowOnly("bucket", "key", "keys", "prefix", "versionId", "allVersions");
        Optional<Scalar> bucket = ObjectInputs.bucket(with);
        int given = (with.has("key") ? 1 : 0) + (with.has("keys") ? 1 : 0) + (with.has("prefix") ? 1 : 0);
        if (given != 1) {
            with.problems().add(with.node().position(), with.path() + ": give exactly one of key, keys or prefix");
            return Optional.empty();
        }
        List<String> keys = keys(with);
        Optional<Scalar> prefix = with.string("prefix", false, true);
        if (prefix.isPresent()) {
            with.check(
                    prefix.get(),
                    with.child("prefix"),
                    AwsIdentifiers.objectPrefix(prefix.get().text()));
        }
        Optional<Scalar> versionId = with.string("versionId", false, true);
        if (versionId.isPresent()) {
            with.check(
                    versionId.get(),
                    with.child("versionId"),
                    versionIdProblem(versionId.get().text()));
        }
        boolean allVersions = with.bool("allVersions").orElse(false);
        if (!versionsAllowed(with, versionId.isPresent(), allVersions)) {
            return Optional.empty();
        }
        if (bucket.isEmpty() || (keys.isEmpty() && prefix.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Inputs(bucket.get().text(), keys, text(prefix), text(versionId), allVersions));
    }

    /** {@code key:} or {@code keys:}, each checked; a key listed twice is reported. */
    private static List<String> keys(Fields with) {
        List<String> keys = new ArrayList<>();
        Optional<Scalar> key = with.string("key", false, true);
        if (key.isPresent()) {
            with.check(
                    key.get(),
                    with.child("key"),
                    AwsIdentifiers.objectKey(key.get().text()));
            keys.add(key.get().text());
        }
        Optional<List<Scalar>> list = with.stringList("keys", false);
        if (list.isEmpty()) {
            return keys;
        }
        for (int i = 0; i < list.get().size(); i++) {
            Scalar k = list.get().get(i);
            String where = with.child("keys") + "[" + i + "]";
            with.check(k, where, AwsIdentifiers.objectKey(k.text()));
            if (!Templates.isTemplated(k) && keys.contains(k.text())) {
                with.problems().add(k.position(), where + ": '" + k.text() + "' is listed twice");
            }
            keys.add(k.text());
        }
        return keys;
    }

    private static Optional<String> text(Optional<Scalar> s) {
        return s.isPresent() ? Optional.of(s.get().text()) : Optional.empty();
    }

    /** versionId and allVersions exclude each other; a version id belongs to exactly one key. */
    private static boolean versionsAllowed(Fields with, boolean versionId, boolean allVersions) {
        Optional<Node> written = with.node("versionId", false);
        Position at =
                written.isPresent() ? written.get().position() : with.node().position();
        if (versionId && with.has("allVersions")) {
            with.problems().add(at, with.child("versionId") + ": give versionId or allVersions, not both");
            return false;
        }
        if (versionId && !with.has("key")) {
            with.problems()
                    .add(
                            at,
                            with.child("versionId") + ": a version id names a version of one key: use it with key,"
                                    + " not keys or prefix (allVersions: true deletes every version of several)");
            return false;
        }
        return true;
    }

    /** Version ids are opaque to guard; only what S3 could never send is refused ("null" is one S3 sends). */
    static Optional<String> versionIdProblem(String v) {
        if (v.isEmpty()) {
            return Optional.of("a version id must not be empty");
        }
        if (v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024) {
            return Optional.of("a version id is at most 1024 bytes");
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.isWhitespace(c)) {
                return Optional.of("a version id has no spaces or control characters");
            }
        }
        return Optional.empty();
    }

    @Override
    public List<String> warnings(StepInputs inputs) {
        if (((Inputs) inputs).permanent()) {
            return List.of("permanently deletes object versions: no delete marker is left and nothing can be"
                    + " restored; refused when the bucket has MFA Delete enabled (guard holds no root credentials)");
        }
        return List.of("deletes are permanent unless the bucket has versioning enabled (checked when it runs;"
                + " on a versioned bucket a delete marker hides the object and earlier versions are kept)");
    }

    @Override
    public Operation operation(StepInputs inputs, StepContext context) {
        Inputs in = (Inputs) inputs;
        return in.permanent() ? new DeleteVersionsOperation(in, context) : new DeleteObjectOperation(in, context);
    }
}
