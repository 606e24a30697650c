package dev.guard.action.s3;

import dev.guard.action.Action;
import dev.guard.action.InputContext;
import dev.guard.action.StepInputs;
import dev.guard.exec.Operation;
import dev.guard.exec.StepContext;
import dev.guard.runbook.AwsIdentifiers;
import dev.guard.yaml.Fields;
import dev.guard.yaml.Scalar;
import dev.guard.yaml.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code s3:PutObject}: writes one object from inline text ({@code body}) or a local file ({@code
 * file}, relative to the runbook), replacing any object already at that key.
 */
public final class PutObject implements Action {
    private static final Pattern CONTENT_TYPE = Pattern.compile("[\\w.+-]+/[\\w.+-]+(\\s*;.*)?");

    /** The checked inputs; {@code file} is resolved against the runbook's directory. */
    public record Inputs(
            String bucket, String key, Optional<String> body, Optional<Path> file, Optional<String> contentType)
            implements StepInputs {
        @Override
        public List<String> describe() {
            String source = body.map(b -> "inline text (" + b.length() + " characters)")
                    .orElseGet(() -> "file " + file.orElseThrow());
            return List.of("object s3://" + bucket + "/" + key + " from " + source);
        }

        @Override
        public Optional<String> s3Bucket() {
            return Optional.of(bucket);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bucket", bucket);
            m.put("key", key);
            body.ifPresent(b -> m.put("bodyLength", b.length()));
            file.ifPresent(f -> m.put("file", f.toString()));
            contentType.ifPresent(c -> m.put("contentType", c));
            return m;
        }
    }

    @Override
    public String name() {
        return "s3:PutObject";
    }

    @Override
    public String title() {
        return "put an S3 object";
    }

    @Override
    public boolean destructive() {
        return true; // it silently replaces whatever is at the key
    }

    @Override
    public boolean tagged() {
        return false; // object tags are not read: refuseTags is refused for S3 steps
    }

    @Override
    public Set<String> states() {
        return Set.of();
    }

    @Override
    public List<String> inputKeys() {
        return List.of("bucket", "key", "body", "file", "contentType");
    }

    @Override
    public Optional<StepInputs> read(Fields with, InputContext context) {
        with.allowOnly("bucket", "key", "body", "file", "contentType");
        Optional<Scalar> bucket = ObjectInputs.bucket(with);
        Optional<Scalar> key = with.string("key", true, true);
        key.ifPresent(k -> with.check(k, with.child("key"), AwsIdentifiers::objectKey));
        if (with.has("body") == with.has("file")) {
            with.problems().add(with.node().position(), with.path() + ": give exactly one of body or file");
            return Optional.empty();
        }
        Optional<String> body = with.node("body", false).flatMap(n -> {
            // An empty body is a legitimate object, so it is read without the non-empty rule.
            if (n instanceof Scalar s && s.kind() == Scalar.Kind.STRING) {
                return Optional.of(s.text());
            }
            return with.asString(n, with.child("body"), false).map(Scalar::text);
        });
        Optional<Path> file = with.string("file", false).map(f -> {
            Path p = context.runbookDirectory().resolve(f.text()).normalize();
            with.check(
                    f,
                    with.child("file"),
                    v -> Files.isRegularFile(p) ? Optional.empty() : Optional.of("no such file: " + p));
            return p;
        });
        Optional<Scalar> type = with.string("contentType", false);
        type.ifPresent(t -> with.check(
                t,
                with.child("contentType"),
                v -> CONTENT_TYPE.matcher(v).matches()
                        ? Optional.empty()
                        : Optional.of("'" + v + "' is not a media type like text/plain")));
        if (bucket.isEmpty() || key.isEmpty() || (body.isEmpty() && file.isEmpty())) {
            return Optional.empty();
        }
        boolean templatedFile =
                with.string("file", false).map(Templates::isTemplated).orElse(false);
        return Optional.of(new Inputs(
                bucket.get().text(),
                key.get().text(),
                body,
                templatedFile ? Optional.empty() : file,
                type.map(Scalar::text)));
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
