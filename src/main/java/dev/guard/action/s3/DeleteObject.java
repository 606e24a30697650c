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
 * batched DeleteObjects calls of up to 1,000.
 */
public final class DeleteObject implements Action {
    /** The checked inputs: either keys or a prefix. */
    public record Inputs(String bucket, List<String> keys, Optional<String> prefix) implements StepInputs, InBucket {
        @Override
        public List<String> describe() {
            if (prefix.isPresent()) {
                return List.of("objects under s3://" + bucket + "/" + prefix.get() + " (selector)");
            }
            if (keys.size() == 1) {
                return List.of("object s3://" + bucket + "/" + keys.get(0));
            }
            return List.of(keys.size() + " objects in s3://" + bucket + ": " + String.join(", ", keys));
        }

        @Override
        public boolean selector() {
            return prefix.isPresent();
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
            return m;
        }
    }

    private static final ActionMetadata METADATA = ActionMetadata.destructive(
                    "s3:DeleteObject", "delete S3 objects", "bucket", "key", "keys", "prefix")
            .untagged() // object tags are not read: refuseTags is refused for S3 steps
            .selectedBy("prefix");

    @Override
    public ActionMetadata metadata() {
        return METADATA;
    }

    @Override
    public Optional<StepInputs> read(Fields with, InputContext context) {
        with.allowOnly("bucket", "key", "keys", "prefix");
        Optional<Scalar> bucket = ObjectInputs.bucket(with);
        int given = (with.has("key") ? 1 : 0) + (with.has("keys") ? 1 : 0) + (with.has("prefix") ? 1 : 0);
        if (given != 1) {
            with.problems().add(with.node().position(), with.path() + ": give exactly one of key, keys or prefix");
            return Optional.empty();
        }
        List<String> keys = new ArrayList<>();
        with.string("key", false, true).ifPresent(k -> {
            with.check(k, with.child("key"), AwsIdentifiers::objectKey);
            keys.add(k.text());
        });
        with.stringList("keys", false).ifPresent(list -> {
            for (int i = 0; i < list.size(); i++) {
                Scalar k = list.get(i);
                String where = with.child("keys") + "[" + i + "]";
                with.check(k, where, AwsIdentifiers::objectKey);
                if (!Templates.isTemplated(k) && keys.contains(k.text())) {
                    with.problems().add(k.position(), where + ": '" + k.text() + "' is listed twice");
                }
                keys.add(k.text());
            }
        });
        Optional<Scalar> prefix = with.string("prefix", false, true);
        prefix.ifPresent(p -> with.check(p, with.child("prefix"), AwsIdentifiers::objectPrefix));
        if (bucket.isEmpty() || (keys.isEmpty() && prefix.isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Inputs(bucket.get().text(), keys, prefix.map(Scalar::text)));
    }

    @Override
    public List<String> warnings(StepInputs inputs) {
        return List.of("deletes are permanent unless the bucket has versioning enabled (checked when it runs;"
                + " on a versioned bucket a delete marker hides the object)");
    }

    @Override
    public Operation operation(StepInputs inputs, StepContext context) {
        return new DeleteObjectOperation((Inputs) inputs, context);
    }
}
