package dev.guard.sandbox.sigv4;

import dev.guard.sandbox.sigv4.Verification.Rejected;
import dev.guard.sandbox.sigv4.Verification.Verified;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Verifies AWS Signature Version 4 as AWS does, in the Authorization header or in a presigned
 * URL's query, including aws-chunked bodies. Thread-safe; derived signing keys are cached.
 *
 * <p>Order of checks: form of the signature, request time, access key, session token, signature,
 * then the payload (its hash or its chunk signatures).
 */
public final class SigV4Verifier {
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final String TOKEN_HEADER = "x-amz-security-token";
    private static final String TOKEN_PARAMETER = "X-Amz-Security-Token";

    private final CredentialStore store;
    private final Clock clock;
    private final SigningKey.Cache keys = new SigningKey.Cache();

    public SigV4Verifier(CredentialStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Verification verify(SignedRequest request) {
        try {
            return authenticate(request);
        } catch (VerificationFailure failure) {
            return rejected(failure, request);
        }
    }

    private Verification authenticate(SignedRequest request) {
        String authorization = request.header("authorization");
        QueryParameters query = QueryParameters.parse(request.rawQuery(), false);
        boolean presigned = PresignedQuery.isPresent(query);
        if (authorization != null && presigned) {
            throw new VerificationFailure(
                    Reason.INCOMPLETE_SIGNATURE,
                    "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter or the"
                            + " Authorization header should be specified");
        }
        if (authorization != null) {
            return headerForm(request, AuthorizationHeader.parse(authorization), query);
        }
        if (presigned) {
            return presignedForm(request, PresignedQuery.parse(query), query);
        }
        throw new VerificationFailure(Reason.MISSING_AUTHENTICATION, "Request is missing Authentication Token");
    }

    private Verification headerForm(SignedRequest request, AuthorizationHeader auth, QueryParameters query) {
        RequestTime time = headerTime(request);
        auth.scope().requireDayOf(time.amzDate());
        Instant now = clock.instant();
        if (Duration.between(time.instant(), now).abs().compareTo(MAX_SKEW) > 0) {
            throw new VerificationFailure(
                    Reason.REQUEST_TIME_SKEWED,
                    "Signature expired: " + time.amzDate() + " is now earlier than "
                            + RequestTime.format(now.minus(MAX_SKEW)) + " (" + RequestTime.format(now)
                            + " - 15 min.) or later than " + RequestTime.format(now.plus(MAX_SKEW)));
        }
        KnownCredential credential = credential(auth.accessKeyId(), request.header(TOKEN_HEADER), now);
        String payloadHash = headerPayloadHash(request);
        SigningKey key = keys.get(credential.secretAccessKey(), auth.scope());
        StringToSign stringToSign = checkSignature(
                request,
                auth.scope(),
                time,
                query,
                null,
                auth.signedHeaders(),
                auth.signedHeaderNames(),
                payloadHash,
                key,
                auth.signature());
        ChunkedPayloadDecoder.Decoded payload = payload(request, payloadHash, key, stringToSign, auth.signature());
        return new Verified(
                credential,
                auth.scope().region(),
                auth.scope().service(),
                time.instant(),
                payload.payload(),
                payload.trailers());
    }

    private Verification presignedForm(SignedRequest request, PresignedQuery presigned, QueryParameters query) {
        RequestTime time = RequestTime.ofAmzDate(presigned.amzDate());
        presigned.scope().requireDayOf(time.amzDate());
        Instant now = clock.instant();
        if (time.instant().isAfter(now.plus(MAX_SKEW))) {
            throw new VerificationFailure(
                    Reason.REQUEST_TIME_SKEWED,
                    "Request is not valid until " + time.amzDate() + " (now " + RequestTime.format(now) + ")");
        }
        Instant expires = time.instant().plusSeconds(presigned.expiresSeconds());
        if (now.isAfter(expires)) {
            throw new VerificationFailure(
                    Reason.PRESIGNED_URL_EXPIRED,
                    "Request has expired: it expired at " + RequestTime.format(expires) + ", now is "
                            + RequestTime.format(now));
        }
        String token = presigned.securityToken() != null ? presigned.securityToken() : request.header(TOKEN_HEADER);
        KnownCredential credential = credential(presigned.accessKeyId(), token, now);
        String service = presigned.scope().service();
        String payloadHash = presignedPayloadHash(request, query, service);
        SigningKey key = keys.get(credential.secretAccessKey(), presigned.scope());
        checkSignature(
                request,
                presigned.scope(),
                time,
                query,
                PresignedQuery.SIGNATURE,
                presigned.signedHeaders(),
                presigned.signedHeaderNames(),
                payloadHash,
                key,
                presigned.signature());
        requireBodyHash(request, payloadHash);
        return new Verified(credential, presigned.scope().region(), service, time.instant(), request.body(), Map.of());
    }

    /** S3 presigned URLs sign UNSIGNED-PAYLOAD unless the URL or a header names a hash. */
    private static String presignedPayloadHash(SignedRequest request, QueryParameters query, String service) {
        String claimed = request.header("x-amz-content-sha256");
        if (claimed == null) {
            claimed = query.first("X-Amz-Content-Sha256");
        }
        if (claimed != null) {
            return claimed;
        }
        return "s3".equals(service) ? UNSIGNED_PAYLOAD : Sha256.hex(request.body());
    }

    private static RequestTime headerTime(SignedRequest request) {
        String amzDate = request.header("x-amz-date");
        if (amzDate != null) {
            return RequestTime.ofAmzDate(amzDate.strip());
        }
        String date = request.header("date");
        if (date != null) {
            return RequestTime.ofHttpDate(date);
        }
        throw new VerificationFailure(
                Reason.INCOMPLETE_SIGNATURE,
                "Authorization header requires existence of either a 'X-Amz-Date' or a" + " 'Date' header");
    }

    private KnownCredential credential(String accessKeyId, String token, Instant now) {
        KnownCredential credential = store.find(accessKeyId)
                .orElseThrow(() -> new VerificationFailure(
                        Reason.UNKNOWN_ACCESS_KEY, "The access key ID " + accessKeyId + " does not exist"));
        boolean hasToken = token != null && !token.isEmpty();
        if (credential.sessionToken().isPresent()) {
            if (!hasToken) {
                throw new VerificationFailure(
                        Reason.MISSING_SECURITY_TOKEN,
                        "Access key " + accessKeyId + " is temporary and the request has no X-Amz-Security-Token");
            }
            if (!MessageDigest.isEqual(bytes(credential.sessionToken().get()), bytes(token))) {
                throw new VerificationFailure(
                        Reason.INVALID_SECURITY_TOKEN, "The security token included in the request is invalid");
            }
        } else if (hasToken) {
            throw new VerificationFailure(
                    Reason.INVALID_SECURITY_TOKEN,
                    "The security token included in the request is invalid: access key " + accessKeyId
                            + " is not temporary");
        }
        if (credential.expiration().isPresent()
                && !now.isBefore(credential.expiration().get())) {
            throw new VerificationFailure(
                    Reason.EXPIRED_TOKEN, "The security token included in the request is expired");
        }
        return credential;
    }

    private static String headerPayloadHash(SignedRequest request) {
        String claimed = request.header("x-amz-content-sha256");
        if (claimed == null) {
            return Sha256.hex(request.body());
        }
        if (!claimed.equals(UNSIGNED_PAYLOAD) && !ChunkedPayloadDecoder.isChunked(claimed) && !isHexHash(claimed)) {
            throw new VerificationFailure(
                    Reason.INCOMPLETE_SIGNATURE,
                    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD,"
                            + " STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-UNSIGNED-PAYLOAD-TRAILER or a"
                            + " SHA-256 in hex");
        }
        return claimed;
    }

    /** Computes the signature; a '+' in the query is retried as a space, as form encoders mean it. */
    private static StringToSign checkSignature(
            SignedRequest request,
            CredentialScope scope,
            RequestTime time,
            QueryParameters query,
            String excludedParameter,
            String signedHeaders,
            List<String> signedHeaderNames,
            String payloadHash,
            SigningKey key,
            String provided) {
        CanonicalRequest canonical = CanonicalRequest.of(
                request, scope.service(), query, excludedParameter, signedHeaders, signedHeaderNames, payloadHash);
        StringToSign stringToSign = new StringToSign(time.amzDate(), scope, canonical.hash());
        if (Sha256.sameSignature(key.sign(stringToSign.text()), provided)) {
            return stringToSign;
        }
        if (query.hasPlus()) {
            QueryParameters formQuery = QueryParameters.parse(request.rawQuery(), true);
            CanonicalRequest formCanonical = CanonicalRequest.of(
                    request,
                    scope.service(),
                    formQuery,
                    excludedParameter,
                    signedHeaders,
                    signedHeaderNames,
                    payloadHash);
            StringToSign formStringToSign = new StringToSign(time.amzDate(), scope, formCanonical.hash());
            if (Sha256.sameSignature(key.sign(formStringToSign.text()), provided)) {
                return formStringToSign;
            }
        }
        throw new VerificationFailure(
                Reason.SIGNATURE_MISMATCH,
                "The request signature we calculated does not match the signature you provided. Check your AWS"
                        + " Secret Access Key and signing method.",
                canonical,
                stringToSign.text());
    }

    private static ChunkedPayloadDecoder.Decoded payload(
            SignedRequest request, String payloadHash, SigningKey key, StringToSign stringToSign, String seed) {
        if (!ChunkedPayloadDecoder.isChunked(payloadHash)) {
            requireBodyHash(request, payloadHash);
            return new ChunkedPayloadDecoder.Decoded(request.body(), Map.of());
        }
        ChunkedPayloadDecoder.Decoded decoded =
                ChunkedPayloadDecoder.decode(request.body(), payloadHash, key, stringToSign, seed);
        int length = decoded.payload().length;
        String decodedLength = request.header("x-amz-decoded-content-length");
        if (decodedLength != null && !decodedLength.strip().equals(Integer.toString(length))) {
            throw new VerificationFailure(
                    Reason.SIGNATURE_MISMATCH,
                    "x-amz-decoded-content-length " + decodedLength.strip() + " does not match the " + length
                            + " bytes of the decoded aws-chunked body");
        }
        return decoded;
    }

    /** A signed hex hash must be the body's: otherwise the body was changed after signing. */
    private static void requireBodyHash(SignedRequest request, String payloadHash) {
        if (isHexHash(payloadHash) && !payloadHash.equalsIgnoreCase(Sha256.hex(request.body()))) {
            throw new VerificationFailure(
                    Reason.SIGNATURE_MISMATCH,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
    }

    private static boolean isHexHash(String value) {
        if (value.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            if (Character.digit(value.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static Rejected rejected(VerificationFailure failure, SignedRequest request) {
        String token = request.header(TOKEN_HEADER);
        if (token == null) {
            token = QueryParameters.parse(request.rawQuery(), false).first(TOKEN_PARAMETER);
        }
        CanonicalRequest canonical = failure.canonicalRequest();
        String message = failure.getMessage().replace('\r', ' ').replace('\n', ' ');
        return new Rejected(
                failure.reason(), message, canonical == null ? "" : canonical.redacted(token), failure.stringToSign());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
