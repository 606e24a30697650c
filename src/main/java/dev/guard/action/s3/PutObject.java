package dev.guard.action.s3;

import dev.guard.action.Action;
import dev.guard.action.ActionMetadata;
import dev.guard.action.InBucket;
import dev.guard.action.InputContext;
import dev.guard.action.LocalFile;
import dev.guard.action.LocalFiles;
import dev.guard.action.Operation;
import dev.guard.action.StepContext;
import dev.guard.action.StepInputs;
import dev.guard.runbook.AwsIdentifiers;
import dev.guard.yaml.Fields;
import dev.guard.yaml.Node;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.Templates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code s3:PutObject}: writes one object from inline text ({@code body}) or a local file ({@code
 * file}, relative to the runbook and confined by {@link LocalFiles}), replacing any object already
 * at that key.
 *
 * <p>Reading uses plain {@code Optional} checks rather than lambdas: every validate of this action
 * runs it, and on JDK 17 each lambda call site costs ~60 µs to link the first time.
 */
public final class PutObject implements Action {
    private static final Pattern CONTENT_TYPE = Pattern.compile("[\\w.+-]+/[\\w.+-]+(\\s*;.*)?");

    /** The checked inputs; {@code file} was resolved against the runbook's directory, sized and hashed. */
    public record Inputs(
            String bucket, String key, Optional<String> body, Optional<LocalFile> file, Optional<String> contentType)
            implements StepInputs, InBucket {
        @Override
        public List<String> describe() {
            String source = body.map(b -> "inline text (" + b.length() + " characters)")
                    .orElseGet(() -> file.map(f -> "file " + f.describe()).orElse("a file named by a parameter"));
            return List.of("object s3://" + bucket + "/" + key + " from " + source);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bucket", bucket);
            m.put("key", key);
            body.ifPresent(b -> m.put("bodyLength", b.length()));
            file.ifPresent(f -> {
                m.put("file", f.path().toString());
                m.put("fileBytes", f.size());
                m.put("fileSha256", f.sha256());
            });
            contentType.ifPresent(c -> m.put("contentType", c));
            return m;
        }
    }

    // Destructive: it silently replaces whatever is at the key. Object tags are not read, so refuseTags
    // is refused for S3 steps.
    private static final ActionMetadata METADATA = ActionMetadata.destructive(
                    "s3:PutObject", "put an S3 object", "bucket", "key", "body", "file", "contentType")
            .untagged();

    @Override
    public ActionMetadata metadata() {
        return METADATA;
    }

    @Override
    public Optional<StepInputs> read(Fields with, InputContext context) {
        with.allowOnly("bucket", "key", "body", "file", "contentType");
        Optional<Scalar> bucket = ObjectInputs.bucket(with);
        Optional<Scalar> key = with.string("key", true, true);
        if (key.isPresent()) {
            with.check(
                    key.get(),
                    with.child("key"),
                    AwsIdentifiers.objectKey(key.get().text()));
        }
        if (with.has("body") == with.has("file")) {
            with.problems().add(with.node().position(), with.path() + ": give exactly one of body or file");
            return Optional.empty();
        }
        Optional<String> body = body(with);
        Optional<Scalar> fileName = with.string("file", false);
        boolean templatedFile = fileName.isPresent() && Templates.isTemplated(fileName.get());
        Optional<LocalFile> file =
                fileName.isEmpty() || templatedFile ? Optional.empty() : file(with, context, fileName.get());
        Optional<Scalar> type = with.string("contentType", false);
        if (type.isPresent() && !CONTENT_TYPE.matcher(type.get().text()).matches()) {
            with.check(
                    type.get(),
                    with.child("contentType"),
                    Optional.of("'" + type.get().text() + "' is not a media type like text/plain"));
        }
        if (bucket.isEmpty() || key.isEmpty() || (body.isEmpty() && file.isEmpty() && !templatedFile)) {
            return Optional.empty();
        }
        // A file named by a parameter is checked when the plan knows its value.
        Optional<String> contentType = type.isPresent() ? Optional.of(type.get().text()) : Optional.empty();
        return Optional.of(new Inputs(bucket.get().text(), key.get().text(), body, file, contentType));
    }

    private static Optional<String> body(Fields with) {
        Optional<Node> n = with.node("body", false);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        // An empty body is a legitimate object, so it is read without the non-empty rule.
        if (n.get() instanceof Scalar s && s.kind() == Scalar.Kind.STRING) {
            return Optional.of(s.text());
        }
        Optional<Scalar> s = with.asString(n.get(), with.child("body"), false);
        return s.isPresent() ? Optional.of(s.get().text()) : Optional.empty();
    }

    /** The local file to upload, confined by {@link LocalFiles}; a refusal is reported at {@code file:}. */
    private static Optional<LocalFile> file(Fields with, InputContext context, Scalar f) {
        LocalFiles.Checked checked = context.files().check(context.runbookDirectory(), f.text());
        if (checked instanceof LocalFiles.Refused r) {
            with.problems().add(f.position(), with.child("file") + ": " + r.why() + Fields.origin(f));
            return Optional.empty();
        }
        return Optional.of(((LocalFiles.Accepted) checked).file());
    }

    @Override
    public List<String> warnings(StepInputs inputs) {
        return List.of("replaces the object if one exists at that key (recoverable only if the bucket is versioned)");
    }

    @Override
    public Operation operation(StepInputs inputs, StepContext context) {
        return new PutObjectOperation((Inputs) inputs, context);
    }
}
