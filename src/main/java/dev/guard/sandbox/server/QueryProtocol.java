package dev.guard.sandbox.server;

import dev.guard.sandbox.sigv4.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS query protocol as STS and IAM speak it: form-encoded {@code Action=...} requests,
 * {@code <ActionResponse><ActionResult>} answers and {@code <ErrorResponse>} errors.
 */
public final class QueryProtocol {
    private QueryProtocol() {}

    /** Starts {@code <ActionResponse xmlns><ActionResult>}; finish with {@link #end}. */
    public static Xml begin(String action, String xmlns) {
        return new Xml().open(action + "Response", xmlns).open(action + "Result");
    }

    public static String end(Xml xml, String action, String requestId) {
        return xml.close(action + "Result")
                .open("ResponseMetadata")
                .element("RequestId", requestId)
                .close("ResponseMetadata")
                .close(action + "Response")
                .toString();
    }

    public static Reply error(AwsError e, String xmlns, String requestId, String action) {
        String body = new Xml()
                .open("ErrorResponse", xmlns)
                .open("Error")
                .element("Type", e.type())
                .element("Code", e.code())
                .element("Message", e.getMessage())
                .close("Error")
                .element("RequestId", requestId)
                .close("ErrorResponse")
                .toString();
        return new Reply(
                e.status(),
                "text/xml",
                body.getBytes(StandardCharsets.UTF_8),
                Map.of(),
                action,
                "*",
                Optional.empty(),
                false);
    }

    /** How STS and IAM name authentication failures. */
    public static AwsError authenticationError(Reason reason, String message) {
        return switch (reason) {
            case MISSING_AUTHENTICATION ->
                new AwsError(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
            case INCOMPLETE_SIGNATURE, MISSING_CONTENT_SHA256 -> new AwsError(400, "IncompleteSignature", message);
            case UNKNOWN_REGION, HEADERS_NOT_SIGNED -> new AwsError(403, "SignatureDoesNotMatch", message);
            case UNKNOWN_ACCESS_KEY, MISSING_SECURITY_TOKEN, INVALID_SECURITY_TOKEN ->
                new AwsError(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
            case SIGNATURE_MISMATCH, CONTENT_SHA256_MISMATCH ->
                new AwsError(
                        403,
                        "SignatureDoesNotMatch",
                        "The request signature we calculated does not match the signature you provided. Check your AWS"
                                + " Secret Access Key and signing method. Consult the service documentation for details.");
            case EXPIRED_TOKEN ->
                new AwsError(400, "ExpiredToken", "The security token included in the request is expired");
            case REQUEST_TIME_SKEWED -> new AwsError(403, "SignatureDoesNotMatch", message);
            case PRESIGNED_URL_EXPIRED -> new AwsError(403, "AccessDenied", "Request has expired");
        };
    }

    public static String required(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            throw new AwsError(400, "MissingParameter", "The request must contain the parameter " + name);
        }
        return v;
    }
}
