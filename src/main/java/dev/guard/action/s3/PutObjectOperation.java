package dev.guard.action.s3;

import dev.guard.action.LocalFile;
import dev.guard.action.Outcome;
import dev.guard.action.StepContext;
import dev.guard.action.StepFailure;
import dev.guard.action.Target;
import dev.guard.aws.Calls;
import dev.guard.error.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;

/** PutObject at run time: the key's current object is shown (it will be replaced), then written. */
final class PutObjectOperation extends ObjectOperation {
    private final PutObject.Inputs inputs;

    PutObjectOperation(PutObject.Inputs inputs, StepContext context) {
        super(context);
        this.inputs = inputs;
    }

    @Override
    public String verb() {
        return "write";
    }

    @Override
    public List<Target> discover() {
        // Time of use: the file must still be the one the plan showed, before anything is asked of AWS.
        body();
        try {
            Target t = context.calls()
                    .call("HeadObject", () -> S3Reads.head(s3, inputs.bucket(), inputs.key()))
                    .map(found -> new Target(
                            found.id(),
                            found.state(),
                            found.tags(),
                            List.of(found.notes().get(0) + " — will be replaced"),
                            found.protection(),
                            found.fingerprint()))
                    .orElseGet(() -> new Target(
                            inputs.key(),
                            Optional.empty(),
                            Map.of(),
                            List.of("new object"),
                            Optional.empty(),
                            S3Reads.ABSENT));
            return List.of(t);
        } catch (SdkException e) {
            throw new StepFailure("could not read s3://" + inputs.bucket() + "/" + inputs.key() + " in "
                    + context.where() + ": " + S3Reads.message(e));
        }
    }

    @Override
    public DryRunAnswer dryRun(List<Target> targets) {
        return DryRunAnswer.unchecked("S3 has no dry-run flag: s3://" + inputs.bucket() + "/" + inputs.key()
                + " was read; permission to write it is not checked");
    }

    /** The bytes to write: the inline body, or the planned file if it is unchanged (else the step fails). */
    private byte[] body() {
        if (inputs.body().isPresent()) {
            return inputs.body().get().getBytes(StandardCharsets.UTF_8);
        }
        LocalFile file = inputs.file().orElseThrow(() -> new StepFailure("no file to upload: its name was not known"));
        try {
            return file.read();
        } catch (LocalFile.Changed e) {
            throw new StepFailure(ExitCode.INVALID_INPUT, "refused to upload: " + e.getMessage());
        } catch (IOException e) {
            throw new StepFailure(
                    ExitCode.INVALID_INPUT,
                    "refused to upload " + file.written() + ": cannot read it now ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public List<Outcome> execute(List<Target> targets) {
        byte[] body;
        try {
            body = body();
        } catch (StepFailure e) {
            return List.of(Outcome.failed(inputs.key(), e.getMessage()));
        }
        try {
            var response = context.calls()
                    .change(
                            "PutObject",
                            () -> s3.putObject(
                                    b -> {
                                        b.bucket(inputs.bucket()).key(inputs.key());
                                        inputs.contentType().ifPresent(b::contentType);
                                    },
                                    RequestBody.fromBytes(body)))
                    .value();
            return List.of(Outcome.done(
                    inputs.key(),
                    "written, " + body.length + " bytes, ETag " + response.eTag()
                            + (response.versionId() == null ? "" : ", version " + response.versionId())));
        } catch (Calls.ChangeFailed f) {
            String why = S3Reads.message(f.failure());
            return List.of(
                    f.outcomeUnknown() ? reconcile(body, why) : Outcome.failed(inputs.key(), "not written: " + why));
        }
    }

    /**
     * The object read again after a PutObject whose answer never came (DESIGN.md §4): written if it
     * now has this content (S3's ETag of a single-part upload is the MD5 of its bytes).
     */
    private Outcome reconcile(byte[] body, String why) {
        try {
            var head = context.calls()
                    .call(
                            "HeadObject",
                            () -> s3.headObject(b -> b.bucket(inputs.bucket()).key(inputs.key())));
            String md5 =
                    HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
            if (head.contentLength() == body.length && ("\"" + md5 + "\"").equals(head.eTag())) {
                return Outcome.done(
                        inputs.key(),
                        "written, " + body.length + " bytes, ETag " + head.eTag() + " (the answer was lost: " + why
                                + "; read again, it holds the new content)");
            }
            return Outcome.failed(
                    inputs.key(),
                    "outcome unknown: " + why + "; read again it is not the new content (" + head.contentLength()
                            + " bytes, ETag " + head.eTag() + ") — the request may still take effect: run again");
        } catch (SdkException e) {
            return Outcome.failed(
                    inputs.key(),
                    "outcome unknown: " + why + "; reading the object again failed too (" + S3Reads.message(e)
                            + "): check it before running again");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
