package dev.guard.sandbox.server;

import com.sun.net.httpserver.HttpExchange;
import dev.guard.sandbox.sigv4.SignedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;

/**
 * The body of a query-protocol form that failed authentication, read only when it is small: the
 * SDKs send a few STS operations unsigned by design, and the sandbox must still answer them as the
 * operation they name; and the journal names the action any refused form asked for.
 */
final class UnsignedForm {
    /** STS operations botocore's model marks {@code signatureVersion: none}. */
    static final Set<String> UNSIGNED_OPERATIONS = Set.of("AssumeRoleWithWebIdentity", "AssumeRoleWithSAML");

    /** The query-protocol services: their operation is named in the form body. */
    static final Set<String> QUERY_SERVICES = Set.of("sts", "iam", "ec2");

    /** A form body larger than this is not read: an unauthenticated client cannot make the sandbox hold it. */
    static final int MAX_BYTES = 16 * 1024;

    private UnsignedForm() {}

    /** The request with its form body, when it is a small form POST to a query service; empty otherwise (body unread). */
    static Optional<SignedRequest> read(SignedRequest headersOnly, String service, HttpExchange ex) throws IOException {
        String type = String.valueOf(headersOnly.header("content-type"));
        String length = headersOnly.header("content-length");
        if (!QUERY_SERVICES.contains(service)
                || !headersOnly.method().equals("POST")
                || !type.startsWith("application/x-www-form-urlencoded")
                || length == null
                || !length.matches("\\d{1,5}")
                || Integer.parseInt(length) > MAX_BYTES) {
            return Optional.empty();
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(Integer.parseInt(length));
        }
        return Optional.of(new SignedRequest(
                headersOnly.method(), headersOnly.rawPath(), headersOnly.rawQuery(), headersOnly.headers(), body));
    }
}
