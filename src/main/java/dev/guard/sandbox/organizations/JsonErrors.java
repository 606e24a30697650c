package dev.guard.sandbox.organizations;

import dev.guard.sandbox.server.AwsError;
import dev.guard.sandbox.sigv4.Reason;

/** How a JSON-protocol AWS service names a request that failed authentication (as DynamoDB does). */
final class JsonErrors {
    private JsonErrors() {}

    static AwsError authentication(Reason reason, String message) {
        return switch (reason) {
            case MISSING_AUTHENTICATION ->
                new AwsError(400, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
            case INCOMPLETE_SIGNATURE, MISSING_CONTENT_SHA256 ->
                new AwsError(400, "IncompleteSignatureException", message);
            case UNKNOWN_REGION, HEADERS_NOT_SIGNED, REQUEST_TIME_SKEWED ->
                new AwsError(400, "InvalidSignatureException", message);
            case UNKNOWN_ACCESS_KEY, MISSING_SECURITY_TOKEN, INVALID_SECURITY_TOKEN ->
                new AwsError(
                        400, "UnrecognizedClientException", "The security token included in the request is invalid.");
            case SIGNATURE_MISMATCH, CONTENT_SHA256_MISMATCH ->
                new AwsError(
                        400,
                        "InvalidSignatureException",
                        "The request signature we calculated does not match the signature you provided.");
            case EXPIRED_TOKEN ->
                new AwsError(400, "ExpiredTokenException", "The security token included in the request is expired");
            case PRESIGNED_URL_EXPIRED ->
                new AwsError(400, "InvalidSignatureException", "Signature expired: " + message);
        };
    }
}
