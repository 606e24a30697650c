package dev.guard.action.s3;

import dev.guard.action.Target;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** What the S3 operations share: reading one object's head, error wording. */
final class S3Reads {
    private S3Reads() {}

    /**
     * The object as a target, or empty when it does not exist. A HeadObject the caller may not make
     * (403) leaves existence unknown: the object is kept as a target, with a note saying so.
     */
    static Optional<Target> head(S3Client s3, String bucket, String key) {
        try {
            HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new Target(
                    key,
                    Optional.empty(),
                    Map.of(),
                    List.of("exists, " + h.contentLength() + " bytes, last modified " + h.lastModified()),
                    Optional.empty(),
                    fingerprint(h.eTag(), Optional.ofNullable(h.versionId()).orElse("null"), h.contentLength())));
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            if (e.statusCode() == 403) {
                return Optional.of(new Target(
                        key,
                        Optional.empty(),
                        Map.of(),
                        List.of("not readable (HeadObject: 403), so whether it exists is unknown"),
                        Optional.empty(),
                        Map.of("object", "unreadable")));
            }
            throw e;
        }
    }

    /** A put-object target that does not exist yet: what a saved plan expects to find absent. */
    static final Map<String, String> ABSENT = Map.of("object", "absent");

    /**
     * What identifies an object's content, for saved plans.
     *
     * @param versionId "null" in an unversioned bucket (S3's own word); omitted when unknown (a
     *     listing does not name versions)
     */
    static Map<String, String> fingerprint(String etag, String versionId, Long size) {
        Map<String, String> f = new java.util.LinkedHashMap<>();
        f.put("etag", String.valueOf(etag));
        if (versionId != null) {
            f.put("versionId", versionId);
        }
        f.put("size", String.valueOf(size));
        return f;
    }

    static String message(SdkException e) {
        if (dev.guard.aws.Calls.timedOut(e)) {
            return "no answer in time";
        }
        if (e instanceof AwsServiceException a) {
            // HEAD answers carry no body: code and message may be missing, the status never is.
            var details = a.awsErrorDetails();
            String code =
                    details == null || details.errorCode() == null ? "HTTP " + a.statusCode() : details.errorCode();
            String message = details == null ? null : details.errorMessage();
            return message == null ? code : code + ": " + message;
        }
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getMessage().replaceAll("\\s+", " ");
    }
}
