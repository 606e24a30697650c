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
import java.util.Optional;

/**
 * Verifies AWS Signature Version 4 as AWS does, in the Authorization header or in a presigned
 * URL's query, including aws-chunked bodies. Thread-safe; derived signing keys are cached.
 *
 * <p>Order of checks: form of the signature, region, request time, access key, session token,
 * unsigned {@code x-amz-*} headers, signature, then the payload (its hash or its chunk signatures).
 * Only S3 accepts a payload it cannot hash first (UNSIGNED-PAYLOAD, aws-chunked streaming); every
 * other service signs the hash of the body it received.
 */
public final class SigV4Verifier {
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    static final String CONTENT_SHA256 = "x-amz-content-sha256";
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
            return authenticate(request, true);
        } catch (VerificationFailure failure) {
            return rejected(failure, request);
        }
    }

    /**
     * Checks what can be checked before the body is read ({@code headersOnly} has none): the form,
     * region, time, key and token, and the signature itself when the signed payload hash is declared
     * rather than computed from the body. A rejection here means the body need not be read at all.
     *
     * @return a rejection; a {@link Verified} with an empty payload when the signature was checked
     *     (the payload still is not); or empty when the signature needs the body
     */
    public Optional<Verification> checkHeaders(SignedRequest headersOnly) {
        try {
            return Optional.ofNullable(authenticate(headersOnly, false));
        } catch (VerificationFailure failure) {
            return Optional.of(rejected(failure, headersOnly));
        }
    }

    /** @return the verification, or null when the body is not read and the signature needs it */
    private Verification authenticate(SignedRequest request, boolean bodyRead) {
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
            return headerForm(request, AuthorizationHeader.parse(authorization), query, bodyRead);
        }
        if (presigned) {
            return presignedForm(request, PresignedQuery.parse(query), query, bodyRead);
        }
        throw new VerificationFailure(Reason.MISSING_AUTHENTICATION, "Request is missing Authentication Token");
    }

    private Verification headerForm(
            SignedRequest request, AuthorizationHeader auth, QueryParameters query, boolean bodyRead) {
        auth.scope().requireKnownRegion();
        RequestTime time = headerTime(request);
        auth.scope().requireDayOf(time.amzDate());
        Instant now = clock.instant();
        if (Duration.between(time.instant(), now).abs().compareTo(MAX_SKEW) > 0) {
            throw new VerificationFailure(Reason.REQUEST_TIME_SKEWED, time.skewMessage(now, MAX_SKEW));
        }
        KnownCredential credential = credential(auth.accessKeyId(), request.header(TOKEN_HEADER), now);
        requireSignedAmzHeaders(request, auth.signedHeaderNames());
        String service = auth.scope().service();
        String payloadHash = PayloadHash.of(request, service, request.header(CONTENT_SHA256), false, bodyRead);
        if (payloadHash == null) {
            return null;
        }
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
        if (!bodyRead) {
            return new Verified(credential, auth.scope().region(), service, time.instant(), new byte[0], Map.of());
        }
        ChunkedPayloadDecoder.Decoded payload = payload(request, payloadHash, key, stringToSign, auth.signature());
        return new Verified(
                credential,
                auth.scope().region(),
                auth.scope().service(),
                time.instant(),
                payload.payload(),
                payload.trailers());
    }

    private Verification presignedForm(
            SignedRequest request, PresignedQuery presigned, QueryParameters query, boolean bodyRead) {
        presigned.scope().requireKnownRegion();
        RequestTime time = RequestTime.ofAmzDate(presigned.amzDate());
        presigned.scope().requireDayOf(time.amzDate());
        Instant now = clock.instant();
        if (time.instant().isAfter(now.plus(MAX_SKEW))) {
            throw new VerificationFailure(Reason.REQUEST_TIME_SKEWED, time.skewMessage(now, MAX_SKEW));
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
        requireSignedAmzHeaders(request, presigned.signedHeaderNames());
        String service = presigned.scope().service();
        String claimed = request.header(CONTENT_SHA256);
        String payloadHash = PayloadHash.of(
                request, service, claimed != null ? claimed : query.first("X-Amz-Content-Sha256"), true, bodyRead);
        if (payloadHash == null) {
            return null;
        }
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
        if (!bodyRead) {
            return new Verified(credential, presigned.scope().region(), service, time.instant(), new byte[0], Map.of());
        }
        PayloadHash.requireBodyHash(request, payloadHash);
        return new Verified(credential, presigned.scope().region(), service, time.instant(), request.body(), Map.of());
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
            PayloadHash.requireBodyHash(request, payloadHash);
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

    /**
     * Every {@code x-amz-*} header must be signed, as S3 requires: an unsigned one (metadata, a
     * DynamoDB X-Amz-Target) could be added or changed by anyone on the way.
     */
    private static void requireSignedAmzHeaders(SignedRequest request, List<String> signedHeaderNames) {
        List<String> unsigned = request.headers().keySet().stream()
                .filter(name -> name.startsWith("x-amz-") && !signedHeaderNames.contains(name))
                .sorted()
                .toList();
        if (!unsigned.isEmpty()) {
            throw new VerificationFailure(
                    Reason.HEADERS_NOT_SIGNED,
                    "There were headers present in the request which were not signed: " + String.join(", ", unsigned));
        }
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
